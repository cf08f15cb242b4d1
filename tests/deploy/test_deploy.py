"""Every preset's template deployed for real on a local CloudFormation (moto 5.2.5), with the exact
`aws cloudformation deploy` command the core prints, then read back with `aws ec2/elbv2/ecs/sqs/
servicediscovery/scheduler/... describe-*` and checked against the config that made it; then
deployed again with a changed parameter, as users change a deployment.

Service kinds: a web service is behind the load balancer (a target group, a listener rule); a
backend, a worker and a job have no target group; a backend admits only its callers; a worker
drains its own SQS queue (with a dead-letter queue); a job has no ECS service, only a task
definition that an EventBridge Scheduler schedule runs. A template over 51,200 bytes
(worker-and-jobs) makes the command carry `--s3-bucket YOUR_ARTIFACT_BUCKET`: the tests put a
bucket of moto's S3 in that word, as a user puts theirs, and point the command's S3 upload at moto
(`AWS_ENDPOINT_URL_S3`, conftest.py; moto_launcher.py fix 5).

The kinds' resource types on moto 5.2.5:
- `AWS::SQS::Queue`: created by moto. VisibilityTimeout, MessageRetentionPeriod, RedrivePolicy
  (dead-letter ARN, maxReceiveCount) and SqsManagedSseEnabled read back and are checked
  (KmsMasterKeyId absent). Its Ref is `https://sqs.<region>.amazonaws.com/<account>/<name>` as on
  AWS, while `list-queues` and `get-queue-url` answer with moto's endpoint as the host: queues are
  compared by account and name.
- `AWS::ServiceDiscovery::HttpNamespace` and `AWS::Scheduler::Schedule`: no CloudFormation support
  in moto (the deploy failed: "Fn::GetAtt references undefined resource ServiceConnectNamespace");
  moto_launcher.py creates them with moto's own Cloud Map and EventBridge Scheduler (fixes 6 and
  7), so the namespace (name, type) and the schedule (expression, time zone, flexible window,
  state, target cluster, task definition, launch type, count, network, retry, dead-letter queue,
  role and its policy) are read back and checked.
- `AWS::EC2::SecurityGroupIngress` (the callee's half of a call's rule pair): created, checked
  through the callee's group. The caller's half, `AWS::EC2::SecurityGroupEgress`: skipped (below).
- IAM: a role's inline policy made by CloudFormation reads back as Python's repr of the document,
  not JSON; the schedule's role policy is read that way.

The domain, firewall and alarms (production) on moto 5.2.5:
- The hosted zone is made first (`aws route53 create-hosted-zone`), as a user has one; its id
  replaces the preset's example in the command. `AWS::Route53::RecordSet`: created by moto; the
  alias records read back and point at the load balancer's DNS name.
- `AWS::CertificateManager::Certificate`, `AWS::WAFv2::WebACL`, `AWS::WAFv2::WebACLAssociation`
  and `AWS::CloudWatch::Alarm`: no CloudFormation support in moto; moto_launcher.py makes them
  with moto's own ACM, WAFv2 and CloudWatch (fixes 8-10). moto does not model DNS validation, so
  the certificate is issued at once (on AWS the first deploy waits minutes for it).
- `AWS::KMS::Key` and `AWS::SNS::Topic`: created by moto (the key's tags through fix 11); the
  topic's KmsMasterKeyId reads back as the key. `AWS::CloudWatch::Dashboard`: created; its body
  reads back with the load balancer's full name filled in (fix 12 answers the ELBv2 attributes).
- The AWS CLI speaks CloudWatch's JSON protocol, which moto's server does not: alarms and
  dashboards are read from moto's model dump (/moto-api/data.json), which leaves out alarms'
  dimensions and metric-math queries; the template tests check those.
- `AWS::SNS::Subscription` (the alarm email) is skipped (below), and ECS ignores
  `DeploymentConfiguration.Alarms` as it does the circuit breaker.

What moto 5.2.5 cannot check (it accepts these and the stack completes, but it creates or keeps
nothing we could read back), so the unit tests and cfn-lint are the only guard there:
- `AWS::EC2::SecurityGroupEgress` resources are skipped ("No Moto CloudFormation support"), and the
  `SecurityGroupEgress` property of `AWS::EC2::SecurityGroup` is ignored: every group reads back
  with the default allow-all egress. Egress rules are not checked (a call's egress half included).
- `AWS::ApplicationAutoScaling::*` (production's scaling; a worker's backlog-per-task scaling, its
  metric math over the queue's ApproximateNumberOfMessagesVisible and the running task count),
  `AWS::ApiGatewayV2::*` (private-api's HTTP API, VPC link, integration, route, stage) and
  `AWS::S3::BucketPolicy` are skipped.
- ECS services' `ServiceConnectConfiguration` is ignored (describe-services shows none): which
  service publishes which name and who joins the namespace as a client is not checked here.
  Task definitions keep their containers as written (sidecars, their cpu, memory, ports,
  `dependsOn`, environment): those are checked.
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

import ast
import ipaddress
import json
import time
import urllib.request
from dataclasses import dataclass

import pytest

from conftest import SUMMARY, Aws, Row
from stacks import Preset, command, deploy, load, overrides_of, physical_ids, stack_status, with_overrides

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
    "AWS::SNS::Subscription",
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
        arns = [self.id(ids["service"]) for ids in self.p.service_map().values() if ids["service"]]
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
    argv = command(aws, p)
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


def kind(s: dict) -> str:
    """A service's kind; the recorded config leaves out the default, web."""
    return s.get("kind", "web")


def listens(s: dict) -> bool:
    """Web and backend services listen on their container port; workers and jobs do not."""
    return kind(s) in ("web", "backend")


def web_services(config: dict) -> list[dict]:
    """The services behind the load balancer, in config order."""
    return [s for s in config["services"] if kind(s) == "web"]


def callers(config: dict, name: str) -> list[dict]:
    """The services that call `name` and run as an ECS service (a job's task gets no rules)."""
    return [c for c in config["services"] if kind(c) != "job" and name in c.get("calls", [])]


def upper_snake(name: str) -> str:
    return name.upper().replace("-", "_")


def _default_service(config: dict) -> int:
    """The listener's default action goes to the web service that routes `/*`, else the first
    web service (an index into the web services)."""
    web = web_services(config)
    for i, s in enumerate(web):
        if "/*" in s.get("pathPatterns", []):
            return i
    return 0


def _https(p: Preset) -> bool:
    """The load balancer serves HTTPS with a certificate given, or with the domain's own (unless an
    HTTP API in front holds the domain)."""
    return bool(p.config["loadBalancer"].get("certificateArn")) or (
        "domain" in p.config and not p.config.get("apiGateway")
    )


def _needs_load_balancer(p: Preset) -> None:
    if not web_services(p.config):
        assert not p.resources("AWS::ElasticLoadBalancingV2::LoadBalancer"), "a load balancer without a web service"
        pytest.skip("no web service, no load balancer")


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
    _needs_load_balancer(p)
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
    _needs_load_balancer(p)
    services = web_services(p.config)
    smap = p.service_map()
    # only web services have a target group
    tg_of = {name: deployed.id(ids["target_group"]) for name, ids in smap.items() if ids["target_group"]}
    assert sorted(tg_of) == sorted(s["name"] for s in services)
    https = _https(p)
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
        given = overrides_of(deployed.argv).get("CertificateArn")
        assert certs == [given or deployed.id("Certificate")]
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
    _needs_load_balancer(p)
    web = web_services(p.config)
    # one per web service, none for backends, workers and jobs
    assert len(deployed.target_groups()) == len(web) == len(p.resources("AWS::ElasticLoadBalancingV2::TargetGroup"))
    for s in web:
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
    only); a web service: its container port from the ALB group, plus from each service that
    calls it; a backend: its container port from its callers only; a worker or a job: nothing;
    database: its port from the services only. Egress cannot be checked on moto (see the module
    doc)."""
    p, cfg = deployed.p, deployed.p.config["loadBalancer"]
    groups = deployed.groups()
    smap = p.service_map()
    lb_sg = deployed.ids.get("LoadBalancerSecurityGroup")
    if web_services(p.config):
        ports = [cfg["httpPort"]] + ([443] if _https(p) else [])
        got = sorted(_rules(groups[lb_sg]))
        if p.config.get("apiGateway"):
            link = deployed.id("VpcLinkSecurityGroup")
            assert got == sorted(("tcp", port, port, link) for port in ports)
        else:
            assert got == sorted(("tcp", port, port, cidr) for port in ports for cidr in cfg["ingressCidrs"])

    service_groups = set()
    group_of = {name: deployed.id(ids["security_group"]) for name, ids in smap.items()}
    assert len(set(group_of.values())) == len(group_of), "two services share a security group"
    for s in p.config["services"]:
        sg = group_of[s["name"]]
        service_groups.add(sg)
        port = s["containerPort"]
        expected = [("tcp", port, port, lb_sg)] if kind(s) == "web" else []
        if listens(s):
            # the AWS::EC2::SecurityGroupIngress half of each call's rule pair (moto keeps it)
            expected += [("tcp", port, port, group_of[c["name"]]) for c in callers(p.config, s["name"])]
        assert sorted(_rules(groups[sg])) == sorted(expected), s["name"]

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
    """The cluster; an ECS service for every service but a job (a job is a task definition the
    scheduler runs); every task definition: family, memory, its containers (the service's own
    first, then its sidecars), ports (web and backend only), logs, image, and the variables of
    what it is connected to."""
    p = deployed.p
    cluster = deployed.id("Cluster")
    [c] = aws("ecs", "describe-clusters", "--clusters", cluster)["clusters"]
    assert c["status"] == "ACTIVE" and c["clusterName"] == deployed.stack
    params = overrides_of(deployed.argv)
    smap = p.service_map()
    services = p.config["services"]
    assert sorted(smap) == sorted(s["name"] for s in services)
    listed = aws("ecs", "list-services", "--cluster", cluster)["serviceArns"]
    expected = [deployed.id(smap[s["name"]]["service"]) for s in services if kind(s) != "job"]
    assert sorted(listed) == sorted(expected), "one ECS service per service, none for a job"
    by_name = {s["name"]: s for s in services}
    for s in services:
        ids = p.service_map()[s["name"]]
        stem = ids["stem"]
        td = aws("ecs", "describe-task-definition", "--task-definition", deployed.id(ids["task_definition"]))
        td = td["taskDefinition"]
        if kind(s) == "job":
            assert ids["service"] is None and ids["schedule"], s["name"]
            assert f"{stem}DesiredCount" not in params, "a job has no task count to set"
        else:
            svc = deployed.services()[deployed.id(ids["service"])]
            count_param = p.template["Resources"][ids["service"]]["Properties"]["DesiredCount"]["Ref"]
            assert svc["desiredCount"] == int(params[count_param]) == s["desiredCount"]
            assert svc["taskDefinition"] == td["taskDefinitionArn"]
        assert td["family"] == f"{deployed.stack}-{s['name']}"
        assert td["memory"] == str(s["memory"])
        container, *sidecars = td["containerDefinitions"]
        assert container["name"] == s["name"]
        assert container["essential"] is True
        ports = [s["containerPort"]] if listens(s) else []
        assert [m["containerPort"] for m in container.get("portMappings", [])] == ports, "workers and jobs listen on nothing"

        # sidecars, in config order after the service's own container
        wanted = s.get("sidecars", [])
        assert [x["name"] for x in sidecars] == [w["name"] for w in wanted]
        for x, w in zip(sidecars, wanted):
            assert (x["image"], x["essential"]) == (w["image"], w["essential"]), w["name"]
            assert (x.get("cpu"), x.get("memory")) == (w.get("cpu"), w.get("memory")), w["name"]
            port = w.get("containerPort")
            assert [m["containerPort"] for m in x.get("portMappings", [])] == ([port] if port else []), w["name"]
            for key, value in w.get("environment", {}).items():
                assert {"name": key, "value": value} in x.get("environment", []), (w["name"], key)
            if w.get("startBeforeMain"):
                assert {"containerName": w["name"], "condition": "START"} in container.get("dependsOn", [])

        # every container logs to the service's group, each under its own stream prefix
        group_name = f"/ecs/{deployed.stack}/{s['name']}"
        for x in td["containerDefinitions"]:
            log = x["logConfiguration"]
            assert log["logDriver"] == "awslogs"
            assert log["options"]["awslogs-region"] == "us-east-1"
            assert log["options"]["awslogs-group"] == group_name, x["name"]
            assert log["options"]["awslogs-stream-prefix"] == x["name"]
        groups = deployed.q("logs", "describe-log-groups")
        [group] = [g for g in groups["logGroups"] if g["logGroupName"] == group_name]
        assert group["retentionInDays"] == s["logRetentionDays"]

        if s.get("image"):
            assert container["image"] in (s["image"], params.get(f"{stem}Image"))
        else:
            repos = deployed.q("ecr", "describe-repositories")["repositories"]
            [repo] = [r for r in repos if container["image"].startswith(r["repositoryUri"] + ":")]
            assert container["image"] == f"{repo['repositoryUri']}:{params[stem + 'ImageTag']}"
        for secret in container.get("secrets", []):
            arn = secret["valueFrom"].split(":password::")[0].split(":username::")[0]
            if arn.startswith("arn:aws:secretsmanager:"):
                aws("secretsmanager", "describe-secret", "--secret-id", arn)

        # what it is connected to: its own queue, the services it calls (Service Connect names)
        # and the workers it sends to (their queues); a variable the user set wins
        env = {e["name"]: e["value"] for e in container.get("environment", [])}
        for key, value in s["environment"].items():
            assert env.get(key) == value, (s["name"], key)
        connections = {}
        if kind(s) == "worker":
            connections["QUEUE_URL"] = _queue_url(deployed, stem)
        for name in s.get("calls", []):
            callee = by_name[name]
            if listens(callee):
                connections[f"{upper_snake(name)}_URL"] = f"http://{name}:{callee['containerPort']}"
            elif kind(callee) == "worker":
                connections[f"{upper_snake(name)}_QUEUE_URL"] = _queue_url(deployed, smap[name]["stem"])
        user = set(s["environment"]) | set(s["secrets"])
        got = {k: v for k, v in env.items() if k.endswith("_URL") and k not in user}
        assert got == {k: v for k, v in connections.items() if k not in user}, s["name"]


def _queue_url(deployed: Deployed, stem: str) -> str:
    """A worker's queue URL as CloudFormation's Ref answers it, after checking that SQS has that
    queue. (moto's Ref answers https://sqs.<region>.amazonaws.com/<account>/<name>, as AWS does;
    SQS calls accept it.)"""
    url = deployed.id(f"{stem}Queue")
    attrs = deployed.q("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "QueueArn")
    assert attrs["Attributes"]["QueueArn"].rsplit(":", 1)[1] == url.rsplit("/", 1)[1], (url, attrs)
    return url


# ---------------------------------------------------------------- queues, Service Connect, schedules

# SQS keeps a message at most 14 days: a dead-letter queue keeps its messages that long, longer
# than the queue they failed in.
MAX_RETENTION = 14 * 86400
QUEUE_DEFAULTS = {"visibilityTimeoutSeconds": 30, "maxReceiveCount": 5, "retentionDays": 4}  # config.rs Queue


def _attributes(deployed: Deployed, logical: str) -> dict[str, str]:
    got = deployed.q("sqs", "get-queue-attributes", "--queue-url", deployed.id(logical), "--attribute-names", "All")
    return got["Attributes"]


def test_queues(deployed: Deployed, aws: Aws):
    """Each worker's queue as its config says (visibility timeout, retention, redrive to its own
    dead-letter queue after maxReceiveCount receives), each job's schedule dead-letter queue,
    all encrypted with SQS-managed keys (no KMS key to pay for or grant), and no other queue."""
    p = deployed.p
    smap = p.service_map()
    workers = [s for s in p.config["services"] if kind(s) == "worker"]
    jobs = [s for s in p.config["services"] if kind(s) == "job"]
    expected = [f"{smap[s['name']]['stem']}{q}" for s in workers for q in ("Queue", "DeadLetterQueue")]
    expected += [f"{smap[s['name']]['stem']}ScheduleDeadLetterQueue" for s in jobs]
    assert sorted(p.resources("AWS::SQS::Queue")) == sorted(expected)
    listed = aws("sqs", "list-queues").get("QueueUrls", [])
    # list-queues answers with the host that asked (moto's endpoint); Ref with SQS's own
    assert sorted(u.rsplit("/", 2)[1:] for u in listed) == sorted(deployed.id(k).rsplit("/", 2)[1:] for k in expected)
    if not expected:
        return

    for logical in expected:
        attrs = _attributes(deployed, logical)
        assert attrs.get("SqsManagedSseEnabled") == "true", (logical, attrs)
        assert "KmsMasterKeyId" not in attrs, (logical, attrs)
        if logical.endswith("DeadLetterQueue"):
            assert int(attrs["MessageRetentionPeriod"]) == MAX_RETENTION, logical
            assert "RedrivePolicy" not in attrs, f"{logical} redrives further"

    for s in workers:
        stem = smap[s["name"]]["stem"]
        q = {**QUEUE_DEFAULTS, **(s.get("queue") or {})}
        attrs = _attributes(deployed, f"{stem}Queue")
        dlq = _attributes(deployed, f"{stem}DeadLetterQueue")
        assert int(attrs["VisibilityTimeout"]) == q["visibilityTimeoutSeconds"]
        assert int(attrs["MessageRetentionPeriod"]) == q["retentionDays"] * 86400
        redrive = json.loads(attrs["RedrivePolicy"])
        assert redrive == {"deadLetterTargetArn": dlq["QueueArn"], "maxReceiveCount": q["maxReceiveCount"]}
        # backlog scaling: moto skips AWS::ApplicationAutoScaling::* (see the module doc)


def test_service_connect(deployed: Deployed, aws: Aws):
    """A stack where some service calls a web or backend service has one Cloud Map HTTP namespace,
    named after the stack (so two stacks from one template do not share one); other stacks have
    none."""
    p = deployed.p
    called = [s for s in p.config["services"] if listens(s) and callers(p.config, s["name"])]
    namespaces = aws("servicediscovery", "list-namespaces")["Namespaces"]
    if not called:
        assert not namespaces and not p.resources("AWS::ServiceDiscovery::HttpNamespace")
        return
    [logical] = p.resources("AWS::ServiceDiscovery::HttpNamespace")
    [ns] = namespaces
    assert (ns["Id"], ns["Type"], ns["Name"]) == (deployed.id(logical), "HTTP", deployed.stack)
    got = aws("servicediscovery", "get-namespace", "--id", ns["Id"])["Namespace"]
    assert got["Arn"] == ns["Arn"]
    # Which service publishes which name, and who joins as a client, is each ECS service's
    # ServiceConnectConfiguration: moto ignores it (see the module doc).


def _policy_document(doc) -> dict:
    """An inline role policy as get-role-policy answers it: AWS answers URL-encoded JSON, which
    the CLI decodes; moto keeps a CloudFormation role's inline policy as Python's repr of the
    document (see the module doc)."""
    return doc if isinstance(doc, dict) else ast.literal_eval(doc)


def test_schedules(deployed: Deployed, aws: Aws):
    """Each job: an EventBridge Scheduler schedule (its expression and time zone) that runs the
    job's task definition on the cluster, once, on Fargate in the private subnets with the job's
    security group, retried and then dead-lettered to its own queue, with a role the scheduler
    assumes that may run that family on that cluster, pass the two task roles and send to that
    queue; no other schedule."""
    p = deployed.p
    smap = p.service_map()
    jobs = [s for s in p.config["services"] if kind(s) == "job"]
    listed = aws("scheduler", "list-schedules")["Schedules"]
    assert sorted(x["Name"] for x in listed) == sorted(deployed.id(smap[s["name"]]["schedule"]) for s in jobs)
    if not jobs:
        return
    [cluster] = aws("ecs", "describe-clusters", "--clusters", deployed.id("Cluster"))["clusters"]
    _, private = _public_private(deployed)
    execution_role = aws("iam", "get-role", "--role-name", deployed.id("TaskExecutionRole"))["Role"]["Arn"]
    for s in jobs:
        ids = smap[s["name"]]
        stem = ids["stem"]
        got = aws("scheduler", "get-schedule", "--name", deployed.id(ids["schedule"]))
        assert got["ScheduleExpression"] == s["schedule"]
        assert got["ScheduleExpressionTimezone"] == (s.get("scheduleTimezone") or "UTC")
        assert got["State"] == "ENABLED"
        assert got["FlexibleTimeWindow"] == {"Mode": "OFF"}
        target = got["Target"]
        assert target["Arn"] == cluster["clusterArn"]
        td = aws("ecs", "describe-task-definition", "--task-definition", deployed.id(ids["task_definition"]))
        td = td["taskDefinition"]
        ecs = target["EcsParameters"]
        assert ecs["TaskDefinitionArn"] == td["taskDefinitionArn"]
        assert (ecs["LaunchType"], ecs["TaskCount"]) == ("FARGATE", 1)
        net = ecs["NetworkConfiguration"]["awsvpcConfiguration"]
        assert set(net["Subnets"]) == private
        assert net["SecurityGroups"] == [deployed.id(ids["security_group"])]
        assert net["AssignPublicIp"] == "DISABLED"
        retry = target["RetryPolicy"]
        assert retry["MaximumRetryAttempts"] >= 1 and retry["MaximumEventAgeInSeconds"] >= 60, retry
        dlq = _attributes(deployed, f"{stem}ScheduleDeadLetterQueue")
        assert target["DeadLetterConfig"]["Arn"] == dlq["QueueArn"]

        # the scheduler's role
        role_name = target["RoleArn"].rsplit("/", 1)[1]
        role = aws("iam", "get-role", "--role-name", role_name)["Role"]
        assert role["Arn"] == target["RoleArn"]
        [trust] = role["AssumeRolePolicyDocument"]["Statement"]
        assert (trust["Effect"], trust["Principal"], trust["Action"]) == (
            "Allow", {"Service": "scheduler.amazonaws.com"}, "sts:AssumeRole"
        )
        statements = []
        for name in aws("iam", "list-role-policies", "--role-name", role_name)["PolicyNames"]:
            doc = aws("iam", "get-role-policy", "--role-name", role_name, "--policy-name", name)["PolicyDocument"]
            statements += _policy_document(doc)["Statement"]
        allowed = {}
        for st in statements:
            assert st["Effect"] == "Allow"
            resources = st["Resource"] if isinstance(st["Resource"], list) else [st["Resource"]]
            allowed.setdefault(st["Action"], set()).update(resources)
        task_role = aws("iam", "get-role", "--role-name", deployed.id(f"{stem}TaskRole"))["Role"]["Arn"]
        family = td["taskDefinitionArn"].rsplit(":", 1)[0]
        assert allowed == {
            "ecs:RunTask": {f"{family}:*"},
            "iam:PassRole": {execution_role, task_role},
            "sqs:SendMessage": {dlq["QueueArn"]},
        }
        [run] = [st for st in statements if st["Action"] == "ecs:RunTask"]
        assert run["Condition"] == {"ArnEquals": {"ecs:cluster": cluster["clusterArn"]}}


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


def test_domain(deployed: Deployed, aws: Aws):
    """The records in the zone made first alias the load balancer; the certificate covers the
    domain and every host and serves on the HTTPS listener."""
    p = deployed.p
    domain = p.config.get("domain")
    if not domain:
        pytest.skip("no domain in this preset")
    zone = overrides_of(deployed.argv)["HostedZoneId"]
    records = aws("route53", "list-resource-record-sets", "--hosted-zone-id", zone)["ResourceRecordSets"]
    aliases = {r["Name"]: r["AliasTarget"] for r in records if r["Type"] == "A" and "AliasTarget" in r}
    names = [domain["name"]] + [h for s in web_services(p.config) for h in s.get("hosts", [])]
    lb = aws("elbv2", "describe-load-balancers", "--load-balancer-arns", deployed.id("LoadBalancer"))["LoadBalancers"][0]
    for name in dict.fromkeys(names):
        target = aliases.get(f"{name}.")
        assert target, f"no alias record for {name}: {sorted(aliases)}"
        assert target["DNSName"].rstrip(".").lower() == lb["DNSName"].lower(), target
    certs = p.resources("AWS::CertificateManager::Certificate")
    if certs:
        [logical] = certs
        cert = aws("acm", "describe-certificate", "--certificate-arn", deployed.id(logical))["Certificate"]
        assert cert["DomainName"] == domain["name"]
        assert set(cert["SubjectAlternativeNames"]) >= set(names)
        listeners = aws("elbv2", "describe-listeners", "--load-balancer-arn", deployed.id("LoadBalancer"))["Listeners"]
        https = next(l for l in listeners if l["Port"] == 443)
        assert https["Certificates"][0]["CertificateArn"] == deployed.id(logical)
    assert deployed.p.template["Outputs"]["Url"]["Value"] == f"https://{domain['name']}"


def test_web_acl(deployed: Deployed, aws: Aws):
    """The web ACL made from the config's managed groups and rate limit guards the load balancer."""
    p = deployed.p
    waf = p.config["loadBalancer"].get("waf")
    if not waf:
        pytest.skip("no WAF in this preset")
    got = aws("wafv2", "get-web-acl-for-resource", "--resource-arn", deployed.id("LoadBalancer"))["WebACL"]
    if "webAclArn" in waf:
        assert got["ARN"] == waf["webAclArn"]
        return
    groups = waf.get("managedRuleGroups", ["common", "knownBadInputs", "ipReputation"])
    rules = got["Rules"]
    managed = [r["Statement"]["ManagedRuleGroupStatement"]["Name"] for r in rules if "ManagedRuleGroupStatement" in r["Statement"]]
    assert len(managed) == len(groups)
    assert all(n.startswith("AWSManagedRules") for n in managed), managed
    rates = [r["Statement"]["RateBasedStatement"]["Limit"] for r in rules if "RateBasedStatement" in r["Statement"]]
    assert rates == ([waf["rateLimitPer5Minutes"]] if "rateLimitPer5Minutes" in waf else [])
    assert got["DefaultAction"] == {"Allow": {}}
    assert sorted(r["Priority"] for r in rules) == list(range(len(rules)))


def _moto_cloudwatch(moto) -> dict[str, list]:
    """CloudWatch's alarms and dashboards as moto holds them. The AWS CLI speaks CloudWatch's JSON protocol, which
    moto 5.2.5's server does not (NotImplementedError: Unsupported protocol [json] for service
    cloudwatch), so alarms are read from moto's own model dump, /moto-api/data.json."""
    with urllib.request.urlopen(f"{moto.endpoint}/moto-api/data.json", timeout=30) as resp:
        data = json.load(resp)
    return data.get("cloudwatch", {})


def test_alarms(deployed: Deployed, aws: Aws, moto):
    """Every alarm of the template exists, notifies the stack's encrypted topic, and watches
    the physical resources of this stack."""
    p = deployed.p
    alarms = p.resources("AWS::CloudWatch::Alarm")
    if not alarms:
        pytest.skip("no alarms in this preset")
    topic = deployed.id("AlarmTopic")
    attrs = aws("sns", "get-topic-attributes", "--topic-arn", topic)["Attributes"]
    assert attrs["KmsMasterKeyId"] == deployed.id("AlarmTopicKey")
    names = [deployed.id(logical) for logical in alarms]
    cloudwatch = _moto_cloudwatch(moto)
    got = {a["name"]: a for a in cloudwatch.get("Alarm", []) if a["name"] in names}
    assert sorted(got) == sorted(names)
    lb_full = deployed.id("LoadBalancer").split(":loadbalancer/", 1)[1]
    for logical, res in alarms.items():
        a = got[deployed.id(logical)]
        assert a["alarm_actions"] == [topic] and a["ok_actions"] == [topic], logical
        # moto's dump leaves out dimensions and metric-math queries (objects it cannot write);
        # the dashboard below shows the same GetAtts resolved to this stack's names, and the
        # template tests check every alarm's dimensions.
        assert float(a["threshold"]) == float(res["Properties"]["Threshold"]), logical
    # The release alarms a service rolls back on are alarms of this stack.
    for logical, res in p.resources("AWS::ECS::Service").items():
        for ref in res["Properties"]["DeploymentConfiguration"].get("Alarms", {}).get("AlarmNames", []):
            assert deployed.id(ref["Ref"]) in got, (logical, ref)
    dashboards = {d["name"]: d for d in cloudwatch.get("Dashboard", [])}
    for logical in p.resources("AWS::CloudWatch::Dashboard"):
        body = json.loads(dashboards[deployed.id(logical)]["body"])
        assert body["widgets"][0]["properties"]["metrics"][0][3] == lb_full
        assert "${" not in json.dumps(body)


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
                   if ids["service"] and p.template["Resources"][ids["service"]]["Properties"]["DesiredCount"]["Ref"] == key)
    after = physical_ids(aws, p.stack)
    [svc] = aws("ecs", "describe-services", "--cluster", deployed.id("Cluster"), "--services", after[service])["services"]
    assert svc["desiredCount"] == new
    # everything else is as it was (the namespace, the schedules and the queues included)
    changed = {k for k in after if after[k] != deployed.ids.get(k)}
    assert changed <= {service}, f"the update replaced {sorted(changed - {service})}"
    deployed.row.status = "UPDATE_COMPLETE"
