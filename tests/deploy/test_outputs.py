"""Outputs of every preset's stack. moto shows no Outputs after `aws cloudformation deploy` (it goes
through a change set), so this creates the stack with `create-stack` + `wait stack-create-complete`,
with the same template and parameter values as the printed deploy command."""

from __future__ import annotations

import json

import pytest

from conftest import Aws, AwsError
from stacks import load, overrides_of, physical_ids, prepare, with_overrides



def test_outputs(preset, moto, aws: Aws, tmp_path):
    moto.reset()
    p = load(preset)
    argv = with_overrides(p.argv, prepare(aws, p)) if p.template.get("Parameters") else p.argv
    file = tmp_path / f"{p.stack}.template.json"
    file.write_text(p.text)
    params = [{"ParameterKey": k, "ParameterValue": v} for k, v in overrides_of(argv).items()]
    create = (
        ["cloudformation", "create-stack", "--stack-name", p.stack, "--template-body", f"file://{file.name}",
         "--capabilities", "CAPABILITY_IAM", "--parameters", json.dumps(params)]
    )
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
    aws.run(["cloudformation", "wait", "stack-create-complete", "--stack-name", p.stack])
    stack = aws("cloudformation", "describe-stacks", "--stack-name", p.stack)["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    outputs = {o["OutputKey"]: o.get("OutputValue") for o in stack.get("Outputs", [])}
    assert set(outputs) == set(p.template["Outputs"])

    ids = physical_ids(aws, p.stack)
    lb = aws("elbv2", "describe-load-balancers", "--load-balancer-arns", ids["LoadBalancer"])["LoadBalancers"][0]
    https = bool(p.config["loadBalancer"].get("certificateArn"))
    assert outputs["LoadBalancerDnsName"] == lb["DNSName"]
    if not p.config.get("apiGateway"):
        assert outputs["Url"] == f"{'https' if https else 'http'}://{lb['DNSName']}" or outputs["Url"].startswith(
            f"{'https' if https else 'http'}://{lb['DNSName']}"
        ), outputs["Url"]
    assert outputs["ClusterName"] == ids["Cluster"] == p.config["name"]
    given = overrides_of(argv)
    assert outputs["VpcId"] == ids.get("Vpc", given.get("VpcId"))
    for kind in ("Public", "Private"):
        expected = (
            [ids[k] for k in sorted(p.resources("AWS::EC2::Subnet")) if k.startswith(kind)]
            if "Vpc" in ids
            else given[f"{kind}SubnetIds"].split(",")
        )
        assert outputs[f"{kind}SubnetIds"].split(",") == expected
    for name, res in p.service_map().items():
        stem = res["service"][: -len("Service")]
        assert outputs[f"{stem}ServiceName"], name
        if f"{stem}RepositoryUri" in outputs:
            repos = aws("ecr", "describe-repositories")["repositories"]
            assert outputs[f"{stem}RepositoryUri"] in [r["repositoryUri"] for r in repos]
