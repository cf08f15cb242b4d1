"""Times fargate-stack against troposphere and the AWS CDK on the `seed` stack; prints a table.

Run by `make compare` (which builds and installs everything first); standard library only, so it
runs even when an optional tool could not be installed. Each step has a time limit; a tool that is
missing, fails or times out gets a note and no row, never an error.

Two kinds of figure, each with its ratio to fargate-stack's native figure of the same kind:
  in-process  the generator already loaded, many templates in a row (warm): the library cost
  command     one whole command from process start to template on disk (median of --runs): what a
              person or a CI step waits for
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def note(message):
    print(f"compare: note: {message}", flush=True)


def run(cmd, timeout, env=None, cwd=None, stdout=None):
    """Runs cmd; returns its stdout text, or None (with a note) on failure or timeout."""
    try:
        done = subprocess.run(
            cmd,
            cwd=cwd,
            env=env,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            stdout=stdout if stdout is not None else subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    except subprocess.TimeoutExpired:
        note(f"`{' '.join(cmd)}` took over {timeout} s; skipped")
        return None
    except OSError as error:
        note(f"`{' '.join(cmd)}` could not start: {error}")
        return None
    if done.returncode != 0:
        tail = (done.stderr or "").strip().splitlines()[-3:]
        note(f"`{' '.join(cmd)}` exited {done.returncode}: {' | '.join(tail)}")
        return None
    return done.stdout if stdout is None else ""


def micros(text, pattern):
    match = re.search(pattern + r"[^\n]*?:\s*([0-9.]+)\s*µs", text or "")
    return float(match.group(1)) if match else None


def time_command(cmd, runs, timeout, env=None, cwd=None):
    """Median wall time in µs of `runs` runs of cmd (stdout to a file, as a user would)."""
    times = []
    with tempfile.TemporaryFile("w") as sink:
        for _ in range(runs):
            start = time.perf_counter()
            if run(cmd, timeout, env=env, cwd=cwd, stdout=sink) is None:
                return None
            times.append((time.perf_counter() - start) * 1e6)
    return statistics.median(times)


def cdk_env(args):
    """The CDK CLI's environment: no credentials, no metadata service, no telemetry or notices."""
    env = dict(os.environ)
    env.update(
        NODE_PATH=os.path.join(args.cdk, "node_modules"),
        CDK_HOME=os.path.join(args.cdk, "home"),
        AWS_EC2_METADATA_DISABLED="true",
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_CONFIG_FILE=os.devnull,
        CDK_DISABLE_CLI_TELEMETRY="true",
    )
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        env.pop(key, None)
    os.makedirs(env["CDK_HOME"], exist_ok=True)
    return env


def offline_prefix():
    """`unshare -n` (a network namespace with no network) where we may create one, so the CDK
    runs provably offline; otherwise nothing (its environment already turns network use off)."""
    if shutil.which("unshare") and run(["unshare", "-n", "true"], 10) is not None:
        return ["unshare", "-n"]
    return []


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--venv", required=True)
    parser.add_argument("--cdk", required=True)
    parser.add_argument("--target", required=True, help="CARGO_TARGET_DIR")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = max(1, args.runs)
    examples = os.path.join(args.target, "release", "examples")
    in_process = []  # (tool, µs, detail)
    command = []
    work = tempfile.mkdtemp(prefix="compare-")

    # fargate-stack, native (the release examples `make compare` built).
    out = run([os.path.join(examples, "time_generate"), "seed"], 300)
    in_process.append(("fargate-stack (Rust, native)", micros(out, r"native generate\("), "generate_all"))
    ours = os.path.join(work, "seed.template.json")
    generate = [os.path.join(examples, "generate"), "--preset", "seed"]
    with open(ours, "w") as sink:
        have_ours = run(generate, 60, stdout=sink) is not None
    command.append(("fargate-stack (Rust, native)", time_command(generate, runs, 60), "generate --preset seed"))

    # fargate-stack, the npm package under Node.
    cli = os.path.join(args.root, "crate-core/npm/bin/fargate-stack.js")
    if os.path.exists(os.path.join(args.root, "crate-core/npm/pkg/node/fargate_stack.js")):
        out = run(["node", "tests/npm/bench.mjs", "seed"], 300, cwd=args.root)
        # bench.mjs prints a table: operation, native (here "-"), node, ratio.
        row = re.search(r"^generate\s+\S+(?: µs)?\s+([0-9.]+) µs", out or "", re.M)
        in_process.append(("fargate-stack (npm, Node + wasm)", float(row.group(1)) if row else None, "generate()"))
        command.append((
            "fargate-stack (npm, Node + wasm)",
            time_command(["node", cli, "generate", "--preset", "seed"], runs, 60),
            "fargate-stack generate --preset seed",
        ))
    else:
        note("the npm package is not built (`make npm` failed?); no Node figures")

    # troposphere.
    python = os.path.join(args.venv, "bin", "python")
    script = os.path.join(HERE, "seed_troposphere.py")
    version = None
    if os.path.exists(python):
        version = run([python, "-c", "import troposphere; print(troposphere.__version__)"], 60)
    if version is None:
        note("troposphere is not installed; skipped")
    else:
        check = ["--check", ours] if have_ours else []
        out = run([python, script, "300", *check], 600)
        if out:
            print(out.strip(), flush=True)
        label = f"troposphere {version.strip()} (Python)"
        in_process.append((label, micros(out, r"build\+to_json"), "build + to_json()"))
        command.append((label, time_command([python, script, "--print"], runs, 120), "python seed_troposphere.py"))

    # AWS CDK.
    cdk_bin = os.path.join(args.cdk, "node_modules", ".bin", "cdk")
    lib = os.path.join(args.cdk, "node_modules", "aws-cdk-lib", "package.json")
    if not (os.path.exists(cdk_bin) and os.path.exists(lib)):
        note("the AWS CDK is not installed (npm registry unreachable?); skipped")
    else:
        env = cdk_env(args)
        prefix = offline_prefix()
        if not prefix:
            note("cannot create a network namespace; the CDK runs with network use turned off by "
                 "its environment only")
        app_dir = os.path.join(HERE, "cdk")
        out = run([*prefix, "node", "insynth.js", "10"], 600, env=env, cwd=app_dir)
        version = re.search(r"aws-cdk-lib ([0-9.]+)", out or "")
        label = f"AWS CDK {version.group(1) if version else ''} (Node)".replace("  ", " ")
        if out:
            print(out.strip(), flush=True)
        in_process.append((label, micros(out, r"app\.synth\(\)"), "app.synth()"))
        synth = [
            *prefix, cdk_bin, "synth", "--app", "node app.js", "-o", os.path.join(work, "cdk.out"),
            "--quiet", "--no-notices", "--no-version-reporting",
        ]
        median = time_command(synth, runs, 300, env=env, cwd=app_dir)
        if median is None:
            note("`cdk synth` did not work offline here; the whole-command CDK figure is skipped")
        command.append((label, median, "cdk synth"))
    shutil.rmtree(work, ignore_errors=True)

    print_table("in-process, warm (per template)", in_process)
    print_table(f"whole command, cold process (median of {runs})", command)
    return 0


def human(us):
    if us >= 1e6:
        return f"{us / 1e6:.2f} s"
    if us >= 1e3:
        return f"{us / 1e3:.1f} ms"
    return f"{us:.0f} µs"


def print_table(title, rows):
    rows = [row for row in rows if row[1] is not None]
    base = rows[0][1] if rows and rows[0][0].startswith("fargate-stack (Rust") else None
    print(f"\n{title}")
    width = max([len(r[0]) for r in rows] + [4])
    how = max([len(r[2]) for r in rows] + [4])
    print(f"  {'tool':<{width}}  {'what is timed':<{how}}  {'time':>9}  {'× native':>9}")
    for tool, us, what in rows:
        ratio = f"{us / base:,.1f}×" if base else "-"
        print(f"  {tool:<{width}}  {what:<{how}}  {human(us):>9}  {ratio:>9}")


if __name__ == "__main__":
    sys.exit(main())
