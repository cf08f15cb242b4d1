"""Runs moto's server with twelve fixes for moto 5.2.5 gaps, so our templates are tested as AWS runs them.

Each fix makes moto do what CloudFormation does; none changes a template. Without them three presets
cannot be deployed on moto at all (seed-like presets with an ECR repository, with-database, and
worker-and-jobs), and no stack with a VPC of its own can be deleted.

1. moto names resources that have no explicit name `<stack>-<LogicalId>-<suffix>`, keeping upper case,
and then rejects that name for an ECR repository (ExecuteChangeSet -> InvalidParameterException:
"Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression
'(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*'"). CloudFormation itself lower-cases
the names it generates for `AWS::ECR::Repository` (e.g. `flask-api-flaskrepository-1a2b3c4d5e6f`),
so the templates leave `RepositoryName` out on purpose. This launcher lower-cases that one type's
generated name and changes nothing else.

2. `Fn::GetAtt [Database, MasterUserSecret.SecretArn]` (the RDS-managed master secret handed to the
   containers) fails with ExecuteChangeSet -> ValidationError: "Template error: resource Database does
   not support attribute type MasterUserSecret.SecretArn in Fn::GetAtt". moto's DBInstance knows only
   Endpoint.Address / Endpoint.Port as attributes and its CloudFormation path drops
   `ManageMasterUserPassword` (its API path, CreateDBInstance, supports both). CloudFormation documents
   the attribute for `AWS::RDS::DBInstance` with `ManageMasterUserPassword: true`. The launcher
   passes that property on to moto's own managed-secret code and answers the attribute from it, so the
   secret exists in moto's Secrets Manager with a real ARN. (Where a `Fn::Sub` names the attribute,
   `${Database.MasterUserSecret.SecretArn}`, moto splits on every dot and asks for `MasterUserSecret`;
   CloudFormation splits on the first dot; that spelling is answered the same way.)

3. `AWS::EC2::SubnetRouteTableAssociation` creates an object moto keeps aside: the subnet is not
   associated with the route table, and `aws ec2 describe-route-tables` shows no associations (so
   no subnet would have a route to its NAT or internet gateway). The launcher also associates them
   the way EC2's AssociateRouteTable does (which moto implements), so the routing can be checked.

4. Deleting a stack leaves its `AWS::EC2::RouteTable`s behind: moto's RouteTable (and
   SubnetRouteTableAssociation) has no CloudFormation delete, so the stack's VPC still holds them
   when its turn comes and DeleteStack fails with DependencyViolation: "The vpc vpc-... has
   dependencies and cannot be deleted." (moto's DeleteVpc refuses while more than the main route
   table remains). CloudFormation deletes the associations, then the tables, then the VPC. The
   launcher deletes an association by disassociating the subnet (EC2's DisassociateRouteTable) and a
   table with EC2's DeleteRouteTable, which refuses while a subnet is still associated, so the order
   stays CloudFormation's.

5. A template over 51,200 bytes is deployed from S3: `aws cloudformation deploy --s3-bucket B`
   uploads it and passes CreateChangeSet a path-style TemplateURL on the S3 client's endpoint,
   here `http://127.0.0.1:PORT/B/KEY`. moto reads a TemplateURL as path style only when its host is
   `localhost` or `s3*.amazonaws.com`; for any other host it takes the first label of the host name
   as the bucket ("127"), and CreateChangeSet fails with NoSuchBucket: "The specified bucket does
   not exist". The launcher reads a URL on 127.0.0.1 as moto reads one on localhost.

6. `AWS::ServiceDiscovery::HttpNamespace` (the Service Connect namespace) has no CloudFormation
   support in moto: it is skipped, and `Fn::GetAtt [ServiceConnectNamespace, Arn]` in the ECS
   services then fails the stack with ExecuteChangeSet -> ValidationError: "Template error:
   instance of Fn::GetAtt references undefined resource ServiceConnectNamespace". The launcher
   creates the namespace with moto's own Cloud Map (CreateHttpNamespace, which moto implements),
   answers Ref with its id and Fn::GetAtt Arn / Id as CloudFormation documents, and deletes it
   with the stack.

7. `AWS::Scheduler::Schedule` (a job's schedule) has no CloudFormation support in moto either: it
   is skipped without an error, and nothing could be read back. The launcher creates it with moto's
   own EventBridge Scheduler (CreateSchedule), named `<stack>-<LogicalId>-<suffix>` as
   CloudFormation names a schedule without `Name`, answers Ref with the name and Fn::GetAtt Arn,
   and deletes it with the stack. CloudFormation spells the target's
   `EcsParameters.NetworkConfiguration.AwsvpcConfiguration` with a capital A where the Scheduler
   API has `awsvpcConfiguration`; it is passed on in the API's spelling, as CloudFormation does.

8. `AWS::CertificateManager::Certificate` (the domain's certificate) has no CloudFormation support
   in moto: it is skipped, `Ref Certificate` then names nothing, and the HTTPS listener fails the
   stack (KeyError 'CertificateArn' in moto's ELBv2). The launcher requests it with moto's own ACM
   (RequestCertificate: domain and alternative names; moto does not model DNS validation, so the
   certificate is not waited for), answers Ref with its ARN and deletes it with the stack.

9. `AWS::WAFv2::WebACL` and `AWS::WAFv2::WebACLAssociation` are skipped by moto's CloudFormation.
   The launcher creates the web ACL with moto's own WAFv2 (CreateWebACL, named
   `<stack>-<LogicalId>-<suffix>` as CloudFormation names one without `Name`; Fn::GetAtt Arn / Id)
   and associates it with the load balancer (AssociateWebACL), so both read back.

10. `AWS::CloudWatch::Alarm` is skipped by moto's CloudFormation. The launcher puts it with moto's
   own CloudWatch (PutMetricAlarm, with its metric-math queries, named as CloudFormation names an
   alarm without `AlarmName`), answers Ref with the name, and deletes it with the stack.

11. `AWS::KMS::Key` with `Tags` (the alarm topic's key carries the user's tags) fails the stack with
   KeyError 'TagKey': moto's CloudFormation path hands CloudFormation's `Key`/`Value` tags to KMS's
   tagger, which expects the KMS API's `TagKey`/`TagValue`. The launcher passes them on in the
   API's spelling, as CloudFormation does.

12. The alarms and records name the load balancer and target groups as CloudFormation documents:
   `Fn::GetAtt [LoadBalancer, LoadBalancerFullName]` and `CanonicalHostedZoneID` raise
   NotImplementedError in moto, and a target group has no attributes at all (AttributeError
   'FakeTargetGroup' object has no attribute 'get_cfn_attribute'). The launcher answers them as
   CloudFormation does: the full names are the ARNs' tails (`app/NAME/ID`, `targetgroup/NAME/ID`),
   the zone is the region's ALB zone (AWS's published table, for the regions the tests use).

Usage: python moto_launcher.py -H 127.0.0.1 -p PORT   (the same arguments as moto_server)
"""

import sys
from urllib.parse import urlparse

import moto.cloudformation.parsing as parsing
import moto.cloudformation.responses as cfn_responses
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.core.common_models import CloudFormationModel
from moto.acm.models import acm_backends
from moto.cloudwatch.models import Dimension, Metric, MetricDataQuery, MetricStat, cloudwatch_backends
from moto.ec2.models import ec2_backends
from moto.ec2.models.route_tables import RouteTable
from moto.ec2.models.subnets import SubnetRouteTableAssociation
from moto.elbv2.models import FakeLoadBalancer, FakeTargetGroup
from moto.kms.models import Key as KmsKey
from moto.rds.models import DBInstance, MasterUserSecret
from moto.scheduler.models import scheduler_backends
from moto.servicediscovery.models import servicediscovery_backends
from moto.wafv2.models import wafv2_backends
from moto.server import main

_generate = parsing.generate_resource_name


def _generate_resource_name(resource_type: str, stack_name: str, logical_id: str) -> str:
    name = _generate(resource_type, stack_name, logical_id)
    return name.lower() if resource_type == "AWS::ECR::Repository" else name


parsing.generate_resource_name = _generate_resource_name


_create_db = DBInstance.create_from_cloudformation_json.__func__
_has_attr = DBInstance.has_cfn_attr.__func__
_get_attr = DBInstance.get_cfn_attribute


_SECRET_ATTRS = ("MasterUserSecret.SecretArn", "MasterUserSecret")


def _create_db_instance(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    database = _create_db(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    properties = cloudformation_json.get("Properties", {})
    if properties.get("ManageMasterUserPassword") and not database.manage_master_user_password:
        database.manage_master_user_password = True
        database.master_user_secret = MasterUserSecret(database, properties.get("MasterUserSecret", {}).get("KmsKeyId"))
    return database


def _has_cfn_attr(cls, attr):
    return attr in _SECRET_ATTRS or _has_attr(cls, attr)


def _get_cfn_attribute(self, attribute_name):
    # Fn::Sub `${Database.MasterUserSecret.SecretArn}` reaches here as "MasterUserSecret": moto's Sub
    # splits `${A.B.C}` on every dot and asks for B, where CloudFormation splits on the first dot only.
    if attribute_name in _SECRET_ATTRS and getattr(self, "master_user_secret", None):
        return self.master_user_secret.secret_arn
    return _get_attr(self, attribute_name)


DBInstance.create_from_cloudformation_json = classmethod(_create_db_instance)
DBInstance.has_cfn_attr = classmethod(_has_cfn_attr)
DBInstance.get_cfn_attribute = _get_cfn_attribute

_create_assoc = SubnetRouteTableAssociation.create_from_cloudformation_json.__func__


def _create_association(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    assoc = _create_assoc(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    ec2_backends[account_id][region_name].associate_route_table(assoc.route_table_id, subnet_id=assoc.subnet_id)
    return assoc


SubnetRouteTableAssociation.create_from_cloudformation_json = classmethod(_create_association)


def _delete_association(self, account_id, region_name):
    table = ec2_backends[account_id][region_name].get_route_table(self.route_table_id)
    for association_id, target in list(table._associations.items()):
        if target == self.subnet_id:
            ec2_backends[account_id][region_name].disassociate_route_table(association_id)


def _delete_route_table(self, account_id, region_name):
    ec2_backends[account_id][region_name].delete_route_table(self.id)


# moto's stack deletion calls `resource.delete(account_id, region_name)` when a resource has one
SubnetRouteTableAssociation.delete = _delete_association
RouteTable.delete = _delete_route_table

_get_stack_from_s3_url = cfn_responses.get_stack_from_s3_url


def _template_from_s3_url(template_url: str, account_id: str, partition: str) -> str:
    # path style on the server's own address: read it as moto reads http://localhost:PORT/bucket/key
    url = urlparse(template_url)
    if url.hostname == "127.0.0.1":
        template_url = url._replace(netloc=f"localhost:{url.port}").geturl()
    return _get_stack_from_s3_url(template_url, account_id, partition)


cfn_responses.get_stack_from_s3_url = _template_from_s3_url


class CfnHttpNamespace(CloudFormationModel):
    """Fix 6: AWS::ServiceDiscovery::HttpNamespace, created with Cloud Map's CreateHttpNamespace."""

    __module__ = "moto.servicediscovery.models"  # moto files its models by service, from the module name

    def __init__(self, namespace_id: str, arn: str):
        self.namespace_id = namespace_id
        self.arn = arn

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ServiceDiscovery::HttpNamespace"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in ("Arn", "Id")

    @property
    def physical_resource_id(self) -> str:
        return self.namespace_id  # Ref: the namespace id, as CloudFormation answers

    def get_cfn_attribute(self, attribute_name: str) -> str:
        if attribute_name == "Arn":
            return self.arn
        if attribute_name == "Id":
            return self.namespace_id
        raise UnformattedGetAttTemplateException()

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json.get("Properties", {})
        backend = servicediscovery_backends[account_id][region_name]
        operation = backend.create_http_namespace(
            name=props.get("Name", resource_name), creator_request_id=None,
            description=props.get("Description"), tags=props.get("Tags", []),
        )
        namespace = backend.get_namespace(backend.operations[operation].targets["NAMESPACE"])
        return cls(namespace.id, namespace.arn)

    def delete(self, account_id: str, region_name: str) -> None:
        servicediscovery_backends[account_id][region_name].delete_namespace(self.namespace_id)


def _api_shape(value):
    """Scheduler's API spells EcsParameters.NetworkConfiguration.awsvpcConfiguration with a small a;
    CloudFormation spells it AwsvpcConfiguration. Everything else has one spelling."""
    if isinstance(value, dict):
        return {("awsvpcConfiguration" if k == "AwsvpcConfiguration" else k): _api_shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_api_shape(v) for v in value]
    return value


class CfnSchedule(CloudFormationModel):
    """Fix 7: AWS::Scheduler::Schedule, created with EventBridge Scheduler's CreateSchedule."""

    __module__ = "moto.scheduler.models"

    def __init__(self, name: str, group_name: str, arn: str):
        self.name = name
        self.group_name = group_name
        self.arn = arn

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::Scheduler::Schedule"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Arn"

    @property
    def physical_resource_id(self) -> str:
        return self.name  # Ref: the schedule's name, as CloudFormation answers

    def get_cfn_attribute(self, attribute_name: str) -> str:
        if attribute_name == "Arn":
            return self.arn
        raise UnformattedGetAttTemplateException()

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json.get("Properties", {})
        schedule = scheduler_backends[account_id][region_name].create_schedule(
            description=props.get("Description"), end_date=props.get("EndDate"),
            flexible_time_window=props["FlexibleTimeWindow"], group_name=props.get("GroupName"),
            kms_key_arn=props.get("KmsKeyArn"), name=props.get("Name", resource_name),
            schedule_expression=props["ScheduleExpression"],
            schedule_expression_timezone=props.get("ScheduleExpressionTimezone"),
            start_date=props.get("StartDate"), state=props.get("State"), target=_api_shape(props["Target"]),
            action_after_completion=None,
        )
        return cls(schedule.name, schedule.group_name, schedule.arn)

    def delete(self, account_id: str, region_name: str) -> None:
        scheduler_backends[account_id][region_name].delete_schedule(self.group_name, self.name)


_create_kms_key = KmsKey.create_from_cloudformation_json.__func__


def _create_kms_key_with_api_tags(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    """Fix 11: KMS's tagger reads TagKey/TagValue; CloudFormation writes Key/Value."""
    props = cloudformation_json.get("Properties", {})
    if "Tags" in props:
        props = {**props, "Tags": [{"TagKey": t["Key"], "TagValue": t["Value"]} for t in props["Tags"]]}
        cloudformation_json = {**cloudformation_json, "Properties": props}
    return _create_kms_key(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)


KmsKey.create_from_cloudformation_json = classmethod(_create_kms_key_with_api_tags)


# Fix 12: the hosted zone of each region's application load balancers, as AWS publishes it.
ALB_ZONES = {"us-east-1": "Z35SXDOTRQ7X7K", "us-east-2": "Z3AADJGX6KTTL2", "us-west-2": "Z1H1FL5HABSF5", "eu-west-1": "Z32O12XQLNTSW2"}
_lb_attribute = FakeLoadBalancer.get_cfn_attribute


def _load_balancer_attribute(self, attribute_name: str):
    if attribute_name == "LoadBalancerFullName":
        return self.arn.split(":loadbalancer/", 1)[1]
    if attribute_name == "CanonicalHostedZoneID":
        return ALB_ZONES.get(self.arn.split(":")[3], ALB_ZONES["us-east-1"])
    return _lb_attribute(self, attribute_name)


def _target_group_attribute(self, attribute_name: str):
    if attribute_name == "TargetGroupFullName":
        return self.arn.split(":", 5)[5]
    if attribute_name == "TargetGroupArn":
        return self.arn
    raise UnformattedGetAttTemplateException()


FakeLoadBalancer.get_cfn_attribute = _load_balancer_attribute
FakeTargetGroup.get_cfn_attribute = _target_group_attribute
FakeTargetGroup.has_cfn_attr = classmethod(lambda cls, attr: attr in ("TargetGroupFullName", "TargetGroupArn"))


def _cfn_tags(props: dict) -> list[dict[str, str]]:
    return [{"Key": t["Key"], "Value": t["Value"]} for t in props.get("Tags", [])]


class CfnCertificate(CloudFormationModel):
    """Fix 8: AWS::CertificateManager::Certificate, requested with ACM's RequestCertificate."""

    __module__ = "moto.acm.models"

    def __init__(self, arn: str):
        self.arn = arn

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::CertificateManager::Certificate"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return False

    @property
    def physical_resource_id(self) -> str:
        return self.arn  # Ref: the certificate's ARN, as CloudFormation answers

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json.get("Properties", {})
        arn = acm_backends[account_id][region_name].request_certificate(
            domain_name=props["DomainName"], idempotency_token=None,
            subject_alt_names=props.get("SubjectAlternativeNames", []), tags=_cfn_tags(props),
        )
        return cls(arn)

    def delete(self, account_id: str, region_name: str) -> None:
        acm_backends[account_id][region_name].delete_certificate(self.arn)


class CfnWebAcl(CloudFormationModel):
    """Fix 9: AWS::WAFv2::WebACL, created with WAFv2's CreateWebACL."""

    __module__ = "moto.wafv2.models"

    def __init__(self, acl):
        self.acl = acl

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::WAFv2::WebACL"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in ("Arn", "Id")

    @property
    def physical_resource_id(self) -> str:
        return f"{self.acl.name}|{self.acl.id}|REGIONAL"  # Ref, as CloudFormation answers

    def get_cfn_attribute(self, attribute_name: str) -> str:
        if attribute_name == "Arn":
            return self.acl.arn
        if attribute_name == "Id":
            return self.acl.id
        raise UnformattedGetAttTemplateException()

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json.get("Properties", {})
        acl = wafv2_backends[account_id][region_name].create_web_acl(
            name=props.get("Name", resource_name), visibility_config=props["VisibilityConfig"],
            default_action=props["DefaultAction"], scope=props["Scope"],
            description=props.get("Description"), tags=_cfn_tags(props), rules=props.get("Rules", []),
            association_config=None, captcha_config=None, challenge_config=None,
            custom_response_bodies=None, token_domains=None,
        )
        return cls(acl)

    def delete(self, account_id: str, region_name: str) -> None:
        backend = wafv2_backends[account_id][region_name]
        backend.delete_web_acl(self.acl.name, "REGIONAL", self.acl.id, self.acl.lock_token)


class CfnWebAclAssociation(CloudFormationModel):
    """Fix 9: AWS::WAFv2::WebACLAssociation, made with WAFv2's AssociateWebACL."""

    __module__ = "moto.wafv2.models"

    def __init__(self, acl_arn: str, resource_arn: str):
        self.acl_arn = acl_arn
        self.resource_arn = resource_arn

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::WAFv2::WebACLAssociation"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return False

    @property
    def physical_resource_id(self) -> str:
        return f"{self.resource_arn}|{self.acl_arn}"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json.get("Properties", {})
        wafv2_backends[account_id][region_name].associate_web_acl(props["WebACLArn"], props["ResourceArn"])
        return cls(props["WebACLArn"], props["ResourceArn"])

    def delete(self, account_id: str, region_name: str) -> None:
        wafv2_backends[account_id][region_name].disassociate_web_acl(self.resource_arn)


def _queries(metrics: list[dict]) -> list:
    out = []
    for m in metrics:
        stat = m.get("MetricStat")
        metric_stat = None
        if stat:
            metric = stat["Metric"]
            dims = [Dimension(name=d["Name"], value=d["Value"]) for d in metric.get("Dimensions", [])]
            metric_stat = MetricStat(
                metric=Metric(metric_name=metric["MetricName"], namespace=metric["Namespace"], dimensions=dims),
                period=stat.get("Period"), stat=stat.get("Stat"), unit=stat.get("Unit"),
            )
        out.append(
            MetricDataQuery(
                query_id=m["Id"], label=m.get("Label"), period=m.get("Period"),
                return_data=m.get("ReturnData"), expression=m.get("Expression"), metric_stat=metric_stat,
            )
        )
    return out


class CfnAlarm(CloudFormationModel):
    """Fix 10: AWS::CloudWatch::Alarm, put with CloudWatch's PutMetricAlarm."""

    __module__ = "moto.cloudwatch.models"

    def __init__(self, name: str, arn: str):
        self.name = name
        self.arn = arn

    @staticmethod
    def cloudformation_name_type() -> str:
        return "AlarmName"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::CloudWatch::Alarm"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Arn"

    @property
    def physical_resource_id(self) -> str:
        return self.name  # Ref: the alarm's name, as CloudFormation answers

    def get_cfn_attribute(self, attribute_name: str) -> str:
        if attribute_name == "Arn":
            return self.arn
        raise UnformattedGetAttTemplateException()

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = cloudformation_json.get("Properties", {})
        name = p.get("AlarmName", resource_name)
        dims = [{"Name": d["Name"], "Value": d["Value"]} for d in p.get("Dimensions", [])]
        alarm = cloudwatch_backends[account_id][region_name].put_metric_alarm(
            name=name, namespace=p.get("Namespace"), metric_name=p.get("MetricName"),
            comparison_operator=p["ComparisonOperator"], evaluation_periods=p["EvaluationPeriods"],
            period=p.get("Period"), threshold=float(p["Threshold"]), statistic=p.get("Statistic"),
            description=p.get("AlarmDescription"), dimensions=dims, alarm_actions=p.get("AlarmActions", []),
            metric_data_queries=_queries(p["Metrics"]) if "Metrics" in p else None,
            datapoints_to_alarm=p.get("DatapointsToAlarm"), ok_actions=p.get("OKActions", []),
            treat_missing_data=p.get("TreatMissingData"), tags=_cfn_tags(p),
        )
        return cls(name, alarm.alarm_arn)

    def delete(self, account_id: str, region_name: str) -> None:
        cloudwatch_backends[account_id][region_name].delete_alarms([self.name])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
