//! CloudFormation's template quotas, checked on the built template.
//!
//! A config can drive a template past what CloudFormation accepts (many services, each with
//! scaling policies, secrets and a repository; long environment values), and CloudFormation
//! then refuses it before creating anything. These checks run on the template itself, after
//! the build and before it is handed out, so they cannot drift from what the builders make:
//! `generate` and `validate` both build, then check, as one step.
//!
//! The limits are those of the CloudFormation quotas page that a config can reach: resources,
//! parameters, outputs, mappings and their attributes, the template body (1 MB through S3; the
//! 51,200-byte inline limit is handled by `--s3-bucket` in the deploy command), the template
//! description, logical id and output name lengths, and parameter values.

use crate::error::FieldError;
use crate::template::Template;
use crate::validate::Plan;

/// Resources per template.
pub const MAX_RESOURCES: usize = 500;
/// Parameters per template.
pub const MAX_PARAMETERS: usize = 200;
/// Outputs per template.
pub const MAX_OUTPUTS: usize = 200;
/// Mappings per template.
pub const MAX_MAPPINGS: usize = 200;
/// Attributes per mapping (first-level keys, and second-level keys under each).
pub const MAX_MAPPING_ATTRIBUTES: usize = 200;
/// Template body, uploaded to S3 (`aws cloudformation deploy --s3-bucket`).
pub const MAX_TEMPLATE_BYTES: usize = 1_048_576;
/// The template's `Description`.
pub const MAX_DESCRIPTION_BYTES: usize = 1024;
/// Logical ids of resources, parameters and outputs, and mapping names.
pub const MAX_NAME_LENGTH: usize = 255;
/// A parameter's value (its default here).
pub const MAX_PARAMETER_VALUE_BYTES: usize = 4096;

/// Every quota `template` breaks, each as a field error at the part of the
/// config that drives it. `bytes` is the length of the template's JSON.
pub(crate) fn check(plan: &Plan, template: &Template, bytes: usize) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    let resources = template.resources().len();
    if resources > MAX_RESOURCES {
        let per = per_service(plan, template.resources().map(|(id, _)| id.as_str()));
        errors.push(FieldError::new(
            "services",
            format!(
                "this config makes {} resources; CloudFormation allows {MAX_RESOURCES} per template. {}; use fewer services, fewer scaling targets, or split the app into two stacks",
                thousands(resources),
                share("resources", &per, "scaling policies, secrets and new image repositories add to it"),
            ),
        ));
    }
    let parameters = template.parameters().len();
    if parameters > MAX_PARAMETERS {
        let per = per_service(plan, template.parameters().map(|(id, _)| id.as_str()));
        errors.push(FieldError::new(
            "services",
            format!(
                "this config makes {parameters} parameters; CloudFormation allows {MAX_PARAMETERS} per template. {}; use fewer services or split the app into two stacks",
                share("parameters", &per, "a new image repository adds an image tag"),
            ),
        ));
    }
    let outputs = template.outputs().len();
    if outputs > MAX_OUTPUTS {
        let per = per_service(plan, template.outputs().map(|(name, _)| name));
        errors.push(FieldError::new(
            "services",
            format!(
                "this config makes {outputs} outputs; CloudFormation allows {MAX_OUTPUTS} per template. {}; use fewer services or split the app into two stacks",
                share("outputs", &per, "a new image repository adds its URI"),
            ),
        ));
    }
    if template.mappings.len() > MAX_MAPPINGS {
        errors.push(FieldError::new(
            "",
            format!(
                "this config makes {} mappings; CloudFormation allows {MAX_MAPPINGS} per template",
                template.mappings.len()
            ),
        ));
    }
    for (name, entries) in &template.mappings {
        let widest = entries.iter().map(|(_, v)| v.len()).max().unwrap_or(0);
        if entries.len() > MAX_MAPPING_ATTRIBUTES || widest > MAX_MAPPING_ATTRIBUTES {
            errors.push(FieldError::new(
                "",
                format!("mapping {name} has more than {MAX_MAPPING_ATTRIBUTES} attributes, the most CloudFormation allows"),
            ));
        }
    }
    if bytes > MAX_TEMPLATE_BYTES {
        errors.push(FieldError::new(
            "services",
            format!(
                "this config makes a template of {} bytes; CloudFormation accepts at most {} (uploaded to S3). Environment values, commands and secrets take the most room (each is written in its container and again in the recorded config), and tags are repeated on every resource; shorten them, use fewer services, or split the app into two stacks",
                thousands(bytes),
                thousands(MAX_TEMPLATE_BYTES)
            ),
        ));
    }
    if template.description.len() > MAX_DESCRIPTION_BYTES {
        errors.push(FieldError::new(
            "services",
            format!(
                "the template's description is {} bytes; CloudFormation allows {MAX_DESCRIPTION_BYTES}; use shorter service names",
                template.description.len()
            ),
        ));
    }
    let long_name = template
        .resources()
        .map(|(id, _)| id.as_str())
        .chain(template.parameters().map(|(id, _)| id.as_str()))
        .chain(template.outputs().map(|(name, _)| name))
        .find(|id| id.len() > MAX_NAME_LENGTH);
    if let Some(id) = long_name {
        errors.push(FieldError::new(
            "services",
            format!(
                "a logical id of {} characters; CloudFormation allows {MAX_NAME_LENGTH}; use shorter service names",
                id.len()
            ),
        ));
    }
    for (id, p) in template.parameters() {
        if p.default
            .as_ref()
            .is_some_and(|d| d.len() > MAX_PARAMETER_VALUE_BYTES)
        {
            errors.push(FieldError::new(
                "",
                format!("parameter {id}'s value is longer than {MAX_PARAMETER_VALUE_BYTES} bytes, the most CloudFormation allows"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// How many of `ids` each service makes: an id belongs to the service with the longest stem
/// it starts with (`WebApiService` to `web-api`, not `web`). Ids of no service are left out.
fn per_service<'a>(plan: &Plan, ids: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut counts = vec![0; plan.stems.len()];
    for id in ids {
        let owner = plan
            .stems
            .iter()
            .enumerate()
            .filter(|(_, stem)| {
                id.strip_prefix(stem.as_str())
                    .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
            })
            .max_by_key(|(_, stem)| stem.len());
        if let Some((i, _)) = owner {
            counts[i] += 1;
        }
    }
    counts
}

/// `Its 40 services make 612 of them (12 to 16 each; ...)`.
fn share(what: &str, per: &[usize], extra: &str) -> String {
    let total: usize = per.iter().sum();
    let lo = per.iter().copied().min().unwrap_or(0);
    let hi = per.iter().copied().max().unwrap_or(0);
    let each = if lo == hi {
        format!("{lo} each")
    } else {
        format!("{lo} to {hi} each")
    };
    let services = if per.len() == 1 {
        "service makes"
    } else {
        "services make"
    };
    format!(
        "Its {} {services} {} of the {what} ({each}; {extra})",
        per.len(),
        thousands(total),
    )
}

/// `1048576` -> `1,048,576`: byte and resource counts in messages (and the designer's).
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_048_576), "1,048,576");
    }

    #[test]
    fn ids_belong_to_the_longest_stem() {
        let plan = Plan {
            public_subnets: Vec::new(),
            private_subnets: Vec::new(),
            default_service: Some(0),
            stems: vec!["Web".into(), "WebApi".into(), "Svc1".into(), "Svc10".into()],
            priorities: vec![None, Some(10), Some(20), Some(30)],
            dns_names: Vec::new(),
        };
        let ids = [
            "WebService",
            "WebApiService",
            "WebApiLogGroup",
            "Svc1Service",
            "Svc10Service",
            "Cluster",
            "Webhook",
        ];
        assert_eq!(per_service(&plan, ids.into_iter()), vec![1, 2, 1, 1]);
    }
}
