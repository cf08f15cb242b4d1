//! The ECS side: cluster, roles, repositories, and per service its security group, log
//! group, task definition, service and autoscaling.

use std::borrow::Cow;

use crate::config::{
    call_variable, BucketAccess, Config, CpuArchitecture, NatGateways, Protocol, Service,
    ServiceKind, Sidecar,
};
use crate::template::{Expr, LogicalId, Obj, Parameter, Pseudo, Resource, ResourceType as T};
use crate::validate::secret_resource_arn;
use crate::{map, obj, sub};

use super::extras::Extras;
use super::load_balancer::Lb;
use super::worker::WorkerQueue;
use super::{literal, Ctx, Net};

/// Stack-wide ECS resources.
pub(crate) struct Shared {
    /// The cluster.
    pub cluster: LogicalId,
    /// The Cloud Map namespace of Service Connect, when a service calls a web or backend one.
    pub namespace: Option<LogicalId>,
}

/// What each service produced, for the outputs.
pub(crate) struct Built {
    /// The ECS service (`None` for a job).
    pub service: Option<LogicalId>,
    /// Its ECR repository, when it has no image of its own.
    pub repository: Option<LogicalId>,
    /// A job's schedule.
    pub schedule: Option<LogicalId>,
    /// A job's dead-letter queue of failed invocations.
    pub dead_letter: Option<LogicalId>,
}

/// What the services are built from.
pub(crate) struct Inputs<'a> {
    pub net: &'a Net,
    pub lb: Option<&'a Lb>,
    pub shared: &'a Shared,
    pub groups: &'a [LogicalId],
    pub extras: &'a Extras,
    pub queues: &'a [Option<WorkerQueue>],
    /// Per service: the alarms that roll its deployments back (empty for none).
    pub release_alarms: &'a [Vec<LogicalId>],
}

pub(super) fn shared(ctx: &mut Ctx) -> Shared {
    let mut props = obj! {
        // Named after the stack, not the app: one template deploys as many stacks (staging,
        // production) in one region, and CloudFormation can replace it without a name clash.
        "ClusterName" => Pseudo::StackName,
        "ClusterSettings" => vec![map! { "Name" => "containerInsights", "Value" => "enabled" }],
    };
    if ctx.config.services.iter().any(|s| s.spot.is_some()) {
        props.push((
            "CapacityProviders".into(),
            Expr::List(vec!["FARGATE".into(), "FARGATE_SPOT".into()]),
        ));
        props.push((
            "DefaultCapacityProviderStrategy".into(),
            Expr::List(vec![
                map! { "CapacityProvider" => "FARGATE", "Weight" => 1u32 },
            ]),
        ));
    }
    let cluster = ctx.res("Cluster", "", T::Cluster, props);
    let namespace = super::calls::uses_service_connect(ctx.config).then(|| {
        ctx.res(
            "ServiceConnectNamespace",
            "",
            T::HttpNamespace,
            obj! {
                // Named after the stack, like the cluster: one template, many stacks.
                "Name" => Pseudo::StackName,
                "Description" => cat!(ctx.config.name, ": Service Connect names of the services"),
            },
        )
    });
    Shared { cluster, namespace }
}

/// One security group per service: a web service admits only the load balancer on its
/// container port (and the load balancer gets the matching egress rule); the others admit
/// nothing here (callers are added by `calls`). Every group may reach HTTPS, plus the extra
/// egress rules of its service.
pub(super) fn security_groups(ctx: &mut Ctx, net: &Net, lb: Option<&Lb>) -> Vec<LogicalId> {
    let mut groups = Vec::with_capacity(ctx.config.services.len());
    let (config, plan) = (ctx.config, ctx.plan);
    for (i, s) in config.services.iter().enumerate() {
        let stem = &plan.stems[i];
        let port = s.container_port;
        let web_lb = lb.filter(|_| s.kind == ServiceKind::Web);
        let what = match (s.kind, web_lb) {
            (ServiceKind::Web, Some(_)) => ": container port from the load balancer only",
            (ServiceKind::Backend, _) => ": container port from its callers only",
            _ => ": no inbound traffic",
        };
        let mut egress = vec![map! {
            "IpProtocol" => "tcp",
            "FromPort" => 443u32,
            "ToPort" => 443u32,
            "CidrIp" => "0.0.0.0/0",
            "Description" => "HTTPS to AWS APIs, image registries and the internet",
        }];
        for rule in &s.egress {
            let (from, to) = match rule.port {
                Some(p) => (p, p),
                None => (rule.from_port.unwrap_or(0), rule.to_port.unwrap_or(0)),
            };
            let description = if rule.description.is_empty() {
                cat!("Extra egress to ", rule.cidr)
            } else {
                rule.description.clone()
            };
            egress.push(map! {
                "IpProtocol" => match rule.protocol { Protocol::Tcp => "tcp", Protocol::Udp => "udp" },
                "FromPort" => from,
                "ToPort" => to,
                "CidrIp" => rule.cidr.clone(),
                "Description" => description,
            });
        }
        let mut props = obj! {
            "GroupDescription" => cat!(ctx.config.name, " service ", s.name, what),
            "VpcId" => net.vpc.clone(),
        };
        if let Some(lb) = web_lb {
            props.push((
                "SecurityGroupIngress".into(),
                Expr::List(vec![map! {
                    "IpProtocol" => "tcp",
                    "FromPort" => port,
                    "ToPort" => port,
                    "SourceSecurityGroupId" => lb.sg.att("GroupId"),
                    "Description" => cat!("Port ", port, " from the load balancer"),
                }]),
            ));
        }
        props.push(("SecurityGroupEgress".into(), Expr::List(egress)));
        let sg = ctx.res(
            &cat!(stem, "SecurityGroup"),
            &s.name,
            T::SecurityGroup,
            props,
        );
        if let Some(lb) = web_lb {
            ctx.res(
                &cat!("LoadBalancerTo", stem, "Egress"),
                "",
                T::SecurityGroupEgress,
                obj! {
                    "GroupId" => lb.sg.att("GroupId"),
                    "IpProtocol" => "tcp",
                    "FromPort" => port,
                    "ToPort" => port,
                    "DestinationSecurityGroupId" => sg.att("GroupId"),
                    "Description" => cat!("To service ", s.name, " on port ", port),
                },
            );
        }
        groups.push(sg);
    }
    groups
}

pub(super) fn build_all(ctx: &mut Ctx, inputs: &Inputs) -> Vec<Built> {
    let execution_role = execution_role(ctx, inputs.extras);
    let config = ctx.config;
    config
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| one(ctx, i, s, inputs, &execution_role))
        .collect()
}

fn assume_role(with_source_condition: bool) -> Expr {
    let mut statement = obj! {
        "Effect" => "Allow",
        "Principal" => obj! { "Service" => "ecs-tasks.amazonaws.com" },
        "Action" => "sts:AssumeRole",
    };
    if with_source_condition {
        // Only ECS tasks of this account may assume the role (confused-deputy protection).
        statement.push((
            "Condition".into(),
            map! {
                "ArnLike" => obj! { "aws:SourceArn" => sub!["arn:", Pseudo::Partition, ":ecs:", Pseudo::Region, ":", Pseudo::AccountId, ":*"] },
                "StringEquals" => obj! { "aws:SourceAccount" => Pseudo::AccountId },
            },
        ));
    }
    map! { "Version" => "2012-10-17", "Statement" => vec![Expr::Map(statement)] }
}

/// The shared execution role: AWS's managed execution policy plus reads of exactly the
/// secrets the containers name.
fn execution_role(ctx: &mut Ctx, extras: &Extras) -> LogicalId {
    let mut sm: Vec<Expr> = Vec::new();
    let mut ssm: Vec<Expr> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for s in &ctx.config.services {
        let sidecar_secrets = s.sidecars.iter().flat_map(|sc| sc.secrets.values());
        for arn in s.secrets.values().chain(sidecar_secrets) {
            if let Some(resource) = secret_resource_arn(arn) {
                if seen.contains(&resource) {
                    continue;
                }
                seen.push(resource);
                if resource.split(':').nth(2) == Some("ssm") {
                    ssm.push(Expr::from(resource.to_owned()));
                } else {
                    sm.push(Expr::from(resource.to_owned()));
                }
            }
        }
    }
    if let Some(db) = &extras.database {
        sm.push(db.secret.clone());
    }
    let mut statements = Vec::new();
    if !sm.is_empty() {
        statements.push(map! {
            "Sid" => "ReadSecrets",
            "Effect" => "Allow",
            "Action" => "secretsmanager:GetSecretValue",
            "Resource" => sm,
        });
    }
    if !ssm.is_empty() {
        statements.push(map! {
            "Sid" => "ReadParameters",
            "Effect" => "Allow",
            "Action" => "ssm:GetParameters",
            "Resource" => ssm,
        });
    }
    let mut props = obj! {
        "AssumeRolePolicyDocument" => assume_role(false),
        "ManagedPolicyArns" => vec![sub!["arn:", Pseudo::Partition, ":iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]],
    };
    if !statements.is_empty() {
        props.push((
            "Policies".into(),
            Expr::List(vec![map! {
                "PolicyName" => "read-secrets",
                "PolicyDocument" => obj! { "Version" => "2012-10-17", "Statement" => statements },
            }]),
        ));
    }
    ctx.res("TaskExecutionRole", "", T::Role, props)
}

fn one(ctx: &mut Ctx, i: usize, s: &Service, inputs: &Inputs, execution_role: &LogicalId) -> Built {
    let (net, shared, extras) = (inputs.net, inputs.shared, inputs.extras);
    let sg = &inputs.groups[i];
    let (config, plan) = (ctx.config, ctx.plan);
    let stem = &plan.stems[i];
    let group: Cow<'static, str> = if config.services.len() == 1 {
        "Service".into()
    } else {
        cat!("Service ", s.name).into()
    };

    let (image, repository) = match &s.image {
        Some(image) => {
            let p = ctx.param(
                &cat!(stem, "Image"),
                Parameter {
                    kind: "String",
                    description: cat!("Container image of service ", s.name, ".").into(),
                    default: Some(image.clone()),
                    constraints: obj! { "MinLength" => 1u32 },
                    label: cat!(s.name, " image").into(),
                    group: group.clone(),
                },
            );
            (p.r(), None)
        }
        None => {
            let repo = ctx.res(
                &cat!(stem, "Repository"),
                &s.name,
                T::Repository,
                obj! {
                    "ImageScanningConfiguration" => obj! { "ScanOnPush" => true },
                    "ImageTagMutability" => "MUTABLE",
                    // KMS with no key named uses the AWS-managed aws/ecr key: encrypted with a
                    // key AWS audits, nothing to create or pay for.
                    "EncryptionConfiguration" => obj! { "EncryptionType" => "KMS" },
                    "EmptyOnDelete" => true,
                    "LifecyclePolicy" => obj! {
                        "LifecyclePolicyText" => LIFECYCLE_POLICY,
                    },
                },
            );
            let tag = ctx.param(
                &cat!(stem, "ImageTag"),
                Parameter {
                    kind: "String",
                    description: format!(
                        "Tag of the image of service {} in its ECR repository.",
                        s.name
                    )
                    .into(),
                    default: Some("latest".into()),
                    constraints: obj! { "AllowedPattern" => "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$" },
                    label: cat!(s.name, " image tag").into(),
                    group: group.clone(),
                },
            );
            (sub![(&repo, "RepositoryUri"), ":", &tag], Some(repo))
        }
    };
    let desired = s.kind.has_service().then(|| {
        ctx.param(
            &cat!(stem, "DesiredCount"),
            Parameter {
                kind: "Number",
                description: cat!("How many tasks of service ", s.name, " to run.").into(),
                default: Some(s.desired_count.to_string()),
                constraints: obj! { "MinValue" => 0u32, "MaxValue" => 1000u32 },
                label: cat!(s.name, " task count").into(),
                group,
            },
        )
    });

    let log_group = ctx.res(
        &cat!(stem, "LogGroup"),
        &s.name,
        T::LogGroup,
        obj! {
            "LogGroupName" => sub!["/ecs/", Pseudo::StackName, "/", s.name.clone()],
            "RetentionInDays" => s.log_retention_days,
        },
    );

    let task_role = task_role(ctx, i, stem, s, extras, inputs.queues);

    let mut environment: Vec<(String, Expr)> = s
        .environment
        .iter()
        .map(|(k, v)| (k.clone(), literal(v)))
        .collect();
    let mut secrets: Vec<(String, Expr)> = s
        .secrets
        .iter()
        .map(|(k, v)| (k.clone(), Expr::from(v.clone())))
        .collect();
    extras.inject(s, &mut environment, &mut secrets);
    connections(
        config,
        s,
        inputs.queues.get(i).and_then(Option::as_ref),
        inputs.queues,
        &mut environment,
        &secrets,
    );
    crate::order::sort_by(&mut environment, |a, b| a.0.cmp(&b.0));
    crate::order::sort_by(&mut secrets, |a, b| a.0.cmp(&b.0));

    let called = super::calls::is_called(config, i);
    let mut container = obj! {
        "Name" => s.name.clone(),
        "Image" => image,
        "Essential" => true,
    };
    if s.kind.listens() {
        let mut mapping = obj! { "ContainerPort" => s.container_port, "Protocol" => "tcp" };
        if called {
            // Service Connect finds the port by this name.
            mapping.push(("Name".into(), Expr::from(s.name.clone())));
            mapping.push(("AppProtocol".into(), Expr::from("http")));
        }
        container.push(("PortMappings".into(), Expr::List(vec![Expr::Map(mapping)])));
    }
    container.extend(obj! {
        "LogConfiguration" => obj! {
            "LogDriver" => "awslogs",
            "Options" => obj! {
                "awslogs-group" => log_group.r(),
                "awslogs-region" => Pseudo::Region,
                "awslogs-stream-prefix" => s.name.clone(),
            },
        },
    });
    if !environment.is_empty() {
        container.push((
            "Environment".into(),
            Expr::List(
                environment
                    .into_iter()
                    .map(|(k, v)| map! { "Name" => k, "Value" => v })
                    .collect(),
            ),
        ));
    }
    if !secrets.is_empty() {
        container.push((
            "Secrets".into(),
            Expr::List(
                secrets
                    .into_iter()
                    .map(|(k, v)| map! { "Name" => k, "ValueFrom" => v })
                    .collect(),
            ),
        ));
    }
    if !s.command.is_empty() {
        container.push((
            "Command".into(),
            Expr::List(s.command.iter().map(|c| literal(c)).collect()),
        ));
    }
    if let Some(hc) = &s.container_health_check {
        container.push((
            "HealthCheck".into(),
            map! {
                "Command" => Expr::List(hc.command.iter().map(|c| literal(c)).collect()),
                "Interval" => hc.interval_seconds,
                "Timeout" => hc.timeout_seconds,
                "Retries" => hc.retries,
                "StartPeriod" => hc.start_period_seconds,
            },
        ));
    }

    let starts_first: Vec<Expr> = s
        .sidecars
        .iter()
        .filter(|sc| sc.start_before_main)
        .map(|sc| map! { "ContainerName" => sc.name.clone(), "Condition" => "START" })
        .collect();
    if !starts_first.is_empty() {
        container.push(("DependsOn".into(), Expr::List(starts_first)));
    }
    let mut containers = vec![Expr::Map(container)];
    containers.extend(s.sidecars.iter().map(|sc| sidecar(sc, &log_group)));

    let mut td_props = obj! {
        "Family" => sub![Pseudo::StackName, "-", s.name.clone()],
        "Cpu" => s.cpu.to_string(),
        "Memory" => s.memory.to_string(),
        "NetworkMode" => "awsvpc",
        "RequiresCompatibilities" => vec![Expr::from("FARGATE")],
        "RuntimePlatform" => obj! {
            "CpuArchitecture" => match s.cpu_architecture {
                CpuArchitecture::X86_64 => "X86_64",
                CpuArchitecture::Arm64 => "ARM64",
            },
            "OperatingSystemFamily" => "LINUX",
        },
        "ExecutionRoleArn" => execution_role.att("Arn"),
        "TaskRoleArn" => task_role.att("Arn"),
        "ContainerDefinitions" => containers,
    };
    if let Some(gib) = s.ephemeral_storage_gib {
        td_props.push(("EphemeralStorage".into(), map! { "SizeInGiB" => gib }));
    }
    let task_definition = ctx.res(
        &cat!(stem, "TaskDefinition"),
        &s.name,
        T::TaskDefinition,
        td_props,
    );

    let Some(desired) = desired else {
        // A job: no ECS service; EventBridge Scheduler runs the task definition.
        let scheduled = super::job::schedule(
            ctx,
            net,
            shared,
            &super::job::JobTask {
                stem,
                service: s,
                task_definition: &task_definition,
                execution_role,
                task_role: &task_role,
                security_group: sg,
            },
        );
        return Built {
            service: None,
            repository,
            schedule: Some(scheduled.schedule),
            dead_letter: Some(scheduled.dead_letter),
        };
    };
    let web = inputs.lb.filter(|_| s.kind == ServiceKind::Web);
    let public_tasks = ctx.config.network.nat_gateways == NatGateways::None;
    let mut props: Obj = obj! {
        "Cluster" => shared.cluster.r(),
        "TaskDefinition" => task_definition.r(),
        "DesiredCount" => desired.r(),
    };
    match &s.spot {
        Some(spot) => props.push((
            "CapacityProviderStrategy".into(),
            Expr::List(vec![
                map! { "CapacityProvider" => "FARGATE", "Base" => spot.on_demand_base, "Weight" => spot.on_demand_weight },
                map! { "CapacityProvider" => "FARGATE_SPOT", "Weight" => spot.spot_weight },
            ]),
        )),
        None => props.push(("LaunchType".into(), Expr::from("FARGATE"))),
    }
    props.push(("PlatformVersion".into(), Expr::from("LATEST")));
    if web.is_some() {
        // Only valid for a service behind a load balancer.
        props.push((
            "HealthCheckGracePeriodSeconds".into(),
            Expr::from(s.health_check.grace_period_seconds),
        ));
    }
    let mut deployment = obj! {
        "MinimumHealthyPercent" => s.deployment.min_healthy_percent,
        "MaximumPercent" => s.deployment.max_percent,
        "DeploymentCircuitBreaker" => obj! {
            "Enable" => s.deployment.circuit_breaker,
            "Rollback" => s.deployment.circuit_breaker,
        },
    };
    // Beside the circuit breaker (tasks that fail to start), the service's own alarms roll
    // back a release that starts but serves errors.
    if let Some(alarms) = inputs.release_alarms.get(i).filter(|a| !a.is_empty()) {
        deployment.push((
            "Alarms".into(),
            map! {
                "AlarmNames" => alarms.iter().map(LogicalId::r).collect::<Vec<_>>(),
                "Enable" => true,
                "Rollback" => true,
            },
        ));
    }
    props.extend(obj! {
        "DeploymentConfiguration" => deployment,
        "NetworkConfiguration" => obj! {
            "AwsvpcConfiguration" => obj! {
                "AssignPublicIp" => if public_tasks { "ENABLED" } else { "DISABLED" },
                "SecurityGroups" => vec![sg.att("GroupId")],
                "Subnets" => if public_tasks { net.public_subnets.clone() } else { net.private_subnets.clone() },
            },
        },
    });
    let mut depends: Vec<LogicalId> = Vec::new();
    if let Some((lb, tg)) = web.and_then(|lb| Some((lb, lb.target_groups[i].as_ref()?))) {
        props.push((
            "LoadBalancers".into(),
            Expr::List(vec![map! {
                // Must be the container's name, or ECS cannot register the tasks.
                "ContainerName" => s.name.clone(),
                "ContainerPort" => s.container_port,
                "TargetGroupArn" => tg.r(),
            }]),
        ));
        // The target group must be attached to the load balancer (by a listener or rule)
        // before ECS can register tasks in it.
        depends.extend(lb.listeners.iter().cloned());
        if let Some(rule) = &lb.rules[i] {
            depends.push(rule.clone());
        }
    }
    if let Some(connect) = service_connect(config, i, s, shared) {
        props.push(("ServiceConnectConfiguration".into(), connect));
    }
    props.extend(obj! {
        "EnableExecuteCommand" => s.ecs_exec,
        "EnableECSManagedTags" => true,
        "PropagateTags" => "SERVICE",
    });
    let service = ctx.add(
        &cat!(stem, "Service"),
        &s.name,
        Resource::new(T::Service, props).depends_on(depends),
    );

    if let Some(a) = &s.auto_scaling {
        scaling(ctx, stem, s, a, shared, &service, inputs, i);
    }
    Built {
        service: Some(service),
        repository,
        schedule: None,
        dead_letter: None,
    }
}

/// A sidecar container: logs to the service's group under its own stream prefix; its port is
/// reached by the main container on localhost (awsvpc tasks share one network namespace).
fn sidecar(sc: &Sidecar, log_group: &LogicalId) -> Expr {
    let mut c = obj! {
        "Name" => sc.name.clone(),
        "Image" => literal(&sc.image),
        "Essential" => sc.essential,
    };
    if let Some(cpu) = sc.cpu {
        c.push(("Cpu".into(), Expr::from(cpu)));
    }
    if let Some(memory) = sc.memory {
        c.push(("Memory".into(), Expr::from(memory)));
    }
    if let Some(port) = sc.container_port {
        c.push((
            "PortMappings".into(),
            Expr::List(vec![map! { "ContainerPort" => port, "Protocol" => "tcp" }]),
        ));
    }
    c.push((
        "LogConfiguration".into(),
        map! {
            "LogDriver" => "awslogs",
            "Options" => obj! {
                "awslogs-group" => log_group.r(),
                "awslogs-region" => Pseudo::Region,
                "awslogs-stream-prefix" => sc.name.clone(),
            },
        },
    ));
    if !sc.environment.is_empty() {
        c.push((
            "Environment".into(),
            Expr::List(
                sc.environment
                    .iter()
                    .map(|(k, v)| map! { "Name" => k.clone(), "Value" => literal(v) })
                    .collect(),
            ),
        ));
    }
    if !sc.secrets.is_empty() {
        c.push((
            "Secrets".into(),
            Expr::List(
                sc.secrets
                    .iter()
                    .map(|(k, v)| map! { "Name" => k.clone(), "ValueFrom" => v.clone() })
                    .collect(),
            ),
        ));
    }
    if !sc.command.is_empty() {
        c.push((
            "Command".into(),
            Expr::List(sc.command.iter().map(|a| literal(a)).collect()),
        ));
    }
    Expr::Map(c)
}

/// The variables of what a service is connected to, unless the user set them already: its own
/// queue (`QUEUE_URL`), the services it calls (`<NAME>_URL`) and the workers it sends to
/// (`<NAME>_QUEUE_URL`).
fn connections(
    config: &Config,
    s: &Service,
    own: Option<&WorkerQueue>,
    queues: &[Option<WorkerQueue>],
    env: &mut Vec<(String, Expr)>,
    secrets: &[(String, Expr)],
) {
    let add = |env: &mut Vec<(String, Expr)>, key: String, value: Expr| {
        let taken = env.iter().any(|(k, _)| *k == key) || secrets.iter().any(|(k, _)| *k == key);
        if !taken {
            env.push((key, value));
        }
    };
    if let Some(q) = own {
        add(env, "QUEUE_URL".into(), q.queue.r());
    }
    for (_, callee) in super::calls::connect_callees(config, s) {
        let url = cat!("http://", callee.name, ":", callee.container_port);
        add(
            env,
            call_variable(&callee.name, callee.kind),
            Expr::from(url),
        );
    }
    for (j, callee) in super::calls::worker_callees(config, s) {
        if let Some(Some(q)) = queues.get(j) {
            add(env, call_variable(&callee.name, callee.kind), q.queue.r());
        }
    }
}

/// Service Connect: a called service publishes its port under its name; a caller joins the
/// namespace as a client. `None` when the service takes no part.
fn service_connect(config: &Config, i: usize, s: &Service, shared: &Shared) -> Option<Expr> {
    let namespace = shared.namespace.as_ref()?;
    let called = super::calls::is_called(config, i);
    let calls = super::calls::connect_callees(config, s).next().is_some();
    if !called && !calls {
        return None;
    }
    let mut connect = obj! {
        "Enabled" => true,
        "Namespace" => namespace.att("Arn"),
    };
    if called {
        connect.push((
            "Services".into(),
            Expr::List(vec![map! {
                "PortName" => s.name.clone(),
                "DiscoveryName" => s.name.clone(),
                "ClientAliases" => vec![map! { "Port" => s.container_port, "DnsName" => s.name.clone() }],
            }]),
        ));
    }
    Some(Expr::Map(connect))
}

const LIFECYCLE_POLICY: &str = r#"{"rules":[{"rulePriority":1,"description":"Expire untagged images after 7 days","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":7},"action":{"type":"expire"}},{"rulePriority":2,"description":"Keep the newest 50 images","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":50},"action":{"type":"expire"}}]}"#;

fn task_role(
    ctx: &mut Ctx,
    i: usize,
    stem: &str,
    s: &Service,
    extras: &Extras,
    queues: &[Option<WorkerQueue>],
) -> LogicalId {
    let mut statements = Vec::new();
    if s.ecs_exec {
        // ECS Exec opens an SSM session from the task; these actions take no resource ARN.
        statements.push(map! {
            "Sid" => "EcsExec",
            "Effect" => "Allow",
            "Action" => vec![
                Expr::from("ssmmessages:CreateControlChannel"),
                Expr::from("ssmmessages:CreateDataChannel"),
                Expr::from("ssmmessages:OpenControlChannel"),
                Expr::from("ssmmessages:OpenDataChannel"),
            ],
            "Resource" => "*",
        });
    }
    if let (Some(bucket), access) = (&extras.bucket, s.bucket_access) {
        let objects = sub![(bucket, "Arn"), "/*"];
        match access {
            BucketAccess::None => {}
            BucketAccess::Read | BucketAccess::ReadWrite => {
                statements.push(map! {
                    "Sid" => "ListBucket",
                    "Effect" => "Allow",
                    "Action" => "s3:ListBucket",
                    "Resource" => bucket.att("Arn"),
                });
                let mut actions = vec![Expr::from("s3:GetObject")];
                if access == BucketAccess::ReadWrite {
                    actions.push(Expr::from("s3:PutObject"));
                    actions.push(Expr::from("s3:DeleteObject"));
                }
                statements.push(map! {
                    "Sid" => "Objects",
                    "Effect" => "Allow",
                    "Action" => actions,
                    "Resource" => objects,
                });
            }
        }
    }
    if let Some(Some(q)) = queues.get(i) {
        statements.push(map! {
            "Sid" => "DrainQueue",
            "Effect" => "Allow",
            "Action" => vec![
                Expr::from("sqs:ReceiveMessage"),
                Expr::from("sqs:DeleteMessage"),
                Expr::from("sqs:ChangeMessageVisibility"),
            ],
            "Resource" => q.queue.att("Arn"),
        });
    }
    let config = ctx.config;
    for (j, _) in super::calls::worker_callees(config, s) {
        if let Some(Some(q)) = queues.get(j) {
            statements.push(map! {
                "Sid" => cat!("SendTo", ctx.plan.stems[j]),
                "Effect" => "Allow",
                "Action" => "sqs:SendMessage",
                "Resource" => q.queue.att("Arn"),
            });
        }
    }
    for (k, st) in s.task_policy_statements.iter().enumerate() {
        statements.push(map! {
            "Sid" => cat!("App", k + 1),
            "Effect" => "Allow",
            "Action" => Expr::List(st.actions.iter().map(|a| Expr::from(a.clone())).collect()),
            "Resource" => Expr::List(st.resources.iter().map(|r| literal(r)).collect()),
        });
    }
    let mut props = obj! { "AssumeRolePolicyDocument" => assume_role(true) };
    if !statements.is_empty() {
        props.push((
            Cow::Borrowed("Policies"),
            Expr::List(vec![map! {
                "PolicyName" => "task",
                "PolicyDocument" => obj! { "Version" => "2012-10-17", "Statement" => statements },
            }]),
        ));
    }
    ctx.res(&cat!(stem, "TaskRole"), &s.name, T::Role, props)
}

#[allow(clippy::too_many_arguments)]
fn scaling(
    ctx: &mut Ctx,
    stem: &str,
    s: &Service,
    a: &crate::config::AutoScaling,
    shared: &Shared,
    service: &LogicalId,
    inputs: &Inputs,
    i: usize,
) {
    let target = ctx.res(
        &cat!(stem, "ScalableTarget"),
        "",
        T::ScalableTarget,
        obj! {
            "ServiceNamespace" => "ecs",
            "ScalableDimension" => "ecs:service:DesiredCount",
            "ResourceId" => sub!["service/", &shared.cluster, "/", (service, "Name")],
            "MinCapacity" => a.min_count,
            "MaxCapacity" => a.max_count,
        },
    );
    if let Some(Some(queue)) = inputs.queues.get(i) {
        super::worker::backlog_policy(ctx, stem, &s.name, a, &target, shared, service, queue);
        return;
    }
    let policy = |ctx: &mut Ctx,
                  suffix: &str,
                  metric: &'static str,
                  value: u32,
                  label: Option<Expr>,
                  depends: Vec<LogicalId>| {
        let mut spec = obj! { "PredefinedMetricType" => metric };
        if let Some(label) = label {
            spec.push(("ResourceLabel".into(), label));
        }
        ctx.add(
            &cat!(stem, suffix, "Scaling"),
            "",
            Resource::new(
                T::ScalingPolicy,
                obj! {
                    "PolicyName" => sub![Pseudo::StackName, cat!("-", s.name, "-", suffix.to_ascii_lowercase())],
                    "PolicyType" => "TargetTrackingScaling",
                    "ScalingTargetId" => target.r(),
                    "TargetTrackingScalingPolicyConfiguration" => obj! {
                        "PredefinedMetricSpecification" => Expr::Map(spec),
                        "TargetValue" => value,
                        "ScaleInCooldown" => 120u32,
                        "ScaleOutCooldown" => 60u32,
                    },
                },
            )
            .depends_on(depends),
        );
    };
    if let Some(v) = a.cpu_target {
        policy(
            ctx,
            "Cpu",
            "ECSServiceAverageCPUUtilization",
            v,
            None,
            Vec::new(),
        );
    }
    if let Some(v) = a.memory_target {
        policy(
            ctx,
            "Memory",
            "ECSServiceAverageMemoryUtilization",
            v,
            None,
            Vec::new(),
        );
    }
    let web = inputs
        .lb
        .and_then(|lb| Some((lb, lb.target_groups.get(i)?.as_ref()?)));
    if let (Some(v), Some((lb, tg))) = (a.requests_per_target, web) {
        let label = sub![
            (&lb.lb, "LoadBalancerFullName"),
            "/",
            (tg, "TargetGroupFullName")
        ];
        // The metric exists only once the target group is attached by its listener or rule.
        let depends = match &lb.rules[i] {
            Some(rule) => vec![rule.clone()],
            None => vec![lb.serving.clone()],
        };
        policy(
            ctx,
            "Requests",
            "ALBRequestCountPerTarget",
            v,
            Some(label),
            depends,
        );
    }
}
