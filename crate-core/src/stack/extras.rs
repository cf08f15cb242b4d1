//! The optional parts: an RDS database, an S3 bucket, and an API Gateway HTTP API in front of
//! an internal load balancer.

use crate::config::{BucketAccess, Engine, Service};
use crate::template::{Expr, LogicalId, Policy, Pseudo, Resource, ResourceType as T};
use crate::{map, obj, sub};

use super::load_balancer::{deny_insecure, no_egress, public_access_block, Lb};
use super::{Ctx, Net};

/// The database's handles.
pub(crate) struct Db {
    /// The instance.
    pub instance: LogicalId,
    /// The ARN of the RDS-managed master user secret.
    pub secret: Expr,
    /// The engine's port.
    pub port: u32,
    /// Its security group.
    pub sg: LogicalId,
    /// The database created inside the instance.
    pub name: String,
}

/// The API's handles.
pub(crate) struct Api {
    /// The HTTP API.
    pub api: LogicalId,
    /// Its `$default` stage.
    pub stage: LogicalId,
}

/// What the extras hand to the services and outputs.
pub(crate) struct Extras {
    /// The database, when configured.
    pub database: Option<Db>,
    /// The bucket, when configured.
    pub bucket: Option<LogicalId>,
    /// The API, when configured.
    pub api: Option<Api>,
}

impl Extras {
    /// Adds the variables a service gets from the extras, unless the user set them already.
    pub fn inject(
        &self,
        s: &Service,
        env: &mut Vec<(String, Expr)>,
        secrets: &mut Vec<(String, Expr)>,
    ) {
        let taken = |env: &Vec<(String, Expr)>, secrets: &Vec<(String, Expr)>, k: &str| {
            env.iter().any(|(n, _)| n == k) || secrets.iter().any(|(n, _)| n == k)
        };
        if let Some(db) = &self.database {
            for (k, v) in [
                ("DB_HOST", db.instance.att("Endpoint.Address")),
                ("DB_PORT", db.instance.att("Endpoint.Port")),
                ("DB_NAME", Expr::from(db.name.clone())),
            ] {
                if !taken(env, secrets, k) {
                    env.push((k.into(), v));
                }
            }
            for (k, key) in [("DB_USERNAME", "username"), ("DB_PASSWORD", "password")] {
                if !taken(env, secrets, k) {
                    let from = match &db.secret {
                        Expr::GetAtt(id, att) => sub![(id, *att), cat!(":", key, "::")],
                        other => other.clone(),
                    };
                    secrets.push((k.into(), from));
                }
            }
        }
        if let (Some(bucket), true) = (&self.bucket, s.bucket_access != BucketAccess::None) {
            if !taken(env, secrets, "BUCKET_NAME") {
                env.push(("BUCKET_NAME".into(), bucket.r()));
            }
        }
    }
}

pub(super) fn build(ctx: &mut Ctx, net: &Net, lb: Option<&Lb>, groups: &[LogicalId]) -> Extras {
    let (config, plan) = (ctx.config, ctx.plan);
    let database = config
        .database
        .as_ref()
        .map(|db| database(ctx, net, groups, db));
    if let Some(db) = &database {
        for (i, sg) in groups.iter().enumerate() {
            let stem = &plan.stems[i];
            ctx.res(
                &cat!(stem, "ToDatabaseEgress"),
                "",
                T::SecurityGroupEgress,
                obj! {
                    "GroupId" => sg.att("GroupId"),
                    "IpProtocol" => "tcp",
                    "FromPort" => db.port,
                    "ToPort" => db.port,
                    "DestinationSecurityGroupId" => db.sg.att("GroupId"),
                    "Description" => cat!("To the database on port ", db.port),
                },
            );
        }
    }
    let bucket = config.bucket.as_ref().map(|b| {
        let mut props = obj! {
            "BucketEncryption" => obj! {
                "ServerSideEncryptionConfiguration" => vec![map! {
                    "ServerSideEncryptionByDefault" => obj! { "SSEAlgorithm" => "AES256" },
                    "BucketKeyEnabled" => true,
                }],
            },
            "PublicAccessBlockConfiguration" => public_access_block(),
            "OwnershipControls" => obj! { "Rules" => vec![map! { "ObjectOwnership" => "BucketOwnerEnforced" }] },
        };
        if b.versioning {
            props.push(("VersioningConfiguration".into(), map! { "Status" => "Enabled" }));
        }
        let bucket = ctx.add("Bucket", "", Resource::new(T::Bucket, props).retain(Policy::Retain));
        ctx.res(
            "BucketPolicy",
            "",
            T::BucketPolicy,
            obj! {
                "Bucket" => bucket.r(),
                "PolicyDocument" => obj! { "Version" => "2012-10-17", "Statement" => vec![deny_insecure(&bucket)] },
            },
        );
        bucket
    });
    // Validation refuses an API Gateway without a web service (and so without a load
    // balancer to forward to).
    let api = config
        .api_gateway
        .as_ref()
        .zip(lb)
        .map(|(a, lb)| api_gateway(ctx, net, lb, a.access_log_retention_days));
    Extras {
        database,
        bucket,
        api,
    }
}

fn database(ctx: &mut Ctx, net: &Net, groups: &[LogicalId], db: &crate::config::Database) -> Db {
    let port = match db.engine {
        Engine::Postgres => 5432,
        Engine::Mysql => 3306,
    };
    let ingress: Vec<Expr> = groups
        .iter()
        .zip(&ctx.config.services)
        .map(|(sg, s)| {
            map! {
                "IpProtocol" => "tcp",
                "FromPort" => port,
                "ToPort" => port,
                "SourceSecurityGroupId" => sg.att("GroupId"),
                "Description" => cat!("Port ", port, " from service ", s.name),
            }
        })
        .collect();
    let sg = ctx.res(
        "DatabaseSecurityGroup",
        "db",
        T::SecurityGroup,
        obj! {
            "GroupDescription" => cat!(ctx.config.name, " database: engine port from the services only"),
            "VpcId" => net.vpc.clone(),
            "SecurityGroupIngress" => ingress,
            "SecurityGroupEgress" => no_egress(),
        },
    );
    let subnets = ctx.res(
        "DatabaseSubnetGroup",
        "",
        T::DbSubnetGroup,
        obj! {
            "DBSubnetGroupDescription" => cat!(ctx.config.name, " database: private subnets"),
            "SubnetIds" => net.private_subnets.clone(),
        },
    );
    // Enhanced monitoring (OS metrics every minute) needs a role RDS can assume.
    let monitoring = ctx.res(
        "DatabaseMonitoringRole",
        "",
        T::Role,
        obj! {
            "AssumeRolePolicyDocument" => obj! {
                "Version" => "2012-10-17",
                "Statement" => vec![map! {
                    "Effect" => "Allow",
                    "Principal" => obj! { "Service" => "monitoring.rds.amazonaws.com" },
                    "Action" => "sts:AssumeRole",
                }],
            },
            "ManagedPolicyArns" => vec![sub![
                "arn:",
                Pseudo::Partition,
                ":iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
            ]],
        },
    );
    let instance = ctx.add(
        "Database",
        "",
        Resource::new(
            T::DbInstance,
            obj! {
                "Engine" => match db.engine { Engine::Postgres => "postgres", Engine::Mysql => "mysql" },
                "EngineVersion" => db.engine_version.clone(),
                "DBInstanceClass" => db.instance_class.clone(),
                "AllocatedStorage" => db.allocated_storage_gib.to_string(),
                "StorageType" => "gp3",
                "StorageEncrypted" => true,
                "MultiAZ" => db.multi_az,
                "DBName" => db.database_name.clone(),
                "MasterUsername" => db.username.clone(),
                "ManageMasterUserPassword" => true,
                "DBSubnetGroupName" => subnets.r(),
                "VPCSecurityGroups" => vec![sg.att("GroupId")],
                "PubliclyAccessible" => false,
                "BackupRetentionPeriod" => db.backup_retention_days,
                "DeletionProtection" => db.deletion_protection,
                "CopyTagsToSnapshot" => true,
                "AutoMinorVersionUpgrade" => true,
                "EnableIAMDatabaseAuthentication" => true,
                "MonitoringInterval" => 60u32,
                "MonitoringRoleArn" => monitoring.att("Arn"),
            },
        )
        .retain(Policy::Snapshot),
    );
    Db {
        name: db.database_name.clone(),
        secret: instance.att("MasterUserSecret.SecretArn"),
        instance,
        port,
        sg,
    }
}

fn api_gateway(ctx: &mut Ctx, net: &Net, lb: &Lb, retention: u32) -> Api {
    let name = &ctx.config.name;
    let port = lb.serving_port;
    let link_sg = ctx.res(
        "VpcLinkSecurityGroup",
        "vpc-link",
        T::SecurityGroup,
        obj! {
            "GroupDescription" => cat!(name, " API Gateway VPC link: to the load balancer only"),
            "VpcId" => net.vpc.clone(),
            "SecurityGroupEgress" => no_egress(),
        },
    );
    ctx.res(
        "VpcLinkToLoadBalancerEgress",
        "",
        T::SecurityGroupEgress,
        obj! {
            "GroupId" => link_sg.att("GroupId"),
            "IpProtocol" => "tcp",
            "FromPort" => port,
            "ToPort" => port,
            "DestinationSecurityGroupId" => lb.sg.att("GroupId"),
            "Description" => cat!("To the load balancer on port ", port),
        },
    );
    ctx.res(
        "LoadBalancerFromVpcLinkIngress",
        "",
        T::SecurityGroupIngress,
        obj! {
            "GroupId" => lb.sg.att("GroupId"),
            "IpProtocol" => "tcp",
            "FromPort" => port,
            "ToPort" => port,
            "SourceSecurityGroupId" => link_sg.att("GroupId"),
            "Description" => cat!("Port ", port, " from the API Gateway VPC link"),
        },
    );
    let api = ctx.res(
        "HttpApi",
        "",
        T::HttpApi,
        obj! {
            "Name" => Pseudo::StackName,
            "ProtocolType" => "HTTP",
            "Description" => cat!(name, ": HTTP API in front of the internal load balancer"),
        },
    );
    let link = ctx.res(
        "VpcLink",
        "",
        T::VpcLink,
        obj! {
            "Name" => sub![Pseudo::StackName, "-vpc-link"],
            "SubnetIds" => net.private_subnets.clone(),
            "SecurityGroupIds" => vec![link_sg.att("GroupId")],
        },
    );
    let integration = ctx.res(
        "HttpApiIntegration",
        "",
        T::ApiIntegration,
        obj! {
            "ApiId" => api.r(),
            "IntegrationType" => "HTTP_PROXY",
            "IntegrationMethod" => "ANY",
            "ConnectionType" => "VPC_LINK",
            "ConnectionId" => link.r(),
            "IntegrationUri" => lb.serving.r(),
            "PayloadFormatVersion" => "1.0",
        },
    );
    ctx.res(
        "HttpApiDefaultRoute",
        "",
        T::ApiRoute,
        obj! {
            "ApiId" => api.r(),
            "RouteKey" => "$default",
            "Target" => sub!["integrations/", &integration],
        },
    );
    let logs = ctx.res(
        "HttpApiAccessLogGroup",
        "",
        T::LogGroup,
        obj! {
            "LogGroupName" => sub!["/aws/apigateway/", Pseudo::StackName],
            "RetentionInDays" => retention,
        },
    );
    let stage = ctx.res(
        "HttpApiStage",
        "",
        T::ApiStage,
        obj! {
            "ApiId" => api.r(),
            "StageName" => "$default",
            "AutoDeploy" => true,
            "AccessLogSettings" => obj! {
                "DestinationArn" => logs.att("Arn"),
                "Format" => r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","routeKey":"$context.routeKey","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength","integrationError":"$context.integrationErrorMessage"}"#,
            },
        },
    );
    Api { api, stage }
}
