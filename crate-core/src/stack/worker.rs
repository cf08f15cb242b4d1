//! Workers: each gets its own SQS queue (encrypted with SQS-managed keys) with a dead-letter
//! queue, and scales on the backlog per task. Checked by `validate::shape`.

use crate::config::{AutoScaling, Queue, ServiceKind};
use crate::template::{Expr, LogicalId, Pseudo, ResourceType as T};
use crate::{map, obj, sub};

use super::service::Shared;
use super::Ctx;

/// A worker's queues.
pub(crate) struct WorkerQueue {
    /// The queue it drains.
    pub queue: LogicalId,
    /// Where messages go after `maxReceiveCount` receives.
    pub dead_letter: LogicalId,
}

/// Per service: its queues when it is a worker.
pub(super) fn queues(ctx: &mut Ctx) -> Vec<Option<WorkerQueue>> {
    let (config, plan) = (ctx.config, ctx.plan);
    config
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if s.kind != ServiceKind::Worker {
                return None;
            }
            let q = s.queue.clone().unwrap_or_default();
            let stem = &plan.stems[i];
            let dead_letter = ctx.res(
                &cat!(stem, "DeadLetterQueue"),
                &s.name,
                T::Queue,
                obj! {
                    "SqsManagedSseEnabled" => true,
                    // The longest SQS keeps a message, so a failed one can be looked at.
                    "MessageRetentionPeriod" => 1_209_600u32,
                },
            );
            let queue = ctx.res(
                &cat!(stem, "Queue"),
                &s.name,
                T::Queue,
                queue_properties(&q, &dead_letter),
            );
            Some(WorkerQueue { queue, dead_letter })
        })
        .collect()
}

fn queue_properties(q: &Queue, dead_letter: &LogicalId) -> crate::template::Obj {
    obj! {
        "SqsManagedSseEnabled" => true,
        "VisibilityTimeout" => q.visibility_timeout_seconds,
        "MessageRetentionPeriod" => q.retention_days * 86_400,
        "RedrivePolicy" => obj! {
            "deadLetterTargetArn" => dead_letter.att("Arn"),
            "maxReceiveCount" => q.max_receive_count,
        },
    }
}

/// Target tracking on the backlog per task: visible messages divided by running tasks (metric
/// math; a service at zero tasks counts as one, so the backlog still scales it out from zero).
#[allow(clippy::too_many_arguments)]
pub(super) fn backlog_policy(
    ctx: &mut Ctx,
    stem: &str,
    name: &str,
    a: &AutoScaling,
    target: &LogicalId,
    shared: &Shared,
    service: &LogicalId,
    queue: &WorkerQueue,
) {
    let Some(per_task) = a.messages_per_task else {
        return;
    };
    let metric = |id: &'static str,
                  namespace: &'static str,
                  metric: &'static str,
                  dims: Vec<Expr>,
                  stat: &'static str| {
        map! {
            "Id" => id,
            "MetricStat" => obj! {
                "Metric" => obj! {
                    "Namespace" => namespace,
                    "MetricName" => metric,
                    "Dimensions" => dims,
                },
                "Stat" => stat,
            },
            "ReturnData" => false,
        }
    };
    let messages = metric(
        "messages",
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
        vec![map! { "Name" => "QueueName", "Value" => queue.queue.att("QueueName") }],
        "Sum",
    );
    let tasks = metric(
        "tasks",
        "ECS/ContainerInsights",
        "RunningTaskCount",
        vec![
            map! { "Name" => "ClusterName", "Value" => shared.cluster.r() },
            map! { "Name" => "ServiceName", "Value" => service.att("Name") },
        ],
        "Average",
    );
    let backlog = map! {
        "Id" => "backlog",
        "Expression" => "messages / IF(tasks > 0, tasks, 1)",
        "Label" => "Messages per running task",
        "ReturnData" => true,
    };
    ctx.res(
        &cat!(stem, "BacklogScaling"),
        "",
        T::ScalingPolicy,
        obj! {
            "PolicyName" => sub![Pseudo::StackName, cat!("-", name, "-backlog")],
            "PolicyType" => "TargetTrackingScaling",
            "ScalingTargetId" => target.r(),
            "TargetTrackingScalingPolicyConfiguration" => obj! {
                "CustomizedMetricSpecification" => obj! {
                    "Metrics" => vec![messages, tasks, backlog],
                },
                "TargetValue" => per_task,
                "ScaleInCooldown" => 120u32,
                "ScaleOutCooldown" => 60u32,
            },
        },
    );
}
