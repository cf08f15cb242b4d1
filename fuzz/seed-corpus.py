"""Writes the fuzz seeds: every preset's config and every input of the bad-input corpus."""
import json, os, subprocess, sys

out = sys.argv[1]
generate = sys.argv[2]
os.makedirs(out, exist_ok=True)
for preset in ["seed", "minimal", "production", "microservices", "with-database", "private-api", "existing-vpc"]:
    template = json.loads(subprocess.check_output([generate, "--preset", preset]))
    config = template["Metadata"]["FargateStack"]["Config"]
    with open(os.path.join(out, f"preset-{preset}.json"), "w") as f:
        json.dump(config, f, indent=1)
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for i, case in enumerate(json.load(open(os.path.join(root, "tests", "bad-inputs.json")))):
    with open(os.path.join(out, f"bad-{i:03}.json"), "w") as f:
        f.write(case["input"])
