//! Stack outputs: where to reach the app and the ids other stacks and scripts need.

use std::borrow::Cow;

use crate::sub;
use crate::template::{Expr, Output};

use super::extras::Extras;
use super::load_balancer::Lb;
use super::service::{Built, Shared};
use super::worker::WorkerQueue;
use super::{Ctx, Net};

pub(super) fn build(
    ctx: &mut Ctx,
    net: &Net,
    lb: Option<&Lb>,
    shared: &Shared,
    services: &[Built],
    extras: &Extras,
    queues: &[Option<WorkerQueue>],
) {
    if let Some(lb) = lb {
        let scheme = if lb.https { "https://" } else { "http://" };
        let port_suffix = if !lb.https && ctx.config.load_balancer.http_port != 80 {
            cat!(":", ctx.config.load_balancer.http_port)
        } else {
            String::new()
        };
        let url = match (&ctx.config.domain, &extras.api) {
            (Some(domain), _) => Expr::from(cat!("https://", domain.name)),
            (None, Some(api)) => api.api.att("ApiEndpoint"),
            (None, None) => sub![scheme, (&lb.lb, "DNSName"), port_suffix],
        };
        ctx.t.add_output("Url", out("Where the app answers.", url));
        ctx.t.add_output(
            "LoadBalancerDnsName",
            out(
                "DNS name of the load balancer (point a CNAME or alias here).",
                lb.lb.att("DNSName"),
            ),
        );
    }
    ctx.t
        .add_output("ClusterName", out("The ECS cluster.", shared.cluster.r()));
    for (i, built) in services.iter().enumerate() {
        let stem = &ctx.plan.stems[i];
        let name = &ctx.config.services[i].name;
        if let Some(service) = &built.service {
            ctx.t.add_output(
                cat!(stem, "ServiceName"),
                out(cat!("ECS service name of ", name, "."), service.att("Name")),
            );
        }
        if let Some(repo) = &built.repository {
            ctx.t.add_output(
                cat!(stem, "RepositoryUri"),
                out(
                    cat!("ECR repository to push the ", name, " image to."),
                    repo.att("RepositoryUri"),
                ),
            );
        }
        if let Some(Some(q)) = queues.get(i) {
            ctx.t.add_output(
                cat!(stem, "QueueUrl"),
                out(cat!("The queue worker ", name, " drains."), q.queue.r()),
            );
            ctx.t.add_output(
                cat!(stem, "DeadLetterQueueUrl"),
                out(
                    cat!("Messages worker ", name, " failed ", "to process."),
                    q.dead_letter.r(),
                ),
            );
        }
        if let Some(schedule) = &built.schedule {
            ctx.t.add_output(
                cat!(stem, "ScheduleName"),
                out(cat!("The schedule that runs job ", name, "."), schedule.r()),
            );
        }
    }
    ctx.t.add_output("VpcId", out("The VPC.", net.vpc.clone()));
    ctx.t.add_output(
        "PublicSubnetIds",
        out(
            "Public subnets, comma-separated.",
            Expr::join(",", net.public_subnets.clone()),
        ),
    );
    ctx.t.add_output(
        "PrivateSubnetIds",
        out(
            "Private subnets, comma-separated.",
            Expr::join(",", net.private_subnets.clone()),
        ),
    );
    if let Some(db) = &extras.database {
        ctx.t.add_output(
            "DatabaseEndpoint",
            out("Database host name.", db.instance.att("Endpoint.Address")),
        );
        ctx.t.add_output(
            "DatabaseSecretArn",
            out(
                "Secrets Manager secret holding the database user name and password.",
                db.secret.clone(),
            ),
        );
    }
    if let Some(bucket) = &extras.bucket {
        ctx.t
            .add_output("BucketName", out("The app's S3 bucket.", bucket.r()));
    }
    if let Some(api) = &extras.api {
        ctx.t
            .add_output("ApiId", out("The API Gateway HTTP API.", api.api.r()));
    }
}

fn out(description: impl Into<Cow<'static, str>>, value: Expr) -> Output {
    Output {
        description: description.into(),
        value,
        export: true,
    }
}
