"""Availability zones: a six-AZ stack with named zones deployed on moto, and more than three zones
without names refused by the generator.

`Fn::GetAZs` lists the deploy region's zones and most regions have three, so `Fn::Select` of a
fourth fails at deploy time there: above three, the config must name its zones. moto's us-east-1
has six (us-east-1a..f), so the named six-zone stack can be deployed and read back here.
"""

from __future__ import annotations

import copy
import json
import subprocess
import time

import pytest

import test_deploy
from conftest import SUMMARY, TIMINGS, Aws, Row, generate_bin
from stacks import deploy, load, load_config, physical_ids, stack_status

ZONES = [f"us-east-1{c}" for c in "abcdef"]


def seed_config() -> dict:
    """The seed preset's full config, as its template records it."""
    return copy.deepcopy(load("seed").config)


def test_six_named_zones(moto, aws: Aws, tmp_path):
    started = time.monotonic()
    moto.reset()
    region_zones = [z["ZoneName"] for z in aws("ec2", "describe-availability-zones")["AvailabilityZones"]]
    assert sorted(region_zones) == ZONES, f"moto's us-east-1 zones changed: {region_zones}"

    config = seed_config()
    # the zones in an order of their own, so "the region's first six" would not pass by chance
    named = ["us-east-1d", "us-east-1a", "us-east-1f", "us-east-1b", "us-east-1e", "us-east-1c"]
    config["network"].update(azCount=6, availabilityZones=named)
    p = load_config("seed-6az", config, tmp_path)
    assert p.config["network"]["availabilityZones"] == named

    row = SUMMARY.setdefault(p.name, Row(p.name, p.stack))
    t0 = time.monotonic()
    deploy(aws, p, p.argv, tmp_path)
    row.deploy_s = time.monotonic() - t0
    TIMINGS.append(("six named zones", f"deploy {p.stack}", row.deploy_s))
    status = stack_status(aws, p.stack)
    assert status["StackStatus"] == "CREATE_COMPLETE", status
    row.status = "CREATE_COMPLETE"

    ids = physical_ids(aws, p.stack)
    row.created = len([v for v in ids.values() if v])
    subnets = aws("ec2", "describe-subnets", "--filters", f"Name=vpc-id,Values={ids['Vpc']}")["Subnets"]
    zone_of = {s["SubnetId"]: s["AvailabilityZone"] for s in subnets}
    for kind in ("Public", "Private"):
        logical = sorted(k for k in p.resources("AWS::EC2::Subnet") if k.startswith(kind))
        assert len(logical) == 6, logical
        # subnet i is in the i-th named zone, so each zone has one of each kind
        assert [zone_of[ids[f"{kind}Subnet{i + 1}"]] for i in range(6)] == named, kind
    assert len(subnets) == 12, [s["CidrBlock"] for s in subnets]

    # the rest as for every preset: all created, routing and a NAT per zone, the load balancer
    # in the six public subnets, the service
    d = test_deploy.Deployed(p, ids, p.argv, tmp_path, row, vpc=ids["Vpc"], aws=aws, cache={})
    test_deploy.test_every_resource_created(d)
    test_deploy.test_network(d, aws)
    test_deploy.test_load_balancer(d, aws)
    test_deploy.test_ecs(d, aws)
    row.total_s = time.monotonic() - started


@pytest.mark.parametrize("az_count", [4, 5, 6])
def test_more_than_three_zones_need_names(az_count: int, tmp_path):
    config = seed_config()
    config["network"].update(azCount=az_count, availabilityZones=[])
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    out = subprocess.run([str(generate_bin()), str(path)], capture_output=True, text=True, timeout=60)
    assert out.returncode != 0, f"azCount {az_count} without names was accepted (exit {out.returncode})"
    assert not out.stdout.strip(), "a refused config printed a template"
    lines = out.stderr.strip().splitlines()
    assert any(line.startswith("network.azCount:") and "availabilityZones" in line for line in lines), out.stderr


def test_three_zones_need_no_names(tmp_path):
    config = seed_config()
    config["network"].update(azCount=3, availabilityZones=[])
    p = load_config("seed-3az", config, tmp_path)
    assert len(p.resources("AWS::EC2::Subnet")) == 6
