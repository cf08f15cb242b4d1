//! CloudFormation's template quotas over configs up to the maximum service count: every
//! template the core hands out is within all of them, checked here on the JSON itself
//! (independently of the core's own check), and every refusal names a count over its limit.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod common;
mod strategy;

use fargate_stack::config::{AutoScaling, Config, Service, ServiceKind};
use fargate_stack::{generate, validate};
use proptest::prelude::*;
use serde_json::Value;

/// `base` with its services repeated (renamed, each on its own paths) up to `count`, and every
/// scaling target on when `scale` is set: the configs that approach the quotas.
fn grown(base: &Config, count: usize, scale: bool) -> Config {
    let mut config = base.clone();
    let template: Vec<Service> = config.services.clone();
    config.services = (0..count)
        .map(|i| {
            let mut s = template[i % template.len()].clone();
            // Every copy becomes a web service: the quotas are about counts, and the copies'
            // calls would name services that were renamed.
            s.kind = ServiceKind::Web;
            s.calls.clear();
            s.queue = None;
            s.schedule = None;
            s.schedule_timezone = None;
            s.health_check = Default::default();
            if let Some(a) = &mut s.auto_scaling {
                a.messages_per_task = None;
                if a.cpu_target.is_none()
                    && a.memory_target.is_none()
                    && a.requests_per_target.is_none()
                {
                    a.cpu_target = Some(60);
                }
            }
            if let Some(sc) = s.sidecars.iter().find_map(|sc| sc.container_port) {
                if sc == s.container_port {
                    s.container_port = if sc == 8080 { 8081 } else { 8080 };
                }
            }
            s.name = format!("svc-{i}");
            s.path_patterns = if i == 0 {
                vec!["/*".into()]
            } else {
                vec![format!("/s{i}/*")]
            };
            s.health_check.path = format!("/s{i}/health");
            if scale {
                s.auto_scaling = Some(AutoScaling {
                    min_count: 1,
                    max_count: 4,
                    cpu_target: Some(60),
                    memory_target: Some(70),
                    requests_per_target: Some(100),
                    messages_per_task: None,
                });
                s.desired_count = 2;
            }
            s
        })
        .collect();
    config
}

/// The number before `what` in a quota message: `this config makes 739 resources`.
fn stated(message: &str, what: &str) -> Option<usize> {
    let before = message.split(what).next()?;
    let number = before.trim_end().rsplit(' ').next()?;
    number.replace(',', "").parse().ok()
}

fn within_quotas(json: &str) -> Result<(), String> {
    let t: Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let count = |section: &str| {
        t.get(section)
            .and_then(Value::as_object)
            .map_or(0, |m| m.len())
    };
    let checks = [
        ("resources", count("Resources"), 500),
        ("parameters", count("Parameters"), 200),
        ("outputs", count("Outputs"), 200),
        ("mappings", count("Mappings"), 200),
        ("bytes", json.len(), 1_048_576),
        (
            "description bytes",
            t["Description"].as_str().map_or(0, str::len),
            1024,
        ),
    ];
    for (what, n, limit) in checks {
        if n > limit {
            return Err(format!("{n} {what}, over {limit}"));
        }
    }
    for section in ["Resources", "Parameters", "Outputs"] {
        for id in t[section].as_object().into_iter().flatten().map(|(k, _)| k) {
            if id.len() > 255 {
                return Err(format!("{section} id of {} characters", id.len()));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_template_is_within_the_quotas_or_refused_for_one(
        base in strategy::any_config(),
        count in 1usize..=50,
        scale in any::<bool>(),
    ) {
        // The strategy's own validity is checked by the property tests; here it is the base.
        prop_assume!(validate(&base).is_ok());
        let config = grown(&base, count, scale);
        match generate(&config) {
            Ok(template) => {
                let json = template.to_json();
                if let Err(e) = within_quotas(&json) {
                    prop_assert!(false, "accepted but {e}");
                }
                prop_assert!(validate(&config).is_ok());
            }
            Err(errors) => {
                prop_assert!(validate(&config).is_err(), "generate refused what validate accepted");
                for e in &errors {
                    let over = [("resources", 500), ("parameters", 200), ("outputs", 200), ("bytes", 1_048_576)]
                        .iter()
                        .find_map(|(what, limit)| stated(&e.message, what).map(|n| (n, *limit)));
                    match over {
                        Some((n, limit)) => prop_assert!(n > limit, "refused at {n} (limit {limit}): {e}"),
                        None => prop_assert!(false, "refused for something other than a quota: {e}"),
                    }
                    prop_assert_eq!(&e.path, "services");
                }
            }
        }
    }
}

/// The largest config of the "every option" family the core accepts, and the first it
/// refuses, so the limit is where CloudFormation's is.
#[test]
fn the_resource_limit_is_where_cloudformation_puts_it() {
    let base = Config::preset("production").unwrap();
    let mut last_ok = None;
    let mut first_refused = None;
    for n in 1..=50 {
        let config = grown(&base, n, true);
        match generate(&config) {
            Ok(t) => last_ok = Some((n, t.resources().len(), t.to_json().len())),
            Err(errors) => {
                first_refused = Some((n, errors));
                break;
            }
        }
    }
    let (n_ok, resources, bytes) = last_ok.unwrap();
    let (n_bad, errors) = first_refused.expect("50 scaled services should pass 500 resources");
    assert_eq!(n_bad, n_ok + 1);
    assert!(resources <= 500 && resources > 480, "{resources}");
    assert!(bytes <= 1_048_576);
    let made = stated(&errors[0].message, "resources").unwrap();
    assert!(made > 500 && made <= resources + 20, "{errors:?}");
    common::save_for_lint(
        "quota-largest-accepted",
        &generate(&grown(&base, n_ok, true)).unwrap().to_json(),
    );
    println!("largest accepted: {n_ok} services, {resources} resources, {bytes} bytes; {n_bad} services make {made}");
}

/// Tags are repeated on every taggable resource: forty long ones on a dozen services push the
/// body over 1 MB, and the refusal says so with the byte count.
#[test]
fn the_body_limit_is_checked_on_the_printed_template() {
    let mut config = grown(&Config::preset("seed").unwrap(), 12, true);
    config.tags = (0..40)
        .map(|i| (format!("k{i:02}-{}", "k".repeat(120)), "v".repeat(256)))
        .collect();
    let errors = generate(&config).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let bytes = stated(&errors[0].message, "bytes").unwrap();
    assert!(bytes > 1_048_576, "{errors:?}");
    config.tags.retain(|k, _| k.as_str() < "k03");
    let json = generate(&config).unwrap().to_json();
    assert!(within_quotas(&json).is_ok());
}
