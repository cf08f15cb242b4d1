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
        """service name -> the logical ids of what it is made of, read from the resources' own
        references: `task_definition`, `security_group`, `stem` (the logical ids' prefix, `Api`),
        `service` (None for a job: no ECS service), `target_group` (None unless the load balancer
        forwards to it: web services only) and `schedule` (jobs only). The name is the task's
        first container's, the service's own; sidecars come after it."""
        out = {}

        def entry(task_definition: str, group: dict, **ids) -> None:
            assert task_definition.endswith("TaskDefinition"), task_definition
            containers = self.template["Resources"][task_definition]["Properties"]["ContainerDefinitions"]
            name = containers[0]["Name"]
            assert name not in out, f"two resources run service {name}"
            out[name] = {
                "task_definition": task_definition,
                "security_group": group["Fn::GetAtt"][0],
                "stem": task_definition[: -len("TaskDefinition")],
                "service": None,
                "target_group": None,
                "schedule": None,
                **ids,
            }

        for logical, res in self.resources("AWS::ECS::Service").items():
            props = res["Properties"]
            task_definition = props["TaskDefinition"]["Ref"]
            lbs = props.get("LoadBalancers", [])
            assert len(lbs) <= 1, lbs
            entry(
                task_definition,
                props["NetworkConfiguration"]["AwsvpcConfiguration"]["SecurityGroups"][0],
                service=logical,
                target_group=lbs[0]["TargetGroupArn"]["Ref"] if lbs else None,
            )
            if lbs:
                containers = self.template["Resources"][task_definition]["Properties"]["ContainerDefinitions"]
                assert lbs[0]["ContainerName"] == containers[0]["Name"], "LoadBalancers.ContainerName must name the container"
        for logical, res in self.resources("AWS::Scheduler::Schedule").items():
            ecs = res["Properties"]["Target"]["EcsParameters"]
            entry(
                ecs["TaskDefinitionArn"]["Ref"],
                ecs["NetworkConfiguration"]["AwsvpcConfiguration"]["SecurityGroups"][0],
                schedule=logical,
            )
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
    - a hosted zone for the domain (production): made first, as a user has one before pointing
      a name at the app; its id replaces the preset's example zone id.
    """
    params = p.template.get("Parameters", {})
    values: dict[str, str] = {}
    if "HostedZoneId" in params:
        domain = p.config["domain"]["name"]
        zone = aws("route53", "create-hosted-zone", "--name", domain, "--caller-reference", f"{p.stack}-zone")
        values["HostedZoneId"] = zone["HostedZone"]["Id"].split("/")[-1]
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


# What the printed command says where a template over 51,200 bytes (CloudFormation's TemplateBody
# limit) must be uploaded first: the user puts a bucket of theirs in its place.
ARTIFACT_BUCKET = "YOUR_ARTIFACT_BUCKET"
TEMPLATE_BODY_LIMIT = 51_200


def with_s3_bucket(argv: list[str], bucket: str) -> list[str]:
    """The same command with the word after --s3-bucket replaced, as a user fills it in."""
    argv = list(argv)
    i = argv.index("--s3-bucket") + 1
    assert argv[i] == ARTIFACT_BUCKET, f"--s3-bucket {argv[i]}: expected the placeholder {ARTIFACT_BUCKET}"
    argv[i] = bucket
    return argv


def artifact_bucket(aws: Aws, p: Preset) -> str:
    """A bucket for templates too large for TemplateBody, in moto's S3."""
    bucket = f"{p.stack}-artifacts"
    aws("s3api", "create-bucket", "--bucket", bucket)
    return bucket


def command(aws: Aws, p: Preset) -> list[str]:
    """The printed command with the words a user fills in before running it: the parameter values
    `prepare` made real and, when the command has `--s3-bucket`, a bucket that exists. The command
    has `--s3-bucket` exactly when the template is over 51,200 bytes."""
    assert ("--s3-bucket" in p.argv) == (len(p.text.encode()) > TEMPLATE_BODY_LIMIT), (len(p.text), p.command)
    argv = with_overrides(p.argv, prepare(aws, p)) if p.template.get("Parameters") else p.argv
    if "--s3-bucket" in argv:
        argv = with_s3_bucket(argv, artifact_bucket(aws, p))
    return argv


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
