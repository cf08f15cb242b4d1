//! Named, shipped configs: starting points in the designer and fixtures for the tests.

use std::collections::BTreeMap;

use crate::config::*;

/// Every preset: name and a one-line description.
pub const PRESETS: [(&str, &str); 8] = [
    ("seed", "The seed's architecture, corrected: a Flask API from ECR on 1 vCPU / 2 GB, two AZs, NAT per AZ, public ALB on port 80."),
    ("minimal", "Cheapest that works: no NAT, one small public task, nginx."),
    ("production", "HTTPS, three AZs, NAT per AZ, autoscaling, deletion protection and access logs."),
    ("microservices", "Three services routed by path: /api/*, /admin/* and everything else."),
    ("with-database", "An API with a PostgreSQL database (RDS-managed password) and a private S3 bucket."),
    ("private-api", "An API Gateway HTTP API in front of an internal load balancer, through a VPC link."),
    ("existing-vpc", "Runs in a VPC and subnets that already exist, passed as parameters."),
    ("worker-and-jobs", "A web API with a tracing sidecar, an internal backend it calls, a queue worker scaled on its backlog and a nightly job."),
];

impl Config {
    /// The preset called `name`, if there is one.
    pub fn preset(name: &str) -> Option<Config> {
        Some(match name {
            "seed" => seed(),
            "minimal" => minimal(),
            "production" => production(),
            "microservices" => microservices(),
            "with-database" => with_database(),
            "private-api" => private_api(),
            "existing-vpc" => existing_vpc(),
            "worker-and-jobs" => worker_and_jobs(),
            _ => return None,
        })
    }
}

fn seed() -> Config {
    Config {
        name: "flask-api".into(),
        network: Network {
            vpc_cidr: "172.31.0.0/16".into(),
            ..Network::default()
        },
        services: vec![Service {
            name: "flask".into(),
            image: None,
            container_port: 80,
            cpu: 1024,
            memory: 2048,
            desired_count: 2,
            health_check: HealthCheck {
                matcher: "200-499".into(),
                ..HealthCheck::default()
            },
            ..Service::default()
        }],
        ..Config::default()
    }
}

fn minimal() -> Config {
    Config {
        name: "hello".into(),
        network: Network {
            nat_gateways: NatGateways::None,
            ..Network::default()
        },
        services: vec![Service {
            image: Some("public.ecr.aws/nginx/nginx:latest".into()),
            desired_count: 1,
            log_retention_days: 7,
            deployment: Deployment {
                min_healthy_percent: 0,
                max_percent: 200,
                circuit_breaker: true,
            },
            ..Service::default()
        }],
        ..Config::default()
    }
}

fn production() -> Config {
    Config {
        name: "shop".into(),
        tags: pairs(&[("environment", "production"), ("team", "platform")]),
        network: Network {
            az_count: 3,
            ..Network::default()
        },
        load_balancer: LoadBalancer {
            deletion_protection: true,
            access_logs: true,
            waf: Some(Waf {
                rate_limit_per5_minutes: Some(2000),
                ..Waf::default()
            }),
            ..LoadBalancer::default()
        },
        // The certificate is made and validated in the zone; both the zone and the email are
        // template parameters with these defaults.
        domain: Some(Domain {
            name: "shop.example.com".into(),
            hosted_zone_id: "Z0123456789ABCDEFGHIJ".into(),
        }),
        alarms: Some(Alarms {
            email: Some("ops@example.com".into()),
            ..Alarms::default()
        }),
        services: vec![Service {
            name: "app".into(),
            image: None,
            container_port: 8080,
            cpu: 512,
            memory: 1024,
            desired_count: 3,
            health_check: HealthCheck {
                path: "/healthz".into(),
                matcher: "200".into(),
                interval_seconds: 15,
                ..HealthCheck::default()
            },
            environment: pairs(&[("LOG_LEVEL", "info")]),
            log_retention_days: 90,
            auto_scaling: Some(AutoScaling {
                min_count: 3,
                max_count: 20,
                cpu_target: Some(60),
                memory_target: None,
                requests_per_target: Some(1000),
                messages_per_task: None,
            }),
            ..Service::default()
        }],
        ..Config::default()
    }
}

fn microservices() -> Config {
    let svc = |name: &str, port: u32, pattern: &str, health: &str| Service {
        name: name.into(),
        image: None,
        container_port: port,
        desired_count: 2,
        path_patterns: vec![pattern.into()],
        health_check: HealthCheck {
            path: health.into(),
            ..HealthCheck::default()
        },
        ..Service::default()
    };
    Config {
        name: "storefront".into(),
        network: Network {
            nat_gateways: NatGateways::Single,
            ..Network::default()
        },
        services: vec![
            svc("api", 8080, "/api/*", "/api/health"),
            svc("admin", 8081, "/admin/*", "/admin/health"),
            svc("web", 3000, "/*", "/"),
        ],
        ..Config::default()
    }
}

fn with_database() -> Config {
    Config {
        name: "notes".into(),
        services: vec![Service {
            name: "api".into(),
            image: None,
            container_port: 8000,
            cpu: 512,
            memory: 1024,
            health_check: HealthCheck {
                path: "/health".into(),
                ..HealthCheck::default()
            },
            bucket_access: BucketAccess::ReadWrite,
            ..Service::default()
        }],
        database: Some(Database::default()),
        bucket: Some(Bucket { versioning: true }),
        ..Config::default()
    }
}

fn private_api() -> Config {
    Config {
        name: "orders".into(),
        network: Network {
            nat_gateways: NatGateways::Single,
            ..Network::default()
        },
        load_balancer: LoadBalancer {
            scheme: Scheme::Internal,
            ..LoadBalancer::default()
        },
        services: vec![Service {
            name: "api".into(),
            image: None,
            container_port: 8080,
            health_check: HealthCheck {
                path: "/health".into(),
                ..HealthCheck::default()
            },
            ..Service::default()
        }],
        api_gateway: Some(ApiGateway::default()),
        ..Config::default()
    }
}

fn existing_vpc() -> Config {
    Config {
        name: "reports".into(),
        network: Network {
            mode: NetworkMode::Existing,
            vpc_id: Some("vpc-0a1b2c3d4e5f60718".into()),
            public_subnet_ids: vec![
                "subnet-0a1b2c3d4e5f60001".into(),
                "subnet-0a1b2c3d4e5f60002".into(),
            ],
            private_subnet_ids: vec![
                "subnet-0a1b2c3d4e5f60003".into(),
                "subnet-0a1b2c3d4e5f60004".into(),
            ],
            ..Network::default()
        },
        services: vec![Service {
            name: "reports".into(),
            image: Some("public.ecr.aws/nginx/nginx:latest".into()),
            ..Service::default()
        }],
        ..Config::default()
    }
}

/// A string map from literal pairs, built by insertion (collecting would compile a sort).
fn pairs(items: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for (k, v) in items {
        map.insert((*k).to_owned(), (*v).to_owned());
    }
    map
}

fn worker_and_jobs() -> Config {
    let python = "public.ecr.aws/docker/library/python:3.13-slim";
    Config {
        name: "shop".into(),
        network: Network {
            nat_gateways: NatGateways::Single,
            ..Network::default()
        },
        services: vec![
            Service {
                name: "api".into(),
                image: Some("public.ecr.aws/nginx/nginx:1.27".into()),
                cpu: 512,
                memory: 1024,
                calls: vec!["orders".into(), "mailer".into()],
                sidecars: vec![Sidecar {
                    name: "otel".into(),
                    image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1".into(),
                    container_port: Some(4317),
                    cpu: Some(128),
                    memory: Some(256),
                    start_before_main: true,
                    ..Sidecar::default()
                }],
                ..Service::default()
            },
            Service {
                name: "orders".into(),
                kind: ServiceKind::Backend,
                image: Some("public.ecr.aws/nginx/nginx:1.27".into()),
                container_port: 8080,
                desired_count: 2,
                container_health_check: Some(ContainerHealthCheck {
                    command: vec![
                        "CMD-SHELL".into(),
                        "curl -f http://localhost:8080/health || exit 1".into(),
                    ],
                    ..ContainerHealthCheck::default()
                }),
                ..Service::default()
            },
            Service {
                name: "mailer".into(),
                kind: ServiceKind::Worker,
                image: Some(python.into()),
                command: vec!["python".into(), "-m".into(), "mailer".into()],
                desired_count: 1,
                queue: Some(Queue {
                    visibility_timeout_seconds: 120,
                    ..Queue::default()
                }),
                auto_scaling: Some(AutoScaling {
                    min_count: 0,
                    max_count: 5,
                    cpu_target: None,
                    memory_target: None,
                    requests_per_target: None,
                    messages_per_task: Some(100),
                }),
                ..Service::default()
            },
            Service {
                name: "nightly-report".into(),
                kind: ServiceKind::Job,
                image: Some(python.into()),
                command: vec!["python".into(), "-m".into(), "report".into()],
                schedule: Some("cron(0 3 * * ? *)".into()),
                schedule_timezone: Some("Europe/Paris".into()),
                calls: vec!["mailer".into()],
                ..Service::default()
            },
        ],
        ..Config::default()
    }
}
