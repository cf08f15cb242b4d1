"""Outputs of every preset's stack, each compared with what the account holds.

moto shows no Outputs after `aws cloudformation deploy` (it goes through a change set), so this
creates the stack with `create-stack` + `wait stack-create-complete`, with the same template and
parameter values as the printed deploy command (a template over 51,200 bytes from S3, as the
command's `--s3-bucket` uploads it). The stack is named `<name>-out`, not the config's
name, so an output that reads the config's name instead of the stack's cannot pass.

Every expected value is read from the services' own describe calls (the load balancer's DNS name,
the cluster, describe-services, describe-repositories, the VPC and subnets, the database, the
bucket, a worker's queue from its task's QUEUE_URL and its dead-letter queue from that queue's
redrive policy, a job's schedule from the schedule that runs its task definition), not from the
template, and the outputs must be exactly those: a new output without an
expectation here fails. Each is also exported as `<stack>-<key>` with the same value.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import REGION, Aws, AwsError
from stacks import Preset, command, load, overrides_of, physical_ids


def _numbered(logical_ids, prefix: str) -> list[str]:
    """PublicSubnet1, PublicSubnet2, ... in number order."""
    found = [(int(m.group(1)), k) for k in logical_ids if (m := re.fullmatch(rf"{prefix}(\d+)", k))]
    return [k for _, k in sorted(found)]


def queue_url(aws: Aws, arn: str) -> str:
    """An SQS queue's URL from its ARN, in the form SQS and CloudFormation's Ref give it
    (https://sqs.<region>.amazonaws.com/<account>/<name>), after asking SQS for the queue by name.
    (moto's get-queue-url answers with its own endpoint as the host instead.)"""
    _, _, _, region, account, name = arn.split(":")
    got = aws("sqs", "get-queue-url", "--queue-name", name, "--queue-owner-aws-account-id", account)["QueueUrl"]
    assert got.endswith(f"/{account}/{name}"), (arn, got)
    return f"https://sqs.{region}.amazonaws.com/{account}/{name}"


def schedule_of(aws: Aws, cluster_arn: str, task_definition_arn: str) -> str:
    """The name of the one schedule that runs this task definition on this cluster."""
    names = []
    for x in aws("scheduler", "list-schedules")["Schedules"]:
        target = aws("scheduler", "get-schedule", "--name", x["Name"])["Target"]
        if target["Arn"] == cluster_arn and target["EcsParameters"]["TaskDefinitionArn"] == task_definition_arn:
            names.append(x["Name"])
    assert len(names) == 1, f"schedules running {task_definition_arn}: {names}"
    return names[0]


def expected_outputs(aws: Aws, p: Preset, stack: str, given: dict[str, str]) -> dict[str, str]:
    """Each output's value as the account says it must be."""
    ids = physical_ids(aws, stack)
    exp: dict[str, str] = {}

    # the load balancer: its DNS name, and the URL on the listener's scheme and port
    cfg = p.config["loadBalancer"]
    [lb] = aws("elbv2", "describe-load-balancers", "--load-balancer-arns", ids["LoadBalancer"])["LoadBalancers"]
    listeners = aws("elbv2", "describe-listeners", "--load-balancer-arn", lb["LoadBalancerArn"])["Listeners"]
    serving = {l["Protocol"]: l["Port"] for l in listeners}
    scheme, port = ("https", serving["HTTPS"]) if "HTTPS" in serving else ("http", serving["HTTP"])
    default_port = {"https": 443, "http": 80}[scheme]
    exp["LoadBalancerDnsName"] = lb["DNSName"]
    exp["Url"] = f"{scheme}://{lb['DNSName']}" + ("" if port == default_port else f":{port}")
    if "domain" in p.config:
        # Your own domain: the records point it at the load balancer, and the URL says so.
        exp["Url"] = f"https://{p.config['domain']['name']}"

    # the cluster: the real one, named after the stack
    [cluster] = aws("ecs", "describe-clusters", "--clusters", ids["Cluster"])["clusters"]
    assert (cluster["status"], cluster["clusterName"]) == ("ACTIVE", stack), cluster
    exp["ClusterName"] = cluster["clusterName"]

    # services (a job has none) and their repositories
    smap = p.service_map()
    kinds = {s["name"]: s.get("kind", "web") for s in p.config["services"]}
    arns = [ids[s["service"]] for s in smap.values() if s["service"]]
    got = aws("ecs", "describe-services", "--cluster", cluster["clusterArn"], "--services", *arns)["services"]
    by_arn = {s["serviceArn"]: s for s in got}
    assert set(by_arn) == set(arns), f"describe-services answered {sorted(by_arn)} for {arns}"
    for name, res in smap.items():
        stem = res["stem"]
        if res["service"]:
            svc = by_arn[ids[res["service"]]]
            assert svc["clusterArn"] == cluster["clusterArn"]
            exp[f"{stem}ServiceName"] = svc["serviceName"]
            task_definition = svc["taskDefinition"]
        else:
            task_definition = ids[res["task_definition"]]
        td = aws("ecs", "describe-task-definition", "--task-definition", task_definition)["taskDefinition"]
        container = td["containerDefinitions"][0]  # the service's own; sidecars come after it
        assert container["name"] == name
        repo = f"{stem}Repository"
        if repo in p.template["Resources"]:
            [r] = aws("ecr", "describe-repositories", "--repository-names", ids[repo])["repositories"]
            exp[f"{stem}RepositoryUri"] = r["repositoryUri"]
            assert container["image"].startswith(r["repositoryUri"] + ":"), (name, container["image"])
        env = {e["name"]: e["value"] for e in container.get("environment", [])}
        if res["schedule"]:
            exp[f"{stem}ScheduleName"] = schedule_of(aws, cluster["clusterArn"], td["taskDefinitionArn"])
        if kinds[name] == "worker":
            # the queue its task drains (QUEUE_URL), and where that queue sends what fails
            queue = aws("sqs", "get-queue-attributes", "--queue-url", env["QUEUE_URL"], "--attribute-names", "All")
            exp[f"{stem}QueueUrl"] = queue_url(aws, queue["Attributes"]["QueueArn"])
            dlq = json.loads(queue["Attributes"]["RedrivePolicy"])["deadLetterTargetArn"]
            exp[f"{stem}DeadLetterQueueUrl"] = queue_url(aws, dlq)

    # the network: the VPC the load balancer is in, the subnets it and the services use
    vpc = lb["VpcId"]
    assert vpc == ids.get("Vpc", given.get("VpcId")), (vpc, ids.get("Vpc"), given.get("VpcId"))
    exp["VpcId"] = vpc
    in_vpc = {s["SubnetId"] for s in aws("ec2", "describe-subnets", "--filters", f"Name=vpc-id,Values={vpc}")["Subnets"]}
    for kind in ("Public", "Private"):
        if "Vpc" in ids:
            subnets = [ids[k] for k in _numbered(p.resources("AWS::EC2::Subnet"), f"{kind}Subnet")]
        else:
            subnets = given[f"{kind}SubnetIds"].split(",")
        assert subnets and set(subnets) <= in_vpc, (kind, subnets, in_vpc)
        exp[f"{kind}SubnetIds"] = ",".join(subnets)
    lb_kind = "Public" if lb["Scheme"] == "internet-facing" else "Private"
    assert {z["SubnetId"] for z in lb["AvailabilityZones"]} == set(exp[f"{lb_kind}SubnetIds"].split(","))

    # extras
    if p.config.get("database"):
        [db] = aws("rds", "describe-db-instances", "--db-instance-identifier", ids["Database"])["DBInstances"]
        exp["DatabaseEndpoint"] = db["Endpoint"]["Address"]
        exp["DatabaseSecretArn"] = db["MasterUserSecret"]["SecretArn"]
        secret = aws("secretsmanager", "describe-secret", "--secret-id", exp["DatabaseSecretArn"])
        assert secret["ARN"] == exp["DatabaseSecretArn"]
    if p.config.get("bucket"):
        # the app's bucket (production's access-log bucket is another one, with no output)
        names = {b["Name"] for b in aws("s3api", "list-buckets")["Buckets"]}
        assert ids["Bucket"] in names, (ids["Bucket"], names)
        exp["BucketName"] = ids["Bucket"]
    return exp


def test_outputs(preset, moto, aws: Aws, tmp_path):
    moto.reset()
    p = load(preset)
    stack = f"{p.stack}-out"
    argv = command(aws, p)
    file = tmp_path / f"{p.stack}.template.json"
    file.write_text(p.text)
    given = overrides_of(argv)
    params = [{"ParameterKey": k, "ParameterValue": v} for k, v in given.items()]
    if "--s3-bucket" in argv:
        # over 51,200 bytes: CloudFormation takes it only from S3, as the deploy command does
        bucket = argv[argv.index("--s3-bucket") + 1]
        aws("s3api", "put-object", "--bucket", bucket, "--key", file.name, "--body", str(file))
        source = ["--template-url", f"https://{bucket}.s3.{REGION}.amazonaws.com/{file.name}"]
    else:
        source = ["--template-body", f"file://{file.name}"]
    create = [
        "cloudformation", "create-stack", "--stack-name", stack, *source,
        "--capabilities", "CAPABILITY_IAM", "--parameters", json.dumps(params),
    ]
    if p.config.get("apiGateway"):
        # moto 5.2.5 skips AWS::ApiGatewayV2::Api, then evaluating the Output
        # `Fn::GetAtt [HttpApi, ApiEndpoint]` on the missing resource crashes CreateStack with HTTP
        # 500 (moto log: "AttributeError: 'NoneType' object has no attribute 'has_cfn_attr'").
        # The deploy path (change set, no Outputs) works: test_deploy covers this preset. When
        # moto learns API Gateway v2, this fails and the Outputs below get checked here too.
        with pytest.raises(AwsError, match="has_cfn_attr"):
            aws.run(create, cwd=tmp_path)
        return
    aws.run(create, cwd=tmp_path)
    aws.run(["cloudformation", "wait", "stack-create-complete", "--stack-name", stack])
    described = aws("cloudformation", "describe-stacks", "--stack-name", stack)["Stacks"][0]
    assert described["StackStatus"] == "CREATE_COMPLETE"
    outputs = {o["OutputKey"]: o.get("OutputValue") for o in described.get("Outputs", [])}
    assert set(outputs) == set(p.template["Outputs"])

    assert outputs == expected_outputs(aws, p, stack, given)

    exports = {e["Name"]: e["Value"] for e in aws("cloudformation", "list-exports")["Exports"]}
    assert exports == {f"{stack}-{key}": value for key, value in outputs.items()}
