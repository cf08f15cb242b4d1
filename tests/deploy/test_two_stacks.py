"""One template deployed twice in one account and region, as `<name>-staging` and `<name>-prod`,
with the printed deploy command and only --stack-name changed; then both deleted.

CloudFormation refuses the second stack when a template hard-codes a physical name that must be
unique (a log group name, an API's name): the names of what the stack creates must come from
`AWS::StackName`. Each stack's cluster, log groups and task definition families are read back and
must be named after its own stack; deleting one stack must leave the other's resources alone.
"""

from __future__ import annotations

import time

import pytest

from conftest import TIMINGS, Aws, AwsError
from stacks import Preset, delete_stack, deploy, load, physical_ids, prepare, stack_status, with_overrides, with_stack_name

STAGES = ("staging", "prod")


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
        # each stack's containers log to that stack's own group
        [container] = td["containerDefinitions"]
        group = container["logConfiguration"]["options"]["awslogs-group"]
        assert group in logs, f"{stack}: {td['family']} logs to {group}, not to one of {sorted(logs)}"
    return {"cluster": {c["clusterName"] for c in clusters}, "logs": logs, "families": families}


@pytest.mark.parametrize("preset_name", ["seed", "private-api"])
def test_two_stacks_from_one_template(preset_name: str, moto, aws: Aws, tmp_path):
    moto.reset()
    p = load(preset_name)
    argv = with_overrides(p.argv, prepare(aws, p)) if p.template.get("Parameters") else p.argv
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
    for i, stack in enumerate(stacks):
        t0 = time.monotonic()
        deleted = delete_stack(aws, stack)
        TIMINGS.append((f"two stacks: {preset_name}", f"delete {stack}", time.monotonic() - t0))
        assert deleted["StackStatus"] == "DELETE_COMPLETE", deleted
        existing_logs = {g["logGroupName"] for g in aws("logs", "describe-log-groups")["logGroups"]}
        assert not names[stack]["logs"] & existing_logs, f"{stack}'s log groups outlive it"
        active = {
            c["clusterName"]
            for c in aws("ecs", "describe-clusters", "--clusters", *(n for s in stacks for n in names[s]["cluster"]))[
                "clusters"
            ]
            if c["status"] == "ACTIVE"
        }
        assert not names[stack]["cluster"] & active, f"{stack}'s cluster outlives it"
        for other in stacks[i + 1 :]:
            assert stack_status(aws, other)["StackStatus"] == "CREATE_COMPLETE", other
            assert names[other]["logs"] <= existing_logs, f"deleting {stack} took {other}'s log groups"
            assert names[other]["cluster"] <= active, f"deleting {stack} took {other}'s cluster"
            assert read_names(aws, p, other) == names[other]
    remaining = aws("cloudformation", "describe-stacks")["Stacks"]
    assert not [s["StackName"] for s in remaining if s["StackName"] in stacks], remaining
