"""Runs moto's server with four fixes for moto 5.2.5 gaps, so our templates are tested as AWS runs them.

Each fix makes moto do what CloudFormation does; none changes a template. Without them two presets
cannot be deployed on moto at all (seed-like presets with an ECR repository, and with-database), and
no stack with a VPC of its own can be deleted.

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

Usage: python moto_launcher.py -H 127.0.0.1 -p PORT   (the same arguments as moto_server)
"""

import sys

import moto.cloudformation.parsing as parsing
from moto.ec2.models import ec2_backends
from moto.ec2.models.route_tables import RouteTable
from moto.ec2.models.subnets import SubnetRouteTableAssociation
from moto.rds.models import DBInstance, MasterUserSecret
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

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
