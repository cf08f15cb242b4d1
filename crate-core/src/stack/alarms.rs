//! Watching the stack after deploy: an encrypted SNS topic (and an email subscription),
//! CloudWatch alarms on the load balancer, each service, the database, and the dead-letter
//! queues of workers and jobs, and one dashboard.
//!
//! Built in two steps. [`release`] runs before the services: the alarms that judge a release
//! (unhealthy targets, the target group's 5xx share, a worker's dead letters) watch the target
//! group or the queue, never the service, so each service's deployment can name them for
//! rollback without a dependency cycle. [`watch`] runs after the services for the alarms that
//! name a service, the load balancer or the database, and the dashboard.

use crate::config::Alarms;
use crate::template::{
    escape_into, push_u64, Expr, LogicalId, Parameter, Pseudo, Resource, ResourceType as T, SubPart,
};
use crate::{map, obj, sub};

use super::extras::Extras;
use super::load_balancer::Lb;
use super::service::{Built, Shared};
use super::worker::WorkerQueue;
use super::Ctx;

/// Requests a minute below which the 5xx share reads 0: one failed request of two on a quiet
/// night is not an outage.
const MIN_REQUESTS: u32 = 10;

/// What the first step hands on.
pub(crate) struct Watch {
    /// The topic every alarm notifies.
    pub topic: LogicalId,
    /// Per service: the alarms that roll its deployments back.
    pub release: Vec<Vec<LogicalId>>,
}

/// The topic, its key and subscription, and the release alarms of every service.
pub(super) fn release(
    ctx: &mut Ctx,
    lb: Option<&Lb>,
    queues: &[Option<WorkerQueue>],
) -> Option<Watch> {
    let config = ctx.config;
    let alarms = config.alarms.as_ref()?;
    let topic = topic(ctx, alarms);
    let mut release = Vec::with_capacity(config.services.len());
    for (i, s) in config.services.iter().enumerate() {
        let stem = ctx.plan.stems[i].clone();
        let mut own = Vec::new();
        if let Some((lb, tg)) = lb.and_then(|lb| Some((lb, lb.target_groups.get(i)?.as_ref()?))) {
            let dims = vec![
                dim("TargetGroup", tg.att("TargetGroupFullName")),
                dim("LoadBalancer", lb.lb.att("LoadBalancerFullName")),
            ];
            own.push(alarm(
                ctx,
                &cat!(stem, "UnhealthyHostsAlarm"),
                &topic,
                obj! {
                    "AlarmDescription" => cat!(s.name, ": a target failed its health checks for 3 minutes."),
                    "Namespace" => "AWS/ApplicationELB",
                    "MetricName" => "UnHealthyHostCount",
                    "Dimensions" => dims.clone(),
                    "Statistic" => "Maximum",
                    "Period" => 60u32,
                    "EvaluationPeriods" => 3u32,
                    "Threshold" => 1u32,
                    "ComparisonOperator" => "GreaterThanOrEqualToThreshold",
                    "TreatMissingData" => "notBreaching",
                },
            ));
            own.push(share_alarm(
                ctx,
                &cat!(stem, "Target5xxAlarm"),
                &topic,
                cat!(
                    s.name,
                    ": more than ",
                    alarms.alb5xx_percent,
                    "% of its responses were 5xx in 3 of 5 minutes."
                ),
                ("HTTPCode_Target_5XX_Count", "RequestCount"),
                dims,
                alarms.alb5xx_percent,
            ));
        }
        if let Some(Some(q)) = queues.get(i) {
            own.push(dead_letters(
                ctx,
                &cat!(stem, "DeadLettersAlarm"),
                &topic,
                cat!(
                    s.name,
                    ": messages failed every receive and wait in its dead-letter queue."
                ),
                &q.dead_letter,
            ));
        }
        release.push(if alarms.rollback_on_alarm {
            own
        } else {
            Vec::new()
        });
    }
    Some(Watch { topic, release })
}

/// The alarms that name the load balancer, a service or the database, and the dashboard.
pub(super) fn watch(
    ctx: &mut Ctx,
    watch: &Watch,
    lb: Option<&Lb>,
    shared: &Shared,
    services: &[Built],
    extras: &Extras,
    queues: &[Option<WorkerQueue>],
) {
    let config = ctx.config;
    let Some(alarms) = config.alarms.as_ref() else {
        return;
    };
    let topic = &watch.topic;
    if let Some(lb) = lb {
        share_alarm(
            ctx,
            "LoadBalancer5xxAlarm",
            topic,
            cat!(
                "The load balancer answered more than ",
                alarms.alb5xx_percent,
                "% of requests with its own 5xx in 3 of 5 minutes."
            ),
            ("HTTPCode_ELB_5XX_Count", "RequestCount"),
            vec![dim("LoadBalancer", lb.lb.att("LoadBalancerFullName"))],
            alarms.alb5xx_percent,
        );
    }
    for (i, built) in services.iter().enumerate() {
        let stem = ctx.plan.stems[i].clone();
        let name = &config.services[i].name;
        if let Some(service) = &built.service {
            let dims = vec![
                dim("ClusterName", shared.cluster.r()),
                dim("ServiceName", service.att("Name")),
            ];
            for (suffix, metric, percent, what) in [
                ("CpuAlarm", "CPUUtilization", alarms.cpu_percent, "CPU"),
                (
                    "MemoryAlarm",
                    "MemoryUtilization",
                    alarms.memory_percent,
                    "memory",
                ),
            ] {
                alarm(
                    ctx,
                    &cat!(stem, suffix),
                    topic,
                    obj! {
                        "AlarmDescription" => cat!(name, ": average ", what, " above ", percent, "% for 15 minutes."),
                        "Namespace" => "AWS/ECS",
                        "MetricName" => metric,
                        "Dimensions" => dims.clone(),
                        "Statistic" => "Average",
                        "Period" => 300u32,
                        "EvaluationPeriods" => 3u32,
                        "Threshold" => percent,
                        "ComparisonOperator" => "GreaterThanThreshold",
                        "TreatMissingData" => "notBreaching",
                    },
                );
            }
        }
        if let Some(dead_letter) = &built.dead_letter {
            dead_letters(
                ctx,
                &cat!(stem, "FailedRunsAlarm"),
                topic,
                cat!(
                    name,
                    ": a scheduled run failed every retry and waits in its dead-letter queue."
                ),
                dead_letter,
            );
        }
    }
    if let Some(db) = &extras.database {
        let dims = vec![dim("DBInstanceIdentifier", db.instance.r())];
        alarm(
            ctx,
            "DatabaseCpuAlarm",
            topic,
            obj! {
                "AlarmDescription" => cat!("The database's average CPU above ", alarms.cpu_percent, "% for 15 minutes."),
                "Namespace" => "AWS/RDS",
                "MetricName" => "CPUUtilization",
                "Dimensions" => dims.clone(),
                "Statistic" => "Average",
                "Period" => 300u32,
                "EvaluationPeriods" => 3u32,
                "Threshold" => alarms.cpu_percent,
                "ComparisonOperator" => "GreaterThanThreshold",
                "TreatMissingData" => "notBreaching",
            },
        );
        // A tenth of the allocated storage, in bytes (what the metric reports).
        let floor = config
            .database
            .as_ref()
            .map_or(2, |d| u64::from(d.allocated_storage_gib))
            * (1u64 << 30)
            / 10;
        alarm(
            ctx,
            "DatabaseStorageAlarm",
            topic,
            obj! {
                "AlarmDescription" => "The database has less than a tenth of its storage free.",
                "Namespace" => "AWS/RDS",
                "MetricName" => "FreeStorageSpace",
                "Dimensions" => dims,
                "Statistic" => "Minimum",
                "Period" => 300u32,
                "EvaluationPeriods" => 1u32,
                "Threshold" => Expr::Int(floor as i64),
                "ComparisonOperator" => "LessThanThreshold",
                // No data from a database is itself a problem worth a look.
                "TreatMissingData" => "breaching",
            },
        );
    }
    if alarms.dashboard {
        dashboard(ctx, lb, shared, services, queues);
    }
}

/// The topic, encrypted with a key of the stack: CloudWatch cannot publish to a topic under
/// the AWS-managed `alias/aws/sns` key (its policy cannot grant CloudWatch), so alarms would
/// fail silently. The key admits the account and CloudWatch only.
fn topic(ctx: &mut Ctx, alarms: &Alarms) -> LogicalId {
    let key = ctx.res(
        "AlarmTopicKey",
        "",
        T::KmsKey,
        obj! {
            "Description" => cat!(ctx.config.name, ": encrypts the alarm topic"),
            "EnableKeyRotation" => true,
            "KeyPolicy" => obj! {
                "Version" => "2012-10-17",
                "Statement" => vec![
                    map! {
                        "Sid" => "AccountAdministers",
                        "Effect" => "Allow",
                        "Principal" => obj! { "AWS" => sub!["arn:", Pseudo::Partition, ":iam::", Pseudo::AccountId, ":root"] },
                        "Action" => "kms:*",
                        "Resource" => "*",
                    },
                    map! {
                        "Sid" => "CloudWatchAlarmsPublish",
                        "Effect" => "Allow",
                        "Principal" => obj! { "Service" => "cloudwatch.amazonaws.com" },
                        "Action" => vec![Expr::from("kms:Decrypt"), Expr::from("kms:GenerateDataKey*")],
                        "Resource" => "*",
                    },
                ],
            },
        },
    );
    let topic = ctx.res(
        "AlarmTopic",
        "",
        T::Topic,
        obj! {
            "DisplayName" => cat!(ctx.config.name, " alarms"),
            "KmsMasterKeyId" => key.r(),
        },
    );
    if let Some(email) = &alarms.email {
        let address = ctx.param(
            "AlarmEmail",
            Parameter {
                kind: "String",
                description: "Where alarms are mailed (confirm the subscription mail first)."
                    .into(),
                default: Some(email.clone()),
                constraints: obj! { "AllowedPattern" => "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$" },
                label: "Alarm email".into(),
                group: "Alarms".into(),
            },
        );
        ctx.res(
            "AlarmEmailSubscription",
            "",
            T::Subscription,
            obj! {
                "TopicArn" => topic.r(),
                "Protocol" => "email",
                "Endpoint" => address.r(),
            },
        );
    }
    topic
}

fn dim(name: &'static str, value: Expr) -> Expr {
    map! { "Name" => name, "Value" => value }
}

/// An alarm with `props`, notifying the topic when it fires and when it clears.
fn alarm(ctx: &mut Ctx, id: &str, topic: &LogicalId, mut props: crate::template::Obj) -> LogicalId {
    props.push(("AlarmActions".into(), Expr::List(vec![topic.r()])));
    props.push(("OKActions".into(), Expr::List(vec![topic.r()])));
    ctx.add(id, "", Resource::new(T::Alarm, props))
}

/// The share of requests answered with a 5xx, in percent, by metric math over two counts of
/// the same dimensions; reads 0 below [`MIN_REQUESTS`] a minute.
fn share_alarm(
    ctx: &mut Ctx,
    id: &str,
    topic: &LogicalId,
    description: String,
    (errors, requests): (&'static str, &'static str),
    dims: Vec<Expr>,
    percent: u32,
) -> LogicalId {
    let stat = |metric_id: &'static str, metric: &'static str| {
        map! {
            "Id" => metric_id,
            "MetricStat" => obj! {
                "Metric" => obj! {
                    "Namespace" => "AWS/ApplicationELB",
                    "MetricName" => metric,
                    "Dimensions" => dims.clone(),
                },
                "Period" => 60u32,
                "Stat" => "Sum",
            },
            "ReturnData" => false,
        }
    };
    alarm(
        ctx,
        id,
        topic,
        obj! {
            "AlarmDescription" => description,
            "Metrics" => vec![
                stat("errors", errors),
                stat("requests", requests),
                map! {
                    "Id" => "share",
                    "Label" => "5xx share of requests (%)",
                    "Expression" => cat!("IF(requests >= ", MIN_REQUESTS, ", 100 * FILL(errors, 0) / requests, 0)"),
                    "ReturnData" => true,
                },
            ],
            "EvaluationPeriods" => 5u32,
            "DatapointsToAlarm" => 3u32,
            "Threshold" => percent,
            "ComparisonOperator" => "GreaterThanThreshold",
            "TreatMissingData" => "notBreaching",
        },
    )
}

/// Fires as soon as a dead-letter queue holds a message.
fn dead_letters(
    ctx: &mut Ctx,
    id: &str,
    topic: &LogicalId,
    description: String,
    queue: &LogicalId,
) -> LogicalId {
    alarm(
        ctx,
        id,
        topic,
        obj! {
            "AlarmDescription" => description,
            "Namespace" => "AWS/SQS",
            "MetricName" => "ApproximateNumberOfMessagesVisible",
            "Dimensions" => vec![dim("QueueName", queue.att("QueueName"))],
            "Statistic" => "Maximum",
            "Period" => 300u32,
            "EvaluationPeriods" => 1u32,
            "Threshold" => 1u32,
            "ComparisonOperator" => "GreaterThanOrEqualToThreshold",
            "TreatMissingData" => "notBreaching",
        },
    )
}

/// The dashboard body: its compact JSON text written directly (the same bytes serde_json
/// writes), cut into the parts of an `Fn::Sub` where a value CloudFormation resolves goes.
/// Written as text rather than built as `serde_json::Value`s: the `json!` literals were some
/// 7 KB of WebAssembly.
#[derive(Default)]
struct Body {
    /// The parts before `text`.
    parts: Vec<SubPart>,
    /// Literal text not yet in `parts`.
    text: String,
}

impl Body {
    /// Appends JSON text as is.
    fn raw(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// Appends a JSON string.
    fn string(&mut self, s: &str) {
        self.text.push('"');
        escape_into(&mut self.text, s);
        self.text.push('"');
    }

    /// Appends a JSON string whose text is `part`, resolved by CloudFormation.
    fn slot(&mut self, part: SubPart) {
        self.text.push('"');
        self.flush();
        self.parts.push(part);
        self.text.push('"');
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            self.parts.push(SubPart::Lit(text.into()));
        }
    }

    /// Opens widget `n` (two to a row) and its list of metrics; [`Body::end_widget`] closes
    /// both.
    fn widget(&mut self, n: u32, title: &str, stat: &str) {
        self.raw(if n == 0 { "{\"widgets\":[" } else { "," });
        self.raw("{\"type\":\"metric\",\"x\":");
        push_u64(&mut self.text, u64::from(n % 2 * 12));
        self.raw(",\"y\":");
        push_u64(&mut self.text, u64::from(n / 2 * 6));
        self.raw(",\"width\":12,\"height\":6,\"properties\":{\"title\":");
        self.string(title);
        self.raw(",\"region\":");
        self.slot(SubPart::Pseudo(Pseudo::Region));
        self.raw(",\"view\":\"timeSeries\",\"stat\":");
        self.string(stat);
        self.raw(",\"period\":60,\"metrics\":[");
    }

    fn end_widget(&mut self) {
        self.raw("]}}");
    }

    /// Opens metric row `k` of a widget with its namespace and metric name; the caller adds
    /// dimensions with [`Body::dimension`] and ends with [`Body::end_metric`].
    fn metric(&mut self, k: usize, namespace: &str, metric: &str) {
        self.raw(if k == 0 { "[" } else { ",[" });
        self.string(namespace);
        self.raw(",");
        self.string(metric);
    }

    /// A dimension of the open metric: its name, then its value resolved by CloudFormation.
    fn dimension(&mut self, name: &str, value: SubPart) {
        self.raw(",");
        self.string(name);
        self.raw(",");
        self.slot(value);
    }

    /// Ends the open metric with its options (`{"stat":...,"label":...}`).
    fn end_metric(&mut self, stat: Option<&str>, label: &str) {
        self.raw(",{");
        if let Some(stat) = stat {
            self.raw("\"stat\":");
            self.string(stat);
            self.raw(",");
        }
        self.raw("\"label\":");
        self.string(label);
        self.raw("}]");
    }

    fn into_sub(mut self) -> Expr {
        self.raw("]}");
        self.flush();
        Expr::Sub(self.parts)
    }
}

/// A load balancer metric on the dashboard: its statistic where not the widget's, its name,
/// its label.
type ElbMetric = (Option<&'static str>, &'static str, &'static str);

/// The load balancer's widgets on the dashboard: title, statistic, metrics.
const ELB_WIDGETS: [(&str, &str, &[ElbMetric]); 3] = [
    ("Requests", "Sum", &[(None, "RequestCount", "requests")]),
    (
        "Latency (seconds)",
        "p50",
        &[
            (Some("p50"), "TargetResponseTime", "p50"),
            (Some("p90"), "TargetResponseTime", "p90"),
            (Some("p99"), "TargetResponseTime", "p99"),
        ],
    ),
    (
        "5xx responses",
        "Sum",
        &[
            (None, "HTTPCode_ELB_5XX_Count", "load balancer"),
            (None, "HTTPCode_Target_5XX_Count", "services"),
        ],
    ),
];

/// Requests, latency, 5xx, healthy hosts, CPU and memory per service, and queue backlogs.
fn dashboard(
    ctx: &mut Ctx,
    lb: Option<&Lb>,
    shared: &Shared,
    services: &[Built],
    queues: &[Option<WorkerQueue>],
) {
    let names = |i: usize| ctx.config.services[i].name.as_str();
    let any_service = services.iter().any(|b| b.service.is_some());
    let any_queue = queues.iter().any(Option::is_some);
    if lb.is_none() && !any_service && !any_queue {
        return;
    }
    let mut body = Body::default();
    let mut n = 0;
    if let Some(lb) = lb {
        let lb_name = || SubPart::Att(lb.lb.clone(), "LoadBalancerFullName");
        for (title, stat, metrics) in ELB_WIDGETS {
            body.widget(n, title, stat);
            n += 1;
            for (k, (metric_stat, metric, label)) in metrics.iter().enumerate() {
                body.metric(k, "AWS/ApplicationELB", metric);
                body.dimension("LoadBalancer", lb_name());
                body.end_metric(*metric_stat, label);
            }
            body.end_widget();
        }
        body.widget(n, "Healthy hosts", "Minimum");
        n += 1;
        let groups = lb.target_groups.iter().enumerate();
        for (k, (i, tg)) in groups
            .filter_map(|(i, tg)| Some((i, tg.as_ref()?)))
            .enumerate()
        {
            body.metric(k, "AWS/ApplicationELB", "HealthyHostCount");
            body.dimension(
                "TargetGroup",
                SubPart::Att(tg.clone(), "TargetGroupFullName"),
            );
            body.dimension("LoadBalancer", lb_name());
            body.end_metric(None, names(i));
        }
        body.end_widget();
    }
    if any_service {
        for (title, metric) in [
            ("CPU (%)", "CPUUtilization"),
            ("Memory (%)", "MemoryUtilization"),
        ] {
            body.widget(n, title, "Average");
            n += 1;
            let running = services.iter().enumerate();
            for (k, (i, service)) in running
                .filter_map(|(i, b)| Some((i, b.service.as_ref()?)))
                .enumerate()
            {
                body.metric(k, "AWS/ECS", metric);
                body.dimension("ClusterName", SubPart::Ref(shared.cluster.clone()));
                body.dimension("ServiceName", SubPart::Att(service.clone(), "Name"));
                body.end_metric(None, names(i));
            }
            body.end_widget();
        }
    }
    if any_queue {
        body.widget(n, "Queue backlog", "Maximum");
        let mut k = 0;
        for (i, q) in queues.iter().enumerate() {
            if let Some(q) = q {
                let name = names(i);
                for (queue, label) in [
                    (&q.queue, name.to_owned()),
                    (&q.dead_letter, cat!(name, " dead letters")),
                ] {
                    body.metric(k, "AWS/SQS", "ApproximateNumberOfMessagesVisible");
                    body.dimension("QueueName", SubPart::Att(queue.clone(), "QueueName"));
                    body.end_metric(None, &label);
                    k += 1;
                }
            }
        }
        body.end_widget();
    }
    let sub = body.into_sub();
    ctx.res(
        "Dashboard",
        "",
        T::Dashboard,
        obj! { "DashboardBody" => sub },
    );
}
