//! Who talks to whom (`services[].calls`): Service Connect between a caller and the web or
//! backend service it calls, with a security group rule on each side admitting exactly that
//! port; the variables a caller gets. Checked by `validate::calls`.

use crate::config::{Config, Service, ServiceKind};
use crate::obj;
use crate::template::{LogicalId, ResourceType as T};

use super::Ctx;

/// The services `s` calls through Service Connect (web and backend callees), by index.
pub(crate) fn connect_callees<'a>(
    config: &'a Config,
    s: &'a Service,
) -> impl Iterator<Item = (usize, &'a Service)> + 'a {
    s.calls.iter().filter_map(move |name| {
        config
            .services
            .iter()
            .enumerate()
            .find(|(_, o)| o.name == *name && o.kind.listens())
    })
}

/// The workers `s` sends to, by index.
pub(crate) fn worker_callees<'a>(
    config: &'a Config,
    s: &'a Service,
) -> impl Iterator<Item = (usize, &'a Service)> + 'a {
    s.calls.iter().filter_map(move |name| {
        config
            .services
            .iter()
            .enumerate()
            .find(|(_, o)| o.name == *name && o.kind == ServiceKind::Worker)
    })
}

/// Whether some service calls service `i` through Service Connect.
pub(crate) fn is_called(config: &Config, i: usize) -> bool {
    let callee = &config.services[i];
    callee.kind.listens()
        && config
            .services
            .iter()
            .any(|o| o.kind.has_service() && o.calls.contains(&callee.name))
}

/// Whether any service takes part in Service Connect (so the stack needs a namespace).
pub(crate) fn uses_service_connect(config: &Config) -> bool {
    (0..config.services.len()).any(|i| is_called(config, i))
}

/// For every call to a web or backend service: the callee's group admits the caller's group
/// on the callee's port, and the caller's group may reach exactly that. Separate rule
/// resources, so two services may call each other without a cycle between their groups.
pub(super) fn rules(ctx: &mut Ctx, groups: &[LogicalId]) {
    let (config, plan) = (ctx.config, ctx.plan);
    for (i, caller) in config.services.iter().enumerate() {
        if !caller.kind.has_service() {
            continue;
        }
        for (j, callee) in connect_callees(config, caller) {
            let port = callee.container_port;
            let (from, to) = (&plan.stems[i], &plan.stems[j]);
            ctx.res(
                &cat!(to, "From", from, "Ingress"),
                "",
                T::SecurityGroupIngress,
                obj! {
                    "GroupId" => groups[j].att("GroupId"),
                    "IpProtocol" => "tcp",
                    "FromPort" => port,
                    "ToPort" => port,
                    "SourceSecurityGroupId" => groups[i].att("GroupId"),
                    "Description" => cat!("Port ", port, " from service ", caller.name),
                },
            );
            ctx.res(
                &cat!(from, "To", to, "Egress"),
                "",
                T::SecurityGroupEgress,
                obj! {
                    "GroupId" => groups[i].att("GroupId"),
                    "IpProtocol" => "tcp",
                    "FromPort" => port,
                    "ToPort" => port,
                    "DestinationSecurityGroupId" => groups[j].att("GroupId"),
                    "Description" => cat!("To service ", callee.name, " on port ", port),
                },
            );
        }
    }
}
