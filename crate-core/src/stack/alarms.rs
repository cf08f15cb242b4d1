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
use crate::template::{Expr, LogicalId, Parameter, Pseudo, Resource, ResourceType as T, SubPart};
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

/// A value of the dashboard body that CloudFormation fills in.
#[derive(Clone)]
enum Slot {
    Att(LogicalId, &'static str),
    Ref(LogicalId),
    Region,
}

/// The dashboard body as JSON data; the values CloudFormation resolves are written as
/// placeholders and turned into `${...}` parts of an `Fn::Sub` after serializing.
struct Body {
    slots: Vec<Slot>,
}

impl Body {
    /// A placeholder for `slot`: a NUL-delimited number, which serde_json writes as
    /// `\u0000N\u0000`, text no name or label can contain.
    fn slot(&mut self, slot: Slot) -> serde_json::Value {
        self.slots.push(slot);
        serde_json::Value::String(format!("\u{0}{}\u{0}", self.slots.len() - 1))
    }

    fn into_sub(self, body: &serde_json::Value) -> Expr {
        let text = serde_json::to_string(body).unwrap_or_default();
        let mut parts = Vec::new();
        let mut rest = text.as_str();
        while let Some(start) = rest.find("\\u0000") {
            let after = &rest[start + 6..];
            let Some(end) = after.find("\\u0000") else {
                break;
            };
            if start > 0 {
                parts.push(SubPart::Lit(rest[..start].to_owned().into()));
            }
            let slot = after[..end]
                .parse::<usize>()
                .ok()
                .and_then(|n| self.slots.get(n));
            parts.push(match slot {
                Some(Slot::Att(id, att)) => SubPart::Att(id.clone(), att),
                Some(Slot::Ref(id)) => SubPart::Ref(id.clone()),
                Some(Slot::Region) | None => SubPart::Pseudo(Pseudo::Region),
            });
            rest = &after[end + 6..];
        }
        if !rest.is_empty() {
            parts.push(SubPart::Lit(rest.to_owned().into()));
        }
        Expr::Sub(parts)
    }
}

/// Requests, latency, 5xx, healthy hosts, CPU and memory per service, and queue backlogs.
fn dashboard(
    ctx: &mut Ctx,
    lb: Option<&Lb>,
    shared: &Shared,
    services: &[Built],
    queues: &[Option<WorkerQueue>],
) {
    use serde_json::{json, Value};
    let mut body = Body { slots: Vec::new() };
    let region = body.slot(Slot::Region);
    let mut widgets: Vec<Value> = Vec::new();
    let widget = |title: &str, metrics: Vec<Value>, stat: &str, widgets: &mut Vec<Value>| {
        let n = widgets.len() as u32;
        widgets.push(json!({
            "type": "metric",
            "x": (n % 2) * 12,
            "y": (n / 2) * 6,
            "width": 12,
            "height": 6,
            "properties": {
                "title": title,
                "region": region,
                "view": "timeSeries",
                "stat": stat,
                "period": 60,
                "metrics": metrics,
            },
        }));
    };
    if let Some(lb) = lb {
        let lb_name = body.slot(Slot::Att(lb.lb.clone(), "LoadBalancerFullName"));
        let elb = |metric: &str, options: Value| {
            json!([
                "AWS/ApplicationELB",
                metric,
                "LoadBalancer",
                lb_name,
                options
            ])
        };
        widget(
            "Requests",
            vec![elb("RequestCount", json!({ "label": "requests" }))],
            "Sum",
            &mut widgets,
        );
        widget(
            "Latency (seconds)",
            vec![
                elb(
                    "TargetResponseTime",
                    json!({ "stat": "p50", "label": "p50" }),
                ),
                elb(
                    "TargetResponseTime",
                    json!({ "stat": "p90", "label": "p90" }),
                ),
                elb(
                    "TargetResponseTime",
                    json!({ "stat": "p99", "label": "p99" }),
                ),
            ],
            "p50",
            &mut widgets,
        );
        widget(
            "5xx responses",
            vec![
                elb(
                    "HTTPCode_ELB_5XX_Count",
                    json!({ "label": "load balancer" }),
                ),
                elb("HTTPCode_Target_5XX_Count", json!({ "label": "services" })),
            ],
            "Sum",
            &mut widgets,
        );
        let mut healthy = Vec::new();
        for (i, tg) in lb.target_groups.iter().enumerate() {
            if let Some(tg) = tg {
                let tg_name = body.slot(Slot::Att(tg.clone(), "TargetGroupFullName"));
                healthy.push(json!([
                    "AWS/ApplicationELB", "HealthyHostCount", "TargetGroup", tg_name,
                    "LoadBalancer", lb_name, { "label": ctx.config.services[i].name }
                ]));
            }
        }
        widget("Healthy hosts", healthy, "Minimum", &mut widgets);
    }
    let cluster = body.slot(Slot::Ref(shared.cluster.clone()));
    let per_service = |metric: &str, body: &mut Body| -> Vec<Value> {
        let mut out = Vec::new();
        for (i, built) in services.iter().enumerate() {
            if let Some(service) = &built.service {
                let name = body.slot(Slot::Att(service.clone(), "Name"));
                out.push(json!([
                    "AWS/ECS", metric, "ClusterName", cluster, "ServiceName", name,
                    { "label": ctx.config.services[i].name }
                ]));
            }
        }
        out
    };
    let cpu = per_service("CPUUtilization", &mut body);
    let memory = per_service("MemoryUtilization", &mut body);
    if !cpu.is_empty() {
        widget("CPU (%)", cpu, "Average", &mut widgets);
        widget("Memory (%)", memory, "Average", &mut widgets);
    }
    let mut backlog = Vec::new();
    for (i, q) in queues.iter().enumerate() {
        if let Some(q) = q {
            let name = ctx.config.services[i].name.as_str();
            for (queue, label) in [
                (&q.queue, name.to_owned()),
                (&q.dead_letter, cat!(name, " dead letters")),
            ] {
                let queue_name = body.slot(Slot::Att(queue.clone(), "QueueName"));
                backlog.push(json!([
                    "AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue_name,
                    { "label": label }
                ]));
            }
        }
    }
    if !backlog.is_empty() {
        widget("Queue backlog", backlog, "Maximum", &mut widgets);
    }
    if widgets.is_empty() {
        return;
    }
    let value = json!({ "widgets": widgets });
    let sub = body.into_sub(&value);
    ctx.res(
        "Dashboard",
        "",
        T::Dashboard,
        obj! { "DashboardBody" => sub },
    );
}
