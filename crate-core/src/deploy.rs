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
    if bytes > INLINE_TEMPLATE_LIMIT {
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
    fn quoting() {
        assert_eq!(shell_quote("nginx:1.27"), "nginx:1.27");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
