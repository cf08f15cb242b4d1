//! Who may talk to whom: `services[].calls`. A web or backend service is reached through
//! Service Connect, a worker through its queue; a job takes no calls. Built by `stack::calls`.

use super::{clip, Errors};
use crate::config::{Config, ServiceKind};

pub(super) fn check_calls(e: &mut Errors, base: &str, i: usize, config: &Config) {
    let s = &config.services[i];
    for (j, name) in s.calls.iter().enumerate() {
        let path = format!("{base}.calls[{j}]");
        if *name == s.name {
            e.push(
                &path,
                format!("`{name}` is this service; a service reaches itself without calls"),
            );
            continue;
        }
        if s.calls[..j].contains(name) {
            e.push(&path, format!("`{}` is listed twice", clip(name)));
            continue;
        }
        let Some(callee) = config.services.iter().find(|o| o.name == *name) else {
            let others: Vec<&str> = config
                .services
                .iter()
                .filter(|o| o.name != s.name && o.kind != ServiceKind::Job)
                .map(|o| o.name.as_str())
                .collect();
            let hint = if others.is_empty() {
                "there is no other service to call".to_owned()
            } else {
                format!("name one of {}", others.join(", "))
            };
            e.push(
                &path,
                format!("`{}` is not a service of this config; {hint}", clip(name)),
            );
            continue;
        };
        match callee.kind {
            ServiceKind::Job => e.push(
                &path,
                format!("`{name}` is a job: it runs on its schedule and takes no calls; call a web, backend or worker service"),
            ),
            ServiceKind::Web | ServiceKind::Backend if s.kind == ServiceKind::Job => e.push(
                &path,
                format!("a job's task runs outside ECS services, where Service Connect cannot reach `{name}`; a job may call workers (through their queues)"),
            ),
            _ => {}
        }
    }
}
