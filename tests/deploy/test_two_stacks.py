"""One template deployed twice in one account and region, as `<name>-staging` and `<name>-prod`,
with the printed deploy command and only --stack-name changed; then both deleted.

CloudFormation refuses the second stack when a template hard-codes a physical name that must be
unique (a log group name, an API's name): the names of what the stack creates must come from
`AWS::StackName`. Each stack's cluster, log groups and task definition families are read back and
must be named after its own stack. Deleting a stack must end in DELETE_COMPLETE and remove what
it created (what moto can delete: see MOTO_KEEPS), and must leave the other stack's resources alone.

Before the names came from the stack, moto refused the second stack's change set with
ResourceAlreadyExistsException "The specified log group already exists" (`/ecs/<name>/<service>`);
CloudFormation refuses it the same way. moto itself accepts a second cluster of the same name (it
replaces the first, as ECS's idempotent CreateCluster does), so the cluster names are read back.
Deleting needs the launcher's route-table fix (moto_launcher.py, fix 4).
"""

from __future__ import annotations

import time

import pytest

from conftest import TIMINGS, Aws, AwsError
from stacks import Preset, command, delete_stack, deploy, load, physical_ids, stack_status, with_stack_name

STAGES = ("staging", "prod")

# What moto 5.2.5 keeps when the stack that created it is deleted: these types have no
# CloudFormation delete in moto (CloudFormation deletes them; the ECS task definition revision is
# deregistered). Every other type below is checked gone.
MOTO_KEEPS = {
    "AWS::EC2::InternetGateway",
    "AWS::EC2::NatGateway",
    "AWS::EC2::EIP",
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::ECS::Cluster",
    "AWS::ECS::Service",
    "AWS::ECS::TaskDefinition",
}


def inventory(aws: Aws) -> dict[str, set[str]]:
    """resource type -> the physical ids of that type the account holds now, as CloudFormation
    names them (ids, ARNs or names). Types not listed here (routes, associations, listeners,
    egress rules, what moto skips) are not inventoried."""
    out = {
        "AWS::EC2::VPC": {v["VpcId"] for v in aws("ec2", "describe-vpcs")["Vpcs"]},
        "AWS::EC2::Subnet": {s["SubnetId"] for s in aws("ec2", "describe-subnets")["Subnets"]},
        "AWS::EC2::SecurityGroup": {g["GroupId"] for g in aws("ec2", "describe-security-groups")["SecurityGroups"]},
        "AWS::EC2::RouteTable": {t["RouteTableId"] for t in aws("ec2", "describe-route-tables")["RouteTables"]},
        "AWS::EC2::InternetGateway": {
            g["InternetGatewayId"] for g in aws("ec2", "describe-internet-gateways")["InternetGateways"]
        },
        "AWS::EC2::NatGateway": {
            g["NatGatewayId"] for g in aws("ec2", "describe-nat-gateways")["NatGateways"] if g.get("State") != "deleted"
        },
        "AWS::EC2::EIP": {a["PublicIp"] for a in aws("ec2", "describe-addresses")["Addresses"]},
        "AWS::ElasticLoadBalancingV2::LoadBalancer": {
            b["LoadBalancerArn"] for b in aws("elbv2", "describe-load-balancers")["LoadBalancers"]
        },
        "AWS::ElasticLoadBalancingV2::TargetGroup": {
            t["TargetGroupArn"] for t in aws("elbv2", "describe-target-groups")["TargetGroups"]
        },
        "AWS::IAM::Role": {r["RoleName"] for r in aws("iam", "list-roles")["Roles"]},
        "AWS::ECR::Repository": {r["repositoryName"] for r in aws("ecr", "describe-repositories")["repositories"]},
        "AWS::Logs::LogGroup": {g["logGroupName"] for g in aws("logs", "describe-log-groups")["logGroups"]},
        "AWS::ECS::TaskDefinition": set(
            aws("ecs", "list-task-definitions", "--status", "ACTIVE")["taskDefinitionArns"]
        ),
    }
    clusters = aws("ecs", "list-clusters")["clusterArns"]
    out["AWS::ECS::Cluster"] = {arn.rsplit("/", 1)[1] for arn in clusters}
    out["AWS::ECS::Service"] = {
        arn for c in clusters for arn in aws("ecs", "list-services", "--cluster", c)["serviceArns"]
    }
    return out


def owned_ids(aws: Aws, p: Preset, stack: str, kinds) -> set[tuple[str, str]]:
    """(type, physical id) of each resource of the `kinds` the stack created."""
    ids = physical_ids(aws, stack)
    return {(r["Type"], ids[k]) for k, r in p.template["Resources"].items() if r["Type"] in kinds and ids.get(k)}


def expected_names(p: Preset, stack: str) -> dict[str, set[str]]:
    """What a stack called `stack` must name its resources."""
    services = [s["name"] for s in p.config["services"]]
    logs = {f"/ecs/{stack}/{name}" for name in services}
    if p.config.get("apiGateway"):
        logs.add(f"/aws/apigateway/{stack}")
    return {"cluster": {stack}, "logs": logs, "families": {f"{stack}-{name}" for name in services}}


def read_names(aws: Aws, p: Preset, stack: str) -> dict[str, set[str]]:
    """The names of what the stack created, read back from ECS and CloudWatch Logs."""
    ids = physical_ids(aws, stack)
    clusters = aws("ecs", "describe-clusters", "--clusters", ids["Cluster"])["clusters"]
    assert [c["status"] for c in clusters] == ["ACTIVE"], clusters
    existing_logs = {g["logGroupName"] for g in aws("logs", "describe-log-groups")["logGroups"]}
    logs = {ids[k] for k in p.resources("AWS::Logs::LogGroup")}
    assert logs <= existing_logs, f"{stack}: log groups {logs - existing_logs} not in CloudWatch Logs"
    families = set()
    for logical in p.resources("AWS::ECS::TaskDefinition"):
        td = aws("ecs", "describe-task-definition", "--task-definition", ids[logical])["taskDefinition"]
        families.add(td["family"])
        # each stack's containers (sidecars too) log to that stack's own group
        for container in td["containerDefinitions"]:
            group = container["logConfiguration"]["options"]["awslogs-group"]
            assert group in logs, f"{stack}: {td['family']} logs to {group}, not to one of {sorted(logs)}"
    return {"cluster": {c["clusterName"] for c in clusters}, "logs": logs, "families": families}


@pytest.mark.parametrize("preset_name", ["seed", "private-api"])
def test_two_stacks_from_one_template(preset_name: str, moto, aws: Aws, tmp_path):
    moto.reset()
    p = load(preset_name)
    argv = command(aws, p)
    stacks = [f"{p.stack}-{stage}" for stage in STAGES]

    for stack in stacks:
        t0 = time.monotonic()
        try:
            deploy(aws, p, with_stack_name(argv, stack), tmp_path)
        except AwsError as err:
            # with a hard-coded log group name moto answers the second stack's change set with
            # ResourceAlreadyExistsException "The specified log group already exists"
            raise AssertionError(f"deploying {stack} after {stacks[:stacks.index(stack)]} failed: {err}") from None
        TIMINGS.append((f"two stacks: {preset_name}", f"deploy {stack}", time.monotonic() - t0))
        status = stack_status(aws, stack)
        assert status["StackStatus"] == "CREATE_COMPLETE", status

    names = {stack: read_names(aws, p, stack) for stack in stacks}
    for stack in stacks:
        assert names[stack] == expected_names(p, stack), stack
    staging, prod = (names[s] for s in stacks)
    for kind in ("cluster", "logs", "families"):
        assert not staging[kind] & prod[kind], f"both stacks share {kind}: {staging[kind] & prod[kind]}"

    # deleting staging leaves prod whole; then prod goes too
    before = inventory(aws)
    owned = {stack: owned_ids(aws, p, stack, before) for stack in stacks}
    for stack in stacks:
        missing = {(t, pid) for t, pid in owned[stack] if pid not in before[t]}
        assert not missing, f"{stack}: the inventory does not list {missing}"
    assert not owned[stacks[0]] & owned[stacks[1]], "a resource belongs to both stacks"
    for i, stack in enumerate(stacks):
        t0 = time.monotonic()
        deleted = delete_stack(aws, stack)
        TIMINGS.append((f"two stacks: {preset_name}", f"delete {stack}", time.monotonic() - t0))
        assert deleted["StackStatus"] == "DELETE_COMPLETE", deleted
        now = inventory(aws)
        left = {(t, pid) for t, pid in owned[stack] if pid in now[t] and t not in MOTO_KEEPS}
        assert not left, f"{stack} deleted, but these outlive it: {left}"
        for other in stacks[i + 1 :]:
            assert stack_status(aws, other)["StackStatus"] == "CREATE_COMPLETE", other
            gone = {(t, pid) for t, pid in owned[other] if pid not in now[t]}
            assert not gone, f"deleting {stack} took {other}'s {gone}"
            assert read_names(aws, p, other) == names[other]
    remaining = aws("cloudformation", "describe-stacks")["Stacks"]
    assert not [s["StackName"] for s in remaining if s["StackName"] in stacks], remaining
