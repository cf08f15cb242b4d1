"""The `seed` preset's stack written with troposphere, timed in-process.

Builds the same 34 resources, 2 parameters and 8 outputs as
`cargo run -q --release -p fargate-stack --example generate -- --preset seed` (VPC, two public and
two private subnets, internet gateway, a NAT gateway and EIP per AZ, route tables, security groups,
internet-facing ALB with an HTTP listener and an `ip` target group, ECS cluster, Fargate task
definition and service, log group, execution and task roles, ECR repository) with troposphere's own
classes, then times building the Template plus `to_json()` over many iterations, warm.

    python seed_troposphere.py [ITERATIONS] [--check OURS.json] [--print]

--check compares resource ids and types with our template (exits 1 if they differ); --print writes
one template to stdout instead of timing.
"""

import json
import sys
import time

import troposphere
from troposphere import (
    Export,
    GetAtt,
    GetAZs,
    Join,
    Output,
    Parameter,
    Ref,
    Select,
    Sub,
    Tags,
    Template,
)
from troposphere import ec2, ecr, ecs, iam, logs
from troposphere import elasticloadbalancingv2 as elb

APP = "flask-api"
SERVICE = "flask"
VPC_CIDR = "172.31.0.0/16"
PUBLIC_CIDRS = ["172.31.0.0/24", "172.31.1.0/24"]
PRIVATE_CIDRS = ["172.31.128.0/24", "172.31.129.0/24"]
PORT = 80

ECR_LIFECYCLE = json.dumps(
    {
        "rules": [
            {
                "rulePriority": 1,
                "description": "Expire untagged images after 7 days",
                "selection": {
                    "tagStatus": "untagged",
                    "countType": "sinceImagePushed",
                    "countUnit": "days",
                    "countNumber": 7,
                },
                "action": {"type": "expire"},
            },
            {
                "rulePriority": 2,
                "description": "Keep the newest 50 images",
                "selection": {
                    "tagStatus": "any",
                    "countType": "imageCountMoreThan",
                    "countNumber": 50,
                },
                "action": {"type": "expire"},
            },
        ]
    },
    separators=(",", ":"),
)


def name_tag(suffix):
    return Tags(Name=f"{APP}-{suffix}")


def export(name):
    return Export(Sub("${AWS::StackName}-" + name))


def build_network(t):
    vpc = t.add_resource(
        ec2.VPC(
            "Vpc",
            CidrBlock=VPC_CIDR,
            EnableDnsHostnames=True,
            EnableDnsSupport=True,
            Tags=name_tag("vpc"),
        )
    )
    igw = t.add_resource(ec2.InternetGateway("InternetGateway", Tags=name_tag("igw")))
    attach = t.add_resource(
        ec2.VPCGatewayAttachment(
            "InternetGatewayAttachment", InternetGatewayId=Ref(igw), VpcId=Ref(vpc)
        )
    )

    def subnet(kind, index, cidr):
        return t.add_resource(
            ec2.Subnet(
                f"{kind.capitalize()}Subnet{index + 1}",
                VpcId=Ref(vpc),
                CidrBlock=cidr,
                AvailabilityZone=Select(index, GetAZs("")),
                MapPublicIpOnLaunch=False,
                Tags=name_tag(f"{kind}-{index + 1}"),
            )
        )

    public = [subnet("public", i, c) for i, c in enumerate(PUBLIC_CIDRS)]
    private = [subnet("private", i, c) for i, c in enumerate(PRIVATE_CIDRS)]

    public_rt = t.add_resource(
        ec2.RouteTable("PublicRouteTable", VpcId=Ref(vpc), Tags=name_tag("public"))
    )
    t.add_resource(
        ec2.Route(
            "PublicDefaultRoute",
            DependsOn=attach.title,
            RouteTableId=Ref(public_rt),
            DestinationCidrBlock="0.0.0.0/0",
            GatewayId=Ref(igw),
        )
    )
    for s in public:
        t.add_resource(
            ec2.SubnetRouteTableAssociation(
                f"{s.title}RouteTableAssociation", RouteTableId=Ref(public_rt), SubnetId=Ref(s)
            )
        )

    nats = []
    for i, s in enumerate(public, start=1):
        eip = t.add_resource(
            ec2.EIP(
                f"NatGateway{i}Eip", DependsOn=attach.title, Domain="vpc", Tags=name_tag(f"nat-{i}")
            )
        )
        nats.append(
            t.add_resource(
                ec2.NatGateway(
                    f"NatGateway{i}",
                    AllocationId=GetAtt(eip, "AllocationId"),
                    SubnetId=Ref(s),
                    Tags=name_tag(f"nat-{i}"),
                )
            )
        )
    for i, (s, nat) in enumerate(zip(private, nats), start=1):
        rt = t.add_resource(
            ec2.RouteTable(f"PrivateRouteTable{i}", VpcId=Ref(vpc), Tags=name_tag(f"private-{i}"))
        )
        t.add_resource(
            ec2.Route(
                f"PrivateDefaultRoute{i}",
                RouteTableId=Ref(rt),
                DestinationCidrBlock="0.0.0.0/0",
                NatGatewayId=Ref(nat),
            )
        )
        t.add_resource(
            ec2.SubnetRouteTableAssociation(
                f"{s.title}RouteTableAssociation", RouteTableId=Ref(rt), SubnetId=Ref(s)
            )
        )
    return vpc, attach, public, private


def build_load_balancer(t, vpc, attach, public):
    alb_sg = t.add_resource(
        ec2.SecurityGroup(
            "LoadBalancerSecurityGroup",
            GroupDescription=f"{APP} load balancer: listener ports only",
            VpcId=Ref(vpc),
            SecurityGroupIngress=[
                ec2.SecurityGroupRule(
                    IpProtocol="tcp",
                    FromPort=PORT,
                    ToPort=PORT,
                    CidrIp="0.0.0.0/0",
                    Description="HTTP from 0.0.0.0/0",
                )
            ],
            SecurityGroupEgress=[
                ec2.SecurityGroupRule(
                    IpProtocol="icmp",
                    FromPort=252,
                    ToPort=86,
                    CidrIp="255.255.255.255/32",
                    Description="No egress (placeholder rule that matches nothing)",
                )
            ],
            Tags=name_tag("alb"),
        )
    )
    alb = t.add_resource(
        elb.LoadBalancer(
            "LoadBalancer",
            DependsOn=attach.title,
            Type="application",
            Scheme="internet-facing",
            IpAddressType="ipv4",
            Subnets=[Ref(s) for s in public],
            SecurityGroups=[GetAtt(alb_sg, "GroupId")],
            LoadBalancerAttributes=[
                elb.LoadBalancerAttributes(Key="idle_timeout.timeout_seconds", Value="60"),
                elb.LoadBalancerAttributes(Key="deletion_protection.enabled", Value="false"),
                elb.LoadBalancerAttributes(
                    Key="routing.http.drop_invalid_header_fields.enabled", Value="true"
                ),
            ],
        )
    )
    tg = t.add_resource(
        elb.TargetGroup(
            "FlaskTargetGroup",
            TargetType="ip",
            Protocol="HTTP",
            ProtocolVersion="HTTP1",
            Port=PORT,
            VpcId=Ref(vpc),
            HealthCheckEnabled=True,
            HealthCheckProtocol="HTTP",
            HealthCheckPath="/",
            HealthCheckIntervalSeconds=30,
            HealthCheckTimeoutSeconds=5,
            HealthyThresholdCount=2,
            UnhealthyThresholdCount=3,
            Matcher=elb.Matcher(HttpCode="200-499"),
            TargetGroupAttributes=[
                elb.TargetGroupAttribute(Key="deregistration_delay.timeout_seconds", Value="30")
            ],
        )
    )
    listener = t.add_resource(
        elb.Listener(
            "HttpListener",
            LoadBalancerArn=Ref(alb),
            Port=PORT,
            Protocol="HTTP",
            DefaultActions=[elb.Action(Type="forward", TargetGroupArn=Ref(tg))],
        )
    )
    return alb_sg, alb, tg, listener


def assume_ecs_tasks(condition=None):
    statement = {
        "Effect": "Allow",
        "Principal": {"Service": "ecs-tasks.amazonaws.com"},
        "Action": "sts:AssumeRole",
    }
    if condition:
        statement["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [statement]}


def build_service(t, vpc, private, alb_sg, tg, listener, image_tag, desired):
    cluster = t.add_resource(
        ecs.Cluster(
            "Cluster",
            ClusterName=APP,
            ClusterSettings=[ecs.ClusterSetting(Name="containerInsights", Value="enabled")],
        )
    )
    svc_sg = t.add_resource(
        ec2.SecurityGroup(
            "FlaskSecurityGroup",
            GroupDescription=f"{APP} service {SERVICE}: container port from the load balancer only",
            VpcId=Ref(vpc),
            SecurityGroupIngress=[
                ec2.SecurityGroupRule(
                    IpProtocol="tcp",
                    FromPort=PORT,
                    ToPort=PORT,
                    SourceSecurityGroupId=GetAtt(alb_sg, "GroupId"),
                    Description=f"Port {PORT} from the load balancer",
                )
            ],
            SecurityGroupEgress=[
                ec2.SecurityGroupRule(
                    IpProtocol="tcp",
                    FromPort=443,
                    ToPort=443,
                    CidrIp="0.0.0.0/0",
                    Description="HTTPS to AWS APIs, image registries and the internet",
                )
            ],
            Tags=name_tag(SERVICE),
        )
    )
    t.add_resource(
        ec2.SecurityGroupEgress(
            "LoadBalancerToFlaskEgress",
            GroupId=GetAtt(alb_sg, "GroupId"),
            IpProtocol="tcp",
            FromPort=PORT,
            ToPort=PORT,
            DestinationSecurityGroupId=GetAtt(svc_sg, "GroupId"),
            Description=f"To service {SERVICE} on port {PORT}",
        )
    )
    exec_role = t.add_resource(
        iam.Role(
            "TaskExecutionRole",
            AssumeRolePolicyDocument=assume_ecs_tasks(),
            ManagedPolicyArns=[
                Sub(
                    "arn:${AWS::Partition}:iam::aws:policy/service-role/"
                    "AmazonECSTaskExecutionRolePolicy"
                )
            ],
        )
    )
    repo = t.add_resource(
        ecr.Repository(
            "FlaskRepository",
            ImageScanningConfiguration=ecr.ImageScanningConfiguration(ScanOnPush=True),
            ImageTagMutability="MUTABLE",
            EncryptionConfiguration=ecr.EncryptionConfiguration(EncryptionType="KMS"),
            EmptyOnDelete=True,
            LifecyclePolicy=ecr.LifecyclePolicy(LifecyclePolicyText=ECR_LIFECYCLE),
        )
    )
    log_group = t.add_resource(
        logs.LogGroup("FlaskLogGroup", LogGroupName=f"/ecs/{APP}/{SERVICE}", RetentionInDays=30)
    )
    task_role = t.add_resource(
        iam.Role(
            "FlaskTaskRole",
            AssumeRolePolicyDocument=assume_ecs_tasks(
                {
                    "ArnLike": {
                        "aws:SourceArn": Sub(
                            "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*"
                        )
                    },
                    "StringEquals": {"aws:SourceAccount": Ref("AWS::AccountId")},
                }
            ),
        )
    )
    task_def = t.add_resource(
        ecs.TaskDefinition(
            "FlaskTaskDefinition",
            Family=f"{APP}-{SERVICE}",
            Cpu="1024",
            Memory="2048",
            NetworkMode="awsvpc",
            RequiresCompatibilities=["FARGATE"],
            RuntimePlatform=ecs.RuntimePlatform(
                CpuArchitecture="X86_64", OperatingSystemFamily="LINUX"
            ),
            ExecutionRoleArn=GetAtt(exec_role, "Arn"),
            TaskRoleArn=GetAtt(task_role, "Arn"),
            ContainerDefinitions=[
                ecs.ContainerDefinition(
                    Name=SERVICE,
                    Image=Sub("${FlaskRepository.RepositoryUri}:${FlaskImageTag}"),
                    Essential=True,
                    PortMappings=[ecs.PortMapping(ContainerPort=PORT, Protocol="tcp")],
                    LogConfiguration=ecs.LogConfiguration(
                        LogDriver="awslogs",
                        Options={
                            "awslogs-group": Ref(log_group),
                            "awslogs-region": Ref("AWS::Region"),
                            "awslogs-stream-prefix": SERVICE,
                        },
                    ),
                )
            ],
        )
    )
    service = t.add_resource(
        ecs.Service(
            "FlaskService",
            DependsOn=listener.title,
            Cluster=Ref(cluster),
            TaskDefinition=Ref(task_def),
            DesiredCount=Ref(desired),
            LaunchType="FARGATE",
            PlatformVersion="LATEST",
            HealthCheckGracePeriodSeconds=60,
            DeploymentConfiguration=ecs.DeploymentConfiguration(
                MinimumHealthyPercent=100,
                MaximumPercent=200,
                DeploymentCircuitBreaker=ecs.DeploymentCircuitBreaker(Enable=True, Rollback=True),
            ),
            NetworkConfiguration=ecs.NetworkConfiguration(
                AwsvpcConfiguration=ecs.AwsvpcConfiguration(
                    AssignPublicIp="DISABLED",
                    SecurityGroups=[GetAtt(svc_sg, "GroupId")],
                    Subnets=[Ref(s) for s in private],
                )
            ),
            LoadBalancers=[
                ecs.LoadBalancer(ContainerName=SERVICE, ContainerPort=PORT, TargetGroupArn=Ref(tg))
            ],
            EnableExecuteCommand=False,
            EnableECSManagedTags=True,
            PropagateTags="SERVICE",
        )
    )
    return cluster, service, repo


def build_template():
    t = Template()
    t.set_version("2010-09-09")
    t.set_description(f"{APP}: Fargate service behind an ALB in its own VPC (troposphere)")
    image_tag = t.add_parameter(
        Parameter(
            "FlaskImageTag",
            Type="String",
            Description="Tag of the image of service flask in its ECR repository.",
            Default="latest",
            AllowedPattern="^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$",
        )
    )
    desired = t.add_parameter(
        Parameter(
            "FlaskDesiredCount",
            Type="Number",
            Description="How many tasks of service flask to run.",
            Default="2",
            MinValue=0,
            MaxValue=1000,
        )
    )
    vpc, attach, public, private = build_network(t)
    alb_sg, alb, tg, listener = build_load_balancer(t, vpc, attach, public)
    cluster, service, repo = build_service(t, vpc, private, alb_sg, tg, listener, image_tag, desired)

    t.add_output(
        [
            Output(
                "Url",
                Description="Where the app answers.",
                Value=Sub("http://${LoadBalancer.DNSName}"),
                Export=export("Url"),
            ),
            Output(
                "LoadBalancerDnsName",
                Description="DNS name of the load balancer (point a CNAME or alias here).",
                Value=GetAtt(alb, "DNSName"),
                Export=export("LoadBalancerDnsName"),
            ),
            Output(
                "ClusterName",
                Description="The ECS cluster.",
                Value=Ref(cluster),
                Export=export("ClusterName"),
            ),
            Output(
                "FlaskServiceName",
                Description="ECS service name of flask.",
                Value=GetAtt(service, "Name"),
                Export=export("FlaskServiceName"),
            ),
            Output(
                "FlaskRepositoryUri",
                Description="ECR repository to push the flask image to.",
                Value=GetAtt(repo, "RepositoryUri"),
                Export=export("FlaskRepositoryUri"),
            ),
            Output("VpcId", Description="The VPC.", Value=Ref(vpc), Export=export("VpcId")),
            Output(
                "PublicSubnetIds",
                Description="Public subnets, comma-separated.",
                Value=Join(",", [Ref(s) for s in public]),
                Export=export("PublicSubnetIds"),
            ),
            Output(
                "PrivateSubnetIds",
                Description="Private subnets, comma-separated.",
                Value=Join(",", [Ref(s) for s in private]),
                Export=export("PrivateSubnetIds"),
            ),
        ]
    )
    return t


def check(ours_path, template_json):
    ours = json.load(open(ours_path))
    theirs = json.loads(template_json)
    a = {k: v["Type"] for k, v in ours["Resources"].items()}
    b = {k: v["Type"] for k, v in theirs["Resources"].items()}
    if a != b:
        print(f"resources differ: only ours {sorted(set(a) - set(b))}, "
              f"only troposphere {sorted(set(b) - set(a))}", file=sys.stderr)
        return False
    same_props = sum(
        1 for k in a if ours["Resources"][k].get("Properties") == theirs["Resources"][k].get("Properties")
    )
    print(f"troposphere: same {len(a)} resource ids and types as ours; "
          f"{same_props}/{len(a)} with identical Properties")
    return True


def main(argv):
    iterations = 300
    ours = None
    args = list(argv)
    if "--print" in args:
        print(build_template().to_json())
        return 0
    if "--check" in args:
        i = args.index("--check")
        ours = args[i + 1]
        del args[i : i + 2]
    if args:
        iterations = int(args[0])

    out = build_template().to_json()
    if ours is not None and not check(ours, out):
        return 1
    # Warm up (imports are already done; this fills caches and lets the allocator settle).
    for _ in range(max(1, iterations // 10)):
        build_template().to_json()
    start = time.perf_counter()
    for _ in range(iterations):
        build_template().to_json()
    per = (time.perf_counter() - start) / iterations
    print(
        f"troposphere {troposphere.__version__} build+to_json(seed): {per * 1e6:.1f} µs per template "
        f"({iterations} iterations, {len(out)} bytes, Python {sys.version.split()[0]})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
