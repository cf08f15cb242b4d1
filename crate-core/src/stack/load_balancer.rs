//! The Application Load Balancer: its security group, target groups, listeners and the
//! listener rules that route paths to services; plus the access-log bucket when asked for.

use crate::config::{Scheme, ServiceKind};
use crate::template::{Expr, LogicalId, Parameter, Pseudo, Resource, ResourceType as T};
use crate::{map, obj, sub};

use super::domain::Dns;
use super::{Ctx, Net};

/// What the load balancer part hands to the others.
pub(crate) struct Lb {
    /// The load balancer's security group.
    pub sg: LogicalId,
    /// The load balancer.
    pub lb: LogicalId,
    /// Per service: its target group (`None` for services that are not web services).
    pub target_groups: Vec<Option<LogicalId>>,
    /// Per service: the listener rule routing to it (`None` for the default service and for
    /// services that are not web services).
    pub rules: Vec<Option<LogicalId>>,
    /// Every listener (services wait for all of them).
    pub listeners: Vec<LogicalId>,
    /// The listener that forwards to the services (HTTPS with a certificate, else HTTP).
    pub serving: LogicalId,
    /// The port traffic is served on.
    pub serving_port: u32,
    /// Whether the serving listener speaks HTTPS.
    pub https: bool,
}

/// Accounts of the regional ELB log writers, for regions opened before August 2022 (newer
/// regions take the log-delivery service principal instead).
const ELB_ACCOUNTS: [(&str, &str); 21] = [
    ("af-south-1", "098369216593"),
    ("ap-east-1", "754344448648"),
    ("ap-northeast-1", "582318560864"),
    ("ap-northeast-2", "600734575887"),
    ("ap-northeast-3", "383597477331"),
    ("ap-south-1", "718504428378"),
    ("ap-southeast-1", "114774131450"),
    ("ap-southeast-2", "783225319266"),
    ("ca-central-1", "985666609251"),
    ("eu-central-1", "054676820928"),
    ("eu-north-1", "897822967062"),
    ("eu-south-1", "635631232127"),
    ("eu-west-1", "156460612806"),
    ("eu-west-2", "652711504416"),
    ("eu-west-3", "009996457667"),
    ("me-south-1", "076674570225"),
    ("sa-east-1", "507241528517"),
    ("us-east-1", "127311923021"),
    ("us-east-2", "033677994240"),
    ("us-west-1", "027434742980"),
    ("us-west-2", "797873946194"),
];

pub(super) fn build(ctx: &mut Ctx, net: &Net, default_service: usize, dns: Option<&Dns>) -> Lb {
    // The config and plan outlive the build; copying the references out lets the loops
    // below add resources through `ctx` without cloning what they read.
    let (config, plan) = (ctx.config, ctx.plan);
    let cfg = &config.load_balancer;
    // The domain's certificate serves on this listener, unless an HTTP API in front holds
    // the domain (then it serves there, and this load balancer stays private and plain).
    let made_certificate = dns
        .and_then(|d| d.certificate.clone())
        .filter(|_| config.api_gateway.is_none());
    let https = cfg.certificate_arn.is_some() || made_certificate.is_some();
    let ports: Vec<u32> = if https {
        vec![cfg.http_port, 443]
    } else {
        vec![cfg.http_port]
    };

    // With an API Gateway in front, only its VPC link reaches the load balancer; that rule
    // is added by the extras part. Otherwise the listener ports open to the ingress ranges.
    let mut ingress = Vec::new();
    if ctx.config.api_gateway.is_none() {
        for cidr in &cfg.ingress_cidrs {
            for port in &ports {
                ingress.push(map! {
                    "IpProtocol" => "tcp",
                    "FromPort" => *port,
                    "ToPort" => *port,
                    "CidrIp" => cidr.clone(),
                    "Description" => format!("{} from {cidr}", if *port == 443 && https { "HTTPS" } else { "HTTP" }),
                });
            }
        }
    }
    let mut sg_props = obj! {
        "GroupDescription" => cat!(ctx.config.name, " load balancer: listener ports only"),
        "VpcId" => net.vpc.clone(),
    };
    if !ingress.is_empty() {
        sg_props.push(("SecurityGroupIngress".into(), Expr::List(ingress)));
    }
    sg_props.push(("SecurityGroupEgress".into(), no_egress()));
    let sg = ctx.res(
        "LoadBalancerSecurityGroup",
        "alb",
        T::SecurityGroup,
        sg_props,
    );

    let logs_bucket = cfg.access_logs.then(|| access_log_bucket(ctx));

    let internet = cfg.scheme == Scheme::InternetFacing;
    let mut attributes = vec![
        attr(
            "idle_timeout.timeout_seconds",
            cfg.idle_timeout_seconds.to_string(),
        ),
        attr(
            "deletion_protection.enabled",
            cfg.deletion_protection.to_string(),
        ),
        attr(
            "routing.http.drop_invalid_header_fields.enabled",
            "true".into(),
        ),
    ];
    if let Some((bucket, _)) = &logs_bucket {
        attributes.push(attr("access_logs.s3.enabled", "true".into()));
        attributes.push(map! { "Key" => "access_logs.s3.bucket", "Value" => bucket.r() });
        attributes.push(attr("access_logs.s3.prefix", "alb".into()));
    }
    let mut lb_res = Resource::new(
        T::LoadBalancer,
        obj! {
            "Type" => "application",
            "Scheme" => if internet { "internet-facing" } else { "internal" },
            "IpAddressType" => "ipv4",
            "Subnets" => if internet { net.public_subnets.clone() } else { net.private_subnets.clone() },
            "SecurityGroups" => vec![sg.att("GroupId")],
            "LoadBalancerAttributes" => attributes,
        },
    );
    if internet {
        lb_res = lb_res.depends_on(net.attachment.clone());
    }
    if let Some((_, policy)) = &logs_bucket {
        // The bucket policy must exist before the load balancer checks it can write there.
        lb_res = lb_res.depends_on([policy.clone()]);
    }
    let lb = ctx.add("LoadBalancer", "alb", lb_res);

    let mut target_groups = Vec::with_capacity(ctx.config.services.len());
    for (i, s) in config.services.iter().enumerate() {
        if s.kind != ServiceKind::Web {
            target_groups.push(None);
            continue;
        }
        let hc = &s.health_check;
        let stem = &plan.stems[i];
        let tg = ctx.res(
            &cat!(stem, "TargetGroup"),
            &s.name,
            T::TargetGroup,
            obj! {
                "TargetType" => "ip",
                "Protocol" => "HTTP",
                "ProtocolVersion" => "HTTP1",
                "Port" => s.container_port,
                "VpcId" => net.vpc.clone(),
                "HealthCheckEnabled" => true,
                "HealthCheckProtocol" => "HTTP",
                "HealthCheckPath" => super::literal(&hc.path),
                "HealthCheckIntervalSeconds" => hc.interval_seconds,
                "HealthCheckTimeoutSeconds" => hc.timeout_seconds,
                "HealthyThresholdCount" => hc.healthy_threshold,
                "UnhealthyThresholdCount" => hc.unhealthy_threshold,
                "Matcher" => obj! { "HttpCode" => hc.matcher.clone() },
                // ECS drains a task before stopping it; 30 s instead of ELB's 300 s default
                // keeps deployments quick.
                "TargetGroupAttributes" => vec![attr("deregistration_delay.timeout_seconds", "30".into())],
            },
        );
        target_groups.push(Some(tg));
    }

    // The plan names a web service (which has a target group) as the default; should that
    // ever not hold, the listener answers 404 rather than forwarding nowhere. A default
    // service with hosts is reached through its rule, and other names get the 404.
    let default_tg = target_groups
        .get(default_service)
        .and_then(Option::as_ref)
        .filter(|_| config.services[default_service].hosts.is_empty());
    let default_action = match default_tg {
        Some(tg) => Expr::List(vec![
            map! { "Type" => "forward", "TargetGroupArn" => tg.r() },
        ]),
        None => Expr::List(vec![map! {
            "Type" => "fixed-response",
            "FixedResponseConfig" => obj! { "StatusCode" => "404" },
        }]),
    };
    let forward = |tg: &LogicalId| {
        Expr::List(vec![
            map! { "Type" => "forward", "TargetGroupArn" => tg.r() },
        ])
    };
    let mut listeners = Vec::new();
    let serving;
    let certificate = match (cfg.certificate_arn.clone(), made_certificate) {
        (Some(arn), _) => Some(ctx.param(
            "CertificateArn",
            Parameter {
                kind: "String",
                description: "ACM certificate for the HTTPS listener.".into(),
                default: Some(arn),
                constraints: obj! { "AllowedPattern" => "^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$" },
                label: "TLS certificate ARN".into(),
                group: "Load balancer".into(),
            },
        )),
        (None, made) => made,
    };
    if let Some(cert) = certificate {
        let redirect = ctx.res(
            "HttpListener",
            "",
            T::Listener,
            obj! {
                "LoadBalancerArn" => lb.r(),
                "Port" => cfg.http_port,
                "Protocol" => "HTTP",
                "DefaultActions" => vec![map! {
                    "Type" => "redirect",
                    "RedirectConfig" => obj! {
                        "Protocol" => "HTTPS",
                        "Port" => "443",
                        "Host" => "#{host}",
                        "Path" => "/#{path}",
                        "Query" => "#{query}",
                        "StatusCode" => "HTTP_301",
                    },
                }],
            },
        );
        let secure = ctx.res(
            "HttpsListener",
            "",
            T::Listener,
            obj! {
                "LoadBalancerArn" => lb.r(),
                "Port" => 443u32,
                "Protocol" => "HTTPS",
                "SslPolicy" => cfg.ssl_policy.clone(),
                "Certificates" => vec![map! { "CertificateArn" => cert.r() }],
                "DefaultActions" => default_action.clone(),
            },
        );
        listeners.push(redirect);
        listeners.push(secure.clone());
        serving = secure;
    } else {
        let plain = ctx.res(
            "HttpListener",
            "",
            T::Listener,
            obj! {
                "LoadBalancerArn" => lb.r(),
                "Port" => cfg.http_port,
                "Protocol" => "HTTP",
                "DefaultActions" => default_action.clone(),
            },
        );
        listeners.push(plain.clone());
        serving = plain;
    }

    let mut rules = Vec::with_capacity(target_groups.len());
    for (i, s) in config.services.iter().enumerate() {
        let Some(priority) = plan.priorities[i] else {
            rules.push(None);
            continue;
        };
        let stem = &plan.stems[i];
        let values: Vec<Expr> = s
            .path_patterns
            .iter()
            .map(|p| Expr::from(p.clone()))
            .collect();
        let Some(tg) = &target_groups[i] else {
            rules.push(None);
            continue;
        };
        let mut conditions = Vec::with_capacity(2);
        if !s.hosts.is_empty() {
            let hosts: Vec<Expr> = s.hosts.iter().map(|h| Expr::from(h.clone())).collect();
            conditions.push(map! {
                "Field" => "host-header",
                "HostHeaderConfig" => obj! { "Values" => hosts },
            });
        }
        if !values.is_empty() {
            conditions.push(map! {
                "Field" => "path-pattern",
                "PathPatternConfig" => obj! { "Values" => values },
            });
        }
        let rule = ctx.res(
            &cat!(stem, "ListenerRule"),
            "",
            T::ListenerRule,
            obj! {
                "ListenerArn" => serving.r(),
                "Priority" => priority,
                "Conditions" => conditions,
                "Actions" => forward(tg),
            },
        );
        rules.push(Some(rule));
    }

    Lb {
        sg,
        lb,
        target_groups,
        rules,
        listeners,
        serving,
        serving_port: if https { 443 } else { cfg.http_port },
        https,
    }
}

fn attr(key: &'static str, value: String) -> Expr {
    map! { "Key" => key, "Value" => value }
}

/// An egress list that allows nothing. Without an explicit list AWS adds "all traffic to
/// anywhere"; rules that are needed are added as separate egress resources.
pub(super) fn no_egress() -> Expr {
    Expr::List(vec![map! {
        "IpProtocol" => "icmp",
        "FromPort" => 252u32,
        "ToPort" => 86u32,
        "CidrIp" => "255.255.255.255/32",
        "Description" => "No egress (placeholder rule that matches nothing)",
    }])
}

/// The condition that holds in the regions listed in [`ELB_ACCOUNTS`].
const LEGACY_ELB_REGION: &str = "InLegacyElbRegion";

/// `Fn::Or` takes at most ten conditions, so the regions are compared in groups of seven.
/// Built from the static table as `Expr`s (no allocation for the texts).
fn legacy_region_condition() -> Expr {
    let groups: Vec<Expr> = ELB_ACCOUNTS
        .chunks(7)
        .map(|group| {
            let equals: Vec<Expr> = group
                .iter()
                .map(|(region, _)| {
                    map! { "Fn::Equals" => Expr::List(vec![Expr::Pseudo(Pseudo::Region), Expr::s(*region)]) }
                })
                .collect();
            map! { "Fn::Or" => Expr::List(equals) }
        })
        .collect();
    map! { "Fn::Or" => Expr::List(groups) }
}

/// The access-log bucket and its policy.
fn access_log_bucket(ctx: &mut Ctx) -> (LogicalId, LogicalId) {
    ctx.t
        .conditions
        .push((LEGACY_ELB_REGION, legacy_region_condition()));
    ctx.t.mappings.push((
        "ElbLogAccounts",
        ELB_ACCOUNTS
            .iter()
            .map(|(region, account)| (*region, vec![("Account", (*account).to_owned())]))
            .collect(),
    ));
    let bucket = ctx.res(
        "AccessLogsBucket",
        "",
        T::Bucket,
        obj! {
            "BucketEncryption" => obj! {
                "ServerSideEncryptionConfiguration" => vec![map! {
                    "ServerSideEncryptionByDefault" => obj! { "SSEAlgorithm" => "AES256" },
                }],
            },
            "PublicAccessBlockConfiguration" => public_access_block(),
            "OwnershipControls" => obj! { "Rules" => vec![map! { "ObjectOwnership" => "BucketOwnerEnforced" }] },
            "VersioningConfiguration" => obj! { "Status" => "Enabled" },
            "LifecycleConfiguration" => obj! {
                "Rules" => vec![map! {
                    "Id" => "expire-logs",
                    "Status" => "Enabled",
                    "ExpirationInDays" => 90u32,
                    "NoncurrentVersionExpiration" => obj! { "NoncurrentDays" => 7u32 },
                }],
            },
        },
    );
    let objects = sub![(&bucket, "Arn"), "/alb/AWSLogs/", Pseudo::AccountId, "/*"];
    let policy = ctx.res(
        "AccessLogsBucketPolicy",
        "",
        T::BucketPolicy,
        obj! {
            "Bucket" => bucket.r(),
            "PolicyDocument" => obj! {
                "Version" => "2012-10-17",
                "Statement" => vec![
                    deny_insecure(&bucket),
                    // Regions opened before August 2022 deliver logs as a regional ELB
                    // account; the statement exists only there, so the Mapping lookup never
                    // runs in a region it does not list.
                    Expr::If(
                        LEGACY_ELB_REGION,
                        Box::new(map! {
                            "Sid" => "ElbLogDelivery",
                            "Effect" => "Allow",
                            "Principal" => obj! {
                                "AWS" => Expr::join("", Expr::List(vec![
                                    Expr::from("arn:"),
                                    Expr::Pseudo(Pseudo::Partition),
                                    Expr::from(":iam::"),
                                    Expr::FindInMap("ElbLogAccounts", Box::new(Expr::Pseudo(Pseudo::Region)), "Account"),
                                    Expr::from(":root"),
                                ])),
                            },
                            "Action" => "s3:PutObject",
                            "Resource" => objects.clone(),
                        }),
                        Box::new(Expr::Pseudo(Pseudo::NoValue)),
                    ),
                    map! {
                        "Sid" => "LogDeliveryService",
                        "Effect" => "Allow",
                        "Principal" => obj! { "Service" => "logdelivery.elasticloadbalancing.amazonaws.com" },
                        "Action" => "s3:PutObject",
                        "Resource" => objects,
                    },
                ],
            },
        },
    );
    (bucket, policy)
}

/// Blocks every form of public access.
pub(super) fn public_access_block() -> Expr {
    map! {
        "BlockPublicAcls" => true,
        "BlockPublicPolicy" => true,
        "IgnorePublicAcls" => true,
        "RestrictPublicBuckets" => true,
    }
}

/// A bucket policy statement refusing any request not made over TLS.
pub(super) fn deny_insecure(bucket: &LogicalId) -> Expr {
    map! {
        "Sid" => "DenyInsecureTransport",
        "Effect" => "Deny",
        "Principal" => "*",
        "Action" => "s3:*",
        "Resource" => vec![bucket.att("Arn"), sub![(bucket, "Arn"), "/*"]],
        "Condition" => obj! { "Bool" => map! { "aws:SecureTransport" => "false" } },
    }
}
