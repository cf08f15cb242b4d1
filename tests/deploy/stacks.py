"""Shared steps: generate a preset's template and deploy command, prepare what the command's
parameters point at, and deploy it the way a user does."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from pathlib import Path

from conftest import Aws, generate


@dataclass
class Preset:
    name: str
    text: str  # the template JSON exactly as generated
    template: dict
    config: dict  # Metadata.FargateStack.Config: the full config, defaults filled in
    command: str  # the deploy command the core prints

    @property
    def stack(self) -> str:
        return self.config["name"]

    @property
    def argv(self) -> list[str]:
        return shlex.split(self.command)

    def resources(self, type_: str) -> dict[str, dict]:
        return {k: r for k, r in self.template["Resources"].items() if r["Type"] == type_}

    def service_map(self) -> dict[str, dict]:
        """service name -> {service, target_group, security_group, task_definition} logical ids,
        read from each AWS::ECS::Service's own references."""
        out = {}
        for logical, res in self.resources("AWS::ECS::Service").items():
            props = res["Properties"]
            lb = props["LoadBalancers"][0]
            out[lb["ContainerName"]] = {
                "service": logical,
                "target_group": lb["TargetGroupArn"]["Ref"],
                "security_group": props["NetworkConfiguration"]["AwsvpcConfiguration"]["SecurityGroups"][0][
                    "Fn::GetAtt"
                ][0],
                "task_definition": props["TaskDefinition"]["Ref"],
            }
        return out


def load(preset: str) -> Preset:
    return _load(preset, ["--preset", preset])


def load_config(name: str, config: dict, directory: Path) -> Preset:
    """A config of the tests' own (written to `directory`), generated like a preset."""
    path = directory / f"{name}.config.json"
    path.write_text(json.dumps(config))
    return _load(name, [str(path)])


def _load(name: str, source: list[str]) -> Preset:
    text = generate(*source)
    command = generate(*source, "--deploy-command").strip()
    template = json.loads(text)
    return Preset(name, text, template, template["Metadata"]["FargateStack"]["Config"], command)


def overrides_of(argv: list[str]) -> dict[str, str]:
    """KEY=VALUE words after --parameter-overrides, in order."""
    if "--parameter-overrides" not in argv:
        return {}
    out = {}
    for word in argv[argv.index("--parameter-overrides") + 1 :]:
        if word.startswith("--"):
            break
        key, _, value = word.partition("=")
        out[key] = value
    return out


def with_overrides(argv: list[str], values: dict[str, str]) -> list[str]:
    """The same command with some parameter values changed, as a user edits one word. Each key
    must already be in the command: the command lists every parameter."""
    argv = list(argv)
    start = argv.index("--parameter-overrides") + 1
    for key, value in values.items():
        for i in range(start, len(argv)):
            if argv[i].startswith(f"{key}="):
                argv[i] = f"{key}={value}"
                break
        else:
            raise AssertionError(f"the deploy command has no {key}=... to change: {shlex.join(argv)}")
    return argv


def prepare(aws: Aws, p: Preset) -> dict[str, str]:
    """Creates what the preset's parameters must point at in the account, returns the values a
    user would put in the command instead of the example ones.

    - a certificate (production): moto's ELBv2 checks the ARN exists in ACM or IAM
      (CertificateNotFound otherwise), like AWS; the preset's example ARN is nobody's.
    - an existing VPC (existing-vpc): a VPC with public and private subnets in two AZs;
      the preset's example ids do not exist (InvalidSubnetID.NotFound on the load balancer).
    """
    params = p.template.get("Parameters", {})
    values: dict[str, str] = {}
    if "CertificateArn" in params:
        domain = f"{p.stack}.example.com"
        cert = aws("acm", "request-certificate", "--domain-name", domain)
        values["CertificateArn"] = cert["CertificateArn"]
    if "VpcId" in params:
        vpc = aws("ec2", "create-vpc", "--cidr-block", "10.90.0.0/16")["Vpc"]["VpcId"]
        azs = [z["ZoneName"] for z in aws("ec2", "describe-availability-zones")["AvailabilityZones"]][:2]
        subnets = []
        for i in range(4):
            subnets.append(
                aws(
                    "ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", f"10.90.{i}.0/24",
                    "--availability-zone", azs[i % 2],
                )["Subnet"]["SubnetId"]
            )
        values["VpcId"] = vpc
        values["PublicSubnetIds"] = ",".join(subnets[:2])
        values["PrivateSubnetIds"] = ",".join(subnets[2:])
    return values


def write_template(p: Preset, cwd: Path, argv: list[str]) -> None:
    """Writes the template under the name the command expects, in the command's cwd."""
    name = argv[argv.index("--template-file") + 1]
    assert name == f"{p.stack}.template.json", f"the command expects {name}"
    assert "/" not in name
    (cwd / name).write_text(p.text)


def deploy(aws: Aws, p: Preset, argv: list[str], cwd: Path) -> None:
    """Runs the printed command itself (`aws` dropped: the venv's CLI runs it), adding only
    --endpoint-url and --region."""
    assert argv[:3] == ["aws", "cloudformation", "deploy"], argv
    write_template(p, cwd, argv)
    aws.run(argv[1:], cwd=cwd)


def with_stack_name(argv: list[str], stack: str) -> list[str]:
    """The same command deploying under another stack name, as a user deploys one template twice
    (staging and prod): only the word after --stack-name changes."""
    argv = list(argv)
    i = argv.index("--stack-name") + 1
    argv[i] = stack
    return argv


def delete_stack(aws: Aws, stack: str) -> dict:
    """`aws cloudformation delete-stack`, then `wait stack-delete-complete`; returns the deleted
    stack as `describe-stacks` shows it by its id (by name, a deleted stack no longer exists)."""
    stack_id = stack_status(aws, stack)["StackId"]
    aws("cloudformation", "delete-stack", "--stack-name", stack)
    aws("cloudformation", "wait", "stack-delete-complete", "--stack-name", stack_id)
    return stack_status(aws, stack_id)


def physical_ids(aws: Aws, stack: str) -> dict[str, str]:
    res = aws("cloudformation", "describe-stack-resources", "--stack-name", stack)["StackResources"]
    return {r["LogicalResourceId"]: r.get("PhysicalResourceId", "") for r in res if r.get("LogicalResourceId")}


def stack_status(aws: Aws, stack: str) -> dict:
    return aws("cloudformation", "describe-stacks", "--stack-name", stack)["Stacks"][0]
