//! The app's own domain: the hosted zone as a parameter, a certificate ACM validates through
//! records CloudFormation writes in that zone (no manual step), and alias records from the
//! domain and every service host to the load balancer, or to the HTTP API's custom domain
//! when an API Gateway is in front.

use crate::template::{Expr, LogicalId, Parameter, Resource, ResourceType as T};
use crate::{map, obj};

use super::Ctx;

/// What the domain part hands to the load balancer and the API.
pub(crate) struct Dns {
    /// The `HostedZoneId` parameter.
    pub zone: LogicalId,
    /// The certificate made here, when the config names none of its own.
    pub certificate: Option<LogicalId>,
}

/// The zone parameter and, unless `loadBalancer.certificateArn` is given, the certificate.
pub(super) fn prepare(ctx: &mut Ctx) -> Option<Dns> {
    let domain = ctx.config.domain.as_ref()?;
    let zone = ctx.param(
        "HostedZoneId",
        Parameter {
            // The AWS-specific type makes CloudFormation check the zone exists in the account
            // before it starts, and the console offer the account's zones.
            kind: "AWS::Route53::HostedZone::Id",
            description: format!("Route 53 hosted zone of {}.", domain.name).into(),
            default: Some(domain.hosted_zone_id.clone()),
            constraints: Vec::new(),
            label: "Hosted zone".into(),
            group: "Domain".into(),
        },
    );
    let certificate = ctx
        .config
        .load_balancer
        .certificate_arn
        .is_none()
        .then(|| certificate(ctx, &zone));
    Some(Dns { zone, certificate })
}

/// A public certificate for every name, validated by DNS in the zone: CloudFormation writes
/// the validation records itself and waits until ACM issues it.
fn certificate(ctx: &mut Ctx, zone: &LogicalId) -> LogicalId {
    let names = &ctx.plan.dns_names;
    let mut props = obj! {
        "DomainName" => names.first().cloned().unwrap_or_default(),
        "ValidationMethod" => "DNS",
    };
    if names.len() > 1 {
        props.push((
            "SubjectAlternativeNames".into(),
            Expr::List(names[1..].iter().cloned().map(Expr::from).collect()),
        ));
    }
    props.push((
        "DomainValidationOptions".into(),
        Expr::List(
            validation_names(names)
                .into_iter()
                .map(|name| map! { "DomainName" => name.to_owned(), "HostedZoneId" => zone.r() })
                .collect(),
        ),
    ));
    ctx.res("Certificate", "", T::Certificate, props)
}

/// ACM validates `*.example.com` with the same record as `example.com`; listing both makes
/// CloudFormation write that record twice and fail, so a wildcard is left out when its base
/// name is there.
fn validation_names(names: &[String]) -> Vec<&str> {
    names
        .iter()
        .map(String::as_str)
        .filter(|name| {
            name.strip_prefix("*.")
                .is_none_or(|base| !names.iter().any(|n| n == base))
        })
        .collect()
}

/// Alias records (type A) for every name, to `target` (a DNS name and its hosted zone).
pub(super) fn records(ctx: &mut Ctx, dns: &Dns, target: (Expr, Expr)) {
    // The plan outlives the build: read the names through it while `ctx` takes resources.
    let names = &ctx.plan.dns_names;
    let mut used: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        let id = record_id(name, &used);
        used.push(id.clone());
        ctx.add(
            &id,
            "",
            Resource::new(
                T::RecordSet,
                obj! {
                    "HostedZoneId" => dns.zone.r(),
                    // Route 53 stores names with the root's trailing dot.
                    "Name" => format!("{name}."),
                    "Type" => "A",
                    "AliasTarget" => obj! {
                        "DNSName" => target.0.clone(),
                        "HostedZoneId" => target.1.clone(),
                        "EvaluateTargetHealth" => false,
                    },
                },
            ),
        );
    }
}

/// `api.example.com` -> `ApiExampleComRecord`, `*.example.com` -> `WildcardExampleComRecord`:
/// named after the host, so adding a host does not rename the others' records (a renamed
/// logical id is a new record). A clash (`a-b.c` and `a.b-c`) takes a number.
fn record_id(name: &str, used: &[String]) -> String {
    let mut stem = String::with_capacity(name.len() + 14);
    let body = match name.strip_prefix("*.") {
        Some(rest) => {
            stem.push_str("Wildcard");
            rest
        }
        None => name,
    };
    for label in body.split(['.', '-']) {
        let mut chars = label.chars();
        if let Some(first) = chars.next() {
            stem.extend(first.to_uppercase());
            stem.extend(chars);
        }
    }
    // Logical ids hold at most 255 characters; a 253-character name nearly fills them.
    stem.truncate(200);
    let mut id = cat!(stem, "Record");
    let mut n = 2u32;
    while used.contains(&id) {
        id = cat!(stem, "Record", n);
        n += 1;
    }
    id
}

/// The HTTP API's custom domain (regional, the certificate made here) and its mapping to the
/// `$default` stage; returns the alias target of the records.
pub(super) fn api_domain(
    ctx: &mut Ctx,
    dns: &Dns,
    api: &LogicalId,
    stage: &LogicalId,
) -> Option<(Expr, Expr)> {
    let certificate = dns.certificate.as_ref()?;
    let name = ctx.plan.dns_names.first()?.clone();
    let domain = ctx.res(
        "ApiDomainName",
        "",
        T::ApiDomainName,
        obj! {
            "DomainName" => name,
            "DomainNameConfigurations" => vec![map! {
                "CertificateArn" => certificate.r(),
                "EndpointType" => "REGIONAL",
                "SecurityPolicy" => "TLS_1_2",
            }],
        },
    );
    ctx.add(
        "ApiMapping",
        "",
        Resource::new(
            T::ApiMapping,
            obj! {
                "ApiId" => api.r(),
                "DomainName" => domain.r(),
                "Stage" => "$default",
            },
        )
        // The `$default` stage is named, not referenced: wait for it explicitly.
        .depends_on([stage.clone()]),
    );
    Some((
        domain.att("RegionalDomainName"),
        domain.att("RegionalHostedZoneId"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_ids_follow_the_names_and_never_clash() {
        assert_eq!(record_id("example.com", &[]), "ExampleComRecord");
        assert_eq!(
            record_id("*.api.example.com", &[]),
            "WildcardApiExampleComRecord"
        );
        let first = record_id("a-b.c", &[]);
        let second = record_id("a.b-c", std::slice::from_ref(&first));
        assert_eq!(first, "ABCRecord");
        assert_eq!(second, "ABCRecord2");
        let long = format!("{}.com", "a".repeat(60).repeat(4));
        assert!(record_id(&long, &[]).len() <= 255);
    }

    #[test]
    fn a_wildcard_beside_its_base_is_not_validated_twice() {
        let names: Vec<String> = ["example.com", "*.example.com", "*.api.example.com"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            validation_names(&names),
            ["example.com", "*.api.example.com"]
        );
    }
}
