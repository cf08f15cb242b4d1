"""The core's create-only table (what forces a replacement, per resource type) against the
`createOnlyProperties` of AWS's resource provider schemas that cfn-lint ships: the same set for
every type the core can emit, so the change preview cannot drift from AWS."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import cfnlint

SCHEMAS = Path(cfnlint.__file__).parent / "data" / "schemas"


def provider_schema(type_name: str) -> dict:
    index = json.loads((SCHEMAS / "providers" / "us-east-1.json").read_text())
    return json.loads((SCHEMAS / "resources" / f"{index[type_name]}.json").read_text())


def core_table() -> dict[str, list[str]]:
    out = subprocess.run([os.environ["CREATE_ONLY_BIN"]], check=True, capture_output=True, text=True, timeout=60)
    return json.loads(out.stdout)


def test_every_emitted_type_matches_the_provider_schema():
    table = core_table()
    assert len(table) >= 37, sorted(table)
    problems = []
    for type_name, ours in table.items():
        theirs = [p.removeprefix("/properties/") for p in provider_schema(type_name).get("createOnlyProperties", [])]
        if sorted(ours) != sorted(theirs):
            problems.append(f"{type_name}: core {sorted(ours)} != schema {sorted(theirs)}")
    assert not problems, "\n".join(problems)


def test_a_wrong_table_would_be_caught():
    """Positive control: the comparison sees a difference when there is one."""
    theirs = provider_schema("AWS::EC2::VPC").get("createOnlyProperties", [])
    assert "/properties/CidrBlock" in theirs
    assert sorted(["CidrBlock"]) != sorted(p.removeprefix("/properties/") for p in theirs)
