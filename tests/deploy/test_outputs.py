"""Outputs of every preset's stack, each compared with what the account holds.

moto shows no Outputs after `aws cloudformation deploy` (it goes through a change set), so this
creates the stack with `create-stack` + `wait stack-create-complete`, with the same template and
parameter values as the printed deploy command. The stack is named `<name>-out`, not the config's
name, so an output that reads the config's name instead of the stack's cannot pass.

Every expected value is read from the services' own describe calls (the load balancer's DNS name,
the cluster, describe-services, describe-repositories, the VPC and subnets, the database, the
bucket), not from the template, and the outputs must be exactly those: a new output without an
expectation here fails. Each is also exported as `<stack>-<key>` with the same value.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import Aws, AwsError
from stacks import Preset, load, overrides_of, physical_ids, prepare, with_overrides


def _numbered(logical_ids, prefix: str) -> list[str]:
    """PublicSubnet1, PublicSubnet2, ... in number order."""
    found = [(int(m.group(1)), k) for k in logical_ids if (m := re.fullmatch(rf"{prefix}(\d+)", k))]
    return [k for _, k in sorted(found)]


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

    # the cluster: the real one, named after the stack
    [cluster] = aws("ecs", "describe-clusters", "--clusters", ids["Cluster"])["clusters"]
    assert (cluster["status"], cluster["clusterName"]) == ("ACTIVE", stack), cluster
    exp["ClusterName"] = cluster["clusterName"]

    # services and their repositories
    smap = p.service_map()
    arns = [ids[s["service"]] for s in smap.values()]
    got = aws("ecs", "describe-services", "--cluster", cluster["clusterArn"], "--services", *arns)["services"]
    by_arn = {s["serviceArn"]: s for s in got}
    assert set(by_arn) == set(arns), f"describe-services answered {sorted(by_arn)} for {arns}"
    for name, res in smap.items():
        stem = res["service"][: -len("Service")]
        svc = by_arn[ids[res["service"]]]
        assert svc["clusterArn"] == cluster["clusterArn"]
        exp[f"{stem}ServiceName"] = svc["serviceName"]
        repo = f"{stem}Repository"
        if repo in p.template["Resources"]:
            [r] = aws("ecr", "describe-repositories", "--repository-names", ids[repo])["repositories"]
            exp[f"{stem}RepositoryUri"] = r["repositoryUri"]
            td = aws("ecs", "describe-task-definition", "--task-definition", svc["taskDefinition"])["taskDefinition"]
            [container] = td["containerDefinitions"]
            assert container["image"].startswith(r["repositoryUri"] + ":"), (name, container["image"])

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
    argv = with_overrides(p.argv, prepare(aws, p)) if p.template.get("Parameters") else p.argv
    file = tmp_path / f"{p.stack}.template.json"
    file.write_text(p.text)
    given = overrides_of(argv)
    params = [{"ParameterKey": k, "ParameterValue": v} for k, v in given.items()]
    create = [
        "cloudformation", "create-stack", "--stack-name", stack, "--template-body", f"file://{file.name}",
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
