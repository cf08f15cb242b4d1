//! The web application firewall in front of the load balancer: a regional web ACL made of AWS
//! managed rule groups and a per-IP rate limit, or an existing web ACL passed as a parameter,
//! associated with the load balancer either way.

use crate::template::{Expr, LogicalId, Parameter, Pseudo, ResourceType as T};
use crate::validate::domain::rule_group;
use crate::{map, obj, sub};

use super::load_balancer::Lb;
use super::Ctx;

/// The web ACL and its association, when `loadBalancer.waf` is set.
pub(super) fn build(ctx: &mut Ctx, lb: &Lb) -> Option<LogicalId> {
    let waf = ctx.config.load_balancer.waf.as_ref()?;
    let acl = match &waf.web_acl_arn {
        Some(arn) => ctx
            .param(
                "WebAclArn",
                Parameter {
                    kind: "String",
                    description: "Regional AWS WAF web ACL to attach to the load balancer.".into(),
                    default: Some(arn.clone()),
                    constraints: obj! {
                        "AllowedPattern" => "^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:[0-9]{12}:regional/webacl/.+$",
                    },
                    label: "Web ACL ARN".into(),
                    group: "Load balancer".into(),
                },
            )
            .r(),
        None => {
            let mut rules = Vec::new();
            for (priority, short) in waf.rule_groups().into_iter().enumerate() {
                let Some(name) = rule_group(short) else {
                    continue;
                };
                rules.push(map! {
                    "Name" => name,
                    "Priority" => priority as u32,
                    // Each group's own actions (block) apply; `None` keeps them.
                    "OverrideAction" => obj! { "None" => Expr::Map(Vec::new()) },
                    "Statement" => obj! {
                        "ManagedRuleGroupStatement" => obj! { "VendorName" => "AWS", "Name" => name },
                    },
                    "VisibilityConfig" => visibility(name),
                });
            }
            if let Some(limit) = waf.rate_limit_per5_minutes {
                rules.push(map! {
                    "Name" => "RateLimitPerIp",
                    "Priority" => rules.len() as u32,
                    "Action" => obj! { "Block" => Expr::Map(Vec::new()) },
                    "Statement" => obj! {
                        "RateBasedStatement" => obj! {
                            "Limit" => limit,
                            "AggregateKeyType" => "IP",
                            "EvaluationWindowSec" => 300u32,
                        },
                    },
                    "VisibilityConfig" => visibility("RateLimitPerIp"),
                });
            }
            let acl = ctx.res(
                "WebAcl",
                "",
                T::WebAcl,
                obj! {
                    "Scope" => "REGIONAL",
                    "Description" => cat!(ctx.config.name, ": managed rule groups in front of the load balancer"),
                    "DefaultAction" => obj! { "Allow" => Expr::Map(Vec::new()) },
                    "VisibilityConfig" => visibility("WebAcl"),
                    "Rules" => rules,
                },
            );
            acl.att("Arn")
        }
    };
    Some(ctx.res(
        "WebAclAssociation",
        "",
        T::WebAclAssociation,
        obj! {
            "ResourceArn" => lb.lb.r(),
            "WebACLArn" => acl,
        },
    ))
}

/// Metrics and sampled requests on, under a name the stack makes unique (two stacks of one
/// template in a region would otherwise share their metrics).
fn visibility(metric: &'static str) -> Expr {
    map! {
        "SampledRequestsEnabled" => true,
        "CloudWatchMetricsEnabled" => true,
        "MetricName" => sub![Pseudo::StackName, "-", metric],
    }
}
