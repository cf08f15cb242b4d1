//! One service: its kind, container, size, routing, calls, health check, environment,
//! scaling and deployment, and the advanced parts (sidecars, egress, task-role statements).
//! Each kind shows only the fields it takes (a field it refuses still shows while it holds a
//! problem, so a loaded config can be fixed where it is wrong).

use std::rc::Rc;

use fargate_stack::config::{
    AutoScaling, BucketAccess, ContainerHealthCheck, HealthCheck, Queue, Service, ServiceKind, Spot,
};
use fargate_stack::fargate::{memory_values, CPU_VALUES};
use fargate_stack::validate::schedule::{check_expression, describe};
use fargate_stack::validate::LOG_RETENTION_DAYS;
use serde_json::{json, Value};
use yew::prelude::*;

use super::calls_field::{calls_field, Peer};
use super::egress_field::egress_field;
use super::fields::{Check, Fields, List, Map, Number, Select, Text};
use super::network_form::spelling;
use super::select_field::{labelled, plain};
use super::sidecars_field::sidecars_field;
use super::statements_field::statements_field;
use super::{use_problems, EntryEdit, FieldInput};

/// Props of [`ServiceForm`].
#[derive(Properties, PartialEq)]
pub struct ServiceFormProps {
    /// Position in `services`.
    pub index: usize,
    /// How many services there are (for the move and remove buttons).
    pub count: usize,
    /// The service.
    pub service: Service,
    /// Whether the stack has a bucket (bucket access is only offered then).
    pub has_bucket: bool,
    /// The variables the service's container receives in the last valid template.
    #[prop_or_default]
    pub connections: Rc<Vec<crate::runbook::Connection>>,
    /// Every service's name, kind and port (the calls it may make).
    pub peers: Rc<Vec<Peer>>,
    /// Field edits.
    pub onset: Callback<FieldInput>,
    /// Map edits.
    pub onentry: Callback<EntryEdit>,
    /// Move this service from the first index to the second.
    pub onmove: Callback<(usize, usize)>,
    /// Remove this service.
    pub onremove: Callback<usize>,
}

fn cpu_label(cpu: u32) -> String {
    format!("{cpu} ({} vCPU)", per_1024(cpu))
}

fn memory_label(mib: u32) -> String {
    format!("{mib} MiB ({} GB)", per_1024(mib))
}

/// `n / 1024` as a short decimal (256 -> 0.25, 3072 -> 3), in integers: float formatting would
/// add about 10 KB to the page for these two labels.
fn per_1024(n: u32) -> String {
    let whole = n / 1024;
    let hundredths = (n % 1024) * 100 / 1024;
    match hundredths {
        0 => whole.to_string(),
        h if h % 10 == 0 => format!("{whole}.{}", h / 10),
        h => format!("{whole}.{h:02}"),
    }
}

/// The fields of one service.
#[function_component]
pub fn ServiceForm(props: &ServiceFormProps) -> Html {
    let problems = use_problems();
    let s = &props.service;
    let i = props.index;
    let base = format!("services[{i}]");
    let onset = &props.onset;
    let f = Fields { base: &base, onset };
    let d = Service::default();
    let hd = HealthCheck::default();
    let num = |v: u32| v.to_string();
    let cpu_options: Vec<(AttrValue, AttrValue)> = CPU_VALUES
        .iter()
        .map(|c| (AttrValue::from(num(*c)), AttrValue::from(cpu_label(*c))))
        .collect();
    let memory_options: Vec<(AttrValue, AttrValue)> = memory_values(s.cpu)
        .into_iter()
        .map(|m| (AttrValue::from(num(m)), AttrValue::from(memory_label(m))))
        .collect();
    let onup = {
        let onmove = props.onmove.clone();
        Callback::from(move |_: MouseEvent| onmove.emit((i, i.saturating_sub(1))))
    };
    let ondown = {
        let onmove = props.onmove.clone();
        Callback::from(move |_: MouseEvent| onmove.emit((i, i + 1)))
    };
    let onremove = {
        let onremove = props.onremove.clone();
        Callback::from(move |_: MouseEvent| onremove.emit(i))
    };
    let heading_id = format!("h-service-{i}");
    let kind = s.kind;
    let web = kind == ServiceKind::Web;
    let worker = kind == ServiceKind::Worker;
    let job = kind == ServiceKind::Job;
    // A field the kind refuses still shows while it holds a problem.
    let has = |field: &str| f.has(&problems, field);
    let queue = s.queue.clone().unwrap_or_default();
    let qd = Queue::default();
    let time_zone = s.schedule_timezone.as_deref().unwrap_or("UTC");
    let reading = s
        .schedule
        .as_deref()
        .filter(|e| check_expression(e).is_ok())
        .map(|e| AttrValue::from(describe(e, time_zone)));
    let port_help = if web {
        "The port the container listens on (the load balancer sends there)"
    } else {
        "The port the container listens on (callers reach it there)"
    };
    let hc = &s.health_check;
    html! {
        <article class={classes!("service", problems.any_within(&base).then_some("has-problem"))}
            data-path={base.clone()} data-kind={kind.name()} aria-labelledby={heading_id.clone()}>
            <header class="service-head">
                <h3 id={heading_id}>{format!("Service {}: ", i + 1)}<code>{&s.name}</code>
                    if !web { <span class="kind">{kind.name()}</span> }
                </h3>
                <div class="buttons">
                    <button type="button" class="icon" onclick={onup} disabled={i == 0}
                        aria-label={format!("Move {} up", s.name)} title="Move up">{"↑"}</button>
                    <button type="button" class="icon" onclick={ondown} disabled={i + 1 >= props.count}
                        aria-label={format!("Move {} down", s.name)} title="Move down">{"↓"}</button>
                    <button type="button" class="icon danger" onclick={onremove} disabled={props.count <= 1}
                        aria-label={format!("Remove {}", s.name)} title="Remove service">{"×"}</button>
                </div>
            </header>
            <div class="fields">
                // The default name is the first service's only: another takes service-N.
                {f.text(&Text { field: "name", label: "Name", placeholder: "", optional: false, wide: false,
                    help: "Unique; lowercase letters, digits, hyphens, at most 32. The container has this name." },
                    &s.name, (i == 0).then_some(d.name.as_str()))}
                {f.select(&Select { field: "kind", label: "Kind", numeric: false,
                    help: "Switching resets what the new kind does not take." },
                    kind.name(), Some("web"),
                    labelled(&[("web", "Web (behind the load balancer)"), ("backend", "Backend (internal)"), ("worker", "Worker (reads a queue)"), ("job", "Job (runs on a schedule)")]))}
                {f.text(&Text { field: "image", label: "Image", placeholder: "empty: a new ECR repository", optional: true, wide: false,
                    help: "e.g. public.ecr.aws/nginx/nginx:latest; empty makes an ECR repository and an ImageTag parameter." },
                    s.image.as_deref().unwrap_or_default(), Some("new ECR repository"))}
                if kind.listens() || has("containerPort") {
                    {f.number(&Number { field: "containerPort", label: "Container port", min: 1, max: 65535, optional: false, help: port_help },
                        Some(s.container_port), Some(d.container_port))}
                }
                if !job || has("desiredCount") {
                    {f.number(&Number { field: "desiredCount", label: "Desired count", min: 0, max: 1000, optional: false,
                        help: "Tasks to run (a template parameter)" }, Some(s.desired_count), Some(d.desired_count))}
                }
                {f.select(&Select { field: "cpu", label: "CPU", numeric: true,
                    help: "CPU units; memory follows to a valid Fargate pair." },
                    &num(s.cpu), Some(num(d.cpu).as_str()), cpu_options)}
                // "default 512" only where this CPU can take 512.
                {f.select(&Select { field: "memory", label: "Memory", numeric: true,
                    help: "Only the sizes Fargate offers with this CPU." },
                    &num(s.memory), memory_values(s.cpu).contains(&d.memory).then_some(num(d.memory).as_str()), memory_options)}
                if job || has("schedule") || has("scheduleTimezone") {
                    {f.noted_text(&Text { field: "schedule", label: "Schedule", placeholder: "cron(0 3 * * ? *)", optional: true, wide: true,
                        help: "cron(minutes hours day-of-month month day-of-week year) or rate(1 hour)" },
                        s.schedule.as_deref().unwrap_or_default(), None, reading)}
                    {f.text(&Text { field: "scheduleTimezone", label: "Time zone", placeholder: "UTC", optional: true, wide: false,
                        help: "The cron's time zone, e.g. Europe/Paris" },
                        s.schedule_timezone.as_deref().unwrap_or_default(), Some("UTC"))}
                }
                if web || has("pathPatterns") {
                    {f.list(&List { field: "pathPatterns", label: "Path patterns", item: "pattern", placeholder: "/api/*",
                        help: "Routed to this service by listener rules (at most 5); the service with /* takes the rest." },
                        &s.path_patterns, (i == 0).then_some("/*"))}
                }
                if web || has("hosts") {
                    {f.list(&List { field: "hosts", label: "Hosts", item: "host", placeholder: "api.example.com",
                        help: "Host names routed here (with the path patterns; 5 values in all), e.g. api.example.com or *.example.com." },
                        &s.hosts, Some("any"))}
                }
                {calls_field(&problems, &f.path("calls"), (&s.name, kind), &s.calls, &props.peers, onset)}
            </div>
            if worker || has("queue") {
                {f.group("Queue", &["queue"], true, html! { <>
                    {f.messages(&problems, "queue")}
                    {f.number(&Number { field: "queue.visibilityTimeoutSeconds", label: "Visibility timeout (s)", min: 0, max: 43_200, optional: false,
                        help: "A received message stays hidden this long" },
                        Some(queue.visibility_timeout_seconds), Some(qd.visibility_timeout_seconds))}
                    {f.number(&Number { field: "queue.maxReceiveCount", label: "Max receives", min: 1, max: 1000, optional: false,
                        help: "Then it moves to the dead-letter queue" },
                        Some(queue.max_receive_count), Some(qd.max_receive_count))}
                    {f.number(&Number { field: "queue.retentionDays", label: "Retention (days)", min: 1, max: 14, optional: false,
                        help: "Days a message is kept" },
                        Some(queue.retention_days), Some(qd.retention_days))}
                </> })}
            }
            {f.group("Health check", &["healthCheck", "containerHealthCheck"], false, html! { <>
                {f.messages(&problems, "healthCheck")}
                if web || has("healthCheck") {
                    {f.text(&Text { field: "healthCheck.path", label: "Path", placeholder: "", optional: false, wide: false,
                        help: "Path the load balancer requests, starting with /." }, &hc.path, Some(hd.path.as_str()))}
                    {f.text(&Text { field: "healthCheck.matcher", label: "Healthy HTTP codes", placeholder: "", optional: false, wide: false,
                        help: "e.g. 200, 200,204 or 200-399." }, &hc.matcher, Some(hd.matcher.as_str()))}
                    {f.number(&Number { field: "healthCheck.intervalSeconds", label: "Interval (s)", min: 5, max: 300, optional: false,
                        help: "Seconds between checks" }, Some(hc.interval_seconds), Some(hd.interval_seconds))}
                    {f.number(&Number { field: "healthCheck.timeoutSeconds", label: "Timeout (s)", min: 2, max: 120, optional: false,
                        help: "Less than the interval" }, Some(hc.timeout_seconds), Some(hd.timeout_seconds))}
                    {f.number(&Number { field: "healthCheck.healthyThreshold", label: "Healthy threshold", min: 2, max: 10, optional: false,
                        help: "Successes before a target is healthy" }, Some(hc.healthy_threshold), Some(hd.healthy_threshold))}
                    {f.number(&Number { field: "healthCheck.unhealthyThreshold", label: "Unhealthy threshold", min: 2, max: 10, optional: false,
                        help: "Failures before a target is unhealthy" }, Some(hc.unhealthy_threshold), Some(hd.unhealthy_threshold))}
                    {f.number(&Number { field: "healthCheck.gracePeriodSeconds", label: "Grace period (s)", min: 0, max: 2_147_483_647, optional: false,
                        help: "Seconds ECS ignores failing checks after a task starts" },
                        Some(hc.grace_period_seconds), Some(hd.grace_period_seconds))}
                }
                {f.part(&Check { field: "containerHealthCheck", label: "Container health check",
                    help: "A command ECS runs inside the container." },
                    s.container_health_check.is_some(), as_value(&ContainerHealthCheck::default()))}
                if let Some(c) = &s.container_health_check {
                    {f.list(&List { field: "containerHealthCheck.command", label: "Command", item: "argument", placeholder: "CMD-SHELL",
                        help: "CMD or CMD-SHELL, then the command, e.g. curl -f http://localhost/ || exit 1." }, &c.command, None)}
                    {f.number(&Number { field: "containerHealthCheck.intervalSeconds", label: "Interval (s)", min: 5, max: 300, optional: false, help: "" },
                        Some(c.interval_seconds), Some(30))}
                    {f.number(&Number { field: "containerHealthCheck.timeoutSeconds", label: "Timeout (s)", min: 2, max: 60, optional: false, help: "" },
                        Some(c.timeout_seconds), Some(5))}
                    {f.number(&Number { field: "containerHealthCheck.retries", label: "Retries", min: 1, max: 10, optional: false, help: "" },
                        Some(c.retries), Some(3))}
                    {f.number(&Number { field: "containerHealthCheck.startPeriodSeconds", label: "Start period (s)", min: 0, max: 300, optional: false, help: "" },
                        Some(c.start_period_seconds), Some(0))}
                }
            </> })}
            {f.group("Environment and secrets", &["environment", "secrets", "command"], !s.environment.is_empty() || !s.secrets.is_empty(), html! { <>
                {f.map(&Map { field: "environment", label: "Environment", key_label: "variable", value_label: "value",
                    placeholder: "", help: "Plain environment variables (names: letters, digits, _)." },
                    &s.environment, &props.onentry)}
                {f.map(&Map { field: "secrets", label: "Secrets", key_label: "secret", value_label: "ARN",
                    placeholder: "arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME",
                    help: "Variables read from Secrets Manager or SSM Parameter Store ARNs; the execution role may read exactly these." },
                    &s.secrets, &props.onentry)}
                {f.list(&List { field: "command", label: "Command", item: "argument", placeholder: "",
                    help: "Overrides the image's command; empty keeps it." }, &s.command, None)}
            </> })}
            if !job || has("autoScaling") || has("deployment") || has("spot") {
            {f.group("Scaling and deployment", &["autoScaling", "deployment", "spot"], false, html! { <>
                if !job || has("autoScaling") {
                    {f.part(&Check { field: "autoScaling", label: "Autoscaling",
                        help: if worker { "On the queue's backlog per task; off keeps a fixed task count." }
                            else { "Target tracking on CPU, memory or requests; off keeps a fixed task count." } },
                        s.auto_scaling.is_some(), as_value(&AutoScaling::default()))}
                }
                if let Some(a) = &s.auto_scaling {
                    {f.number(&Number { field: "autoScaling.minCount", label: "Min tasks", min: 0, max: 1000, optional: false,
                        help: "Fewest tasks" }, Some(a.min_count), None)}
                    {f.number(&Number { field: "autoScaling.maxCount", label: "Max tasks", min: 1, max: 1000, optional: false,
                        help: "Most tasks" }, Some(a.max_count), None)}
                    if !worker || has("autoScaling.cpuTarget") {
                        {f.number(&Number { field: "autoScaling.cpuTarget", label: "CPU target %", min: 10, max: 95, optional: true,
                            help: "Average CPU to hold" }, a.cpu_target, None)}
                    }
                    if !worker || has("autoScaling.memoryTarget") {
                        {f.number(&Number { field: "autoScaling.memoryTarget", label: "Memory target %", min: 10, max: 95, optional: true,
                            help: "Average memory to hold" }, a.memory_target, None)}
                    }
                    if web || has("autoScaling.requestsPerTarget") {
                        {f.number(&Number { field: "autoScaling.requestsPerTarget", label: "Requests per task", min: 1, max: 100_000, optional: true,
                            help: "ALB requests per task to hold" }, a.requests_per_target, None)}
                    }
                    if worker || has("autoScaling.messagesPerTask") {
                        {f.number(&Number { field: "autoScaling.messagesPerTask", label: "Messages per task", min: 1, max: 100_000, optional: true,
                            help: "Queue backlog per task to hold" }, a.messages_per_task, None)}
                    }
                }
                if !job || has("deployment") {
                    {f.messages(&problems, "deployment")}
                    {f.number(&Number { field: "deployment.minHealthyPercent", label: "Min healthy %", min: 0, max: 100, optional: false,
                        help: "Tasks kept running during a deployment" },
                        Some(s.deployment.min_healthy_percent), Some(d.deployment.min_healthy_percent))}
                    {f.number(&Number { field: "deployment.maxPercent", label: "Max %", min: 100, max: 200, optional: false,
                        help: "Tasks allowed during a deployment" },
                        Some(s.deployment.max_percent), Some(d.deployment.max_percent))}
                    {f.check(&Check { field: "deployment.circuitBreaker", label: "Circuit breaker with rollback",
                        help: "Stop and roll back a deployment whose tasks keep failing." }, s.deployment.circuit_breaker)}
                }
                if !job || has("spot") {
                    {f.part(&Check { field: "spot", label: "Fargate Spot",
                        help: "Run some tasks on cheaper, interruptible Spot capacity." },
                        s.spot.is_some(), as_value(&Spot::default()))}
                }
                if let Some(spot) = &s.spot {
                    {f.number(&Number { field: "spot.onDemandBase", label: "On-demand base", min: 0, max: 100_000, optional: false,
                        help: "Tasks always on regular Fargate" }, Some(spot.on_demand_base), None)}
                    {f.number(&Number { field: "spot.onDemandWeight", label: "On-demand weight", min: 0, max: 1000, optional: false,
                        help: "Share of the rest on regular Fargate" }, Some(spot.on_demand_weight), None)}
                    {f.number(&Number { field: "spot.spotWeight", label: "Spot weight", min: 0, max: 1000, optional: false,
                        help: "Share of the rest on Spot" }, Some(spot.spot_weight), None)}
                }
            </> })}
            }
            {f.group("Runtime and logs", &["cpuArchitecture", "logRetentionDays", "ecsExec", "ephemeralStorageGib", "bucketAccess"], false, html! { <>
                {f.select(&Select { field: "cpuArchitecture", label: "CPU architecture", numeric: false,
                    help: "The image must be built for it." },
                    &spelling(&s.cpu_architecture), Some("Intel/AMD"),
                    labelled(&[("x86_64", "Intel/AMD (x86_64)"), ("arm64", "Graviton (arm64, ~20% cheaper)")]))}
                {f.select(&Select { field: "logRetentionDays", label: "Log retention (days)", numeric: true,
                    help: "Days CloudWatch keeps the logs." },
                    &num(s.log_retention_days), Some(num(d.log_retention_days).as_str()), plain(LOG_RETENTION_DAYS))}
                {f.number(&Number { field: "ephemeralStorageGib", label: "Ephemeral storage (GiB)", min: 21, max: 200, optional: true,
                    help: "Task scratch space; empty keeps Fargate's 20" }, s.ephemeral_storage_gib, None)}
                {f.check(&Check { field: "ecsExec", label: "ECS Exec",
                    help: "Allow aws ecs execute-command into the tasks." }, s.ecs_exec)}
                if props.has_bucket || s.bucket_access != BucketAccess::None {
                    {f.select(&Select { field: "bucketAccess", label: "Bucket access", numeric: false,
                        help: "What this service may do with the stack's bucket." },
                        &spelling(&s.bucket_access), Some("None"),
                        labelled(&[("none", "None"), ("read", "Read: get and list"), ("readWrite", "Read and write: get, list, put, delete")]))}
                }
            </> })}
            {f.group("Connect", &[], false, html! { <>
                <p class="help">{"Every variable the container receives, and where it comes from (read from the template)."}</p>
                if props.connections.is_empty() {
                    <p class="note" id={format!("connect-{i}")}>{"No variables."}</p>
                } else {
                    <dl class="connect" id={format!("connect-{i}")}>
                        { for props.connections.iter().map(|c| html! {
                            <>
                                <dt><code>{&c.name}</code></dt>
                                <dd>{&c.source}</dd>
                            </>
                        }) }
                    </dl>
                }
            </> })}
            {f.group("Advanced: sidecars, egress, permissions", &["sidecars", "egress", "taskPolicyStatements"], !s.sidecars.is_empty() || !s.egress.is_empty() || !s.task_policy_statements.is_empty(), html! { <>
                {sidecars_field(&problems, &f.path("sidecars"), &s.name, &s.sidecars, onset)}
                {egress_field(&problems, &f.path("egress"), &s.egress, onset)}
                {statements_field(&problems, &f.path("taskPolicyStatements"), &s.task_policy_statements, onset)}
            </> })}
        </article>
    }
}

/// A config value as JSON (a checkbox's "on" value).
fn as_value<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or_else(|_| json!({}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_decimals() {
        assert_eq!(cpu_label(256), "256 (0.25 vCPU)");
        assert_eq!(cpu_label(512), "512 (0.5 vCPU)");
        assert_eq!(cpu_label(16384), "16384 (16 vCPU)");
        assert_eq!(memory_label(3072), "3072 MiB (3 GB)");
        assert_eq!(memory_label(512), "512 MiB (0.5 GB)");
        assert_eq!(per_1024(768), "0.75");
        assert_eq!(per_1024(1536), "1.5");
    }
}
