"""checkov (offline, CloudFormation framework) on every preset's template.

Every failing check must be listed, with its reason, in tests/checkov/<preset>.txt as
`CHECK_ID LogicalId  reason`; a failure not listed fails the test, and so does a listed entry that
no longer fails (stale). Reasons starting `TODO: fixable:` are findings the template could pass by
configuration; they are listed so the gate passes meanwhile, not accepted for good.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHECKOV = Path(sys.executable).parent / "checkov"
TIMEOUT = 300


def _generate_bin() -> Path:
    if os.environ.get("GENERATE_BIN"):
        return Path(os.environ["GENERATE_BIN"])
    return Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "debug" / "examples" / "generate"


def _presets() -> list[str]:
    out = subprocess.run([str(_generate_bin()), "--preset", "?"], capture_output=True, text=True, timeout=60)
    match = re.search(r"one of: (.*)$", out.stderr.strip())
    assert match, f"cannot read the preset list from: {out.stderr!r}"
    return [n.strip() for n in match.group(1).split(",")]


PRESETS = _presets()


def allowlist(preset: str) -> dict[tuple[str, str], str]:
    path = HERE / f"{preset}.txt"
    assert path.exists(), f"no allowlist {path.relative_to(ROOT)} for preset {preset}"
    entries = {}
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        assert len(parts) == 3 and parts[2].strip(), f"{path.name}:{n}: want `CHECK_ID LogicalId  reason`"
        key = (parts[0], parts[1])
        assert key not in entries, f"{path.name}:{n}: {key} listed twice"
        entries[key] = parts[2].strip()
    return entries


@pytest.fixture(scope="session")
def failures(tmp_path_factory) -> dict[str, set[tuple[str, str]]]:
    """One checkov run over all presets' templates: preset -> {(check id, logical id)}."""
    work = tmp_path_factory.mktemp("checkov")
    args = []
    for preset in PRESETS:
        out = subprocess.run([str(_generate_bin()), "--preset", preset], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        (work / f"{preset}.json").write_text(out.stdout)
        args += ["-f", f"{preset}.json"]
    run = subprocess.run(
        [str(CHECKOV), "--framework", "cloudformation", "--skip-download", "--quiet", "-o", "json", *args],
        cwd=work, capture_output=True, text=True, timeout=TIMEOUT,
    )
    assert run.returncode in (0, 1), f"checkov exit {run.returncode}:\n{run.stderr[-3000:]}"
    report = json.loads(run.stdout)
    report = report if isinstance(report, dict) else next(r for r in report if r["check_type"] == "cloudformation")
    assert report["summary"]["parsing_errors"] == 0, report["summary"]
    got: dict[str, set[tuple[str, str]]] = {p: set() for p in PRESETS}
    for check in report["results"]["failed_checks"]:
        preset = Path(check["file_path"]).name.removesuffix(".json")
        got[preset].add((check["check_id"], check["resource"].split(".", 1)[1]))
    return got


@pytest.mark.parametrize("preset", PRESETS)
def test_checkov(preset, failures):
    allowed = allowlist(preset)
    unexpected = sorted(failures[preset] - set(allowed))
    stale = sorted(set(allowed) - failures[preset])
    assert not (unexpected or stale), (
        f"{preset}: checkov failures not in tests/checkov/{preset}.txt: {unexpected}; "
        f"allowlisted there but passing now (stale, delete them): {stale}"
    )


def test_no_orphan_allowlists():
    orphans = [p.name for p in HERE.glob("*.txt") if p.stem not in PRESETS]
    assert not orphans, f"allowlists for presets that do not exist: {orphans}"
