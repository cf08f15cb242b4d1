//! The shape of a service: the fields each kind takes (and refuses, saying what to use
//! instead), a worker's queue, a job's schedule, sidecars, extra egress and task-role
//! statements. Built by `stack::service`, `stack::worker` and `stack::job`.

use super::{check_name, clip, is_arn, is_env_name, secret_resource_arn, Errors};
use crate::cidr::Ipv4Cidr;
use crate::config::{AutoScaling, Deployment, HealthCheck, Service, ServiceKind};

/// The most sidecars a task takes (ECS allows ten containers per task definition).
pub const MAX_SIDECARS: usize = 9;
/// The most extra egress rules per service (a security group holds 60 outbound rules).
pub const MAX_EGRESS: usize = 40;
/// The most task-role statements per service.
pub const MAX_STATEMENTS: usize = 20;

/// Fields that belong to other kinds are refused, each with what to do instead.
pub(super) fn check_kind(e: &mut Errors, base: &str, s: &Service) {
    let p = |field: &str| format!("{base}.{field}");
    let kind = s.kind.name();
    let defaults = Service::default();
    if s.kind != ServiceKind::Web {
        if !s.path_patterns.is_empty() && s.path_patterns != defaults.path_patterns {
            e.push(
                p("pathPatterns"),
                format!("a {kind} service is not behind the load balancer; leave pathPatterns out"),
            );
        }
        if s.health_check != HealthCheck::default() {
            e.push(
                p("healthCheck"),
                format!("is the load balancer's check and a {kind} service is not behind it; use containerHealthCheck"),
            );
        }
    }
    if !s.kind.listens() && s.container_port != defaults.container_port {
        e.push(
            p("containerPort"),
            format!("a {kind} takes no connections; leave containerPort out"),
        );
    }
    if s.kind != ServiceKind::Worker && s.queue.is_some() {
        e.push(
            p("queue"),
            format!("only a worker has a queue; make this service a worker or leave queue out (a {kind} service reaches a worker's queue by naming it in calls)"),
        );
    }
    if let Some(q) = &s.queue {
        let qp = |field: &str| format!("{base}.queue.{field}");
        e.range(
            || qp("visibilityTimeoutSeconds"),
            q.visibility_timeout_seconds,
            0,
            43_200,
        );
        e.range(|| qp("maxReceiveCount"), q.max_receive_count, 1, 1000);
        e.range(|| qp("retentionDays"), q.retention_days, 1, 14);
    }
    if s.kind == ServiceKind::Job {
        match &s.schedule {
            None => e.push(
                p("schedule"),
                "a job needs a schedule, e.g. cron(0 3 * * ? *) (every day at 03:00) or rate(1 hour)",
            ),
            Some(expr) => {
                if let Err(msg) = super::schedule::check_expression(expr) {
                    e.push(p("schedule"), msg);
                }
            }
        }
        if let Some(tz) = &s.schedule_timezone {
            if !super::schedule::is_time_zone(tz) {
                e.push(
                    p("scheduleTimezone"),
                    format!(
                        "`{}` is not an IANA time zone like UTC, Europe/Paris or America/New_York",
                        clip(tz)
                    ),
                );
            }
        }
        if s.desired_count != defaults.desired_count {
            e.push(
                p("desiredCount"),
                "a job runs one task per scheduled run; leave desiredCount out",
            );
        }
        if s.auto_scaling.is_some() {
            e.push(
                p("autoScaling"),
                "a job runs one task per scheduled run and is not scaled; leave autoScaling out",
            );
        }
        if s.spot.is_some() {
            e.push(p("spot"), "a job runs on Fargate on demand; leave spot out");
        }
        if s.deployment != Deployment::default() {
            e.push(
                p("deployment"),
                "a job has no ECS service to deploy; leave deployment out",
            );
        }
    } else {
        if s.schedule.is_some() {
            e.push(
                p("schedule"),
                format!("only a job runs on a schedule; make this service a job or leave schedule out (a {kind} service runs all the time)"),
            );
        }
        if s.schedule_timezone.is_some() {
            e.push(
                p("scheduleTimezone"),
                "only a job runs on a schedule; leave scheduleTimezone out",
            );
        }
    }
    if let Some(a) = &s.auto_scaling {
        check_scaling_kind(e, base, s.kind, a);
    }
}

fn check_scaling_kind(e: &mut Errors, base: &str, kind: ServiceKind, a: &AutoScaling) {
    let ap = |field: &str| format!("{base}.autoScaling.{field}");
    match kind {
        ServiceKind::Worker => {
            for (field, set) in [
                ("cpuTarget", a.cpu_target.is_some()),
                ("memoryTarget", a.memory_target.is_some()),
                ("requestsPerTarget", a.requests_per_target.is_some()),
            ] {
                if set {
                    e.push(
                        ap(field),
                        "a worker scales on its queue backlog per task; use messagesPerTask",
                    );
                }
            }
            if let Some(n) = a.messages_per_task {
                e.range(|| ap("messagesPerTask"), n, 1, 100_000);
            }
        }
        _ => {
            if a.messages_per_task.is_some() {
                e.push(
                    ap("messagesPerTask"),
                    "only a worker scales on a queue; use cpuTarget, memoryTarget or requestsPerTarget",
                );
            }
            if kind == ServiceKind::Backend && a.requests_per_target.is_some() {
                e.push(
                    ap("requestsPerTarget"),
                    "counts load balancer requests and a backend is not behind it; use cpuTarget or memoryTarget",
                );
            }
        }
    }
}

/// Sidecars, extra egress and task-role statements.
pub(super) fn check_parts(e: &mut Errors, base: &str, s: &Service) {
    check_sidecars(e, base, s);
    check_egress(e, base, s);
    check_statements(e, base, s);
}

fn check_sidecars(e: &mut Errors, base: &str, s: &Service) {
    if s.sidecars.len() > MAX_SIDECARS {
        e.push(
            format!("{base}.sidecars"),
            format!(
                "{} sidecars; a task takes at most {MAX_SIDECARS} beside the main container",
                s.sidecars.len()
            ),
        );
    }
    let (mut cpu, mut memory) = (0u64, 0u64);
    for (k, sc) in s.sidecars.iter().enumerate() {
        let sp = |field: &str| format!("{base}.sidecars[{k}].{field}");
        check_name(e, &sp("name"), &sc.name, 32);
        if sc.name == s.name {
            e.push(
                sp("name"),
                format!(
                    "`{}` is the main container's name; name the sidecar otherwise",
                    sc.name
                ),
            );
        } else if let Some(j) = s.sidecars[..k].iter().position(|o| o.name == sc.name) {
            e.push(
                sp("name"),
                format!("`{}` is already the name of sidecars[{j}]", sc.name),
            );
        }
        if sc.image.is_empty() {
            e.push(
                sp("image"),
                "is required: a sidecar runs an image of its own, like public.ecr.aws/aws-observability/aws-otel-collector:latest",
            );
        } else if sc.image.len() > 255
            || sc
                .image
                .chars()
                .any(|c| c.is_whitespace() || c.is_control())
            || sc.image.contains("${")
        {
            e.push(
                sp("image"),
                "must be an image reference like nginx:1.27 (no spaces, no `${`, at most 255 characters)",
            );
        }
        if let Some(port) = sc.container_port {
            e.range(|| sp("containerPort"), port, 1, 65535);
            if s.kind.listens() && port == s.container_port {
                e.push(
                    sp("containerPort"),
                    format!("{port} is the main container's port; containers of one task share localhost, so use another"),
                );
            } else if s.sidecars[..k]
                .iter()
                .any(|o| o.container_port == Some(port))
            {
                e.push(
                    sp("containerPort"),
                    format!("{port} is already taken by another sidecar of this task"),
                );
            }
        }
        for (key, value) in &sc.environment {
            let path = format!("{base}.sidecars[{k}].environment.{key}");
            if !is_env_name(key) {
                e.push(&path, format!("`{}` is not a variable name; use letters, digits and _, not starting with a digit", clip(key)));
            }
            if value.len() > 32_768 {
                e.push(&path, "value is longer than 32768 bytes");
            }
        }
        for (key, arn) in &sc.secrets {
            let path = format!("{base}.sidecars[{k}].secrets.{key}");
            if !is_env_name(key) {
                e.push(&path, format!("`{}` is not a variable name; use letters, digits and _, not starting with a digit", clip(key)));
            }
            if secret_resource_arn(arn).is_none() {
                e.push(
                    &path,
                    format!(
                        "`{}` is not a Secrets Manager secret ARN or SSM parameter ARN",
                        clip(arn)
                    ),
                );
            }
        }
        if sc.command.len() > 100 || sc.command.iter().any(|c| c.len() > 4096) {
            e.push(
                sp("command"),
                "at most 100 arguments of at most 4096 bytes each",
            );
        }
        if let Some(c) = sc.cpu {
            cpu += u64::from(c);
            if c == 0 || cpu >= u64::from(s.cpu) {
                e.push(
                    sp("cpu"),
                    format!(
                        "the sidecars take {cpu} of the task's {} CPU units, leaving none for the main container; give them less or make the task larger",
                        s.cpu
                    ),
                );
            }
        }
        if let Some(m) = sc.memory {
            memory += u64::from(m);
            if m < 6 || memory + 128 > u64::from(s.memory) {
                e.push(
                    sp("memory"),
                    format!(
                        "the sidecars take {memory} of the task's {} MiB, leaving less than 128 MiB for the main container; give them less (at least 6 MiB each) or make the task larger",
                        s.memory
                    ),
                );
            }
        }
    }
}

fn check_egress(e: &mut Errors, base: &str, s: &Service) {
    if s.egress.len() > MAX_EGRESS {
        e.push(
            format!("{base}.egress"),
            format!("{} rules; at most {MAX_EGRESS}", s.egress.len()),
        );
    }
    for (k, rule) in s.egress.iter().enumerate() {
        let rp = |field: &str| format!("{base}.egress[{k}].{field}");
        let cidr = match Ipv4Cidr::parse(&rule.cidr) {
            Ok(c) => Some(c),
            Err(err) => {
                e.push(rp("cidr"), err.to_string());
                None
            }
        };
        let range = match (rule.port, rule.from_port, rule.to_port) {
            (Some(port), None, None) => Some((port, port)),
            (None, Some(from), Some(to)) => Some((from, to)),
            (Some(_), _, _) => {
                e.push(
                    rp("port"),
                    "give either port or fromPort and toPort, not both",
                );
                None
            }
            (None, None, None) => {
                e.push(
                    rp("port"),
                    "is required: one port, or fromPort and toPort for a range",
                );
                None
            }
            (None, Some(_), None) => {
                e.push(rp("toPort"), "is required with fromPort");
                None
            }
            (None, None, Some(_)) => {
                e.push(rp("fromPort"), "is required with toPort");
                None
            }
        };
        if let Some((from, to)) = range {
            let field = if rule.port.is_some() {
                "port"
            } else {
                "fromPort"
            };
            e.range(|| rp(field), from, 1, 65535);
            if rule.port.is_none() {
                e.range(|| rp("toPort"), to, 1, 65535);
                if from > to {
                    e.push(rp("toPort"), format!("{to} is below fromPort ({from})"));
                }
            }
            if let Some(c) = cidr {
                if c.prefix() == 0 && from <= 1 && to >= 65535 {
                    e.push(
                        format!("{base}.egress[{k}]"),
                        "every port to 0.0.0.0/0 opens the service to the whole internet; name the ports it needs",
                    );
                }
            }
        }
        let allowed = " ._-:/()#,@[]+=&;{}!$*";
        if rule.description.len() > 255 {
            e.push(
                rp("description"),
                format!(
                    "{} characters; a security group rule's description takes at most 255",
                    rule.description.chars().count()
                ),
            );
        } else if let Some(bad) = rule
            .description
            .chars()
            .find(|c| !c.is_ascii_alphanumeric() && !allowed.contains(*c))
        {
            e.push(
                rp("description"),
                format!("`{bad}` is not allowed in a rule description; use A-Z a-z 0-9, spaces and . _ - : / ( ) # , @ [ ] + = & ; {{ }} ! $ *"),
            );
        }
    }
}

fn check_statements(e: &mut Errors, base: &str, s: &Service) {
    if s.task_policy_statements.len() > MAX_STATEMENTS {
        e.push(
            format!("{base}.taskPolicyStatements"),
            format!(
                "{} statements; at most {MAX_STATEMENTS}",
                s.task_policy_statements.len()
            ),
        );
    }
    for (k, st) in s.task_policy_statements.iter().enumerate() {
        let sp = |field: &str| format!("{base}.taskPolicyStatements[{k}].{field}");
        if st.actions.is_empty() {
            e.push(
                sp("actions"),
                "is empty; name at least one action like dynamodb:GetItem",
            );
        }
        for (j, action) in st.actions.iter().enumerate() {
            if let Err(msg) = check_action(action) {
                e.push(format!("{}[{j}]", sp("actions")), msg);
            }
        }
        if st.resources.is_empty() {
            e.push(sp("resources"), "is empty; name at least one ARN");
        }
        for (j, arn) in st.resources.iter().enumerate() {
            let ok = is_arn_pattern(arn);
            if !ok {
                e.push(
                    format!("{}[{j}]", sp("resources")),
                    format!("`{}` is not an ARN like arn:aws:dynamodb:eu-west-1:123456789012:table/orders; `*` alone is not allowed", clip(arn)),
                );
            }
        }
    }
}

/// `service:Action`, wildcards only after a prefix, and nothing that escalates privileges.
fn check_action(action: &str) -> Result<(), String> {
    let shown = clip(action);
    let Some((service, name)) = action.split_once(':') else {
        return Err(format!(
            "`{shown}` is not an action; write service:Action, like dynamodb:GetItem"
        ));
    };
    let service_ok = !service.is_empty()
        && service
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let name_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'*' || b == b'?');
    if !service_ok || !name_ok {
        return Err(format!(
            "`{shown}` is not an action; write service:Action, like dynamodb:GetItem"
        ));
    }
    if name.starts_with(['*', '?']) {
        return Err(format!(
            "`{shown}` allows every action of {service}; name the actions, with a wildcard only after a prefix (like {service}:Get*)"
        ));
    }
    let lower = action.to_ascii_lowercase();
    let escalates = [
        "iam:passrole",
        "sts:assumerole",
        "iam:createpolicyversion",
        "iam:attachrolepolicy",
        "iam:putrolepolicy",
    ]
    .iter()
    .any(|danger| glob(&lower, danger));
    if escalates || (service == "iam" && name.contains(['*', '?'])) {
        return Err(format!(
            "`{shown}` would let the task take other roles or grant itself permissions; the template never allows iam:PassRole, sts:AssumeRole or IAM wildcards"
        ));
    }
    Ok(())
}

/// Whether `pattern` (with `*` and `?`) matches `text`.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut i, mut j) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while j < t.len() {
        if i < p.len() && (p[i] == b'?' || p[i] == t[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == b'*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    while i < p.len() && p[i] == b'*' {
        i += 1;
    }
    i == p.len()
}

/// An ARN, possibly with wildcards in its resource part: `arn:PARTITION:SERVICE:...`.
fn is_arn_pattern(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() < 6 || arn.contains("${") || arn.chars().any(|c| c.is_whitespace()) {
        return false;
    }
    let service_ok = !parts[2].is_empty()
        && parts[2]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    // The resource part must name something beyond a bare wildcard.
    let resource = parts[5];
    let resource_ok = !resource.is_empty() && resource != "*";
    let exact = is_arn(arn, parts[2], |_| true);
    parts[0] == "arn"
        && parts[1].starts_with("aws")
        && service_ok
        && resource_ok
        && (exact || arn.len() <= 2048)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions() {
        for ok in [
            "dynamodb:GetItem",
            "dynamodb:Get*",
            "s3:Put?bject",
            "sqs:SendMessage",
        ] {
            assert!(check_action(ok).is_ok(), "{ok}");
        }
        for bad in [
            "*",
            "dynamodb:*",
            "dynamodb",
            ":GetItem",
            "iam:PassRole",
            "iam:Pass*",
            "IAM:passrole",
            "sts:AssumeRole",
            "sts:Assume*",
            "iam:*",
            "iam:Get*",
            "s3:Get Object",
        ] {
            assert!(check_action(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn globs() {
        assert!(glob("a*c", "abbbc"));
        assert!(glob("iam:pass*", "iam:passrole"));
        assert!(glob("*", ""));
        assert!(!glob("a?c", "ac"));
        assert!(glob("sts:assume*", "sts:assumerole"));
    }

    #[test]
    fn arns() {
        assert!(is_arn_pattern(
            "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"
        ));
        assert!(is_arn_pattern("arn:aws:s3:::my-bucket/*"));
        assert!(!is_arn_pattern("*"));
        assert!(!is_arn_pattern("arn:aws:s3:::*"));
        assert!(!is_arn_pattern("arn:aws:s3"));
    }
}
