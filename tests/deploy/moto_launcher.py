"""Runs moto's server with seven fixes for moto 5.2.5 gaps, so our templates are tested as AWS runs them.

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

Usage: python moto_launcher.py -H 127.0.0.1 -p PORT   (the same arguments as moto_server)
"""

import sys
from urllib.parse import urlparse

import moto.cloudformation.parsing as parsing
import moto.cloudformation.responses as cfn_responses
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.core.common_models import CloudFormationModel
from moto.ec2.models import ec2_backends
from moto.ec2.models.route_tables import RouteTable
from moto.ec2.models.subnets import SubnetRouteTableAssociation
from moto.rds.models import DBInstance, MasterUserSecret
from moto.scheduler.models import scheduler_backends
from moto.servicediscovery.models import servicediscovery_backends
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

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
