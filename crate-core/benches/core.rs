//! `make bench`: the cost of each step the designer runs on every keystroke, for the seed and
//! production presets and a large config, the serde_json printing floor for the same
//! template, and a scaling series over the number of services.

// criterion is a native-only dev-dependency, but `clippy --all-targets --target
// wasm32-unknown-unknown` compiles every target: there this bench is an empty program.
#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use fargate_stack::config::*;
use fargate_stack::{generate, generate_all, validate, Config};

/// `n` services over `azs` AZs with every option switched on.
fn large(n: usize, azs: u32) -> Config {
    let mut config = Config::preset("production").unwrap();
    config.network.az_count = azs;
    // Above three AZs the zones must be named (Fn::GetAZs has only three in most regions).
    if azs > 3 {
        config.network.availability_zones = (0..azs)
            .map(|i| format!("eu-west-1{}", char::from(b'a' + i as u8)))
            .collect();
    }
    config.database = Some(Database::default());
    config.bucket = Some(Bucket { versioning: true });
    let template = config.services[0].clone();
    config.services = (0..n)
        .map(|i| Service {
            name: format!("svc-{i}"),
            path_patterns: if i + 1 == n {
                vec!["/*".into()]
            } else {
                vec![format!("/s{i}/*")]
            },
            secrets: [(
                "API_KEY".to_owned(),
                format!("arn:aws:ssm:eu-west-1:123456789012:parameter/app/key-{i}"),
            )]
            .into(),
            spot: Some(Spot::default()),
            ecs_exec: true,
            bucket_access: BucketAccess::Read,
            auto_scaling: Some(AutoScaling {
                min_count: 3,
                max_count: 20,
                cpu_target: Some(60),
                memory_target: Some(70),
                requests_per_target: Some(1000),
                messages_per_task: None,
            }),
            ..template.clone()
        })
        .collect();
    config
}

fn steps(c: &mut Criterion) {
    let cases = [
        ("seed", Config::preset("seed").unwrap()),
        ("production", Config::preset("production").unwrap()),
        ("large-10x6", large(10, 6)),
    ];
    for (name, config) in &cases {
        let config_json = config.to_json();
        let template = generate(config).unwrap();
        let json = template.to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        eprintln!(
            "{name}: {} resources, {} bytes",
            template.resources().len(),
            json.len()
        );
        let mut g = c.benchmark_group(*name);
        g.bench_function("parse", |b| {
            b.iter(|| Config::from_json(black_box(&config_json)).unwrap())
        });
        g.bench_function("validate", |b| {
            b.iter(|| validate(black_box(config)).unwrap())
        });
        g.bench_function("generate", |b| {
            b.iter(|| generate(black_box(config)).unwrap())
        });
        g.bench_function("serialize", |b| b.iter(|| black_box(&template).to_json()));
        g.bench_function("config_to_pretty_json", |b| {
            b.iter(|| generate(black_box(config)).unwrap().to_json())
        });
        g.bench_function("keystroke_parse_generate_all", |b| {
            b.iter(|| generate_all(&Config::from_json(black_box(&config_json)).unwrap()).unwrap())
        });
        g.bench_function("floor_serde_json_print_value", |b| {
            b.iter(|| serde_json::to_string_pretty(black_box(&value)).unwrap())
        });
        g.bench_function("topology_and_layout", |b| {
            b.iter(|| fargate_stack::topology::topology(black_box(&template)))
        });
        // The change preview of a production-sized pair: the same config with a new CIDR.
        let mut edited = config.clone();
        edited.network.vpc_cidr = "10.20.0.0/16".into();
        if let Ok(after) = generate(&edited) {
            g.bench_function("changes_after_cidr_edit", |b| {
                b.iter(|| fargate_stack::changes::changes(black_box(&json), black_box(&after)))
            });
        }
        let topo = fargate_stack::topology::topology(&template);
        g.bench_function("topology_svg", |b| b.iter(|| black_box(&topo).to_svg()));
        g.finish();
    }
}

fn scaling(c: &mut Criterion) {
    let mut g = c.benchmark_group("scaling");
    // 30 services with every option is close to CloudFormation's 500 resources, the most a
    // template may hold (validation refuses more).
    for n in [1usize, 5, 10, 20, 30] {
        let config = large(n, 3);
        g.bench_with_input(
            BenchmarkId::new("config_to_pretty_json", n),
            &config,
            |b, config| b.iter(|| generate(black_box(config)).unwrap().to_json()),
        );
    }
    g.finish();
}

/// The architecture view (the designer's default diagram): fold, lay out and draw.
fn architecture_view(c: &mut Criterion) {
    let mut g = c.benchmark_group("architecture_view");
    for name in ["seed", "production"] {
        let template = generate(&Config::preset(name).unwrap()).unwrap();
        g.bench_function(name, |b| {
            b.iter(|| fargate_stack::topology::architecture(black_box(&template)).to_svg())
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = steps, scaling, architecture_view
}
criterion_main!(benches);
