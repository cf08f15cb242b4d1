//! The native side of `make bench-npm`: times, for a preset, the operations the npm package
//! exports — `validate`, `generate` (`generate_all`: validate, build, print the JSON, the deploy
//! command) and `topology` (generate, then the graph with its SVG, DOT and Mermaid) — so
//! `tests/npm/bench.mjs` can set the same calls through WebAssembly in Node beside them.
//!
//! `cargo run -q -p fargate-stack --release --example time_generate -- seed [ITERATIONS]`
//!
//! Prints one line per operation: `native <operation>(<preset>): <µs> µs per call`.

use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

use fargate_stack::Config;

/// Mean microseconds per call of `call`, after a warm-up of a tenth as many calls.
fn time(iterations: u32, mut call: impl FnMut()) -> f64 {
    for _ in 0..iterations / 10 {
        call();
    }
    let start = Instant::now();
    for _ in 0..iterations {
        call();
    }
    start.elapsed().as_secs_f64() / f64::from(iterations) * 1e6
}

fn topology(config: &Config) -> Option<usize> {
    let template = fargate_stack::generate(config).ok()?;
    let graph = fargate_stack::topology::topology(&template);
    Some(graph.to_svg().len() + graph.to_dot().len() + graph.to_mermaid().len())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let name = args.first().map_or("seed", String::as_str);
    let iterations: u32 = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(2000);
    let Some(config) = Config::preset(name) else {
        eprintln!("unknown preset `{name}`");
        return ExitCode::from(2);
    };
    let ops: [(&str, &dyn Fn()); 3] = [
        ("validate", &|| {
            black_box(fargate_stack::validate(black_box(&config)).ok());
        }),
        ("generate", &|| {
            black_box(fargate_stack::generate_all(black_box(&config)).ok());
        }),
        ("topology", &|| {
            black_box(topology(black_box(&config)));
        }),
    ];
    for (op, call) in ops {
        let micros = time(iterations, call);
        println!("native {op}({name}): {micros:.1} µs per call");
    }
    ExitCode::SUCCESS
}
