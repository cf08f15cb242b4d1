//! Prints the template for a preset or a config file.
//!
//! `cargo run -q -p fargate-stack --example generate -- --preset seed`
//! `cargo run -q -p fargate-stack --example generate -- config.json`
//!
//! `--deploy-command` prints the `aws cloudformation deploy` command instead of the template
//! (for the file name `<name>.template.json`).
//!
//! On bad input: one `path: message` line per problem on stderr, exit code 2.

use std::process::ExitCode;

use fargate_stack::{Config, FieldError};

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let deploy = args.iter().any(|a| a == "--deploy-command");
    args.retain(|a| a != "--deploy-command");
    let config = match args.as_slice() {
        [flag, name] if flag == "--preset" => match Config::preset(name) {
            Some(c) => Ok(c),
            None => {
                let names: Vec<&str> = fargate_stack::PRESETS.iter().map(|(n, _)| *n).collect();
                eprintln!("unknown preset `{name}`; one of: {}", names.join(", "));
                return ExitCode::from(2);
            }
        },
        [path] if !path.starts_with('-') => match std::fs::read_to_string(path) {
            Ok(text) => Config::from_json(&text),
            Err(err) => {
                eprintln!("{path}: {err}");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("usage: generate [--deploy-command] (--preset NAME | CONFIG.json)");
            return ExitCode::from(2);
        }
    };
    match config.and_then(|c| fargate_stack::generate_all(&c).map(|g| (c, g))) {
        Ok((_, generated)) if deploy => {
            println!("{}", generated.deploy_command);
            ExitCode::SUCCESS
        }
        Ok((_, generated)) => {
            println!("{}", generated.json);
            ExitCode::SUCCESS
        }
        Err(errors) => {
            report(&errors);
            ExitCode::from(2)
        }
    }
}

fn report(errors: &[FieldError]) {
    for e in errors {
        eprintln!("{e}");
    }
}
