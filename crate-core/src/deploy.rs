//! The exact `aws cloudformation deploy` command for a generated template.

use crate::config::Config;
use crate::template::Template;

/// Templates larger than this must be uploaded to S3 by `deploy` (`--s3-bucket`).
pub const INLINE_TEMPLATE_LIMIT: usize = 51_200;

/// The command a user runs to deploy `template` (of `bytes` bytes) for `config`: the file
/// name the designer downloads, the stack name, the capabilities the template needs and every
/// parameter with its current value, so changing one means editing one word.
pub fn deploy_command(config: &Config, template: &Template, bytes: usize) -> String {
    let mut cmd = format!(
        "aws cloudformation deploy --template-file {name}.template.json --stack-name {name} --capabilities CAPABILITY_IAM",
        name = config.name
    );
    // `>=`: a template file written with a trailing newline is one byte longer than its JSON.
    if bytes >= INLINE_TEMPLATE_LIMIT {
        cmd.push_str(" --s3-bucket YOUR_ARTIFACT_BUCKET");
    }
    let params: Vec<String> = template
        .parameters()
        .map(|(id, p)| {
            let value = p.default.clone().unwrap_or_else(|| "REPLACE_ME".to_owned());
            format!("{id}={}", shell_quote(&value))
        })
        .collect();
    if !params.is_empty() {
        cmd.push_str(" --parameter-overrides ");
        cmd.push_str(&params.join(" "));
    }
    cmd
}

/// What a deployer must know beyond the command. A service without an image pulls from a
/// repository this very stack creates, so its first deploy cannot start tasks: it runs with
/// zero tasks, the image is pushed, and a second deploy sets the real count.
pub fn deploy_notes(config: &Config) -> Vec<String> {
    let mut notes: Vec<String> = Vec::new();
    if let Some(domain) = &config.domain {
        if config.load_balancer.certificate_arn.is_none() {
            notes.push(format!(
                "The certificate for {} is validated by DNS in hosted zone {}: CloudFormation                  writes the validation records and waits for ACM, so the first deploy takes a                  few minutes more (up to about 30).",
                domain.name, domain.hosted_zone_id
            ));
        }
    }
    if config.alarms.as_ref().is_some_and(|a| a.email.is_some()) {
        notes.push(
            "Alarm mails start once the address confirms the subscription mail SNS sends after              the first deploy."
                .to_owned(),
        );
    }
    notes.extend(
        config
            .services
            .iter()
            .filter(|s| s.image.is_none())
            .map(|s| {
                let stem = crate::validate::pascal(&s.name);
                format!(
                    "Service {name} pulls from a new, empty ECR repository: deploy once with \
                 --parameter-overrides {stem}DesiredCount=0, push the image to the \
                 {stem}RepositoryUri output with tag {tag}, then deploy again with \
                 {stem}DesiredCount={count}.",
                    name = s.name,
                    tag = "latest",
                    count = s.desired_count,
                )
            }),
    );
    notes
}

/// Quotes a value for POSIX shells when it holds anything beyond a safe set.
fn shell_quote(value: &str) -> String {
    let safe = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_./:@=,+-%".contains(&b));
    if safe {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_deploy_of_a_new_repository_is_explained() {
        let notes = deploy_notes(&Config::preset("seed").unwrap_or_default());
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("FlaskDesiredCount=0"), "{}", notes[0]);
        assert!(notes[0].contains("FlaskRepositoryUri"), "{}", notes[0]);
        assert!(deploy_notes(&Config::preset("minimal").unwrap_or_default()).is_empty());
        let production = deploy_notes(&Config::preset("production").unwrap_or_default());
        assert!(production[0].contains("validated by DNS"), "{production:?}");
        assert!(
            production[1].contains("confirms the subscription"),
            "{production:?}"
        );
    }

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("nginx:1.27"), "nginx:1.27");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
