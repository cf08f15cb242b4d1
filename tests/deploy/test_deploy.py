"""Every preset's template deployed for real on a local CloudFormation (moto 5.2.5), with the exact
`aws cloudformation deploy` command the core prints, then read back with `aws ec2/elbv2/ecs/...
describe-*` and checked against the config that made it; then deployed again with a changed
parameter, as users change a deployment.

What moto 5.2.5 cannot check (it accepts these and the stack completes, but it creates or keeps
nothing we could read back), so the unit tests and cfn-lint are the only guard there:
- `AWS::EC2::SecurityGroupEgress` resources are skipped ("No Moto CloudFormation support"), and the
  `SecurityGroupEgress` property of `AWS::EC2::SecurityGroup` is ignored: every group reads back
  with the default allow-all egress. Egress rules are not checked.
- `AWS::ApplicationAutoScaling::*` (production's scaling), `AWS::ApiGatewayV2::*` (private-api's
  HTTP API, VPC link, integration, route, stage) and `AWS::S3::BucketPolicy` are skipped.
- ECS: the cluster, services and task definitions exist, but moto ignores a service's LaunchType,
  NetworkConfiguration (subnets, groups, public IP), LoadBalancers, circuit breaker and grace
  period, and a task definition's cpu, networkMode, requiresCompatibilities and roles. An update
  that changes only a task definition's image (ImageTag) keeps the old revision on moto, so the
  update is checked with a DesiredCount change.
- ELBv2: moto ignores `LoadBalancerAttributes` (idle timeout, deletion protection, dropped invalid
  headers, access logs read back as moto's defaults), so those are not checked.
- ECR: `ImageScanningConfiguration` and `EncryptionConfiguration` read back empty.
- S3: `PublicAccessBlockConfiguration`, `OwnershipControls` and `VersioningConfiguration` are
  ignored; `BucketEncryption` is kept and checked.
- `AWS::RDS::DBSubnetGroup` and `AWS::EC2::SecurityGroupIngress` get no physical id (the subnet
  group is read through the instance, the ingress rule through its group).
- RDS: moto's CloudFormation path reads `VpcSecurityGroupIds` (not the real `VPCSecurityGroups`), so
  the database's group attachment is not checked; the group and its rules are. It also drops
  `ManageMasterUserPassword` and the `MasterUserSecret.SecretArn` attribute: see moto_launcher.py.
- `aws cloudformation deploy` goes through a change set, after which moto shows no Outputs:
  test_outputs.py reads Outputs from `create-stack` instead.
- moto does not turn a Number parameter's *Default* into a number (an ECS service then fails with
  TypeError `desired_count - running_count`); the printed command passes every parameter, so
  this does not arise with it.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass

import pytest

from conftest import SUMMARY, Aws, Row
from stacks import Preset, deploy, load, overrides_of, physical_ids, prepare, stack_status, with_overrides

# Resource types moto 5.2.5 accepts in a template but does not create. Anything else a template
# holds must exist after the deploy.
MOTO_SKIPS = {
    "AWS::EC2::SecurityGroupEgress",
    "AWS::S3::BucketPolicy",
    "AWS::ApplicationAutoScaling::ScalableTarget",
    "AWS::ApplicationAutoScaling::ScalingPolicy",
    "AWS::ApiGatewayV2::Api",
    "AWS::ApiGatewayV2::VpcLink",
    "AWS::ApiGatewayV2::Integration",
    "AWS::ApiGatewayV2::Route",
    "AWS::ApiGatewayV2::Stage",
}

# Types moto creates but lists without a physical id.
MOTO_NO_ID = {"AWS::RDS::DBSubnetGroup", "AWS::EC2::SecurityGroupIngress"}

DB_PORTS = {"postgres": 5432, "mysql": 3306, "mariadb": 3306}


@dataclass
class Deployed:
    p: Preset
    ids: dict[str, str]  # logical id -> physical id
    argv: list[str]  # the command as run (with the prepared parameter values)
    cwd: object
    row: Row
    vpc: str = ""
    aws: Aws | None = None
    cache: dict | None = None

    @property
    def stack(self) -> str:
        """The stack's name: the command's --stack-name, which physical names must come from."""
        return self.argv[self.argv.index("--stack-name") + 1]

    def id(self, logical: str) -> str:
        assert self.ids.get(logical), f"{logical} was not created; created: {sorted(self.ids)}"
        return self.ids[logical]

    def q(self, *argv: str):
        """A read-only CLI call, answered once per deployment (until the update)."""
        if argv not in self.cache:
            self.cache[argv] = self.aws(*argv)
        return self.cache[argv]

    def groups(self) -> dict[str, dict]:
        got = self.q("ec2", "describe-security-groups", "--filters", f"Name=vpc-id,Values={self.vpc}")
        return {g["GroupId"]: g for g in got["SecurityGroups"]}

    def target_groups(self) -> dict[str, dict]:
        got = self.q("elbv2", "describe-target-groups", "--load-balancer-arn", self.id("LoadBalancer"))
        return {t["TargetGroupArn"]: t for t in got["TargetGroups"]}

    def services(self) -> dict[str, dict]:
        arns = [self.id(ids["service"]) for ids in self.p.service_map().values()]
        got = self.q("ecs", "describe-services", "--cluster", self.id("Cluster"), "--services", *arns)
        return {s["serviceArn"]: s for s in got["services"]}


@pytest.fixture(scope="module")
def deployed(preset, moto, aws, tmp_path_factory) -> Deployed:
    """Resets moto, deploys the preset with the printed command, expects CREATE_COMPLETE."""
    started = time.monotonic()
    moto.reset()
    p = load(preset)
    row = SUMMARY.setdefault(preset, Row(preset, p.stack))
    cwd = tmp_path_factory.mktemp(preset)
    argv = with_overrides(p.argv, prepare(aws, p)) if p.template.get("Parameters") else p.argv
    t0 = time.monotonic()
    deploy(aws, p, argv, cwd)
    row.deploy_s = time.monotonic() - t0
    status = stack_status(aws, p.stack)
    assert status["StackStatus"] == "CREATE_COMPLETE", status
    d = Deployed(p, physical_ids(aws, p.stack), argv, cwd, row, aws=aws, cache={})
    if "Vpc" in d.ids:
        d.vpc = d.ids["Vpc"]
    else:
        d.vpc = overrides_of(argv)["VpcId"]
    row.created = len([v for v in d.ids.values() if v])
    row.status = "CREATE_COMPLETE"
    yield d
    row.total_s = time.monotonic() - started


def _rules(group: dict) -> list[tuple]:
    """(protocol, from, to, source) for every ingress source of a group."""
    out = []
    for perm in group["IpPermissions"]:
        key = (perm["IpProtocol"], perm.get("FromPort"), perm.get("ToPort"))
        out += [(*key, r["CidrIp"]) for r in perm.get("IpRanges", [])]
        out += [(*key, g["GroupId"]) for g in perm.get("UserIdGroupPairs", [])]
        out += [(*key, r["CidrIpv6"]) for r in perm.get("Ipv6Ranges", [])]
        out += [(*key, r["PrefixListId"]) for r in perm.get("PrefixListIds", [])]
    return out


def _default_service(config: dict) -> int:
    """The listener's default action goes to the service that routes `/*`, else the first."""
    for i, s in enumerate(config["services"]):
        if "/*" in s.get("pathPatterns", []):
            return i
    return 0


# ---------------------------------------------------------------- what the stack created


def test_every_resource_created(deployed: Deployed):
    """Each template resource moto supports exists with a physical id; the rest are known skips."""
    p = deployed.p
    missing = {k: r["Type"] for k, r in p.template["Resources"].items() if k not in deployed.ids}
    unexpected = {k: t for k, t in missing.items() if t not in MOTO_SKIPS}
    assert not unexpected, f"not created: {unexpected}"
    no_id = {k for k, v in deployed.ids.items() if not v and p.template["Resources"][k]["Type"] not in MOTO_NO_ID}
    assert not no_id, f"created without a physical id: {no_id}"
    deployed.row.skipped = sorted(missing)


# ---------------------------------------------------------------- network


def test_network(deployed: Deployed, aws: Aws):
    p, net = deployed.p, deployed.p.config["network"]
    if net["mode"] == "existing":
        assert "Vpc" not in deployed.ids and not p.resources("AWS::EC2::Subnet")
        assert not p.resources("AWS::EC2::NatGateway")
        return
    vpc = aws("ec2", "describe-vpcs", "--vpc-ids", deployed.vpc)["Vpcs"][0]
    assert vpc["CidrBlock"] == net["vpcCidr"]
    igws = aws("ec2", "describe-internet-gateways", "--filters", f"Name=attachment.vpc-id,Values={deployed.vpc}")
    assert len(igws["InternetGateways"]) == 1

    subnets = aws("ec2", "describe-subnets", "--filters", f"Name=vpc-id,Values={deployed.vpc}")["Subnets"]
    tables = aws("ec2", "describe-route-tables", "--filters", f"Name=vpc-id,Values={deployed.vpc}")["RouteTables"]
    nats = aws("ec2", "describe-nat-gateways", "--filter", f"Name=vpc-id,Values={deployed.vpc}")["NatGateways"]
    nats = [n for n in nats if n.get("State") != "deleted"]
    table_of = {a["SubnetId"]: t for t in tables for a in t.get("Associations", []) if a.get("SubnetId")}

    def default_route(subnet_id: str) -> dict | None:
        t = table_of.get(subnet_id)
        assert t, f"{subnet_id} has no route table of its own"
        routes = [r for r in t["Routes"] if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
        assert len(routes) <= 1, routes
        return routes[0] if routes else None

    # public: a default route to the internet gateway; private: anything else
    public, private = [], []
    for s in subnets:
        route = default_route(s["SubnetId"])
        (public if route and route.get("GatewayId", "").startswith("igw-") else private).append(s)

    # counts, sizes, ranges: as the config says
    n = net["azCount"]
    assert len(public) == n and len(private) == n, (len(public), len(private))
    vpc_net = ipaddress.ip_network(net["vpcCidr"])
    nets = [ipaddress.ip_network(s["CidrBlock"]) for s in subnets]
    for s, sn in zip(subnets, nets):
        assert sn.prefixlen == net["subnetPrefixLength"], s["CidrBlock"]
        assert sn.subnet_of(vpc_net), s["CidrBlock"]
    for i, a in enumerate(nets):
        for b in nets[i + 1 :]:
            assert not a.overlaps(b), (a, b)
    # ... and exactly the template's ranges, each where the template put it
    for logical, res in p.resources("AWS::EC2::Subnet").items():
        sid = deployed.id(logical)
        got = next(s for s in subnets if s["SubnetId"] == sid)
        assert got["CidrBlock"] == res["Properties"]["CidrBlock"]
        role = public if logical.startswith("Public") else private
        assert got in role, f"{logical} ({got['CidrBlock']}) routes as the other kind"

    # AZ spread: one public and one private subnet in each of the first azCount zones
    zones = [z["ZoneName"] for z in aws("ec2", "describe-availability-zones")["AvailabilityZones"]]
    expected_zones = net.get("availabilityZones") or zones[:n]
    assert sorted(s["AvailabilityZone"] for s in public) == sorted(expected_zones)
    assert sorted(s["AvailabilityZone"] for s in private) == sorted(expected_zones)

    # NAT layout
    public_ids = {s["SubnetId"]: s["AvailabilityZone"] for s in public}
    nat_by_id = {g["NatGatewayId"]: g for g in nats}
    layout = net["natGateways"]
    expected_nats = {"perAz": n, "single": 1, "none": 0}[layout]
    assert len(nats) == expected_nats, f"{layout}: {len(nats)} NAT gateways"
    for g in nats:
        assert g["SubnetId"] in public_ids, f"NAT {g['NatGatewayId']} not in a public subnet"
    for s in private:
        route = default_route(s["SubnetId"])
        if layout == "none":
            assert route is None, f"natGateways none, but {s['CidrBlock']} has a default route {route}"
            continue
        assert route and route.get("NatGatewayId") in nat_by_id, f"{s['CidrBlock']} does not route via a NAT: {route}"
        nat_zone = public_ids[nat_by_id[route["NatGatewayId"]]["SubnetId"]]
        if layout == "perAz":
            assert nat_zone == s["AvailabilityZone"], f"{s['CidrBlock']} routes via a NAT in {nat_zone}"


# ---------------------------------------------------------------- load balancer


def _public_private(deployed: Deployed) -> tuple[set[str], set[str]]:
    p = deployed.p
    if p.config["network"]["mode"] == "existing":
        o = overrides_of(deployed.argv)
        return set(o["PublicSubnetIds"].split(",")), set(o["PrivateSubnetIds"].split(","))
    subnets = {k: deployed.id(k) for k in p.resources("AWS::EC2::Subnet")}
    return (
        {v for k, v in subnets.items() if k.startswith("Public")},
        {v for k, v in subnets.items() if k.startswith("Private")},
    )


def test_load_balancer(deployed: Deployed, aws: Aws):
    p, cfg = deployed.p, deployed.p.config["loadBalancer"]
    lb = aws("elbv2", "describe-load-balancers", "--load-balancer-arns", deployed.id("LoadBalancer"))["LoadBalancers"][0]
    assert lb["Type"] == "application"
    assert lb["Scheme"] == {"internetFacing": "internet-facing", "internal": "internal"}[cfg["scheme"]]
    assert lb["VpcId"] == deployed.vpc
    public, private = _public_private(deployed)
    in_subnets = {z["SubnetId"] for z in lb["AvailabilityZones"]}
    assert in_subnets == (public if cfg["scheme"] == "internetFacing" else private)
    assert lb["SecurityGroups"] == [deployed.id("LoadBalancerSecurityGroup")]
    # LoadBalancerAttributes (idle timeout, deletion protection, headers, access logs): moto
    # ignores them; see the module doc.


def test_listeners_and_rules(deployed: Deployed, aws: Aws):
    p, cfg = deployed.p, deployed.p.config["loadBalancer"]
    services = p.config["services"]
    smap = p.service_map()
    tg_of = {name: deployed.id(ids["target_group"]) for name, ids in smap.items()}
    https = bool(cfg.get("certificateArn"))
    listeners = aws("elbv2", "describe-listeners", "--load-balancer-arn", deployed.id("LoadBalancer"))["Listeners"]
    by_port = {l["Port"]: l for l in listeners}
    assert sorted(by_port) == sorted([cfg["httpPort"], 443] if https else [cfg["httpPort"]])

    http = by_port[cfg["httpPort"]]
    assert http["Protocol"] == "HTTP"
    if https:
        [action] = http["DefaultActions"]
        assert action["Type"] == "redirect"
        redirect = action["RedirectConfig"]
        assert (redirect["Protocol"], redirect["Port"], redirect["StatusCode"]) == ("HTTPS", "443", "HTTP_301")
        serving = by_port[443]
        assert serving["Protocol"] == "HTTPS"
        assert serving["SslPolicy"] == cfg["sslPolicy"]
        certs = [c["CertificateArn"] for c in serving["Certificates"]]
        assert certs == [overrides_of(deployed.argv)["CertificateArn"]]
    else:
        serving = http

    default = services[_default_service(p.config)]["name"]
    [action] = serving["DefaultActions"]
    assert (action["Type"], action["TargetGroupArn"]) == ("forward", tg_of[default])

    rules = aws("elbv2", "describe-rules", "--listener-arn", serving["ListenerArn"])["Rules"]
    routed = {}
    for r in rules:
        if r["IsDefault"]:
            continue
        [cond] = r["Conditions"]
        assert cond["Field"] == "path-pattern"
        [fwd] = r["Actions"]
        assert fwd["Type"] == "forward"
        name = next(n for n, arn in tg_of.items() if arn == fwd["TargetGroupArn"])
        assert name not in routed, f"two rules for {name}"
        routed[name] = (int(r["Priority"]), cond["PathPatternConfig"]["Values"])
    expected, priority = {}, 0
    for i, s in enumerate(services):
        if i == _default_service(p.config):
            continue
        priority += 10
        expected[s["name"]] = (priority, s["pathPatterns"])
    assert routed == expected
    if https:
        assert aws("elbv2", "describe-rules", "--listener-arn", http["ListenerArn"])["Rules"][0]["IsDefault"]


def test_target_groups(deployed: Deployed, aws: Aws):
    p = deployed.p
    for s in p.config["services"]:
        tg = deployed.target_groups()[deployed.id(p.service_map()[s["name"]]["target_group"])]
        hc = s["healthCheck"]
        assert tg["TargetType"] == "ip", "Fargate (awsvpc) needs ip targets"
        assert (tg["Protocol"], tg["Port"], tg["VpcId"]) == ("HTTP", s["containerPort"], deployed.vpc)
        assert tg["HealthCheckEnabled"] is True
        assert tg["HealthCheckPath"] == hc["path"]
        assert tg["Matcher"]["HttpCode"] == hc["matcher"]
        assert tg["HealthCheckIntervalSeconds"] == hc["intervalSeconds"]
        assert tg["HealthCheckTimeoutSeconds"] == hc["timeoutSeconds"]
        assert tg["HealthyThresholdCount"] == hc["healthyThreshold"]
        assert tg["UnhealthyThresholdCount"] == hc["unhealthyThreshold"]
        assert tg["LoadBalancerArns"] == [deployed.id("LoadBalancer")]


# ---------------------------------------------------------------- security groups (ingress)


def test_security_groups(deployed: Deployed, aws: Aws):
    """ALB: listener ports from the ingress CIDRs only (or, behind API Gateway, from its VPC link
    only); services: the container port from the ALB group only; database: its port from the
    services only. Egress cannot be checked on moto (see the module doc)."""
    p, cfg = deployed.p, deployed.p.config["loadBalancer"]
    ports = [cfg["httpPort"]] + ([443] if cfg.get("certificateArn") else [])
    lb_sg = deployed.id("LoadBalancerSecurityGroup")
    groups = deployed.groups()
    got = sorted(_rules(groups[lb_sg]))
    if p.config.get("apiGateway"):
        link = deployed.id("VpcLinkSecurityGroup")
        assert got == sorted(("tcp", port, port, link) for port in ports)
    else:
        assert got == sorted(("tcp", port, port, cidr) for port in ports for cidr in cfg["ingressCidrs"])

    service_groups = set()
    for s in p.config["services"]:
        sg = deployed.id(p.service_map()[s["name"]]["security_group"])
        service_groups.add(sg)
        port = s["containerPort"]
        assert _rules(groups[sg]) == [("tcp", port, port, lb_sg)], s["name"]

    db = p.config.get("database")
    if db:
        port = DB_PORTS[db["engine"]]
        rules = _rules(groups[deployed.id("DatabaseSecurityGroup")])
        assert rules, "the database admits nobody"
        for proto, lo, hi, source in rules:
            assert (proto, lo, hi) == ("tcp", port, port) and source in service_groups, rules

    for g in groups.values():
        for rule in _rules(g):
            assert rule[0] != "-1", f"{g['GroupName']} admits every protocol: {rule}"
            assert not (rule[3] == "0.0.0.0/0" and g["GroupId"] != lb_sg), f"{g['GroupName']} open to the world"


# ---------------------------------------------------------------- ECS, logs, ECR


def test_ecs(deployed: Deployed, aws: Aws):
    p = deployed.p
    cluster = deployed.id("Cluster")
    [c] = aws("ecs", "describe-clusters", "--clusters", cluster)["clusters"]
    assert c["status"] == "ACTIVE" and c["clusterName"] == deployed.stack
    params = overrides_of(deployed.argv)
    for s in p.config["services"]:
        ids = p.service_map()[s["name"]]
        svc = deployed.services()[deployed.id(ids["service"])]
        count_param = p.template["Resources"][ids["service"]]["Properties"]["DesiredCount"]["Ref"]
        assert svc["desiredCount"] == int(params[count_param]) == s["desiredCount"]
        td = aws("ecs", "describe-task-definition", "--task-definition", deployed.id(ids["task_definition"]))
        td = td["taskDefinition"]
        assert svc["taskDefinition"] == td["taskDefinitionArn"]
        assert td["family"] == f"{deployed.stack}-{s['name']}"
        assert td["memory"] == str(s["memory"])
        [container] = td["containerDefinitions"]
        assert container["name"] == s["name"], "LoadBalancers.ContainerName must name the container"
        assert [m["containerPort"] for m in container["portMappings"]] == [s["containerPort"]]
        log = container["logConfiguration"]
        assert log["logDriver"] == "awslogs"
        assert log["options"]["awslogs-region"] == "us-east-1"
        assert log["options"]["awslogs-group"] == f"/ecs/{deployed.stack}/{s['name']}"
        groups = deployed.q("logs", "describe-log-groups")
        [group] = [g for g in groups["logGroups"] if g["logGroupName"] == log["options"]["awslogs-group"]]
        assert group["retentionInDays"] == s["logRetentionDays"]
        if s.get("image"):
            assert container["image"] in (s["image"], params.get(f"{ids['service'][:-len('Service')]}Image"))
        else:
            repos = deployed.q("ecr", "describe-repositories")["repositories"]
            [repo] = [r for r in repos if container["image"].startswith(r["repositoryUri"] + ":")]
            assert container["image"] == f"{repo['repositoryUri']}:{params[ids['service'][:-len('Service')] + 'ImageTag']}"
        for secret in container.get("secrets", []):
            arn = secret["valueFrom"].split(":password::")[0].split(":username::")[0]
            if arn.startswith("arn:aws:secretsmanager:"):
                aws("secretsmanager", "describe-secret", "--secret-id", arn)


# ---------------------------------------------------------------- database and bucket


def test_database(deployed: Deployed, aws: Aws):
    db = deployed.p.config.get("database")
    if not db:
        pytest.skip("no database in this preset")
    [inst] = aws("rds", "describe-db-instances", "--db-instance-identifier", deployed.id("Database"))["DBInstances"]
    assert inst["Engine"] == db["engine"] and inst["EngineVersion"] == db["engineVersion"]
    assert inst["DBInstanceClass"] == db["instanceClass"]
    assert inst["StorageEncrypted"] is True
    assert inst["PubliclyAccessible"] is False
    assert inst["MultiAZ"] is db["multiAz"]
    _, private = _public_private(deployed)
    assert {s["SubnetIdentifier"] for s in inst["DBSubnetGroup"]["Subnets"]} == private


def test_buckets(deployed: Deployed, aws: Aws):
    names = [deployed.id(k) for k in deployed.p.resources("AWS::S3::Bucket")]
    if not names:
        pytest.skip("no bucket in this preset")
    for name in names:
        enc = aws("s3api", "get-bucket-encryption", "--bucket", name)
        rule = enc["ServerSideEncryptionConfiguration"]["Rules"][0]
        assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
        # PublicAccessBlockConfiguration, OwnershipControls, VersioningConfiguration: moto
        # ignores them; see the module doc.


# ---------------------------------------------------------------- update (must stay last)


def test_update_changes_desired_count(deployed: Deployed, aws: Aws):
    """The same command with one --parameter-overrides value changed updates the stack."""
    p = deployed.p
    key = next(k for k in overrides_of(deployed.argv) if k.endswith("DesiredCount"))
    new = int(overrides_of(deployed.argv)[key]) + 1
    argv = with_overrides(deployed.argv, {key: str(new)})
    t0 = time.monotonic()
    deploy(aws, p, argv, deployed.cwd)
    deployed.row.update_s = time.monotonic() - t0
    stack = stack_status(aws, p.stack)
    assert stack["StackStatus"] == "UPDATE_COMPLETE", stack
    assert {x["ParameterKey"]: x["ParameterValue"] for x in stack["Parameters"]}[key] == str(new)
    service = next(ids["service"] for ids in p.service_map().values()
                   if p.template["Resources"][ids["service"]]["Properties"]["DesiredCount"]["Ref"] == key)
    [svc] = aws("ecs", "describe-services", "--cluster", deployed.id("Cluster"),
                "--services", physical_ids(aws, p.stack)[service])["services"]
    assert svc["desiredCount"] == new
    deployed.row.status = "UPDATE_COMPLETE"
