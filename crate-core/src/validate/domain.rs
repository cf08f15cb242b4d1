//! Rules of the guard rails around the load balancer: the domain (its name and hosted zone),
//! the hosts each web service answers on, the web application firewall and the alarms. Built
//! by `stack::domain`, `stack::waf` and `stack::alarms`.

use super::{clip, is_arn, Errors};
use crate::config::{Config, ServiceKind};

/// AWS managed rule groups by the short names configs use, with the group's name and the
/// web ACL capacity units it takes.
pub const RULE_GROUPS: [(&str, &str, u32); 6] = [
    ("common", "AWSManagedRulesCommonRuleSet", 700),
    (
        "knownBadInputs",
        "AWSManagedRulesKnownBadInputsRuleSet",
        200,
    ),
    ("ipReputation", "AWSManagedRulesAmazonIpReputationList", 25),
    ("sqli", "AWSManagedRulesSQLiRuleSet", 200),
    ("linux", "AWSManagedRulesLinuxRuleSet", 200),
    ("anonymousIp", "AWSManagedRulesAnonymousIpList", 50),
];

/// ACM's default quota of names on one certificate (the domain and its alternative names).
pub const MAX_CERTIFICATE_NAMES: usize = 10;

/// An ALB rule takes at most five condition values (hosts and path patterns together).
pub const MAX_RULE_VALUES: usize = 5;

/// The AWS name of a managed rule group's short name.
pub fn rule_group(short: &str) -> Option<&'static str> {
    RULE_GROUPS
        .iter()
        .find(|(name, _, _)| *name == short)
        .map(|(_, aws, _)| *aws)
}

/// The names the certificate covers and the records point at: the domain, then every host of
/// every web service in order, each once.
pub fn dns_names(config: &Config) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    if let Some(domain) = &config.domain {
        names.push(domain.name.clone());
    }
    for s in &config.services {
        for host in &s.hosts {
            if !names.contains(host) {
                names.push(host.clone());
            }
        }
    }
    names
}

/// Checks the domain and the hosts; returns the names the certificate and records cover
/// ([`dns_names`], empty without a domain), computed once for the check and the plan.
pub(super) fn check_domain(e: &mut Errors, config: &Config) -> Vec<String> {
    let has_lb = config.services.iter().any(|s| s.kind == ServiceKind::Web);
    if let Some(domain) = &config.domain {
        if !has_lb {
            e.push(
                "domain",
                "no service is a web service, so nothing answers on the domain; leave domain out or make a service kind web",
            );
        }
        if let Err(msg) = check_host_name(&domain.name, false) {
            e.push("domain.name", msg);
        }
        if !is_zone_id(&domain.hosted_zone_id) {
            e.push(
                "domain.hostedZoneId",
                format!(
                    "`{}` is not a Route 53 hosted zone id like Z0123456789ABCDEFGHIJ (Z, then up to 31 capital letters and digits)",
                    clip(&domain.hosted_zone_id)
                ),
            );
        }
    }
    for (i, s) in config.services.iter().enumerate() {
        let base = format!("services[{i}].hosts");
        if s.hosts.is_empty() {
            continue;
        }
        if s.kind != ServiceKind::Web {
            e.push(
                &base,
                format!(
                    "a {} service is not behind the load balancer; leave hosts out",
                    s.kind.name()
                ),
            );
            continue;
        }
        if config.api_gateway.is_some() {
            e.push(
                &base,
                "the HTTP API has one domain and forwards every request; host routing needs the load balancer in front, so leave hosts out or apiGateway off",
            );
            continue;
        }
        if s.hosts.len() + s.path_patterns.len() > MAX_RULE_VALUES {
            e.push(
                &base,
                format!(
                    "{} hosts and {} path patterns; a listener rule takes at most {MAX_RULE_VALUES} values of both together",
                    s.hosts.len(),
                    s.path_patterns.len()
                ),
            );
        }
        for (k, host) in s.hosts.iter().enumerate() {
            let path = format!("{base}[{k}]");
            if s.hosts[..k].contains(host) {
                e.push(&path, format!("`{}` is listed twice", clip(host)));
                continue;
            }
            if let Err(msg) = check_host_name(host, true) {
                e.push(&path, msg);
                continue;
            }
            if let Some(domain) = &config.domain {
                let under = host == &domain.name
                    || host
                        .strip_suffix(domain.name.as_str())
                        .is_some_and(|head| head.ends_with('.'));
                if !under {
                    e.push(
                        &path,
                        format!(
                            "`{}` is not `{}` or a name under it; the hosted zone of domain.name cannot hold its record",
                            clip(host),
                            clip(&domain.name)
                        ),
                    );
                }
            }
        }
    }
    let names = if config.domain.is_some() {
        dns_names(config)
    } else {
        Vec::new()
    };
    // Without a domain `names` is empty, so this holds only for a certificate made here.
    if config.load_balancer.certificate_arn.is_none() && names.len() > MAX_CERTIFICATE_NAMES {
        e.push(
            "domain",
            format!(
                "the certificate would cover {} names (the domain and every host); ACM allows {MAX_CERTIFICATE_NAMES} per certificate: use a wildcard host like *.{} or give loadBalancer.certificateArn",
                names.len(),
                clip(config.domain.as_ref().map_or("", |d| d.name.as_str()))
            ),
        );
    }
    names
}

/// A DNS name of at least two labels, lowercase, each label 1 to 63 of a-z 0-9 and inner
/// hyphens; `*.` may lead a host (a wildcard record and certificate name).
fn check_host_name(name: &str, wildcard_ok: bool) -> Result<(), String> {
    let shown = clip(name);
    if name.is_empty() {
        return Err("is empty; give a name like example.com".into());
    }
    if name.len() > 253 {
        return Err(format!("`{shown}` is longer than 253 characters"));
    }
    if name != name.to_ascii_lowercase() {
        return Err(format!(
            "`{shown}` has capital letters; write DNS names in lowercase"
        ));
    }
    let body = match name.strip_prefix("*.") {
        Some(rest) if wildcard_ok => rest,
        Some(_) => {
            return Err(format!(
            "`{shown}` is a wildcard; the domain is one name (put wildcards in a service's hosts)"
        ))
        }
        None => name,
    };
    let labels: Vec<&str> = body.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if labels.len() < 2 || !labels.iter().all(label_ok) {
        return Err(format!(
            "`{shown}` is not a DNS name like app.example.com: dot-separated labels of a-z, 0-9 and inner hyphens{}",
            if wildcard_ok { ", optionally after *." } else { "" }
        ));
    }
    Ok(())
}

/// `Z` then 1 to 31 capital letters and digits: the form of Route 53 zone ids.
pub(crate) fn is_zone_id(id: &str) -> bool {
    id.strip_prefix('Z').is_some_and(|rest| {
        (1..=31).contains(&rest.len())
            && rest
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    })
}

pub(super) fn check_waf(e: &mut Errors, config: &Config) {
    let Some(waf) = &config.load_balancer.waf else {
        return;
    };
    if config.api_gateway.is_some() {
        e.push(
            "loadBalancer.waf",
            "AWS WAF cannot be attached to an API Gateway HTTP API (only to REST APIs, load balancers and CloudFront), and the load balancer behind it is private; leave waf out or apiGateway off",
        );
        return;
    }
    if let Some(arn) = &waf.web_acl_arn {
        if waf.managed_rule_groups.is_some() || waf.rate_limit_per5_minutes.is_some() {
            e.push(
                "loadBalancer.waf.webAclArn",
                "attaches a web ACL made elsewhere; its rules are set there, so leave managedRuleGroups and rateLimitPer5Minutes out",
            );
        }
        if !is_arn(arn, "wafv2", |r| {
            r.strip_prefix("regional/webacl/")
                .is_some_and(|rest| rest.contains('/') && !rest.starts_with('/'))
        }) {
            e.push(
                "loadBalancer.waf.webAclArn",
                format!(
                    "`{}` is not a regional web ACL ARN like arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/NAME/ID (a CloudFront web ACL cannot be attached to a load balancer)",
                    clip(arn)
                ),
            );
        }
        return;
    }
    let groups = waf.rule_groups();
    let unknown: Vec<String> = groups
        .iter()
        .filter(|g| rule_group(g).is_none())
        .map(|g| format!("`{}`", clip(g)))
        .collect();
    if !unknown.is_empty() {
        let known: Vec<&str> = RULE_GROUPS.iter().map(|(n, _, _)| *n).collect();
        e.push(
            "loadBalancer.waf.managedRuleGroups",
            format!(
                "{} {} here; use {}",
                unknown.join(", "),
                if unknown.len() == 1 {
                    "is not a managed rule group"
                } else {
                    "are not managed rule groups"
                },
                known.join(", ")
            ),
        );
    }
    for (k, g) in groups.iter().enumerate() {
        if groups[..k].contains(g) {
            e.push(
                format!("loadBalancer.waf.managedRuleGroups[{k}]"),
                format!("`{}` is listed twice", clip(g)),
            );
        }
    }
    if let Some(limit) = waf.rate_limit_per5_minutes {
        e.range(
            || "loadBalancer.waf.rateLimitPer5Minutes".to_owned(),
            limit,
            100,
            2_000_000_000,
        );
    }
    if groups.is_empty() && waf.rate_limit_per5_minutes.is_none() {
        e.push(
            "loadBalancer.waf",
            "has no rule: a web ACL without rule groups or a rate limit allows everything; name managedRuleGroups, a rateLimitPer5Minutes, or leave waf out",
        );
    }
}

pub(super) fn check_alarms(e: &mut Errors, config: &Config) {
    let Some(alarms) = &config.alarms else {
        return;
    };
    if let Some(email) = &alarms.email {
        if !is_email(email) {
            e.push(
                "alarms.email",
                format!(
                    "`{}` is not an email address like ops@example.com",
                    clip(email)
                ),
            );
        }
    }
    e.range(
        || "alarms.alb5xxPercent".to_owned(),
        alarms.alb5xx_percent,
        1,
        100,
    );
    e.range(
        || "alarms.cpuPercent".to_owned(),
        alarms.cpu_percent,
        1,
        100,
    );
    e.range(
        || "alarms.memoryPercent".to_owned(),
        alarms.memory_percent,
        1,
        100,
    );
}

/// A plain address: one `@`, a local part of printable characters, a DNS-like domain.
fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    s.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b))
        && !local.contains("${")
        && check_host_name(&domain.to_ascii_lowercase(), false).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names() {
        for ok in ["example.com", "api.example.com", "a-b.c0.io"] {
            assert!(check_host_name(ok, false).is_ok(), "{ok}");
        }
        assert!(check_host_name("*.example.com", true).is_ok());
        for bad in [
            "",
            "com",
            "Example.com",
            "-a.com",
            "a-.com",
            "a..com",
            "a_b.com",
            "*.example.com",
            "a.*.com",
        ] {
            assert!(check_host_name(bad, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn zone_ids_and_emails() {
        assert!(is_zone_id("Z0123456789ABCDEFGHIJ"));
        assert!(!is_zone_id("z0123"));
        assert!(!is_zone_id("Z"));
        assert!(!is_zone_id("Zabc"));
        assert!(is_email("ops@example.com"));
        assert!(is_email("first.last+alerts@mail.example.co.uk"));
        for bad in [
            "",
            "ops",
            "@example.com",
            "ops@",
            "ops@localhost",
            "a b@x.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn every_short_name_maps_to_a_group() {
        for (short, aws, wcu) in RULE_GROUPS {
            assert_eq!(rule_group(short), Some(aws));
            assert!(wcu > 0);
        }
        // Every group and a rate rule fit the 1,500 units a web ACL has by default.
        let all: u32 = RULE_GROUPS.iter().map(|(_, _, w)| w).sum::<u32>() + 2;
        assert!(all <= 1500, "{all}");
    }
}
