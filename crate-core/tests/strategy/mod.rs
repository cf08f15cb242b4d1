//! A proptest strategy over *valid* configs: every option the product offers, combined the
//! ways a user could combine them. Shared by the property tests and the validator tests.

#![allow(dead_code, clippy::unwrap_used, missing_docs)]

use std::collections::BTreeMap;

use fargate_stack::config::*;
use fargate_stack::fargate::{memory_values, CPU_VALUES};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as RunnerConfig, RngAlgorithm, TestRng, TestRunner};

const RETENTION: [u32; 6] = [1, 7, 30, 90, 365, 3653];
const SM: &str = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-AbCdEf";
const SSM: &str = "arn:aws:ssm:eu-west-1:123456789012:parameter/app/api-key";

fn service(index: usize) -> impl Strategy<Value = Service> {
    let size = prop::sample::select(CPU_VALUES.to_vec())
        .prop_flat_map(|cpu| (Just(cpu), prop::sample::select(memory_values(cpu))));
    (
        size,
        prop::option::of(prop::sample::select(vec![
            "public.ecr.aws/nginx/nginx:latest",
            "ghcr.io/example/app:1.2.3",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ])),
        1u32..=65535,
        (1u32..=6, prop::option::of((1u32..=3, 0u32..=5, prop::option::of(10u32..=95), prop::option::of(10u32..=95), prop::option::of(1u32..=5000)))),
        (5u32..=300, 2u32..=10, 2u32..=10, 0u32..=600),
        prop::sample::select(RETENTION.to_vec()),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        (any::<bool>(), prop::option::of(21u32..=200), any::<bool>(), any::<bool>()),
        0u32..=3,
    )
        .prop_map(move |((cpu, memory), image, port, (desired, scaling), (interval, healthy, unhealthy, grace), retention, (env, secret_sm, secret_ssm), (arm, ephemeral, spot, exec), extra)| {
            let mut environment = BTreeMap::new();
            if env {
                environment.insert("LOG_LEVEL".to_owned(), "info".to_owned());
                environment.insert("GREETING".to_owned(), "hello <world> & \"friends\" ${HOME}".to_owned());
            }
            let mut secrets = BTreeMap::new();
            if secret_sm {
                secrets.insert("DB_PASSWORD".to_owned(), format!("{SM}:password::"));
            }
            if secret_ssm {
                secrets.insert("API_KEY".to_owned(), SSM.to_owned());
            }
            let auto_scaling = scaling.map(|(min, extra_max, cpu_t, mem_t, req)| {
                let cpu_t = if cpu_t.is_none() && mem_t.is_none() && req.is_none() { Some(70) } else { cpu_t };
                AutoScaling {
                    min_count: min,
                    max_count: min + extra_max,
                    cpu_target: cpu_t,
                    memory_target: mem_t,
                    requests_per_target: req,
                }
            });
            let desired = match &auto_scaling {
                Some(a) => desired.clamp(a.min_count, a.max_count),
                None => desired,
            };
            Service {
                name: format!("svc-{index}"),
                image: image.map(str::to_owned),
                container_port: port,
                cpu,
                memory,
                desired_count: desired,
                path_patterns: vec![format!("/s{index}/*"), format!("/s{index}")],
                health_check: HealthCheck {
                    path: format!("/s{index}/health"),
                    matcher: "200-399".into(),
                    interval_seconds: interval,
                    timeout_seconds: (interval - 1).clamp(2, 120),
                    healthy_threshold: healthy,
                    unhealthy_threshold: unhealthy,
                    grace_period_seconds: grace,
                },
                environment,
                secrets,
                command: if extra == 1 { vec!["gunicorn".into(), "-b".into(), "0.0.0.0:8000".into(), "app:app".into()] } else { Vec::new() },
                cpu_architecture: if arm { CpuArchitecture::Arm64 } else { CpuArchitecture::X86_64 },
                log_retention_days: retention,
                auto_scaling,
                deployment: Deployment {
                    min_healthy_percent: if extra == 2 { 50 } else { 100 },
                    max_percent: 200,
                    circuit_breaker: extra != 3,
                },
                spot: spot.then(Spot::default),
                ecs_exec: exec,
                ephemeral_storage_gib: ephemeral,
                container_health_check: (extra == 2).then(ContainerHealthCheck::default),
                bucket_access: BucketAccess::None,
            }
        })
}

fn config() -> impl Strategy<Value = Config> {
    let services = (1usize..=6).prop_flat_map(|n| {
        let all: Vec<_> = (0..n).map(service).collect();
        (all, 0..n)
    });
    (
        (2u32..=6, prop::sample::select(vec![NatGateways::PerAz, NatGateways::Single, NatGateways::None]), 20u32..=26, any::<bool>(), any::<bool>()),
        (any::<bool>(), 0u8..=3, 1u32..=4000, any::<bool>(), any::<bool>(), prop::sample::select(vec![80u32, 8080])),
        services,
        (0u8..=5, any::<bool>(), prop::sample::select(vec![BucketAccess::None, BucketAccess::Read, BucketAccess::ReadWrite])),
        any::<bool>(),
    )
        .prop_map(|((azs, nat, prefix, explicit_azs, existing), (cert, scheme_pick, idle, protect, logs, port), (mut services, default), (extras, versioning, access), tags)| {
            // One service takes `/*` (the default action) in most configs; otherwise the first
            // is the default.
            if default % 2 == 0 || services.len() == 1 {
                let last = services.len() - 1;
                services[last].path_patterns = vec!["/*".into()];
            }
            let database = (extras == 1 || extras == 2).then(|| Database {
                engine: if extras == 1 { Engine::Postgres } else { Engine::Mysql },
                engine_version: if extras == 1 { "16.13".into() } else { "8.0.45".into() },
                multi_az: versioning,
                ..Database::default()
            });
            let bucket = (extras == 2 || extras == 3).then_some(Bucket { versioning });
            if bucket.is_some() {
                services[0].bucket_access = access;
            }
            let api = extras == 4 && !cert;
            let network = if existing && extras != 5 {
                Network {
                    mode: NetworkMode::Existing,
                    nat_gateways: nat,
                    vpc_id: Some("vpc-0a1b2c3d".into()),
                    public_subnet_ids: vec!["subnet-0a1b2c3d".into(), "subnet-0a1b2c3e".into()],
                    private_subnet_ids: if scheme_pick == 0 { Vec::new() } else { vec!["subnet-0a1b2c3f".into(), "subnet-0a1b2c40".into()] },
                    ..Network::default()
                }
            } else {
                Network {
                    az_count: azs,
                    availability_zones: if explicit_azs {
                        (0..azs).map(|i| format!("eu-west-1{}", (b'a' + i as u8) as char)).collect()
                    } else {
                        Vec::new()
                    },
                    subnet_prefix_length: prefix,
                    nat_gateways: nat,
                    ..Network::default()
                }
            };
            Config {
                name: format!("app-{azs}{prefix}"),
                tags: if tags { [("team".to_owned(), "data".to_owned()), ("cost-center".to_owned(), "42".to_owned())].into() } else { BTreeMap::new() },
                network,
                load_balancer: LoadBalancer {
                    scheme: if api || scheme_pick == 3 { Scheme::Internal } else { Scheme::InternetFacing },
                    http_port: port,
                    certificate_arn: cert.then(|| "arn:aws:acm:eu-west-1:123456789012:certificate/0c2f5a7e-1b2c-4d5e-8f90-123456789abc".into()),
                    ingress_cidrs: match if api { 0 } else { scheme_pick } {
                        0 => vec!["0.0.0.0/0".into()],
                        1 => vec!["203.0.113.0/24".into(), "198.51.100.7/32".into()],
                        _ => vec!["10.0.0.0/8".into()],
                    },
                    idle_timeout_seconds: idle,
                    deletion_protection: protect,
                    access_logs: logs,
                    ..LoadBalancer::default()
                },
                services,
                database,
                bucket,
                api_gateway: api.then(ApiGateway::default),
                ..Config::default()
            }
        })
}

/// `count` valid configs from a fixed seed: the same list on every run and machine.
pub fn configs(count: usize, seed: u64) -> Vec<Config> {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(RunnerConfig::default(), rng);
    let strategy = config();
    (0..count)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect()
}

/// The strategy itself, for `proptest!` blocks.
pub fn any_config() -> impl Strategy<Value = Config> {
    config()
}
