//! Prints the monthly cost estimate of a preset as one line of JSON
//! (`serde_json::to_string(&estimate)`), for tests/npm, which checks that the npm package's
//! `estimate(config, { region, usage })` gives the same figures.
//!
//! `cargo run -q -p fargate-stack --example estimate -- --preset seed [--region eu-west-1]
//! [--requests 20000000]`
//!
//! On bad input: one `path: message` line per problem on stderr, exit code 2.

use std::process::ExitCode;

use fargate_stack::cost::{estimate, CostInput};
use fargate_stack::Config;

const USAGE: &str = "usage: estimate --preset NAME [--region REGION] [--requests N]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut preset = None;
    let mut input = CostInput::default();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let Some(value) = rest.next() else {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        };
        match flag.as_str() {
            "--preset" => preset = Some(value.clone()),
            "--region" => input.region = value.clone(),
            "--requests" => match value.parse() {
                Ok(n) => input.usage.requests_per_month = n,
                Err(_) => {
                    eprintln!("--requests takes a number, got `{value}`");
                    return ExitCode::from(2);
                }
            },
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(name) = preset else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let Some(config) = Config::preset(&name) else {
        let names: Vec<&str> = fargate_stack::PRESETS.iter().map(|(n, _)| *n).collect();
        eprintln!("unknown preset `{name}`; one of: {}", names.join(", "));
        return ExitCode::from(2);
    };
    match estimate(&config, &input) {
        Ok(e) => match serde_json::to_string(&e) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("{err}");
                ExitCode::FAILURE
            }
        },
        Err(errors) => {
            for e in errors {
                eprintln!("{e}");
            }
            ExitCode::from(2)
        }
    }
}
