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
use super::check_field::CheckField;
use super::egress_field::egress_field;
use super::field_frame::Messages;
use super::group::Group;
use super::list_field::ListField;
use super::map_field::MapField;
use super::network_form::spelling;
use super::number_field::NumberField;
use super::select_field::{labelled, plain, SelectField};
use super::sidecars_field::sidecars_field;
use super::statements_field::statements_field;
use super::text_field::TextField;
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
    let p = |field: &str| AttrValue::from(format!("{base}.{field}"));
    let d = Service::default();
    let hd = HealthCheck::default();
    let onset = props.onset.clone();
    let num = |v: u32| AttrValue::from(v.to_string());
    let cpu_options: Vec<(AttrValue, AttrValue)> = CPU_VALUES
        .iter()
        .map(|c| (num(*c), AttrValue::from(cpu_label(*c))))
        .collect();
    let memory_options: Vec<(AttrValue, AttrValue)> = memory_values(s.cpu)
        .into_iter()
        .map(|m| (num(m), AttrValue::from(memory_label(m))))
        .collect();
    let retention = plain(LOG_RETENTION_DAYS);
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
    let entries = |m: &std::collections::BTreeMap<String, String>| -> Vec<(String, String)> {
        m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    };
    let heading_id = format!("h-service-{i}");
    let autoscaling_on = as_value(&AutoScaling::default());
    let kind = s.kind;
    let web = kind == ServiceKind::Web;
    let worker = kind == ServiceKind::Worker;
    let job = kind == ServiceKind::Job;
    // A field the kind refuses still shows while it holds a problem.
    let has = |field: &str| problems.any_within(&format!("{base}.{field}"));
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
                <TextField path={p("name")} label="Name" value={AttrValue::from(s.name.clone())}
                    default={(i == 0).then(|| AttrValue::from(d.name.clone()))}
                    help="Unique; lowercase letters, digits, hyphens, at most 32. The container has this name."
                    onset={onset.clone()} />
                <SelectField path={p("kind")} label="Kind" value={AttrValue::Static(kind.name())}
                    default={AttrValue::Static("web")}
                    options={labelled(&[("web", "Web (behind the load balancer)"), ("backend", "Backend (internal)"), ("worker", "Worker (reads a queue)"), ("job", "Job (runs on a schedule)")])}
                    help="Switching resets what the new kind does not take." onset={onset.clone()} />
                <TextField path={p("image")} label="Image" optional=true
                    value={AttrValue::from(s.image.clone().unwrap_or_default())}
                    placeholder="empty: a new ECR repository" default={AttrValue::Static("new ECR repository")}
                    help="e.g. public.ecr.aws/nginx/nginx:latest; empty makes an ECR repository and an ImageTag parameter."
                    onset={onset.clone()} />
                if kind.listens() || has("containerPort") {
                    <NumberField path={p("containerPort")} label="Container port" value={Some(s.container_port)}
                        min={1} max={65535} default={num(d.container_port)}
                        help={port_help} onset={onset.clone()} />
                }
                if !job || has("desiredCount") {
                    <NumberField path={p("desiredCount")} label="Desired count" value={Some(s.desired_count)}
                        min={0} max={1000} default={num(d.desired_count)}
                        help="Tasks to run (a template parameter)" onset={onset.clone()} />
                }
                <SelectField path={p("cpu")} label="CPU" value={num(s.cpu)} numeric=true options={cpu_options}
                    default={num(d.cpu)} help="CPU units; memory follows to a valid Fargate pair." onset={onset.clone()} />
                // "default 512" only where this CPU can take 512.
                <SelectField path={p("memory")} label="Memory" value={num(s.memory)} numeric=true
                    default={memory_values(s.cpu).contains(&d.memory).then(|| num(d.memory))}
                    options={memory_options} help="Only the sizes Fargate offers with this CPU." onset={onset.clone()} />
                if job || has("schedule") || has("scheduleTimezone") {
                    <TextField path={p("schedule")} label="Schedule" optional=true class={classes!("wide")}
                        value={AttrValue::from(s.schedule.clone().unwrap_or_default())} note={reading}
                        placeholder="cron(0 3 * * ? *)"
                        help="cron(minutes hours day-of-month month day-of-week year) or rate(1 hour)"
                        onset={onset.clone()} />
                    <TextField path={p("scheduleTimezone")} label="Time zone" optional=true
                        value={AttrValue::from(s.schedule_timezone.clone().unwrap_or_default())}
                        placeholder="UTC" default={AttrValue::Static("UTC")}
                        help="The cron's time zone, e.g. Europe/Paris" onset={onset.clone()} />
                }
                if web || has("pathPatterns") {
                    <ListField path={p("pathPatterns")} label="Path patterns" item="pattern"
                        items={s.path_patterns.clone()} placeholder="/api/*" default={(i == 0).then_some(AttrValue::Static("/*"))}
                        help="Routed to this service by listener rules (at most 5); the service with /* takes the rest."
                        onset={onset.clone()} />
                }
                if web || has("hosts") {
                    <ListField path={p("hosts")} label="Hosts" item="host"
                        items={s.hosts.clone()} placeholder="api.example.com" default={AttrValue::Static("any")}
                        help="Host names routed here (with the path patterns; 5 values in all), e.g. api.example.com or *.example.com."
                        onset={onset.clone()} />
                }
                {calls_field(&problems, &p("calls"), (&s.name, kind), &s.calls, &props.peers, &onset)}
            </div>
            if worker || has("queue") {
                <Group title="Queue" prefixes={vec![p("queue")]} open=true>
                    <Messages path={p("queue")} errors={problems.at(&p("queue")).to_vec()} />
                    <NumberField path={p("queue.visibilityTimeoutSeconds")} label="Visibility timeout (s)"
                        value={Some(queue.visibility_timeout_seconds)} min={0} max={43_200}
                        default={num(qd.visibility_timeout_seconds)}
                        help="A received message stays hidden this long" onset={onset.clone()} />
                    <NumberField path={p("queue.maxReceiveCount")} label="Max receives"
                        value={Some(queue.max_receive_count)} min={1} max={1000} default={num(qd.max_receive_count)}
                        help="Then it moves to the dead-letter queue" onset={onset.clone()} />
                    <NumberField path={p("queue.retentionDays")} label="Retention (days)"
                        value={Some(queue.retention_days)} min={1} max={14} default={num(qd.retention_days)}
                        help="Days a message is kept" onset={onset.clone()} />
                </Group>
            }
            <Group title="Health check" prefixes={vec![p("healthCheck"), p("containerHealthCheck")]}>
                <Messages path={p("healthCheck")} errors={problems.at(&p("healthCheck")).to_vec()} />
                if web || has("healthCheck") {
                    <TextField path={p("healthCheck.path")} label="Path" value={AttrValue::from(s.health_check.path.clone())}
                        default={AttrValue::from(hd.path.clone())} help="Path the load balancer requests, starting with /."
                        onset={onset.clone()} />
                    <TextField path={p("healthCheck.matcher")} label="Healthy HTTP codes"
                        value={AttrValue::from(s.health_check.matcher.clone())} default={AttrValue::from(hd.matcher.clone())}
                        help="e.g. 200, 200,204 or 200-399." onset={onset.clone()} />
                    <NumberField path={p("healthCheck.intervalSeconds")} label="Interval (s)"
                        value={Some(s.health_check.interval_seconds)} min={5} max={300} default={num(hd.interval_seconds)}
                        help="Seconds between checks" onset={onset.clone()} />
                    <NumberField path={p("healthCheck.timeoutSeconds")} label="Timeout (s)"
                        value={Some(s.health_check.timeout_seconds)} min={2} max={120} default={num(hd.timeout_seconds)}
                        help="Less than the interval" onset={onset.clone()} />
                    <NumberField path={p("healthCheck.healthyThreshold")} label="Healthy threshold"
                        value={Some(s.health_check.healthy_threshold)} min={2} max={10} default={num(hd.healthy_threshold)}
                        help="Successes before a target is healthy" onset={onset.clone()} />
                    <NumberField path={p("healthCheck.unhealthyThreshold")} label="Unhealthy threshold"
                        value={Some(s.health_check.unhealthy_threshold)} min={2} max={10} default={num(hd.unhealthy_threshold)}
                        help="Failures before a target is unhealthy" onset={onset.clone()} />
                    <NumberField path={p("healthCheck.gracePeriodSeconds")} label="Grace period (s)"
                        value={Some(s.health_check.grace_period_seconds)} min={0} max={2_147_483_647}
                        default={num(hd.grace_period_seconds)}
                        help="Seconds ECS ignores failing checks after a task starts" onset={onset.clone()} />
                }
                <CheckField path={p("containerHealthCheck")} label="Container health check"
                    checked={s.container_health_check.is_some()} on={as_value(&ContainerHealthCheck::default())} off={Value::Null}
                    help="A command ECS runs inside the container." onset={onset.clone()} />
                if let Some(c) = &s.container_health_check {
                    <ListField path={p("containerHealthCheck.command")} label="Command" item="argument"
                        items={c.command.clone()} placeholder="CMD-SHELL"
                        help="CMD or CMD-SHELL, then the command, e.g. curl -f http://localhost/ || exit 1."
                        onset={onset.clone()} />
                    <NumberField path={p("containerHealthCheck.intervalSeconds")} label="Interval (s)"
                        value={Some(c.interval_seconds)} min={5} max={300} default={num(30)} onset={onset.clone()} />
                    <NumberField path={p("containerHealthCheck.timeoutSeconds")} label="Timeout (s)"
                        value={Some(c.timeout_seconds)} min={2} max={60} default={num(5)} onset={onset.clone()} />
                    <NumberField path={p("containerHealthCheck.retries")} label="Retries"
                        value={Some(c.retries)} min={1} max={10} default={num(3)} onset={onset.clone()} />
                    <NumberField path={p("containerHealthCheck.startPeriodSeconds")} label="Start period (s)"
                        value={Some(c.start_period_seconds)} min={0} max={300} default={num(0)} onset={onset.clone()} />
                }
            </Group>
            <Group title="Environment and secrets" prefixes={vec![p("environment"), p("secrets"), p("command")]}
                open={!s.environment.is_empty() || !s.secrets.is_empty()}>
                <MapField path={p("environment")} label="Environment" key_label="variable" value_label="value"
                    entries={entries(&s.environment)} help="Plain environment variables (names: letters, digits, _)."
                    onentry={props.onentry.clone()} />
                <MapField path={p("secrets")} label="Secrets" key_label="secret" value_label="ARN"
                    entries={entries(&s.secrets)} placeholder="arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME"
                    help="Variables read from Secrets Manager or SSM Parameter Store ARNs; the execution role may read exactly these."
                    onentry={props.onentry.clone()} />
                <ListField path={p("command")} label="Command" item="argument" items={s.command.clone()}
                    help="Overrides the image's command; empty keeps it." onset={onset.clone()} />
            </Group>
            if !job || has("autoScaling") || has("deployment") || has("spot") {
            <Group title="Scaling and deployment" prefixes={vec![p("autoScaling"), p("deployment"), p("spot")]}>
                if !job || has("autoScaling") {
                <CheckField path={p("autoScaling")} label="Autoscaling" checked={s.auto_scaling.is_some()}
                    on={autoscaling_on} off={Value::Null}
                    help={if worker { "On the queue's backlog per task; off keeps a fixed task count." }
                        else { "Target tracking on CPU, memory or requests; off keeps a fixed task count." }}
                    onset={onset.clone()} />
                }
                if let Some(a) = &s.auto_scaling {
                    <NumberField path={p("autoScaling.minCount")} label="Min tasks" value={Some(a.min_count)}
                        min={0} max={1000} help="Fewest tasks" onset={onset.clone()} />
                    <NumberField path={p("autoScaling.maxCount")} label="Max tasks" value={Some(a.max_count)}
                        min={1} max={1000} help="Most tasks" onset={onset.clone()} />
                    if !worker || has("autoScaling.cpuTarget") {
                        <NumberField path={p("autoScaling.cpuTarget")} label="CPU target %" value={a.cpu_target} optional=true
                            min={10} max={95} help="Average CPU to hold" onset={onset.clone()} />
                    }
                    if !worker || has("autoScaling.memoryTarget") {
                        <NumberField path={p("autoScaling.memoryTarget")} label="Memory target %" value={a.memory_target}
                            optional=true min={10} max={95} help="Average memory to hold" onset={onset.clone()} />
                    }
                    if web || has("autoScaling.requestsPerTarget") {
                        <NumberField path={p("autoScaling.requestsPerTarget")} label="Requests per task"
                            value={a.requests_per_target} optional=true min={1} max={100_000}
                            help="ALB requests per task to hold" onset={onset.clone()} />
                    }
                    if worker || has("autoScaling.messagesPerTask") {
                        <NumberField path={p("autoScaling.messagesPerTask")} label="Messages per task"
                            value={a.messages_per_task} optional=true min={1} max={100_000}
                            help="Queue backlog per task to hold" onset={onset.clone()} />
                    }
                }
                if !job || has("deployment") {
                <Messages path={p("deployment")} errors={problems.at(&p("deployment")).to_vec()} />
                <NumberField path={p("deployment.minHealthyPercent")} label="Min healthy %"
                    value={Some(s.deployment.min_healthy_percent)} min={0} max={100}
                    default={num(d.deployment.min_healthy_percent)}
                    help="Tasks kept running during a deployment" onset={onset.clone()} />
                <NumberField path={p("deployment.maxPercent")} label="Max %"
                    value={Some(s.deployment.max_percent)} min={100} max={200}
                    default={num(d.deployment.max_percent)}
                    help="Tasks allowed during a deployment" onset={onset.clone()} />
                <CheckField path={p("deployment.circuitBreaker")} label="Circuit breaker with rollback"
                    checked={s.deployment.circuit_breaker}
                    help="Stop and roll back a deployment whose tasks keep failing." onset={onset.clone()} />
                }
                if !job || has("spot") {
                <CheckField path={p("spot")} label="Fargate Spot" checked={s.spot.is_some()}
                    on={as_value(&Spot::default())} off={Value::Null}
                    help="Run some tasks on cheaper, interruptible Spot capacity." onset={onset.clone()} />
                }
                if let Some(spot) = &s.spot {
                    <NumberField path={p("spot.onDemandBase")} label="On-demand base" value={Some(spot.on_demand_base)}
                        min={0} max={100_000} help="Tasks always on regular Fargate" onset={onset.clone()} />
                    <NumberField path={p("spot.onDemandWeight")} label="On-demand weight" value={Some(spot.on_demand_weight)}
                        min={0} max={1000} help="Share of the rest on regular Fargate" onset={onset.clone()} />
                    <NumberField path={p("spot.spotWeight")} label="Spot weight" value={Some(spot.spot_weight)}
                        min={0} max={1000} help="Share of the rest on Spot" onset={onset.clone()} />
                }
            </Group>
            }
            <Group title="Runtime and logs" prefixes={vec![p("cpuArchitecture"), p("logRetentionDays"), p("ecsExec"), p("ephemeralStorageGib"), p("bucketAccess")]}>
                <SelectField path={p("cpuArchitecture")} label="CPU architecture" value={spelling(&s.cpu_architecture)}
                    default={AttrValue::Static("Intel/AMD")}
                    options={labelled(&[("x86_64", "Intel/AMD (x86_64)"), ("arm64", "Graviton (arm64, ~20% cheaper)")])}
                    help="The image must be built for it." onset={onset.clone()} />
                <SelectField path={p("logRetentionDays")} label="Log retention (days)" value={num(s.log_retention_days)}
                    numeric=true options={retention} default={num(d.log_retention_days)}
                    help="Days CloudWatch keeps the logs." onset={onset.clone()} />
                <NumberField path={p("ephemeralStorageGib")} label="Ephemeral storage (GiB)" value={s.ephemeral_storage_gib}
                    optional=true min={21} max={200} help="Task scratch space; empty keeps Fargate's 20" onset={onset.clone()} />
                <CheckField path={p("ecsExec")} label="ECS Exec" checked={s.ecs_exec}
                    help="Allow aws ecs execute-command into the tasks." onset={onset.clone()} />
                if props.has_bucket || s.bucket_access != BucketAccess::None {
                    <SelectField path={p("bucketAccess")} label="Bucket access" value={spelling(&s.bucket_access)}
                        default={AttrValue::Static("None")}
                        options={labelled(&[("none", "None"), ("read", "Read: get and list"), ("readWrite", "Read and write: get, list, put, delete")])}
                        help="What this service may do with the stack's bucket." onset={onset.clone()} />
                }
            </Group>
            <Group title="Connect" prefixes={Vec::<AttrValue>::new()}>
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
            </Group>
            <Group title="Advanced: sidecars, egress, permissions"
                prefixes={vec![p("sidecars"), p("egress"), p("taskPolicyStatements")]}
                open={!s.sidecars.is_empty() || !s.egress.is_empty() || !s.task_policy_statements.is_empty()}>
                {sidecars_field(&problems, &p("sidecars"), &s.name, &s.sidecars, &onset)}
                {egress_field(&problems, &p("egress"), &s.egress, &onset)}
                {statements_field(&problems, &p("taskPolicyStatements"), &s.task_policy_statements, &onset)}
            </Group>
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
