//! Helpers shared by the integration tests: template invariants checked on the JSON itself
//! (independently of the typed model), and the folder `make test` runs cfn-lint over.

#![allow(dead_code, clippy::unwrap_used, clippy::panic, missing_docs)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value;

/// Where tests put every template they generate; `make test` lints them all with cfn-lint.
pub fn lint_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cfn-templates");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes a template for cfn-lint.
pub fn save_for_lint(name: &str, json: &str) {
    std::fs::write(lint_dir().join(format!("{name}.json")), json).unwrap();
}

/// Every `Ref`, `Fn::GetAtt`, `${}` in `Fn::Sub` and `DependsOn` names something declared.
pub fn references_resolve(t: &Value) -> Result<(), String> {
    let mut declared: BTreeSet<String> = BTreeSet::new();
    for section in ["Resources", "Parameters"] {
        if let Some(map) = t.get(section).and_then(Value::as_object) {
            declared.extend(map.keys().cloned());
        }
    }
    let mut missing = Vec::new();
    let mut check = |name: &str, whence: &str| {
        if !name.starts_with("AWS::") && !declared.contains(name) {
            missing.push(format!("{whence} -> {name}"));
        }
    };
    let mut refs = Vec::new();
    collect_refs(t.get("Resources").unwrap_or(&Value::Null), &mut refs);
    collect_refs(t.get("Outputs").unwrap_or(&Value::Null), &mut refs);
    for (kind, name) in &refs {
        check(name, kind);
    }
    for (id, r) in t["Resources"].as_object().unwrap() {
        for d in depends_on(r) {
            check(d, &format!("{id} DependsOn"));
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("unresolved references: {missing:?}"))
    }
}

/// A resource's `DependsOn`, written as one id or a list.
pub fn depends_on(resource: &Value) -> Vec<&str> {
    match &resource["DependsOn"] {
        Value::String(d) => vec![d.as_str()],
        Value::Array(ds) => ds.iter().map(|d| d.as_str().unwrap_or("")).collect(),
        _ => vec![],
    }
}

/// `(kind, target)` for every reference inside `v`.
pub fn collect_refs(v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            if map.len() == 1 {
                if let Some(Value::String(name)) = map.get("Ref") {
                    out.push(("Ref".into(), name.clone()));
                    return;
                }
                if let Some(Value::Array(args)) = map.get("Fn::GetAtt") {
                    if let Some(Value::String(name)) = args.first() {
                        out.push(("GetAtt".into(), name.clone()));
                    }
                    return;
                }
                if let Some(Value::String(s)) = map.get("Fn::Sub") {
                    for name in sub_names(s) {
                        out.push(("Sub".into(), name));
                    }
                    return;
                }
            }
            for value in map.values() {
                collect_refs(value, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_refs(item, out);
            }
        }
        _ => {}
    }
}

/// The logical ids named by `${Id}` / `${Id.Attr}` in a Sub string (not `${!literal}`).
pub fn sub_names(s: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let inner = &after[..end];
        if !inner.starts_with('!') {
            let id = inner.split('.').next().unwrap_or(inner);
            names.push(id.to_owned());
        }
        rest = &after[end + 1..];
    }
    names
}

/// The least-privilege and Fargate-correctness rules every template must satisfy.
pub fn invariants(t: &Value) -> Result<(), String> {
    references_resolve(t)?;
    let resources = t["Resources"].as_object().ok_or("no Resources")?;
    let mut problems = Vec::new();
    let listeners: BTreeSet<&str> = resources
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::ElasticLoadBalancingV2::Listener")
        .map(|(id, _)| id.as_str())
        .collect();
    for (id, r) in resources {
        let ty = r["Type"].as_str().unwrap_or("");
        let p = &r["Properties"];
        match ty {
            "AWS::EC2::SecurityGroup"
            | "AWS::EC2::SecurityGroupIngress"
            | "AWS::EC2::SecurityGroupEgress" => {
                let mut rules: Vec<&Value> = Vec::new();
                if ty == "AWS::EC2::SecurityGroup" {
                    for key in ["SecurityGroupIngress", "SecurityGroupEgress"] {
                        if let Some(list) = p[key].as_array() {
                            rules.extend(list);
                        }
                    }
                    if p.get("SecurityGroupEgress").is_none() {
                        problems.push(format!("{id}: no explicit egress (AWS would allow all)"));
                    }
                } else {
                    rules.push(p);
                }
                for rule in rules {
                    // CloudFormation takes the protocol as a string or a number.
                    let all_protocols = rule["IpProtocol"] == "-1" || rule["IpProtocol"] == -1;
                    if all_protocols
                        && (rule.get("CidrIp").is_some() || rule.get("CidrIpv6").is_some())
                    {
                        problems.push(format!("{id}: all-protocol rule from a CIDR"));
                    }
                    if rule.get("FromPort").is_some()
                        && rule["FromPort"] == 0
                        && rule["ToPort"] == 65535
                    {
                        problems.push(format!("{id}: rule opens every port"));
                    }
                }
            }
            "AWS::IAM::Role" => {
                for policy in p["Policies"].as_array().into_iter().flatten() {
                    for st in policy["PolicyDocument"]["Statement"]
                        .as_array()
                        .into_iter()
                        .flatten()
                    {
                        let actions: Vec<&str> = match &st["Action"] {
                            Value::String(a) => vec![a.as_str()],
                            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                            _ => vec![],
                        };
                        if actions.iter().any(|a| *a == "*" || a.ends_with(":*")) {
                            problems.push(format!("{id}: wildcard action {actions:?}"));
                        }
                        let star = match &st["Resource"] {
                            Value::String(r) => r == "*",
                            Value::Array(rs) => rs.iter().any(|r| r == "*"),
                            _ => false,
                        };
                        // ECS Exec's ssmmessages actions take no resource ARN: AWS requires "*".
                        if star && !actions.iter().all(|a| a.starts_with("ssmmessages:")) {
                            problems.push(format!("{id}: Resource * for {actions:?}"));
                        }
                    }
                }
            }
            "AWS::ElasticLoadBalancingV2::TargetGroup" => {
                if p["TargetType"] != "ip" {
                    problems.push(format!("{id}: TargetType is not ip"));
                }
            }
            "AWS::ECS::Service" => {
                let td_id = p["TaskDefinition"]["Ref"].as_str().unwrap_or("");
                let td = &resources[td_id]["Properties"];
                let names: Vec<&str> = td["ContainerDefinitions"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|c| c["Name"].as_str())
                    .collect();
                for lb in p["LoadBalancers"].as_array().into_iter().flatten() {
                    let name = lb["ContainerName"].as_str().unwrap_or("");
                    if !names.contains(&name) {
                        problems.push(format!(
                            "{id}: ContainerName {name} is not a container of {td_id}"
                        ));
                    }
                }
                // Only a service behind the load balancer waits for its listener.
                let behind_lb = p["LoadBalancers"].as_array().is_some_and(|l| !l.is_empty());
                if behind_lb && !depends_on(r).iter().any(|d| listeners.contains(d)) {
                    problems.push(format!("{id}: does not depend on a listener"));
                }
                let breaker = &p["DeploymentConfiguration"]["DeploymentCircuitBreaker"];
                if breaker.is_null() {
                    problems.push(format!("{id}: no circuit breaker settings"));
                }
            }
            "AWS::Logs::LogGroup" if p.get("RetentionInDays").is_none() => {
                problems.push(format!("{id}: log group without retention"));
            }
            _ => {}
        }
    }
    // The database admits only the tasks' groups: every DB instance sits in security groups of
    // this template, and each of their ingress rules (inline or a separate resource) comes from
    // a group some task runs in (an ECS service's, or a scheduled task's).
    let mut task_groups: BTreeSet<String> = BTreeSet::new();
    for r in resources.values() {
        awsvpc_groups(&r["Properties"], &mut task_groups);
    }
    for (id, r) in resources
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::RDS::DBInstance")
    {
        let groups: Vec<&str> = r["Properties"]["VPCSecurityGroups"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|g| g["Fn::GetAtt"][0].as_str())
            .collect();
        if groups.is_empty() {
            problems.push(format!("{id}: not in a security group of the template"));
        }
        for sg in groups {
            let mut rules: Vec<&Value> = resources[sg]["Properties"]["SecurityGroupIngress"]
                .as_array()
                .into_iter()
                .flatten()
                .collect();
            rules.extend(
                resources
                    .values()
                    .filter(|r| {
                        r["Type"] == "AWS::EC2::SecurityGroupIngress"
                            && r["Properties"]["GroupId"]["Fn::GetAtt"][0] == sg
                    })
                    .map(|r| &r["Properties"]),
            );
            for rule in rules {
                let source = rule["SourceSecurityGroupId"]["Fn::GetAtt"][0]
                    .as_str()
                    .unwrap_or("");
                if !task_groups.contains(source)
                    || rule.get("CidrIp").is_some()
                    || rule.get("CidrIpv6").is_some()
                {
                    problems.push(format!("{id}: {sg} admits {rule}"));
                }
            }
        }
    }
    // No secret readable beyond its own ARN: the execution roles (whichever the task
    // definitions name) read exactly the secrets the containers name (plus the database's
    // managed secret).
    {
        let mut named: BTreeSet<String> = BTreeSet::new();
        let mut roles: BTreeSet<&str> = BTreeSet::new();
        for (_, r) in resources
            .iter()
            .filter(|(_, r)| r["Type"] == "AWS::ECS::TaskDefinition")
        {
            if let Some(role) = r["Properties"]["ExecutionRoleArn"]["Fn::GetAtt"][0].as_str() {
                roles.insert(role);
            }
            for c in r["Properties"]["ContainerDefinitions"]
                .as_array()
                .into_iter()
                .flatten()
            {
                for s in c["Secrets"].as_array().into_iter().flatten() {
                    let from = &s["ValueFrom"];
                    let arn = match from {
                        Value::String(a) => a.clone(),
                        other => serde_json::to_string(other).unwrap(),
                    };
                    named.insert(arn);
                }
            }
        }
        let mut readable: BTreeSet<String> = BTreeSet::new();
        for policy in roles
            .iter()
            .flat_map(|role| resources[*role]["Properties"]["Policies"].as_array())
            .flatten()
        {
            for st in policy["PolicyDocument"]["Statement"]
                .as_array()
                .into_iter()
                .flatten()
            {
                for r in st["Resource"].as_array().into_iter().flatten() {
                    readable.insert(match r {
                        Value::String(a) => a.clone(),
                        other => serde_json::to_string(other).unwrap(),
                    });
                }
            }
        }
        // Does a policy resource ARN grant what a container names (itself, or a JSON key of it)?
        let grants = |arn: &String, named: &String| {
            named == arn
                || named.starts_with(&format!("{arn}:"))
                || (arn.contains("MasterUserSecret") && named.contains("MasterUserSecret"))
        };
        for arn in &readable {
            if !named.iter().any(|n| grants(arn, n)) {
                problems.push(format!(
                    "execution role reads {arn}, which no container names"
                ));
            }
        }
        for n in &named {
            let covered = readable.iter().any(|arn| grants(arn, n));
            if !covered {
                problems.push(format!(
                    "container secret {n} is not readable by the execution role"
                ));
            }
        }
    }
    problems.extend(fixed_physical_names(resources));
    problems.extend(who_talks_to_whom(t, resources));
    problems.extend(guard_rails(resources));
    // Portability: no region, AZ or partition spelled out by the generator in resources.
    // What the user typed (the config recorded in the template's Metadata: task-role resource
    // ARNs, say) is theirs to write, and so are their secret ARNs (written whole, or without a
    // JSON-key suffix in the execution role).
    let mut typed = Vec::new();
    collect_strings(&t["Metadata"]["FargateStack"]["Config"], &mut typed);
    let typed: BTreeSet<&str> = typed.into_iter().collect();
    let mut strings = Vec::new();
    collect_strings(&t["Resources"], &mut strings);
    for s in strings {
        let user_secret =
            s.starts_with("arn:aws") && (s.contains(":secretsmanager:") || s.contains(":ssm:"));
        if user_secret || typed.contains(s) {
            continue;
        }
        if s.contains("arn:aws:")
            || s.contains("us-east-1")
            || s.contains("eu-west-1")
            || s.contains(".amazonaws.com/")
        {
            problems.push(format!("hard-coded region or partition in `{s}`"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// Deployable as many stacks: no resource property naming something account- or region-wide
/// (a top-level key ending in `Name` or `Family`) is a literal: it is derived from a reference
/// (`AWS::StackName` through Ref, Sub or Join, or another resource of the template), or left
/// out for CloudFormation to generate. Names nested deeper (a container's `Name`, an inline IAM
/// policy's `PolicyName`, a tag's or variable's `Name`) are scoped to their parent and may be
/// literal.
pub fn fixed_physical_names(resources: &serde_json::Map<String, Value>) -> Vec<String> {
    let mut problems = Vec::new();
    for (id, r) in resources {
        let ty = r["Type"].as_str().unwrap_or("");
        let Some(props) = r["Properties"].as_object() else {
            continue;
        };
        for (key, value) in props {
            if !(key.ends_with("Name") || key.ends_with("Family")) {
                continue;
            }
            let exempt = match (ty, key.as_str()) {
                // The database created inside the instance: scoped to the instance, not a
                // name in the account.
                ("AWS::RDS::DBInstance", "DBName") => true,
                // `$default`, the HTTP API's auto-deployed stage: scoped to its API.
                ("AWS::ApiGatewayV2::Stage", "StageName") => true,
                // The user's own domain: the name is the point, and two stacks of one
                // template need different configs for it anyway (a record per name).
                ("AWS::CertificateManager::Certificate", "DomainName")
                | ("AWS::ApiGatewayV2::DomainName", "DomainName")
                | ("AWS::Route53::RecordSet", "Name") => true,
                // Not names of resources: a label in mails, the metric an alarm watches.
                ("AWS::SNS::Topic", "DisplayName") | ("AWS::CloudWatch::Alarm", "MetricName") => {
                    true
                }
                _ => false,
            };
            if exempt {
                continue;
            }
            let mut refs = Vec::new();
            collect_refs(value, &mut refs);
            if refs.is_empty() {
                problems.push(format!(
                    "{id} ({ty}): {key} is fixed ({value}); derive it from AWS::StackName or leave it to CloudFormation"
                ));
            }
        }
    }
    problems
}

/// The security groups named in every `AwsvpcConfiguration` inside `v` (an ECS service's
/// network configuration, a scheduled task's target).
fn awsvpc_groups(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (key, value) in map {
                if key == "AwsvpcConfiguration" {
                    for g in value["SecurityGroups"].as_array().into_iter().flatten() {
                        if let Some(id) = g["Fn::GetAtt"][0].as_str().or(g["Ref"].as_str()) {
                            out.insert(id.to_owned());
                        }
                    }
                } else {
                    awsvpc_groups(value, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| awsvpc_groups(i, out)),
        _ => {}
    }
}

fn collect_strings<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|i| collect_strings(i, out)),
        Value::Object(map) => map.values().for_each(|i| collect_strings(i, out)),
        _ => {}
    }
}

/// `my-app` -> `MyApp`, as the generator names a service's resources.
fn stem(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut c = part.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// The service kinds' least privilege, checked on the JSON against the config recorded in its
/// Metadata: a service's group admits only the load balancer (web) and the services that call
/// it; no service group may reach another unless it calls it; every queue permission names one
/// queue of the template; only a scheduler role may pass roles, exactly the two of its job.
fn who_talks_to_whom(t: &Value, resources: &serde_json::Map<String, Value>) -> Vec<String> {
    let mut problems = Vec::new();
    let config = &t["Metadata"]["FargateStack"]["Config"];
    let services: Vec<(&str, &str, Vec<&str>)> = config["services"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            let calls = s["calls"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            (
                s["name"].as_str().unwrap_or("web"),
                s["kind"].as_str().unwrap_or("web"),
                calls,
            )
        })
        .collect();
    let group_of = |name: &str| format!("{}SecurityGroup", stem(name));
    let att = |v: &Value| v["Fn::GetAtt"][0].as_str().map(str::to_owned);
    for (name, kind, _) in &services {
        let group = group_of(name);
        let mut allowed: BTreeSet<String> = services
            .iter()
            .filter(|(_, _, calls)| calls.contains(name))
            .filter(|_| matches!(*kind, "web" | "backend"))
            .map(|(caller, _, _)| group_of(caller))
            .collect();
        if *kind == "web" {
            allowed.insert("LoadBalancerSecurityGroup".into());
        }
        let mut rules: Vec<&Value> = resources
            .get(&group)
            .map(|g| &g["Properties"]["SecurityGroupIngress"])
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .collect();
        rules.extend(
            resources
                .values()
                .filter(|r| {
                    r["Type"] == "AWS::EC2::SecurityGroupIngress"
                        && att(&r["Properties"]["GroupId"]).as_deref() == Some(group.as_str())
                })
                .map(|r| &r["Properties"]),
        );
        for rule in rules {
            match att(&rule["SourceSecurityGroupId"]) {
                Some(source) if allowed.contains(&source) => {}
                _ => problems.push(format!(
                    "{group} ({kind}) admits {rule}, not only its callers"
                )),
            }
        }
    }
    let groups: BTreeMap<String, &str> = services
        .iter()
        .map(|(name, _, _)| (group_of(name), *name))
        .collect();
    for (id, r) in resources
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::EC2::SecurityGroupEgress")
    {
        let from = att(&r["Properties"]["GroupId"]).unwrap_or_default();
        let to = att(&r["Properties"]["DestinationSecurityGroupId"]).unwrap_or_default();
        if let (Some(caller), Some(callee)) = (groups.get(&from), groups.get(&to)) {
            let calls = services
                .iter()
                .any(|(n, _, calls)| n == caller && calls.contains(callee));
            if !calls {
                problems.push(format!(
                    "{id}: {caller} may reach {callee}, which it does not call"
                ));
            }
        }
    }
    for (id, r) in resources
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::IAM::Role")
    {
        let scheduler = r["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]
            ["Service"]
            == "scheduler.amazonaws.com";
        for policy in r["Properties"]["Policies"].as_array().into_iter().flatten() {
            for st in policy["PolicyDocument"]["Statement"]
                .as_array()
                .into_iter()
                .flatten()
            {
                let actions: Vec<&str> = match &st["Action"] {
                    Value::String(a) => vec![a.as_str()],
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    _ => vec![],
                };
                // The user's own statements (`taskPolicyStatements`, Sids App1, App2...) name
                // what they name; the generator's queue permissions name one queue each.
                let users = st["Sid"].as_str().is_some_and(|sid| sid.starts_with("App"));
                if !users && actions.iter().any(|a| a.starts_with("sqs:")) {
                    let one_queue = att(&st["Resource"])
                        .is_some_and(|q| resources[&q]["Type"] == "AWS::SQS::Queue");
                    if !one_queue {
                        problems.push(format!(
                            "{id}: {actions:?} on {} (not one queue)",
                            st["Resource"]
                        ));
                    }
                }
                if actions
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case("iam:PassRole"))
                {
                    let roles: Vec<String> = st["Resource"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(att)
                        .filter(|role| resources[role]["Type"] == "AWS::IAM::Role")
                        .collect();
                    let list_len = st["Resource"].as_array().map_or(0, Vec::len);
                    if !scheduler || roles.len() != 2 || list_len != 2 {
                        problems.push(format!("{id}: passes {} (only a scheduler role may, exactly its job's two roles)", st["Resource"]));
                    }
                }
            }
        }
    }
    problems
}

/// The domain and alarms point at what exists: every record aliases a resource of the
/// template (a load balancer or an API domain, through GetAtt), every alarm dimension and
/// every deployment alarm names a resource of the template of the right type, and every alarm
/// notifies a topic of the template.
pub fn guard_rails(resources: &serde_json::Map<String, Value>) -> Vec<String> {
    let mut problems = Vec::new();
    let type_of = |id: &str| resources.get(id).and_then(|r| r["Type"].as_str());
    let target = |v: &Value| -> Option<String> {
        if let Some(id) = v["Ref"].as_str() {
            return Some(id.to_owned());
        }
        v["Fn::GetAtt"][0].as_str().map(str::to_owned)
    };
    for (id, r) in resources {
        let p = &r["Properties"];
        match r["Type"].as_str().unwrap_or("") {
            "AWS::Route53::RecordSet" => {
                let alias = &p["AliasTarget"];
                for key in ["DNSName", "HostedZoneId"] {
                    match target(&alias[key]).as_deref().and_then(|t| type_of(t).map(|ty| (t.to_owned(), ty))) {
                        Some((_, "AWS::ElasticLoadBalancingV2::LoadBalancer"))
                        | Some((_, "AWS::ApiGatewayV2::DomainName")) => {}
                        other => problems.push(format!(
                            "{id}: AliasTarget.{key} aliases {other:?}, not a load balancer or API domain of the template"
                        )),
                    }
                }
            }
            "AWS::CloudWatch::Alarm" => {
                let mut dims: Vec<&Value> = Vec::new();
                if let Some(list) = p["Dimensions"].as_array() {
                    dims.extend(list);
                }
                for m in p["Metrics"].as_array().into_iter().flatten() {
                    if let Some(list) = m["MetricStat"]["Metric"]["Dimensions"].as_array() {
                        dims.extend(list);
                    }
                }
                if dims.is_empty() {
                    problems.push(format!(
                        "{id}: an alarm without dimensions watches nothing of the stack"
                    ));
                }
                for d in dims {
                    match target(&d["Value"]) {
                        Some(t) if type_of(&t).is_some() => {}
                        other => problems.push(format!(
                            "{id}: dimension {} is {other:?}, not a resource of the template",
                            d["Name"]
                        )),
                    }
                }
                for key in ["AlarmActions", "OKActions"] {
                    for a in p[key].as_array().into_iter().flatten() {
                        if target(a).as_deref().and_then(type_of) != Some("AWS::SNS::Topic") {
                            problems.push(format!(
                                "{id}: {key} names {a}, not a topic of the template"
                            ));
                        }
                    }
                }
            }
            "AWS::ECS::Service" => {
                let alarms = &p["DeploymentConfiguration"]["Alarms"];
                for a in alarms["AlarmNames"].as_array().into_iter().flatten() {
                    if target(a).as_deref().and_then(type_of) != Some("AWS::CloudWatch::Alarm") {
                        problems.push(format!(
                            "{id}: deployment alarm {a} is not an alarm of the template"
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    problems
}
