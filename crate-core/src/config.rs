//! The user's input: one JSON document, camelCase keys, every field with a default.
//!
//! These types are the public contract (the npm package, saved configs and share links depend
//! on the key names and enum spellings). They hold what the user typed, unchecked beyond JSON
//! types; [`crate::validate`] turns them into a checked plan.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// The config format version this build writes and the newest it reads.
pub const SCHEMA_VERSION: u32 = 1;

// The npm package hands configs to JS as JSON-like values (maps as plain objects, `None` as
// `null`); the `tsify(...)` options make the generated TypeScript declarations say so. A field
// left out when absent (`skip_serializing_if`) is still read from `null`, which is what the
// designer writes for a cleared field, so its declaration says `?: T | null` too.

/// A whole stack: network, load balancer, services and optional extras.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Config {
    /// Format version of this document; a newer one than this build knows is rejected.
    pub schema_version: u32,
    /// App name: `[a-z][a-z0-9-]*`, at most 24 characters. Used in resource names and `Name` tags.
    pub name: String,
    /// Extra tags put on every taggable resource.
    pub tags: BTreeMap<String, String>,
    /// Where the stack runs.
    pub network: Network,
    /// The Application Load Balancer in front of the services.
    pub load_balancer: LoadBalancer,
    /// One or more containers behind the load balancer.
    pub services: Vec<Service>,
    /// An RDS database in the private subnets, reachable only from the services.
    pub database: Option<Database>,
    /// An encrypted private S3 bucket the services may use.
    pub bucket: Option<Bucket>,
    /// An API Gateway HTTP API in front of an internal load balancer.
    pub api_gateway: Option<ApiGateway>,
    /// Your own domain: a certificate validated by DNS and alias records in its hosted zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "Domain | null", optional))]
    pub domain: Option<Domain>,
    /// CloudWatch alarms (mailed through an SNS topic), deployment rollback on them, and a
    /// dashboard.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "Alarms | null", optional))]
    pub alarms: Option<Alarms>,
}

/// Whether the stack makes its own VPC or uses one that exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum NetworkMode {
    /// A new VPC with public and private subnets.
    #[default]
    New,
    /// An existing VPC; its id and subnet ids become template parameters.
    Existing,
}

/// How private subnets reach the internet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum NatGateways {
    /// One NAT gateway per AZ: survives an AZ failure.
    #[default]
    PerAz,
    /// One NAT gateway shared by all AZs: cheaper.
    Single,
    /// No NAT: tasks run in the public subnets with public IPs (cheapest).
    None,
}

/// The VPC and its subnets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Network {
    /// `new` makes a VPC; `existing` takes VPC and subnet ids as parameters.
    pub mode: NetworkMode,
    /// The VPC's IPv4 range, `/16` to `/28`.
    pub vpc_cidr: String,
    /// How many availability zones to spread over, 2 to 6.
    pub az_count: u32,
    /// Explicit AZ names (azCount of them); empty picks the region's first ones with `Fn::GetAZs`.
    pub availability_zones: Vec<String>,
    /// Prefix length of each subnet, e.g. 24 for 256 addresses.
    pub subnet_prefix_length: u32,
    /// `perAz`, `single` or `none`.
    pub nat_gateways: NatGateways,
    /// Existing mode: the default for the VpcId parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "string | null", optional))]
    pub vpc_id: Option<String>,
    /// Existing mode: the default for the PublicSubnetIds parameter.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub public_subnet_ids: Vec<String>,
    /// Existing mode: the default for the PrivateSubnetIds parameter.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub private_subnet_ids: Vec<String>,
}

impl Default for Network {
    fn default() -> Self {
        Network {
            mode: NetworkMode::New,
            vpc_cidr: "10.0.0.0/16".into(),
            az_count: 2,
            availability_zones: Vec::new(),
            subnet_prefix_length: 24,
            nat_gateways: NatGateways::PerAz,
            vpc_id: None,
            public_subnet_ids: Vec::new(),
            private_subnet_ids: Vec::new(),
        }
    }
}

/// Who can reach the load balancer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum Scheme {
    /// Public subnets, reachable from the internet (subject to ingressCidrs).
    #[default]
    InternetFacing,
    /// Private subnets, reachable only inside the VPC.
    Internal,
}

/// The Application Load Balancer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct LoadBalancer {
    /// `internetFacing` or `internal`.
    pub scheme: Scheme,
    /// The HTTP listener's port; with a certificate it redirects to HTTPS on 443.
    pub http_port: u32,
    /// An ACM certificate ARN: adds an HTTPS listener on 443.
    pub certificate_arn: Option<String>,
    /// The HTTPS listener's TLS policy.
    pub ssl_policy: String,
    /// IPv4 ranges allowed to reach the listeners (unused with an API Gateway, whose VPC link is
    /// then the only way in).
    pub ingress_cidrs: Vec<String>,
    /// Seconds an idle connection stays open, 1 to 4000.
    pub idle_timeout_seconds: u32,
    /// Refuse to delete the load balancer until this is turned off.
    pub deletion_protection: bool,
    /// Write access logs to a new encrypted S3 bucket.
    pub access_logs: bool,
    /// A web application firewall in front of the load balancer.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "Waf | null", optional))]
    pub waf: Option<Waf>,
}

/// A regional AWS WAF web ACL on the load balancer: one made here from AWS managed rule groups
/// and a rate limit, or an existing one by its ARN.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Waf {
    /// AWS managed rule groups by short name: `common`, `knownBadInputs`, `ipReputation`,
    /// `sqli`, `linux`, `anonymousIp`; absent takes the first three.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "string[] | null", optional))]
    pub managed_rule_groups: Option<Vec<String>>,
    /// Block an IP address after this many requests in 5 minutes (100 or more); absent sets no
    /// limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "number | null", optional))]
    pub rate_limit_per5_minutes: Option<u32>,
    /// An existing regional web ACL to attach instead (a template parameter); leave the other
    /// keys out.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "string | null", optional))]
    pub web_acl_arn: Option<String>,
}

/// The rule groups a web ACL made here gets when `managedRuleGroups` is absent.
pub const DEFAULT_RULE_GROUPS: [&str; 3] = ["common", "knownBadInputs", "ipReputation"];

impl Waf {
    /// The rule groups in force: the ones given, or the defaults.
    pub fn rule_groups(&self) -> Vec<&str> {
        match &self.managed_rule_groups {
            Some(groups) => groups.iter().map(String::as_str).collect(),
            None => DEFAULT_RULE_GROUPS.to_vec(),
        }
    }
}

/// The app's own domain in a Route 53 hosted zone of the account.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Domain {
    /// The name the app answers on, e.g. `example.com` or `app.example.com`.
    pub name: String,
    /// The Route 53 hosted zone that holds it, e.g. `Z0123456789ABCDEFGHIJ` (the default of
    /// the `HostedZoneId` parameter).
    pub hosted_zone_id: String,
}

/// Alarms on the load balancer, the services and the database, sent to an SNS topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Alarms {
    /// Where alarms are mailed (the default of the `AlarmEmail` parameter); absent sends them
    /// only to the topic.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "string | null", optional))]
    pub email: Option<String>,
    /// Alarm when this percent of the load balancer's requests fail with a 5xx, 1 to 100.
    pub alb5xx_percent: u32,
    /// Alarm when a service's average CPU stays above this percent, 1 to 100.
    pub cpu_percent: u32,
    /// Alarm when a service's average memory stays above this percent, 1 to 100.
    pub memory_percent: u32,
    /// Roll a deployment back when one of the service's own alarms fires during it.
    pub rollback_on_alarm: bool,
    /// A CloudWatch dashboard of requests, latency, errors, healthy hosts, CPU and memory.
    pub dashboard: bool,
}

impl Default for Alarms {
    fn default() -> Self {
        Alarms {
            email: None,
            alb5xx_percent: 5,
            cpu_percent: 90,
            memory_percent: 90,
            rollback_on_alarm: true,
            dashboard: true,
        }
    }
}

impl Default for LoadBalancer {
    fn default() -> Self {
        LoadBalancer {
            scheme: Scheme::InternetFacing,
            http_port: 80,
            certificate_arn: None,
            ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06".into(),
            ingress_cidrs: vec!["0.0.0.0/0".into()],
            idle_timeout_seconds: 60,
            deletion_protection: false,
            access_logs: false,
            waf: None,
        }
    }
}

/// The CPU architecture the task runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum CpuArchitecture {
    /// Intel/AMD.
    #[default]
    #[serde(rename = "x86_64")]
    X86_64,
    /// Graviton: about 20% cheaper for the same size.
    #[serde(rename = "arm64")]
    Arm64,
}

/// What a service's task role may do with the stack's bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum BucketAccess {
    /// No access.
    #[default]
    None,
    /// Get and list.
    Read,
    /// Get, list, put and delete.
    ReadWrite,
}

/// One part of the app: a container run as an ECS service (behind the load balancer, reached by
/// other services, or draining a queue), or a task run on a schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Service {
    /// Unique name, `[a-z][a-z0-9-]*`, at most 32 characters; the container has this name.
    pub name: String,
    /// What kind of service: `web` (the default), `backend`, `worker` or `job`.
    #[serde(skip_serializing_if = "ServiceKind::is_web")]
    pub kind: ServiceKind,
    /// Image to run; absent (the default) makes an ECR repository and an ImageTag parameter.
    pub image: Option<String>,
    /// The port the container listens on.
    pub container_port: u32,
    /// CPU units: 256, 512, 1024, 2048, 4096, 8192 or 16384.
    pub cpu: u32,
    /// Memory in MiB, valid for the chosen cpu.
    pub memory: u32,
    /// How many tasks to run (a template parameter).
    pub desired_count: u32,
    /// Path patterns routed to this service by listener rules (at most 5).
    pub path_patterns: Vec<String>,
    /// Host names routed to this service (`api.example.com`, `*.example.com`), combined with
    /// the path patterns; web services only.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    /// The load balancer's health check of the tasks.
    pub health_check: HealthCheck,
    /// Plain environment variables.
    pub environment: BTreeMap<String, String>,
    /// Environment variables read from Secrets Manager or SSM Parameter Store ARNs.
    pub secrets: BTreeMap<String, String>,
    /// Overrides the image's command.
    pub command: Vec<String>,
    /// `x86_64` or `arm64`.
    pub cpu_architecture: CpuArchitecture,
    /// Days CloudWatch keeps the logs.
    pub log_retention_days: u32,
    /// Target-tracking autoscaling; absent means a fixed task count.
    pub auto_scaling: Option<AutoScaling>,
    /// Rolling deployment settings.
    pub deployment: Deployment,
    /// Run some tasks on Fargate Spot.
    pub spot: Option<Spot>,
    /// Allow `aws ecs execute-command` into the tasks.
    pub ecs_exec: bool,
    /// Ephemeral storage in GiB, 21 to 200; absent keeps Fargate's 20.
    pub ephemeral_storage_gib: Option<u32>,
    /// A health check command run inside the container.
    pub container_health_check: Option<ContainerHealthCheck>,
    /// What this service may do with the stack's bucket.
    pub bucket_access: BucketAccess,
    /// Services this one talks to: web and backend services through Service Connect
    /// (`<NAME>_URL`), workers through their queue (`<NAME>_QUEUE_URL`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<String>,
    /// A worker's queue settings (workers only; absent takes the defaults).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "Queue | null", optional))]
    pub queue: Option<Queue>,
    /// A job's schedule: `cron(0 3 * * ? *)` or `rate(1 hour)` (jobs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "string | null", optional))]
    pub schedule: Option<String>,
    /// The time zone of a job's cron schedule, an IANA name; absent is `UTC`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "string | null", optional))]
    pub schedule_timezone: Option<String>,
    /// More containers in the same task (a proxy, an agent).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sidecars: Vec<Sidecar>,
    /// Extra outbound rules beyond HTTPS, the database and the services called.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub egress: Vec<EgressRule>,
    /// Extra permissions for the task role.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub task_policy_statements: Vec<PolicyStatement>,
}

/// What a service is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum ServiceKind {
    /// Behind the load balancer: a target group and listener rule.
    #[default]
    Web,
    /// Internal: reached only by the services that list it in `calls`, through Service Connect.
    Backend,
    /// No port: drains its own SQS queue, scaled on the backlog.
    Worker,
    /// No service: a task EventBridge Scheduler runs on a schedule.
    Job,
}

/// The variable a caller gets for calling the service `name` of `kind`: `ORDERS_URL` for a
/// web or backend service, `MAILER_QUEUE_URL` for a worker.
pub fn call_variable(name: &str, kind: ServiceKind) -> String {
    let mut stem: String = name
        .chars()
        .map(|c| {
            if c == '-' {
                '_'
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect();
    stem.push_str(if kind == ServiceKind::Worker {
        "_QUEUE_URL"
    } else {
        "_URL"
    });
    stem
}

impl ServiceKind {
    /// Whether this is the default kind (left out when a config is written).
    pub fn is_web(&self) -> bool {
        *self == ServiceKind::Web
    }

    /// The spelling in configs.
    pub fn name(self) -> &'static str {
        match self {
            ServiceKind::Web => "web",
            ServiceKind::Backend => "backend",
            ServiceKind::Worker => "worker",
            ServiceKind::Job => "job",
        }
    }

    /// Whether it runs as an ECS service (everything but a job).
    pub fn has_service(self) -> bool {
        self != ServiceKind::Job
    }

    /// Whether it listens on its container port (web and backend).
    pub fn listens(self) -> bool {
        matches!(self, ServiceKind::Web | ServiceKind::Backend)
    }
}

/// A worker's SQS queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Queue {
    /// Seconds a received message stays hidden from other receivers, 0 to 43200.
    pub visibility_timeout_seconds: u32,
    /// Receives before a message moves to the dead-letter queue, 1 to 1000.
    pub max_receive_count: u32,
    /// Days a message is kept, 1 to 14.
    pub retention_days: u32,
}

impl Default for Queue {
    fn default() -> Self {
        Queue {
            visibility_timeout_seconds: 30,
            max_receive_count: 5,
            retention_days: 4,
        }
    }
}

/// Another container in a service's task.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Sidecar {
    /// Container name, unique in the task, `[a-z][a-z0-9-]*`.
    pub name: String,
    /// Image to run (required).
    pub image: String,
    /// Whether the task stops when this container stops.
    pub essential: bool,
    /// A port the main container reaches on localhost.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "number | null", optional))]
    pub container_port: Option<u32>,
    /// CPU units reserved for it, out of the task's.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "number | null", optional))]
    pub cpu: Option<u32>,
    /// Memory in MiB reserved for it, out of the task's.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "number | null", optional))]
    pub memory: Option<u32>,
    /// Plain environment variables.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub environment: BTreeMap<String, String>,
    /// Environment variables read from Secrets Manager or SSM Parameter Store ARNs.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub secrets: BTreeMap<String, String>,
    /// Overrides the image's command.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    /// Start it before the main container (which then waits for it to start).
    pub start_before_main: bool,
}

/// An extra outbound rule of a service's security group.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct EgressRule {
    /// Destination IPv4 range.
    pub cidr: String,
    /// One port (or use fromPort and toPort).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "number | null", optional))]
    pub port: Option<u32>,
    /// First port of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "number | null", optional))]
    pub from_port: Option<u32>,
    /// Last port of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "number | null", optional))]
    pub to_port: Option<u32>,
    /// `tcp` (the default) or `udp`.
    pub protocol: Protocol,
    /// What it is for.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// A transport protocol of an egress rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum Protocol {
    /// TCP.
    #[default]
    Tcp,
    /// UDP.
    Udp,
}

/// One IAM statement for the task role: allow `actions` on `resources`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct PolicyStatement {
    /// `service:Action`, wildcards only after a prefix (`dynamodb:Get*`).
    pub actions: Vec<String>,
    /// ARNs (no `*` alone).
    pub resources: Vec<String>,
}

impl Default for Service {
    fn default() -> Self {
        Service {
            name: "web".into(),
            kind: ServiceKind::Web,
            image: None,
            container_port: 80,
            cpu: 256,
            memory: 512,
            desired_count: 2,
            path_patterns: vec!["/*".into()],
            hosts: Vec::new(),
            health_check: HealthCheck::default(),
            environment: BTreeMap::new(),
            secrets: BTreeMap::new(),
            command: Vec::new(),
            cpu_architecture: CpuArchitecture::X86_64,
            log_retention_days: 30,
            auto_scaling: None,
            deployment: Deployment::default(),
            spot: None,
            ecs_exec: false,
            ephemeral_storage_gib: None,
            container_health_check: None,
            bucket_access: BucketAccess::None,
            calls: Vec::new(),
            queue: None,
            schedule: None,
            schedule_timezone: None,
            sidecars: Vec::new(),
            egress: Vec::new(),
            task_policy_statements: Vec::new(),
        }
    }
}

/// The load balancer's health check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct HealthCheck {
    /// Path requested, starting with `/`.
    pub path: String,
    /// HTTP codes that count as healthy: `200`, `200,204`, `200-399`.
    pub matcher: String,
    /// Seconds between checks, 5 to 300.
    pub interval_seconds: u32,
    /// Seconds before a check fails, 2 to 120, less than the interval.
    pub timeout_seconds: u32,
    /// Successes before a target is healthy, 2 to 10.
    pub healthy_threshold: u32,
    /// Failures before a target is unhealthy, 2 to 10.
    pub unhealthy_threshold: u32,
    /// Seconds ECS ignores failing checks after a task starts.
    pub grace_period_seconds: u32,
}

impl Default for HealthCheck {
    fn default() -> Self {
        HealthCheck {
            path: "/".into(),
            matcher: "200-399".into(),
            interval_seconds: 30,
            timeout_seconds: 5,
            healthy_threshold: 2,
            unhealthy_threshold: 3,
            grace_period_seconds: 60,
        }
    }
}

/// Target-tracking autoscaling of a service's task count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct AutoScaling {
    /// Fewest tasks.
    pub min_count: u32,
    /// Most tasks.
    pub max_count: u32,
    /// Average CPU utilisation to hold, percent.
    pub cpu_target: Option<u32>,
    /// Average memory utilisation to hold, percent.
    pub memory_target: Option<u32>,
    /// ALB requests per task to hold.
    pub requests_per_target: Option<u32>,
    /// A worker's queue backlog per task to hold (workers only, instead of the targets above).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "number | null", optional))]
    pub messages_per_task: Option<u32>,
}

impl Default for AutoScaling {
    fn default() -> Self {
        AutoScaling {
            min_count: 2,
            max_count: 10,
            cpu_target: None,
            memory_target: None,
            requests_per_target: None,
            messages_per_task: None,
        }
    }
}

/// Rolling deployment settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Deployment {
    /// Percent of desired tasks kept running during a deployment.
    pub min_healthy_percent: u32,
    /// Percent of desired tasks allowed during a deployment.
    pub max_percent: u32,
    /// Stop and roll back a deployment whose tasks keep failing.
    pub circuit_breaker: bool,
}

impl Default for Deployment {
    fn default() -> Self {
        Deployment {
            min_healthy_percent: 100,
            max_percent: 200,
            circuit_breaker: true,
        }
    }
}

/// Fargate Spot capacity for a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Spot {
    /// Tasks always run on regular Fargate before any weight applies.
    pub on_demand_base: u32,
    /// Relative share of the remaining tasks on regular Fargate.
    pub on_demand_weight: u32,
    /// Relative share of the remaining tasks on Fargate Spot.
    pub spot_weight: u32,
}

impl Default for Spot {
    fn default() -> Self {
        Spot {
            on_demand_base: 1,
            on_demand_weight: 0,
            spot_weight: 1,
        }
    }
}

/// A health check run inside the container by ECS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ContainerHealthCheck {
    /// Command, e.g. `["CMD-SHELL", "curl -f http://localhost/ || exit 1"]`.
    pub command: Vec<String>,
    /// Seconds between checks, 5 to 300.
    pub interval_seconds: u32,
    /// Seconds before a check fails, 2 to 60.
    pub timeout_seconds: u32,
    /// Failures before the container is unhealthy, 1 to 10.
    pub retries: u32,
    /// Seconds of grace after start, 0 to 300.
    pub start_period_seconds: u32,
}

impl Default for ContainerHealthCheck {
    fn default() -> Self {
        ContainerHealthCheck {
            command: vec!["CMD-SHELL".into(), "exit 0".into()],
            interval_seconds: 30,
            timeout_seconds: 5,
            retries: 3,
            start_period_seconds: 0,
        }
    }
}

/// The database engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum Engine {
    /// PostgreSQL.
    #[default]
    Postgres,
    /// MySQL.
    Mysql,
}

/// An RDS database instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Database {
    /// `postgres` or `mysql`.
    pub engine: Engine,
    /// Engine version: postgres 18.4, 17.9, 16.13 or 15.17; mysql 8.4.9 or 8.0.45.
    pub engine_version: String,
    /// Instance class, e.g. `db.t4g.micro`.
    pub instance_class: String,
    /// Storage in GiB, 20 to 65536.
    pub allocated_storage_gib: u32,
    /// A standby in a second AZ.
    pub multi_az: bool,
    /// Days of automated backups, 0 to 35.
    pub backup_retention_days: u32,
    /// Refuse to delete the database until this is turned off.
    pub deletion_protection: bool,
    /// Name of the database created inside the instance.
    pub database_name: String,
    /// Master user name (its password is generated and kept by RDS in Secrets Manager).
    pub username: String,
}

impl Default for Database {
    fn default() -> Self {
        Database {
            engine: Engine::Postgres,
            engine_version: "17.9".into(),
            instance_class: "db.t4g.micro".into(),
            allocated_storage_gib: 20,
            multi_az: false,
            backup_retention_days: 7,
            deletion_protection: false,
            database_name: "app".into(),
            username: "app".into(),
        }
    }
}

/// An S3 bucket for the services.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Bucket {
    /// Keep every version of every object.
    pub versioning: bool,
}

/// An API Gateway HTTP API in front of the (internal) load balancer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(hashmap_as_object, missing_as_null)
)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ApiGateway {
    /// Days CloudWatch keeps the API's access logs.
    pub access_log_retention_days: u32,
}

impl Default for ApiGateway {
    fn default() -> Self {
        ApiGateway {
            access_log_retention_days: 30,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            schema_version: SCHEMA_VERSION,
            name: "my-app".into(),
            tags: BTreeMap::new(),
            network: Network::default(),
            load_balancer: LoadBalancer::default(),
            services: vec![Service::default()],
            database: None,
            bucket: None,
            api_gateway: None,
            domain: None,
            alarms: None,
        }
    }
}

impl Config {
    /// The config every missing field falls back to.
    pub fn defaults() -> Config {
        Config::default()
    }

    /// Parses a config from JSON. Unknown keys are rejected (a typo must not pass silently);
    /// a type error names the field it happened at.
    pub fn from_json(json: &str) -> Result<Config, Vec<FieldError>> {
        let de = &mut serde_json::Deserializer::from_str(json);
        let value = crate::json_path::read_value(&mut *de)
            .map_err(|(path, err)| vec![parse_error(path, &err)])?;
        // Anything after the document (a second object, stray text) is a mistake too.
        de.end()
            .map_err(|err| vec![FieldError::new("", err.to_string())])?;
        Config::from_value(value)
    }

    /// Parses a config from a `serde_json::Value`.
    pub fn from_value(value: serde_json::Value) -> Result<Config, Vec<FieldError>> {
        objects_where_objects_belong(&value)?;
        crate::json_path::from_value(&value)
            .map_err(|err| vec![parse_error(err.path(), err.inner())])
    }

    /// The config as pretty JSON (every field spelled out).
    pub fn to_json(&self) -> String {
        // Through a Value (same bytes: keys keep their order): the designer serializes configs
        // to Values anyway, and one more direct serializer would be one more copy of this
        // type's Serialize code in its WebAssembly.
        serde_json::to_value(self)
            .and_then(|value| serde_json::to_string_pretty(&value))
            .unwrap_or_default()
    }
}

/// serde accepts a JSON array for a struct (its fields in order); a config written that way is
/// a mistake, not a feature, so every place that holds a struct must hold an object.
fn objects_where_objects_belong(value: &serde_json::Value) -> Result<(), Vec<FieldError>> {
    use serde_json::Value;
    fn expect(errors: &mut Vec<FieldError>, path: &str, value: Option<&Value>, optional: bool) {
        match value {
            None => {}
            Some(Value::Object(_)) => {}
            Some(Value::Null) if optional => {}
            Some(other) => {
                let kind = match other {
                    Value::Array(_) => "an array",
                    Value::String(_) => "a string",
                    Value::Number(_) => "a number",
                    Value::Bool(_) => "a boolean",
                    Value::Null => "null",
                    Value::Object(_) => "an object",
                };
                errors.push(FieldError::new(
                    path,
                    format!("expected an object, found {kind}"),
                ));
            }
        }
    }
    let mut errors = Vec::new();
    expect(&mut errors, "", Some(value), false);
    for (key, optional) in [
        ("tags", false),
        ("network", false),
        ("loadBalancer", false),
        ("database", true),
        ("bucket", true),
        ("apiGateway", true),
        ("domain", true),
        ("alarms", true),
    ] {
        expect(&mut errors, key, value.get(key), optional);
    }
    if let Some(lb) = value.get("loadBalancer").filter(|lb| lb.is_object()) {
        expect(&mut errors, "loadBalancer.waf", lb.get("waf"), true);
    }
    if let Some(services) = value.get("services").and_then(|s| s.as_array()) {
        for (i, service) in services.iter().enumerate() {
            let base = format!("services[{i}]");
            expect(&mut errors, &base, Some(service), false);
            for (key, optional) in [
                ("healthCheck", false),
                ("environment", false),
                ("secrets", false),
                ("autoScaling", true),
                ("deployment", false),
                ("spot", true),
                ("containerHealthCheck", true),
            ] {
                expect(
                    &mut errors,
                    &format!("{base}.{key}"),
                    service.get(key),
                    optional,
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn parse_error(path: String, inner: &serde_json::Error) -> FieldError {
    let mut message = inner.to_string();
    // serde_json appends " at line L column C"; keep it only for syntax errors, where it is the
    // only way to find the problem.
    if !inner.is_syntax() && !inner.is_eof() {
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
    }
    // Say it in the user's words, not Rust's.
    // serde_json words a number that does not fit differently with and without its
    // arbitrary_precision feature (which a dependency may switch on): one message for both.
    let out_of_range = message == "invalid number"
        || (message.ends_with("expected u32")
            && (message.starts_with("invalid value: integer")
                || message.starts_with("invalid type: floating point")));
    let message = if out_of_range {
        "expected a whole number from 0 to 4294967295".to_owned()
    } else {
        message.replace("expected u32", "expected a whole number")
    };
    // A pathological document can make a path thousands of characters long.
    let path = if path.len() > 200 {
        format!("{}…", &path[..path.floor_char_boundary(200)])
    } else {
        path
    };
    FieldError::new(path, message)
}

/// The JSON Schema of [`Config`], generated from these types.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Config)).unwrap_or(serde_json::Value::Null)
}
