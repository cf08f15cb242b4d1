//! Service rules: names, routing, sizes, health checks, variables and secrets, scaling,
//! deployment; decides which service takes the listener's default action and the rule priorities.

use std::collections::BTreeMap;

use super::{
    check_name, clip, is_env_name, list, pascal, secret_resource_arn, Errors, LOG_RETENTION_DAYS,
};
use crate::config::{Config, Service, ServiceKind};
use crate::fargate;

pub(super) fn check_services(
    e: &mut Errors,
    config: &Config,
) -> (Option<usize>, Vec<String>, Vec<Option<u32>>) {
    let services = &config.services;
    if services.is_empty() {
        e.push("services", "is empty; define at least one service");
        return (None, Vec::new(), Vec::new());
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
    let mut patterns: BTreeMap<(String, &str), usize> = BTreeMap::new();
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
        super::shape::check_kind(e, &base, s);
        super::shape::check_parts(e, &base, s);
        super::calls::check_calls(e, &base, i, config);
        if s.kind != ServiceKind::Web {
            continue;
        }
        // A pattern clashes only with the same pattern on the same hosts: host routing lets
        // two services both serve `/*`, each on its own name.
        let mut hosts: Vec<&str> = s.hosts.iter().map(String::as_str).collect();
        crate::order::sort(&mut hosts);
        let hosts = hosts.join(",");
        for (k, pattern) in s.path_patterns.iter().enumerate() {
            if let Some(j) = patterns.get(&(hosts.clone(), pattern.as_str())) {
                if *j != i {
                    e.push(
                        format!("{base}.pathPatterns[{k}]"),
                        format!("`{}` is already routed to services[{j}]", clip(pattern)),
                    );
                }
            } else {
                patterns.insert((hosts.clone(), pattern), i);
            }
        }
    }
    // The listener's default action goes to the web service that routes `/*` on any host,
    // else to one that routes `/*` on its hosts, else the first web service; without one there
    // is no load balancer.
    let web = |s: &&Service| s.kind == ServiceKind::Web;
    let catch_all = |s: &Service| s.path_patterns.iter().any(|p| p == "/*");
    let default_service = services
        .iter()
        .position(|s| web(&s) && catch_all(s) && s.hosts.is_empty())
        .or_else(|| services.iter().position(|s| web(&s) && catch_all(s)))
        .or_else(|| services.iter().position(|s| web(&s)));
    let mut priorities = Vec::with_capacity(services.len());
    let mut next = 0;
    for (i, s) in services.iter().enumerate() {
        // A default service with hosts gets a rule like the others: requests for other
        // names then get the listener's 404 instead of reaching it.
        if (Some(i) == default_service && s.hosts.is_empty()) || s.kind != ServiceKind::Web {
            priorities.push(None);
        } else {
            next += 1;
            priorities.push(Some(next * 10));
            if s.path_patterns.is_empty() && s.hosts.is_empty() {
                e.push(
                    format!("services[{i}].pathPatterns"),
                    "is empty; only the default service may go without a path pattern or hosts",
                );
            }
        }
    }
    (default_service, stems, priorities)
}

pub(super) fn check_service(e: &mut Errors, base: &str, s: &Service, config: &Config) {
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
    // A job's autoScaling is refused as a whole (see `shape`), not checked field by field.
    if let Some(a) = s
        .auto_scaling
        .as_ref()
        .filter(|_| s.kind != ServiceKind::Job)
    {
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
        let targets =
            a.cpu_target.is_some() || a.memory_target.is_some() || a.requests_per_target.is_some();
        if s.kind == ServiceKind::Worker {
            if a.messages_per_task.is_none() && !targets {
                e.push(
                    format!("{base}.autoScaling"),
                    "set messagesPerTask: a worker scales on its queue backlog per task",
                );
            }
        } else if !targets && a.messages_per_task.is_none() {
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

pub(super) fn is_matcher(s: &str) -> bool {
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
