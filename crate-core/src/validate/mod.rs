//! Checks a [`Config`] field by field and turns it into a [`Plan`] the builders cannot fail on.
//!
//! One submodule per part of the stack, named like its builder in `crate::stack`, so the rule
//! and the resource of a feature sit side by side.
//!
//! Every problem is collected (not just the first), each with its field path and what is
//! allowed. Cross-field checks run after the per-field ones, with explicit messages.

use crate::cidr::Ipv4Cidr;
use crate::config::{Config, SCHEMA_VERSION};
use crate::error::FieldError;

/// What the builders need beyond the config: parsed CIDRs, routing decisions, names.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Public subnet blocks, one per AZ (new network mode only).
    pub public_subnets: Vec<Ipv4Cidr>,
    /// Private subnet blocks, one per AZ (new network mode only).
    pub private_subnets: Vec<Ipv4Cidr>,
    /// Index of the web service that takes the listener's default action; `None` when no
    /// service is a web service, and the stack has no load balancer.
    pub default_service: Option<usize>,
    /// Per service: the PascalCase stem of its logical ids.
    pub stems: Vec<String>,
    /// Per service: its listener rule priority, `None` for the default service and for
    /// services that are not web services.
    pub priorities: Vec<Option<u32>>,
    /// The names the domain's certificate covers and its records point at: the domain, then
    /// every service host, each once (empty without a domain).
    pub dns_names: Vec<String>,
}

/// CloudWatch Logs' accepted retention values, in days.
pub const LOG_RETENTION_DAYS: [u32; 22] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/// TLS policies offered for the HTTPS listener.
pub const SSL_POLICIES: [&str; 6] = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
    "ELBSecurityPolicy-2016-08",
];

/// Engine versions offered per engine.
pub const POSTGRES_VERSIONS: [&str; 4] = ["18.4", "17.9", "16.13", "15.17"];
/// MySQL versions offered.
pub const MYSQL_VERSIONS: [&str; 2] = ["8.4.9", "8.0.45"];

/// Collects errors with paths.
struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(path, message));
    }

    /// The path is built only when the value is out of range: validation runs on every
    /// keystroke, and most values are fine.
    fn range(&mut self, path: impl FnOnce() -> String, value: u32, min: u32, max: u32) {
        if value < min || value > max {
            self.push(
                path(),
                format!("{value} is out of range; use {min} to {max}"),
            );
        }
    }
}

/// Checks the config; on success returns the plan the builders follow.
pub fn check(config: &Config) -> Result<Plan, Vec<FieldError>> {
    let mut e = Errors(Vec::new());
    if config.schema_version > SCHEMA_VERSION {
        e.push(
            "schemaVersion",
            format!(
                "{} is newer than this build knows ({SCHEMA_VERSION}); upgrade fargate-stack",
                config.schema_version
            ),
        );
    } else if config.schema_version == 0 {
        e.push(
            "schemaVersion",
            format!("0 is not a version; use {SCHEMA_VERSION}"),
        );
    }
    check_name(&mut e, "name", &config.name, 24);
    check_tags(&mut e, config);
    let (public_subnets, private_subnets) = network::check_network(&mut e, config);
    load_balancer::check_load_balancer(&mut e, config);
    let (default_service, stems, priorities) = service::check_services(&mut e, config);
    extras::check_extras(&mut e, config);
    let dns_names = domain::check_domain(&mut e, config);
    domain::check_waf(&mut e, config);
    domain::check_alarms(&mut e, config);
    if e.0.is_empty() {
        Ok(Plan {
            public_subnets,
            private_subnets,
            default_service,
            stems,
            priorities,
            dns_names,
        })
    } else {
        Err(e.0)
    }
}

mod calls;
pub mod domain;
mod extras;
mod load_balancer;
mod network;
pub mod schedule;
mod service;
mod shape;

pub use shape::{MAX_EGRESS, MAX_SIDECARS, MAX_STATEMENTS};

/// A name used in resource names: `[a-z][a-z0-9-]*`, no `--`, no trailing `-`.
fn check_name(e: &mut Errors, path: &str, name: &str, max: usize) {
    // At most 40 characters of the name, with an ellipsis only when something was cut.
    let shown: String = if name.chars().count() > 40 {
        name.chars().take(39).chain(std::iter::once('…')).collect()
    } else {
        name.to_owned()
    };
    if name.is_empty() {
        e.push(
            path,
            "is empty; use lowercase letters, digits and hyphens, starting with a letter",
        );
        return;
    }
    if name.chars().count() > max {
        e.push(path, format!("`{shown}` is longer than {max} characters"));
        return;
    }
    let ok_chars = name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let starts = name.as_bytes()[0].is_ascii_lowercase();
    if !ok_chars || !starts {
        e.push(
            path,
            format!("`{shown}` is not allowed; use lowercase letters, digits and hyphens, starting with a letter"),
        );
    } else if name.ends_with('-') || name.contains("--") {
        e.push(
            path,
            format!("`{shown}` may not end with a hyphen or contain two in a row"),
        );
    }
}

fn check_tags(e: &mut Errors, config: &Config) {
    if config.tags.len() > 40 {
        e.push(
            "tags",
            format!("{} tags; at most 40 are allowed", config.tags.len()),
        );
    }
    for (key, value) in &config.tags {
        let path = format!("tags.{key}");
        if key.is_empty() || key.chars().count() > 128 {
            e.push(&path, "tag keys are 1 to 128 characters");
        } else if key.to_ascii_lowercase().starts_with("aws:") {
            e.push(&path, "keys starting with `aws:` are reserved by AWS");
        } else if key == "Name" {
            e.push(&path, "`Name` is set by fargate-stack from the app name");
        } else if !key.chars().all(tag_char) {
            e.push(
                &path,
                "tag keys may hold letters, digits, spaces and _ . : / = + - @",
            );
        }
        if value.is_empty() {
            // AWS allows empty tag values, but ECR repositories (and so the stack) refuse them.
            e.push(
                &path,
                "is empty; give the tag a value (ECR repositories refuse empty tag values)",
            );
        } else if value.chars().count() > 256 {
            e.push(&path, "tag values are at most 256 characters");
        } else if !value.chars().all(tag_char) {
            e.push(
                &path,
                "tag values may hold letters, digits, spaces and _ . : / = + - @",
            );
        }
    }
}

fn tag_char(c: char) -> bool {
    c.is_alphanumeric() || " _.:/=+-@".contains(c)
}

/// `my-app` -> `MyApp`: the stem of a service's logical ids.
pub fn pascal(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn list(values: &[u32]) -> String {
    values
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// At most 64 characters of user input in a message, so a huge value cannot blow up a form.
pub(crate) fn clip(s: &str) -> String {
    if s.chars().count() > 64 {
        let head: String = s.chars().take(61).collect();
        format!("{head}...")
    } else {
        s.to_owned()
    }
}

fn is_env_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 255
        && !s.as_bytes()[0].is_ascii_digit()
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    (3..=4).contains(&parts.len())
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

fn is_aws_id(s: &str, prefix: &str) -> bool {
    s.strip_prefix(prefix).is_some_and(|hex| {
        (hex.len() == 8 || hex.len() == 17)
            && hex
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    })
}

/// `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` with a resource accepted by `resource_ok`.
fn is_arn(s: &str, service: &str, resource_ok: impl Fn(&str) -> bool) -> bool {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[1]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-')
        && parts[2] == service
        && is_region(parts[3])
        && parts[4].len() == 12
        && parts[4].bytes().all(|b| b.is_ascii_digit())
        && !s.contains("${")
        && !s.chars().any(char::is_whitespace)
        && resource_ok(parts[5])
}

/// The ARN IAM must allow for a secret reference: the secret or parameter itself, without a
/// Secrets Manager JSON-key suffix. `None` when the ARN is neither.
pub fn secret_resource_arn(arn: &str) -> Option<&str> {
    let name_ok = |n: &str| {
        !n.is_empty()
            && n.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/_+=.@-".contains(&b))
    };
    if is_arn(arn, "secretsmanager", |r| r.starts_with("secret:")) {
        // arn:aws:secretsmanager:r:a:secret:NAME[:json-key:version-stage:version-id]
        let parts: Vec<&str> = arn.split(':').collect();
        if (parts.len() == 7 || parts.len() == 10) && name_ok(parts[6]) {
            let end = parts[..7].iter().map(|p| p.len()).sum::<usize>() + 6;
            return Some(&arn[..end]);
        }
        return None;
    }
    if is_arn(arn, "ssm", |r| {
        r.strip_prefix("parameter/").is_some_and(name_ok)
    }) {
        return Some(arn);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_case() {
        assert_eq!(pascal("web"), "Web");
        assert_eq!(pascal("my-api-2"), "MyApi2");
    }

    #[test]
    fn secret_arns() {
        let sm = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf";
        assert_eq!(secret_resource_arn(sm), Some(sm));
        let keyed = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::";
        assert_eq!(secret_resource_arn(keyed), Some(sm));
        let ssm = "arn:aws:ssm:eu-west-1:123456789012:parameter/app/key";
        assert_eq!(secret_resource_arn(ssm), Some(ssm));
        assert_eq!(secret_resource_arn("arn:aws:s3:::bucket"), None);
        assert_eq!(secret_resource_arn("*"), None);
    }

    #[test]
    fn matchers() {
        for ok in ["200", "200,204", "200-399", "200-499"] {
            assert!(service::is_matcher(ok), "{ok}");
        }
        for bad in ["", "500", "abc", "299-200", "200,", "2000"] {
            assert!(!service::is_matcher(bad), "{bad}");
        }
    }
}
