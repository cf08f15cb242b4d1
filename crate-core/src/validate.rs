//! Checks a [`Config`] field by field and turns it into a [`Plan`] the builders cannot fail on.
//!
//! Every problem is collected (not just the first), each with its field path and what is
//! allowed. Cross-field checks run after the per-field ones, with explicit messages.

use std::collections::BTreeMap;

use crate::cidr::Ipv4Cidr;
use crate::config::{Config, NetworkMode, Scheme, Service, SCHEMA_VERSION};
use crate::error::FieldError;
use crate::fargate;

/// What the builders need beyond the config: parsed CIDRs, routing decisions, names.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Public subnet blocks, one per AZ (new network mode only).
    pub public_subnets: Vec<Ipv4Cidr>,
    /// Private subnet blocks, one per AZ (new network mode only).
    pub private_subnets: Vec<Ipv4Cidr>,
    /// Index of the service that takes the listener's default action.
    pub default_service: usize,
    /// Per service: the PascalCase stem of its logical ids.
    pub stems: Vec<String>,
    /// Per service: its listener rule priority, `None` for the default service.
    pub priorities: Vec<Option<u32>>,
}

/// CloudWatch Logs' accepted retention values, in days.
pub const LOG_RETENTION_DAYS: [u32; 22] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/// TLS policies offered for the HTTPS listener.
pub const SSL_POLICIES: [&str; 6] = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
    "ELBSecurityPolicy-2016-08",
];

/// Engine versions offered per engine.
pub const POSTGRES_VERSIONS: [&str; 4] = ["18.4", "17.9", "16.13", "15.17"];
/// MySQL versions offered.
pub const MYSQL_VERSIONS: [&str; 2] = ["8.4.9", "8.0.45"];

/// Collects errors with paths.
struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(path, message));
    }

    /// The path is built only when the value is out of range: validation runs on every
    /// keystroke, and most values are fine.
    fn range(&mut self, path: impl FnOnce() -> String, value: u32, min: u32, max: u32) {
        if value < min || value > max {
            self.push(
                path(),
                format!("{value} is out of range; use {min} to {max}"),
            );
        }
    }
}

/// Checks the config; on success returns the plan the builders follow.
pub fn check(config: &Config) -> Result<Plan, Vec<FieldError>> {
    let mut e = Errors(Vec::new());
    if config.schema_version > SCHEMA_VERSION {
        e.push(
            "schemaVersion",
            format!(
                "{} is newer than this build knows ({SCHEMA_VERSION}); upgrade fargate-stack",
                config.schema_version
            ),
        );
    } else if config.schema_version == 0 {
        e.push(
            "schemaVersion",
            format!("0 is not a version; use {SCHEMA_VERSION}"),
        );
    }
    check_name(&mut e, "name", &config.name, 24);
    check_tags(&mut e, config);
    let (public_subnets, private_subnets) = check_network(&mut e, config);
    check_load_balancer(&mut e, config);
    let (default_service, stems, priorities) = check_services(&mut e, config);
    check_extras(&mut e, config);
    if e.0.is_empty() {
        Ok(Plan {
            public_subnets,
            private_subnets,
            default_service,
            stems,
            priorities,
        })
    } else {
        Err(e.0)
    }
}

/// A name used in resource names: `[a-z][a-z0-9-]*`, no `--`, no trailing `-`.
fn check_name(e: &mut Errors, path: &str, name: &str, max: usize) {
    // At most 40 characters of the name, with an ellipsis only when something was cut.
    let shown: String = if name.chars().count() > 40 {
        name.chars().take(39).chain(std::iter::once('…')).collect()
    } else {
        name.to_owned()
    };
    if name.is_empty() {
        e.push(
            path,
            "is empty; use lowercase letters, digits and hyphens, starting with a letter",
        );
        return;
    }
    if name.chars().count() > max {
        e.push(path, format!("`{shown}` is longer than {max} characters"));
        return;
    }
    let ok_chars = name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let starts = name.as_bytes()[0].is_ascii_lowercase();
    if !ok_chars || !starts {
        e.push(
            path,
            format!("`{shown}` is not allowed; use lowercase letters, digits and hyphens, starting with a letter"),
        );
    } else if name.ends_with('-') || name.contains("--") {
        e.push(
            path,
            format!("`{shown}` may not end with a hyphen or contain two in a row"),
        );
    }
}

fn check_tags(e: &mut Errors, config: &Config) {
    if config.tags.len() > 40 {
        e.push(
            "tags",
            format!("{} tags; at most 40 are allowed", config.tags.len()),
        );
    }
    for (key, value) in &config.tags {
        let path = format!("tags.{key}");
        if key.is_empty() || key.chars().count() > 128 {
            e.push(&path, "tag keys are 1 to 128 characters");
        } else if key.to_ascii_lowercase().starts_with("aws:") {
            e.push(&path, "keys starting with `aws:` are reserved by AWS");
        } else if key == "Name" {
            e.push(&path, "`Name` is set by fargate-stack from the app name");
        } else if !key.chars().all(tag_char) {
            e.push(
                &path,
                "tag keys may hold letters, digits, spaces and _ . : / = + - @",
            );
        }
        if value.chars().count() > 256 {
            e.push(&path, "tag values are at most 256 characters");
        } else if !value.chars().all(tag_char) {
            e.push(
                &path,
                "tag values may hold letters, digits, spaces and _ . : / = + - @",
            );
        }
    }
}

fn tag_char(c: char) -> bool {
    c.is_alphanumeric() || " _.:/=+-@".contains(c)
}

fn check_network(e: &mut Errors, config: &Config) -> (Vec<Ipv4Cidr>, Vec<Ipv4Cidr>) {
    let n = &config.network;
    e.range(|| "network.azCount".to_owned(), n.az_count, 2, 6);
    // Fn::GetAZs lists the deploy region's zones, and most regions have three: Fn::Select of a
    // fourth fails at deploy time in all of them. Above three, the zones must be named.
    if n.mode == NetworkMode::New
        && n.availability_zones.is_empty()
        && (4..=6).contains(&n.az_count)
    {
        e.push(
            "network.azCount",
            format!(
                "{count} AZs picked by Fn::GetAZs exist only in regions that have {count} or more (most have 3); name them in network.availabilityZones, or use at most 3",
                count = n.az_count
            ),
        );
    }
    if !n.availability_zones.is_empty() {
        if n.availability_zones.len() != n.az_count as usize {
            e.push(
                "network.availabilityZones",
                format!(
                    "names {} zones but azCount is {}; name exactly azCount zones or none",
                    n.availability_zones.len(),
                    n.az_count
                ),
            );
        }
        for (i, az) in n.availability_zones.iter().enumerate() {
            let path = format!("network.availabilityZones[{i}]");
            if !is_az_name(az) {
                e.push(
                    &path,
                    format!(
                        "`{}` is not an availability zone name like us-east-1a",
                        clip(az)
                    ),
                );
            } else if n.availability_zones[..i].contains(az) {
                e.push(&path, format!("`{az}` is listed twice"));
            }
        }
    }
    match n.mode {
        NetworkMode::Existing => {
            if let Some(id) = &n.vpc_id {
                if !is_aws_id(id, "vpc-") {
                    e.push(
                        "network.vpcId",
                        format!("`{}` is not a VPC id like vpc-0abc1234", clip(id)),
                    );
                }
            }
            for (field, ids) in [
                ("publicSubnetIds", &n.public_subnet_ids),
                ("privateSubnetIds", &n.private_subnet_ids),
            ] {
                if !ids.is_empty() && ids.len() < 2 {
                    e.push(
                        format!("network.{field}"),
                        "name at least 2 subnets in different AZs (the load balancer needs 2)",
                    );
                }
                for (i, id) in ids.iter().enumerate() {
                    if !is_aws_id(id, "subnet-") {
                        e.push(
                            format!("network.{field}[{i}]"),
                            format!("`{}` is not a subnet id like subnet-0abc1234", clip(id)),
                        );
                    }
                }
            }
            (Vec::new(), Vec::new())
        }
        NetworkMode::New => {
            if n.vpc_id.is_some()
                || !n.public_subnet_ids.is_empty()
                || !n.private_subnet_ids.is_empty()
            {
                e.push(
                    "network.mode",
                    "vpcId and subnet ids are only used with mode `existing`",
                );
            }
            let vpc = match Ipv4Cidr::parse(&n.vpc_cidr) {
                Ok(c) => c,
                Err(err) => {
                    e.push("network.vpcCidr", err.to_string());
                    return (Vec::new(), Vec::new());
                }
            };
            if !(16..=28).contains(&vpc.prefix()) {
                e.push(
                    "network.vpcCidr",
                    format!("/{} is not allowed for a VPC; use /16 to /28", vpc.prefix()),
                );
                return (Vec::new(), Vec::new());
            }
            let p = n.subnet_prefix_length;
            if !(16..=28).contains(&p) {
                e.push(
                    "network.subnetPrefixLength",
                    format!("{p} is out of range; use 16 to 28"),
                );
                return (Vec::new(), Vec::new());
            }
            let azs = n.az_count.clamp(2, 6);
            // Public subnets take the first indexes, private ones start half-way, so adding an
            // AZ later never moves an existing subnet.
            let capacity = vpc.capacity(p as u8);
            if (p as u8) < vpc.prefix() || capacity < 2 * u64::from(azs) {
                let largest = (0u8..=28)
                    .rev()
                    .find(|&q| q >= vpc.prefix() && vpc.capacity(q) >= 2 * u64::from(azs));
                let hint = match largest {
                    Some(q) if q > vpc.prefix() => {
                        let min = (vpc.prefix()..=28)
                            .find(|&q| vpc.capacity(q) >= 2 * u64::from(azs))
                            .unwrap_or(q);
                        format!("use a prefix length of {min} to 28")
                    }
                    _ => "use a larger vpcCidr".to_owned(),
                };
                e.push(
                    "network.subnetPrefixLength",
                    format!("{} subnets of /{p} do not fit in {vpc}; {hint}", 2 * azs),
                );
                return (Vec::new(), Vec::new());
            }
            let half = (capacity / 2) as u32;
            let public = (0..azs).filter_map(|i| vpc.subnet(p as u8, i)).collect();
            let private = (0..azs)
                .filter_map(|i| vpc.subnet(p as u8, half + i))
                .collect();
            (public, private)
        }
    }
}

fn check_load_balancer(e: &mut Errors, config: &Config) {
    let lb = &config.load_balancer;
    e.range(
        || "loadBalancer.httpPort".to_owned(),
        lb.http_port,
        1,
        65535,
    );
    if let Some(arn) = &lb.certificate_arn {
        if !is_arn(arn, "acm", |r| {
            r.starts_with("certificate/") && r.len() > 12
        }) {
            e.push(
                "loadBalancer.certificateArn",
                format!("`{}` is not an ACM certificate ARN like arn:aws:acm:us-east-1:123456789012:certificate/…", clip(arn)),
            );
        }
        if lb.http_port == 443 {
            e.push(
                "loadBalancer.httpPort",
                "443 is taken by the HTTPS listener when a certificate is set",
            );
        }
        if !SSL_POLICIES.contains(&lb.ssl_policy.as_str()) {
            e.push(
                "loadBalancer.sslPolicy",
                format!(
                    "`{}` is not offered; use one of {}",
                    clip(&lb.ssl_policy),
                    SSL_POLICIES.join(", ")
                ),
            );
        }
    }
    if lb.ingress_cidrs.is_empty() {
        e.push(
            "loadBalancer.ingressCidrs",
            "is empty; name at least one IPv4 range, e.g. 0.0.0.0/0",
        );
    }
    if lb.ingress_cidrs.len() > 25 {
        e.push(
            "loadBalancer.ingressCidrs",
            format!(
                "{} ranges; at most 25 fit in a security group",
                lb.ingress_cidrs.len()
            ),
        );
    }
    let mut seen: Vec<Ipv4Cidr> = Vec::with_capacity(lb.ingress_cidrs.len());
    for (i, cidr) in lb.ingress_cidrs.iter().enumerate() {
        let path = || format!("loadBalancer.ingressCidrs[{i}]");
        match Ipv4Cidr::parse(cidr) {
            Ok(c) if seen.contains(&c) => e.push(path(), format!("`{c}` is listed twice")),
            Ok(c) => seen.push(c),
            Err(err) => e.push(path(), err.to_string()),
        }
    }
    e.range(
        || "loadBalancer.idleTimeoutSeconds".to_owned(),
        lb.idle_timeout_seconds,
        1,
        4000,
    );
    if config.api_gateway.is_some() && lb.scheme != Scheme::Internal {
        e.push(
            "loadBalancer.scheme",
            "an API Gateway in front needs an `internal` load balancer",
        );
    }
    if config.api_gateway.is_some()
        && lb.ingress_cidrs != crate::config::LoadBalancer::default().ingress_cidrs
    {
        e.push(
            "loadBalancer.ingressCidrs",
            "is not used with an API Gateway: only its VPC link reaches the load balancer; leave it out",
        );
    }
    if config.api_gateway.is_some() && lb.certificate_arn.is_some() {
        e.push(
            "loadBalancer.certificateArn",
            "the API Gateway terminates TLS in front of the private load balancer; leave certificateArn out",
        );
    }
}

fn check_services(e: &mut Errors, config: &Config) -> (usize, Vec<String>, Vec<Option<u32>>) {
    let services = &config.services;
    if services.is_empty() {
        e.push("services", "is empty; define at least one service");
        return (0, Vec::new(), Vec::new());
    }
    if services.len() > 50 {
        e.push(
            "services",
            format!(
                "{} services; at most 50 fit behind one load balancer here",
                services.len()
            ),
        );
    }
    let mut stems: Vec<String> = Vec::with_capacity(services.len());
    let mut patterns: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, s) in services.iter().enumerate() {
        let base = format!("services[{i}]");
        check_name(e, &format!("{base}.name"), &s.name, 32);
        let stem = pascal(&s.name);
        if let Some(j) = services[..i].iter().position(|o| o.name == s.name) {
            e.push(
                format!("{base}.name"),
                format!("`{}` is already the name of services[{j}]", s.name),
            );
        } else if let Some(j) = stems.iter().position(|o| *o == stem) {
            e.push(
                format!("{base}.name"),
                format!(
                    "`{}` and `{}` (services[{j}]) give the same resource names; rename one",
                    s.name, services[j].name
                ),
            );
        }
        stems.push(stem);
        check_service(e, &base, s, config);
        for (k, pattern) in s.path_patterns.iter().enumerate() {
            if let Some(j) = patterns.get(pattern.as_str()) {
                if *j != i {
                    e.push(
                        format!("{base}.pathPatterns[{k}]"),
                        format!("`{}` is already routed to services[{j}]", clip(pattern)),
                    );
                }
            } else {
                patterns.insert(pattern, i);
            }
        }
    }
    // The listener's default action goes to the service that routes `/*`, else the first.
    let default_service = services
        .iter()
        .position(|s| s.path_patterns.iter().any(|p| p == "/*"))
        .unwrap_or(0);
    let mut priorities = Vec::with_capacity(services.len());
    let mut next = 0;
    for (i, s) in services.iter().enumerate() {
        if i == default_service {
            priorities.push(None);
        } else {
            next += 1;
            priorities.push(Some(next * 10));
            if s.path_patterns.is_empty() {
                e.push(
                    format!("services[{i}].pathPatterns"),
                    "is empty; only the default service may go without a path pattern",
                );
            }
        }
    }
    (default_service, stems, priorities)
}

fn check_service(e: &mut Errors, base: &str, s: &Service, config: &Config) {
    let p = |field: &str| format!("{base}.{field}");
    if let Some(image) = &s.image {
        if image.is_empty()
            || image.len() > 255
            || image.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            e.push(p("image"), "must be an image reference like nginx:1.27 or 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:v1 (no spaces, at most 255 characters); leave it out to get an ECR repository");
        } else if image.contains("${") {
            e.push(p("image"), "may not contain `${`");
        }
    }
    e.range(|| p("containerPort"), s.container_port, 1, 65535);
    if let Err(msg) = fargate::check_size(s.cpu, s.memory) {
        let field = if fargate::CPU_VALUES.contains(&s.cpu) {
            "memory"
        } else {
            "cpu"
        };
        e.push(p(field), msg);
    }
    e.range(|| p("desiredCount"), s.desired_count, 0, 1000);
    if s.path_patterns.len() > 5 {
        e.push(
            p("pathPatterns"),
            format!(
                "{} patterns; a listener rule takes at most 5",
                s.path_patterns.len()
            ),
        );
    }
    for (k, pattern) in s.path_patterns.iter().enumerate() {
        let ok_chars = pattern
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.$/~\"'@:+&*?".contains(c));
        if !pattern.starts_with('/') || pattern.len() > 128 || !ok_chars {
            e.push(
                format!("{base}.pathPatterns[{k}]"),
                format!("`{}` is not a path pattern; start with `/`, at most 128 of A-Z a-z 0-9 _ - . $ / ~ \" ' @ : + & * ?", clip(pattern)),
            );
        }
    }
    let hc = &s.health_check;
    let hp = |field: &str| format!("{base}.healthCheck.{field}");
    if !hc.path.starts_with('/')
        || hc.path.len() > 1024
        || hc.path.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        e.push(
            hp("path"),
            format!(
                "`{}` is not a path; start with `/`, no spaces, at most 1024 characters",
                clip(&hc.path)
            ),
        );
    }
    if !is_matcher(&hc.matcher) {
        e.push(
            hp("matcher"),
            format!(
                "`{}` is not an HTTP code list; use codes 200-499 like 200, 200,204 or 200-399",
                clip(&hc.matcher)
            ),
        );
    }
    e.range(|| hp("intervalSeconds"), hc.interval_seconds, 5, 300);
    e.range(|| hp("timeoutSeconds"), hc.timeout_seconds, 2, 120);
    if hc.timeout_seconds >= hc.interval_seconds
        && (2..=120).contains(&hc.timeout_seconds)
        && (5..=300).contains(&hc.interval_seconds)
    {
        e.push(
            hp("timeoutSeconds"),
            format!(
                "{} must be less than intervalSeconds ({})",
                hc.timeout_seconds, hc.interval_seconds
            ),
        );
    }
    e.range(|| hp("healthyThreshold"), hc.healthy_threshold, 2, 10);
    e.range(|| hp("unhealthyThreshold"), hc.unhealthy_threshold, 2, 10);
    e.range(
        || hp("gracePeriodSeconds"),
        hc.grace_period_seconds,
        0,
        2_147_483_647,
    );

    if s.environment.len() + s.secrets.len() > 200 {
        e.push(p("environment"), "more than 200 variables");
    }
    for (key, value) in &s.environment {
        let path = format!("{base}.environment.{key}");
        if !is_env_name(key) {
            e.push(&path, format!("`{}` is not a variable name; use letters, digits and _, not starting with a digit", clip(key)));
        }
        if value.len() > 32_768 {
            e.push(&path, "value is longer than 32768 bytes");
        }
        if s.secrets.contains_key(key) {
            e.push(
                &path,
                "is also set in secrets; a variable comes from one place",
            );
        }
    }
    for (key, arn) in &s.secrets {
        let path = format!("{base}.secrets.{key}");
        if !is_env_name(key) {
            e.push(&path, format!("`{}` is not a variable name; use letters, digits and _, not starting with a digit", clip(key)));
        }
        if secret_resource_arn(arn).is_none() {
            e.push(&path, format!("`{}` is not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME) or SSM parameter ARN (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME)", clip(arn)));
        }
    }
    if s.command.len() > 100 || s.command.iter().any(|c| c.len() > 4096) {
        e.push(
            p("command"),
            "at most 100 arguments of at most 4096 bytes each",
        );
    }
    if !LOG_RETENTION_DAYS.contains(&s.log_retention_days) {
        e.push(
            p("logRetentionDays"),
            format!(
                "{} is not accepted by CloudWatch Logs; use one of {}",
                s.log_retention_days,
                list(&LOG_RETENTION_DAYS)
            ),
        );
    }
    if let Some(a) = &s.auto_scaling {
        let ap = |field: &str| format!("{base}.autoScaling.{field}");
        e.range(|| ap("maxCount"), a.max_count, 1, 1000);
        if a.min_count > a.max_count {
            e.push(
                ap("minCount"),
                format!("{} is more than maxCount ({})", a.min_count, a.max_count),
            );
        } else if s.desired_count < a.min_count || s.desired_count > a.max_count {
            e.push(
                p("desiredCount"),
                format!(
                    "{} is outside autoScaling's {} to {}",
                    s.desired_count, a.min_count, a.max_count
                ),
            );
        }
        if a.cpu_target.is_none() && a.memory_target.is_none() && a.requests_per_target.is_none() {
            e.push(
                format!("{base}.autoScaling"),
                "set at least one of cpuTarget, memoryTarget, requestsPerTarget",
            );
        }
        if let Some(t) = a.cpu_target {
            e.range(|| ap("cpuTarget"), t, 10, 95);
        }
        if let Some(t) = a.memory_target {
            e.range(|| ap("memoryTarget"), t, 10, 95);
        }
        if let Some(t) = a.requests_per_target {
            e.range(|| ap("requestsPerTarget"), t, 1, 100_000);
        }
    }
    let d = &s.deployment;
    e.range(
        || format!("{base}.deployment.minHealthyPercent"),
        d.min_healthy_percent,
        0,
        100,
    );
    e.range(
        || format!("{base}.deployment.maxPercent"),
        d.max_percent,
        100,
        200,
    );
    if d.max_percent <= d.min_healthy_percent && d.max_percent >= 100 {
        e.push(
            format!("{base}.deployment.maxPercent"),
            format!(
                "{} leaves no room to start new tasks; make it more than minHealthyPercent ({})",
                d.max_percent, d.min_healthy_percent
            ),
        );
    }
    if let Some(spot) = &s.spot {
        e.range(
            || format!("{base}.spot.onDemandBase"),
            spot.on_demand_base,
            0,
            100_000,
        );
        e.range(
            || format!("{base}.spot.onDemandWeight"),
            spot.on_demand_weight,
            0,
            1000,
        );
        e.range(
            || format!("{base}.spot.spotWeight"),
            spot.spot_weight,
            0,
            1000,
        );
        if spot.on_demand_weight == 0 && spot.spot_weight == 0 {
            e.push(
                format!("{base}.spot.spotWeight"),
                "one of onDemandWeight and spotWeight must be above 0",
            );
        }
    }
    if let Some(gib) = s.ephemeral_storage_gib {
        e.range(|| p("ephemeralStorageGib"), gib, 21, 200);
    }
    if let Some(hc) = &s.container_health_check {
        let cp = |field: &str| format!("{base}.containerHealthCheck.{field}");
        let first = hc.command.first().map(String::as_str);
        if hc.command.len() < 2 || !matches!(first, Some("CMD" | "CMD-SHELL")) {
            e.push(cp("command"), "start with CMD or CMD-SHELL followed by the command, e.g. [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"]");
        }
        e.range(|| cp("intervalSeconds"), hc.interval_seconds, 5, 300);
        e.range(|| cp("timeoutSeconds"), hc.timeout_seconds, 2, 60);
        e.range(|| cp("retries"), hc.retries, 1, 10);
        e.range(|| cp("startPeriodSeconds"), hc.start_period_seconds, 0, 300);
    }
    if s.bucket_access != crate::config::BucketAccess::None && config.bucket.is_none() {
        e.push(
            p("bucketAccess"),
            "there is no bucket; add `bucket` or set bucketAccess to none",
        );
    }
}

fn check_extras(e: &mut Errors, config: &Config) {
    if let Some(db) = &config.database {
        let offered: &[&str] = match db.engine {
            crate::config::Engine::Postgres => &POSTGRES_VERSIONS,
            crate::config::Engine::Mysql => &MYSQL_VERSIONS,
        };
        if !offered.contains(&db.engine_version.as_str()) {
            e.push(
                "database.engineVersion",
                format!(
                    "`{}` is not offered; use one of {}",
                    clip(&db.engine_version),
                    offered.join(", ")
                ),
            );
        }
        let class_ok = db.instance_class.strip_prefix("db.").is_some_and(|rest| {
            let parts: Vec<&str> = rest.split('.').collect();
            parts.len() == 2
                && parts.iter().all(|p| {
                    !p.is_empty()
                        && p.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                })
        });
        if !class_ok {
            e.push(
                "database.instanceClass",
                format!(
                    "`{}` is not an instance class like db.t4g.micro",
                    clip(&db.instance_class)
                ),
            );
        }
        e.range(
            || "database.allocatedStorageGib".to_owned(),
            db.allocated_storage_gib,
            20,
            65536,
        );
        e.range(
            || "database.backupRetentionDays".to_owned(),
            db.backup_retention_days,
            0,
            35,
        );
        for (field, value) in [
            ("databaseName", &db.database_name),
            ("username", &db.username),
        ] {
            let ok = !value.is_empty()
                && value.len() <= 16
                && value.as_bytes()[0].is_ascii_alphabetic()
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_');
            if !ok {
                e.push(format!("database.{field}"), format!("`{}` is not allowed; use 1 to 16 letters, digits and _, starting with a letter", clip(value)));
            } else if matches!(
                value.to_ascii_lowercase().as_str(),
                "admin" | "postgres" | "root" | "mysql" | "rdsadmin" | "user"
            ) {
                e.push(
                    format!("database.{field}"),
                    format!("`{value}` is reserved by the engine"),
                );
            }
        }
    }
    if let Some(api) = &config.api_gateway {
        if !LOG_RETENTION_DAYS.contains(&api.access_log_retention_days) {
            e.push(
                "apiGateway.accessLogRetentionDays",
                format!(
                    "{} is not accepted by CloudWatch Logs; use one of {}",
                    api.access_log_retention_days,
                    list(&LOG_RETENTION_DAYS)
                ),
            );
        }
    }
}

/// `my-app` -> `MyApp`: the stem of a service's logical ids.
pub fn pascal(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn list(values: &[u32]) -> String {
    values
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// At most 64 characters of user input in a message, so a huge value cannot blow up a form.
fn clip(s: &str) -> String {
    if s.chars().count() > 64 {
        let head: String = s.chars().take(61).collect();
        format!("{head}...")
    } else {
        s.to_owned()
    }
}

fn is_env_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 255
        && !s.as_bytes()[0].is_ascii_digit()
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn is_az_name(s: &str) -> bool {
    // us-east-1a, eu-central-2b, us-gov-west-1a
    let Some(letter) = s.chars().last() else {
        return false;
    };
    if !letter.is_ascii_lowercase() {
        return false;
    }
    let region = &s[..s.len() - 1];
    is_region(region)
}

fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    (3..=4).contains(&parts.len())
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

fn is_aws_id(s: &str, prefix: &str) -> bool {
    s.strip_prefix(prefix).is_some_and(|hex| {
        (hex.len() == 8 || hex.len() == 17)
            && hex
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    })
}

/// `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` with a resource accepted by `resource_ok`.
fn is_arn(s: &str, service: &str, resource_ok: impl Fn(&str) -> bool) -> bool {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[1]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-')
        && parts[2] == service
        && is_region(parts[3])
        && parts[4].len() == 12
        && parts[4].bytes().all(|b| b.is_ascii_digit())
        && !s.contains("${")
        && !s.chars().any(char::is_whitespace)
        && resource_ok(parts[5])
}

/// The ARN IAM must allow for a secret reference: the secret or parameter itself, without a
/// Secrets Manager JSON-key suffix. `None` when the ARN is neither.
pub fn secret_resource_arn(arn: &str) -> Option<&str> {
    let name_ok = |n: &str| {
        !n.is_empty()
            && n.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/_+=.@-".contains(&b))
    };
    if is_arn(arn, "secretsmanager", |r| r.starts_with("secret:")) {
        // arn:aws:secretsmanager:r:a:secret:NAME[:json-key:version-stage:version-id]
        let parts: Vec<&str> = arn.split(':').collect();
        if (parts.len() == 7 || parts.len() == 10) && name_ok(parts[6]) {
            let end = parts[..7].iter().map(|p| p.len()).sum::<usize>() + 6;
            return Some(&arn[..end]);
        }
        return None;
    }
    if is_arn(arn, "ssm", |r| {
        r.strip_prefix("parameter/").is_some_and(name_ok)
    }) {
        return Some(arn);
    }
    None
}

fn is_matcher(s: &str) -> bool {
    let code = |c: &str| {
        c.len() == 3
            && c.bytes().all(|b| b.is_ascii_digit())
            && c.parse::<u32>().is_ok_and(|n| (200..=499).contains(&n))
    };
    !s.is_empty()
        && s.split(',').all(|part| match part.split_once('-') {
            Some((a, b)) => code(a) && code(b) && a < b,
            None => code(part),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_case() {
        assert_eq!(pascal("web"), "Web");
        assert_eq!(pascal("my-api-2"), "MyApi2");
    }

    #[test]
    fn secret_arns() {
        let sm = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf";
        assert_eq!(secret_resource_arn(sm), Some(sm));
        let keyed = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::";
        assert_eq!(secret_resource_arn(keyed), Some(sm));
        let ssm = "arn:aws:ssm:eu-west-1:123456789012:parameter/app/key";
        assert_eq!(secret_resource_arn(ssm), Some(ssm));
        assert_eq!(secret_resource_arn("arn:aws:s3:::bucket"), None);
        assert_eq!(secret_resource_arn("*"), None);
    }

    #[test]
    fn matchers() {
        for ok in ["200", "200,204", "200-399", "200-499"] {
            assert!(is_matcher(ok), "{ok}");
        }
        for bad in ["", "500", "abc", "299-200", "200,", "2000"] {
            assert!(!is_matcher(bad), "{bad}");
        }
    }
}
