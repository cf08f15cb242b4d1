//! Times `generate_all` (validate, build, print JSON, deploy command) for a preset: the native
//! figure `make bench-npm` sets beside the same call through the npm package in Node.
//!
//! `cargo run -q -p fargate-stack --release --example time_generate -- seed [ITERATIONS]`

use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let name = args.first().map_or("seed", String::as_str);
    let iterations: u32 = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(2000);
    let Some(config) = fargate_stack::Config::preset(name) else {
        eprintln!("unknown preset `{name}`");
        return ExitCode::from(2);
    };
    // Warm up caches and the allocator before measuring, as the Node side does.
    for _ in 0..iterations / 10 {
        black_box(fargate_stack::generate_all(black_box(&config)).ok());
    }
    let start = Instant::now();
    for _ in 0..iterations {
        black_box(fargate_stack::generate_all(black_box(&config)).ok());
    }
    let per_call = start.elapsed().as_secs_f64() / f64::from(iterations);
    println!(
        "native generate_all({name}): {:.1} µs per call ({iterations} iterations, release profile)",
        per_call * 1e6
    );
    ExitCode::SUCCESS
}
