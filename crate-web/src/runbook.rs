//! The way from a template to a running stack, read from the generated template: the
//! variables each container receives and where each comes from, the first-deploy commands,
//! the region in the deploy command, and whether an opened template was edited by hand.
//!
//! Everything here reads the built template (not the config), for the same reason the diagram
//! does: what the page tells a deployer cannot disagree with what CloudFormation will make.

use fargate_stack::config::{CpuArchitecture, Service};
use fargate_stack::template::{Expr, ResourceType, SubPart, Template};
use fargate_stack::{Config, Generated};

/// One variable a container receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// The variable's name (`DB_HOST`).
    pub name: String,
    /// Where its value comes from, in words.
    pub source: String,
}

/// Every variable service `service` receives, in the template's order: plain ones, then
/// secrets.
pub fn connections(template: &Template, service: &Service) -> Vec<Connection> {
    let mut out = Vec::new();
    for (_, resource) in template.resources() {
        if resource.kind != ResourceType::TaskDefinition {
            continue;
        }
        let containers = resource
            .properties
            .iter()
            .find(|(k, _)| k == "ContainerDefinitions")
            .and_then(|(_, v)| v.as_list())
            .unwrap_or_default();
        for c in containers {
            if c.get("Name").and_then(Expr::as_str) != Some(service.name.as_str()) {
                continue;
            }
            for (list, value_key, secret) in [
                ("Environment", "Value", false),
                ("Secrets", "ValueFrom", true),
            ] {
                let items = c.get(list).and_then(Expr::as_list).unwrap_or_default();
                for item in items {
                    let Some(name) = item.get("Name").and_then(Expr::as_str) else {
                        continue;
                    };
                    let value = item.get(value_key).unwrap_or(&Expr::Null);
                    out.push(Connection {
                        name: name.to_owned(),
                        source: source(name, value, secret, service),
                    });
                }
            }
        }
    }
    out
}

/// Where a variable's value comes from, in words.
fn source(name: &str, value: &Expr, secret: bool, service: &Service) -> String {
    if secret && service.secrets.contains_key(name) {
        return "your secret (Secrets and ARNs above)".to_owned();
    }
    match value {
        Expr::Str(s) if service.environment.get(name) == Some(&s.to_string()) => {
            format!("you set it: {s}")
        }
        Expr::Str(s) if s.starts_with("http://") => {
            format!("Service Connect address of a service it calls: {s}")
        }
        Expr::Str(s) => format!("fixed by the stack: {s}"),
        Expr::Ref(id) => {
            let id = id.as_str();
            if id.ends_with("Queue") {
                format!("the URL of the SQS queue {id}")
            } else if id == "Bucket" {
                "the name of the stack's S3 bucket".to_owned()
            } else {
                format!("{id}, made by the stack")
            }
        }
        Expr::GetAtt(id, attribute) => match (id.as_str(), *attribute) {
            ("Database", "Endpoint.Address") => "the database's host name".to_owned(),
            ("Database", "Endpoint.Port") => "the database's port".to_owned(),
            (id, attribute) => format!("{attribute} of {id}"),
        },
        Expr::Sub(parts) => {
            let managed = parts.iter().any(|p| {
                matches!(p, SubPart::Att(id, a) if id.as_str() == "Database" && a.contains("MasterUserSecret"))
            });
            if managed {
                format!(
                    "the database's managed secret ({}), read at start",
                    name.rsplit('_').next().unwrap_or(name).to_lowercase()
                )
            } else {
                "a value the stack builds".to_owned()
            }
        }
        _ => "a value the stack builds".to_owned(),
    }
}

/// `command` with `--region region` after `aws cloudformation deploy`, so the stack lands
/// where the user chose whatever their CLI profile says.
pub fn with_region(command: &str, region: &str) -> String {
    const HEAD: &str = "aws cloudformation deploy";
    match command.strip_prefix(HEAD) {
        Some(rest) if !region.is_empty() => format!("{HEAD} --region {region}{rest}"),
        _ => command.to_owned(),
    }
}

/// The region an ARN names (`arn:aws:acm:eu-west-1:...` -> `eu-west-1`), when it names one.
pub fn arn_region(arn: &str) -> Option<&str> {
    let mut parts = arn.split(':');
    if parts.next() != Some("arn") {
        return None;
    }
    parts.nth(2).filter(|r| !r.is_empty())
}

/// One step of the first deploy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// What the step does.
    pub title: String,
    /// The command to copy.
    pub command: String,
}

/// The first deploy, as commands: create the stack with no tasks for the services whose
/// image is in a repository the stack makes (nothing to pull yet), log Docker in to ECR,
/// build and push each such image, deploy again with the real counts, read the URL.
pub fn first_deploy(config: &Config, generated: &Generated, region: &str) -> Vec<Step> {
    let stack = &config.name;
    let deploy = with_region(&generated.deploy_command, region);
    let built: Vec<&Service> = config
        .services
        .iter()
        .filter(|s| s.image.is_none())
        .collect();
    let output = |key: &str| {
        format!(
            "aws cloudformation describe-stacks --region {region} --stack-name {stack} --query \"Stacks[0].Outputs[?OutputKey=='{key}'].OutputValue\" --output text"
        )
    };
    let mut steps = Vec::new();
    if built.is_empty() {
        steps.push(Step {
            title: "Deploy the stack".to_owned(),
            command: deploy,
        });
    } else {
        let zeroed: Vec<String> = built
            .iter()
            .map(|s| format!("{}DesiredCount=", fargate_stack::validate::pascal(&s.name)))
            .collect();
        let first = deploy
            .split(' ')
            .map(
                |word| match zeroed.iter().find(|z| word.starts_with(z.as_str())) {
                    Some(z) => format!("{z}0"),
                    None => word.to_owned(),
                },
            )
            .collect::<Vec<_>>()
            .join(" ");
        steps.push(Step {
            title: "Create the stack with no tasks (the new repositories are empty)".to_owned(),
            command: first,
        });
        steps.push(Step {
            title: "Log Docker in to your account's ECR registry".to_owned(),
            command: format!(
                "aws ecr get-login-password --region {region} | docker login --username AWS --password-stdin \"$(aws sts get-caller-identity --query Account --output text).dkr.ecr.{region}.amazonaws.com\""
            ),
        });
        for s in &built {
            let stem = fargate_stack::validate::pascal(&s.name);
            let tag = generated
                .parameters
                .iter()
                .find(|(n, _)| *n == format!("{stem}ImageTag"))
                .and_then(|(_, d)| d.clone())
                .unwrap_or_else(|| "latest".to_owned());
            let platform = match s.cpu_architecture {
                CpuArchitecture::Arm64 => "linux/arm64",
                CpuArchitecture::X86_64 => "linux/amd64",
            };
            steps.push(Step {
                title: format!("Build and push the image of {}", s.name),
                command: format!(
                    "REPO=$({}) && docker build --platform {platform} -t \"$REPO:{tag}\" . && docker push \"$REPO:{tag}\"",
                    output(&format!("{stem}RepositoryUri"))
                ),
            });
        }
        steps.push(Step {
            title: "Deploy again with the real task counts".to_owned(),
            command: deploy,
        });
    }
    if generated.outputs.iter().any(|o| o == "Url") {
        steps.push(Step {
            title: "Read the URL".to_owned(),
            command: output("Url"),
        });
    }
    steps
}

/// How the resources of an opened template differ from what its recorded config generates
/// (`added`: only in the file, `removed`: only generated, `changed`: in both, with the
/// properties edited), in words, or nothing when they agree or cannot be compared. The change
/// preview does the comparing, read backwards: what deploying the generated template over the
/// file would undo. Loading keeps the config, so these are the edits the designer drops.
pub fn hand_edits(text: &str, config: &Config) -> Vec<String> {
    use fargate_stack::changes::Action;
    let Ok(generated) = fargate_stack::generate(config) else {
        return Vec::new();
    };
    let Ok(diff) = fargate_stack::changes::changes(text, &generated) else {
        return Vec::new();
    };
    let (mut added, mut removed, mut changed) = (Vec::new(), Vec::new(), Vec::new());
    for c in &diff.resources {
        match c.action {
            Action::Remove => added.push(c.logical_id.clone()),
            Action::Add => removed.push(c.logical_id.clone()),
            Action::Update | Action::Replace => {
                // Only what was edited in this resource, not what follows from another's edit.
                let paths: Vec<&str> = c
                    .causes
                    .iter()
                    .filter(|k| !k.reason.starts_with("refers to"))
                    .map(|k| k.path.strip_prefix("Properties.").unwrap_or(&k.path))
                    .collect();
                match paths.as_slice() {
                    [] => {}
                    [a] => changed.push(format!("{} ({a})", c.logical_id)),
                    [a, b] => changed.push(format!("{} ({a}, {b})", c.logical_id)),
                    [a, b, rest @ ..] => changed.push(format!(
                        "{} ({a}, {b} and {} more)",
                        c.logical_id,
                        rest.len()
                    )),
                }
            }
        }
    }
    [("added", added), ("removed", removed), ("changed", changed)]
        .into_iter()
        .filter(|(_, ids)| !ids.is_empty())
        .map(|(word, ids)| format!("{word} {}", ids.join(", ")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn generated(name: &str) -> (Config, Generated) {
        let c = Config::preset(name).unwrap_or_default();
        let g = fargate_stack::generate_all(&c).unwrap_or_else(|e| panic!("{e:?}"));
        (c, g)
    }

    #[test]
    fn variables_and_where_they_come_from() {
        let (c, g) = generated("with-database");
        let list = connections(&g.template, &c.services[0]);
        let names: Vec<&str> = list.iter().map(|v| v.name.as_str()).collect();
        assert!(
            names.contains(&"DB_HOST") && names.contains(&"DB_PASSWORD"),
            "{names:?}"
        );
        let host = list
            .iter()
            .find(|v| v.name == "DB_HOST")
            .map(|v| v.source.as_str());
        assert_eq!(host, Some("the database's host name"));
        let (c, g) = generated("worker-and-jobs");
        let api = connections(&g.template, &c.services[0]);
        assert!(api
            .iter()
            .any(|v| v.name == "ORDERS_URL" && v.source.contains("Service Connect")));
        assert!(api
            .iter()
            .any(|v| v.name == "MAILER_QUEUE_URL" && v.source.contains("SQS")));
    }

    #[test]
    fn first_deploy_commands() {
        let (c, g) = generated("seed");
        let steps = first_deploy(&c, &g, "eu-west-1");
        assert_eq!(steps.len(), 5, "{steps:?}");
        assert!(steps[0]
            .command
            .starts_with("aws cloudformation deploy --region eu-west-1 "));
        assert!(steps[0].command.contains("FlaskDesiredCount=0"));
        assert!(steps[1].command.contains("docker login"));
        assert!(
            steps[2].command.contains("FlaskRepositoryUri")
                && steps[2].command.contains("docker push")
        );
        assert!(steps[3].command.contains("FlaskDesiredCount=2"));
        assert!(steps[4].command.contains("'Url'"));
        assert_eq!(
            arn_region("arn:aws:acm:us-east-1:1:certificate/x"),
            Some("us-east-1")
        );
        assert_eq!(arn_region("nope"), None);
    }

    #[test]
    fn hand_edits_are_listed() {
        let (c, g) = generated("seed");
        assert!(hand_edits(&g.json, &c).is_empty());
        let mut v: Value = serde_json::from_str(&g.json).unwrap_or_default();
        if let Some(r) = v.get_mut("Resources").and_then(Value::as_object_mut) {
            r.insert(
                "Extra".into(),
                serde_json::json!({"Type": "AWS::SNS::Topic"}),
            );
            r.remove("Cluster");
        }
        if let Some(group) = v.pointer_mut("/Resources/FlaskLogGroup/Properties") {
            group["RetentionInDays"] = serde_json::json!(1);
            group["LogGroupName"] = serde_json::json!("by-hand");
        }
        let edits = hand_edits(&v.to_string(), &c);
        // The log group's edits are listed; the service that refers to it is not, though its
        // log configuration changes too when the group is replaced.
        assert_eq!(
            edits,
            [
                "added Extra",
                "removed Cluster",
                "changed FlaskLogGroup (LogGroupName, RetentionInDays)"
            ]
        );
    }
}
