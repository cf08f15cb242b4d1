//! Jobs: EventBridge Scheduler runs the task definition on a cron or rate schedule, in the
//! private subnets, with a retry policy and a dead-letter queue for runs it could not start.
//! Its role may run exactly that task definition family on this cluster and pass exactly the
//! task's two roles. Checked by `validate::shape` and `validate::schedule`.

use crate::config::{NatGateways, Service};
use crate::template::{LogicalId, Pseudo, ResourceType as T};
use crate::{map, obj, sub};

use super::service::Shared;
use super::{Ctx, Net};

/// What a job needs from the service part.
pub(super) struct JobTask<'a> {
    pub stem: &'a str,
    pub service: &'a Service,
    pub task_definition: &'a LogicalId,
    pub execution_role: &'a LogicalId,
    pub task_role: &'a LogicalId,
    pub security_group: &'a LogicalId,
}

/// The schedule's handles.
pub(crate) struct Scheduled {
    /// The schedule.
    pub schedule: LogicalId,
    /// Where invocations that failed every retry go.
    pub dead_letter: LogicalId,
}

pub(super) fn schedule(ctx: &mut Ctx, net: &Net, shared: &Shared, job: &JobTask) -> Scheduled {
    let s = job.service;
    let stem = job.stem;
    let dead_letter = ctx.res(
        &cat!(stem, "ScheduleDeadLetterQueue"),
        &s.name,
        T::Queue,
        obj! {
            "SqsManagedSseEnabled" => true,
            "MessageRetentionPeriod" => 1_209_600u32,
        },
    );
    let family = sub![
        "arn:",
        Pseudo::Partition,
        ":ecs:",
        Pseudo::Region,
        ":",
        Pseudo::AccountId,
        ":task-definition/",
        Pseudo::StackName,
        cat!("-", s.name, ":*")
    ];
    let role = ctx.res(
        &cat!(stem, "SchedulerRole"),
        &s.name,
        T::Role,
        obj! {
            "AssumeRolePolicyDocument" => obj! {
                "Version" => "2012-10-17",
                "Statement" => vec![map! {
                    "Effect" => "Allow",
                    "Principal" => obj! { "Service" => "scheduler.amazonaws.com" },
                    "Action" => "sts:AssumeRole",
                    // Only schedules of this account may use the role (confused deputy).
                    "Condition" => obj! { "StringEquals" => map! { "aws:SourceAccount" => Pseudo::AccountId } },
                }],
            },
            "Policies" => vec![map! {
                "PolicyName" => "run-task",
                "PolicyDocument" => obj! {
                    "Version" => "2012-10-17",
                    "Statement" => vec![
                        map! {
                            "Sid" => "RunTask",
                            "Effect" => "Allow",
                            "Action" => "ecs:RunTask",
                            "Resource" => family,
                            "Condition" => obj! { "ArnEquals" => map! { "ecs:cluster" => shared.cluster.att("Arn") } },
                        },
                        map! {
                            "Sid" => "PassTaskRoles",
                            "Effect" => "Allow",
                            "Action" => "iam:PassRole",
                            "Resource" => vec![job.execution_role.att("Arn"), job.task_role.att("Arn")],
                            "Condition" => obj! { "StringEquals" => map! { "iam:PassedToService" => "ecs-tasks.amazonaws.com" } },
                        },
                        map! {
                            "Sid" => "DeadLetters",
                            "Effect" => "Allow",
                            "Action" => "sqs:SendMessage",
                            "Resource" => dead_letter.att("Arn"),
                        },
                    ],
                },
            }],
        },
    );
    let public = ctx.config.network.nat_gateways == NatGateways::None;
    let schedule = ctx.res(
        &cat!(stem, "Schedule"),
        "",
        T::Schedule,
        obj! {
            "Description" => cat!(ctx.config.name, " job ", s.name),
            "ScheduleExpression" => s.schedule.clone().unwrap_or_default(),
            "ScheduleExpressionTimezone" => s.schedule_timezone.clone().unwrap_or_else(|| "UTC".to_owned()),
            "FlexibleTimeWindow" => obj! { "Mode" => "OFF" },
            "State" => "ENABLED",
            "Target" => obj! {
                "Arn" => shared.cluster.att("Arn"),
                "RoleArn" => role.att("Arn"),
                "EcsParameters" => obj! {
                    "TaskDefinitionArn" => job.task_definition.r(),
                    "TaskCount" => 1u32,
                    "LaunchType" => "FARGATE",
                    "PlatformVersion" => "LATEST",
                    "EnableExecuteCommand" => s.ecs_exec,
                    "NetworkConfiguration" => obj! {
                        "AwsvpcConfiguration" => obj! {
                            "AssignPublicIp" => if public { "ENABLED" } else { "DISABLED" },
                            "SecurityGroups" => vec![job.security_group.att("GroupId")],
                            "Subnets" => if public { net.public_subnets.clone() } else { net.private_subnets.clone() },
                        },
                    },
                },
                "RetryPolicy" => obj! {
                    "MaximumRetryAttempts" => 3u32,
                    "MaximumEventAgeInSeconds" => 3600u32,
                },
                "DeadLetterConfig" => obj! { "Arn" => dead_letter.att("Arn") },
            },
        },
    );
    Scheduled {
        schedule,
        dead_letter,
    }
}
