//! The domain, host routing, the firewall and the alarms, each on a config made for it:
//! what the template holds, and that every such template keeps the rules and goes to cfn-lint.

#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod common;

use fargate_stack::{generate, Config};
use serde_json::{json, Value};

fn template(name: &str, config: Value) -> Value {
    let config = Config::from_value(config).unwrap();
    let json = generate(&config)
        .unwrap_or_else(|e| panic!("{name}: {e:?}"))
        .to_json();
    common::save_for_lint(&format!("guard-{name}"), &json);
    let t: Value = serde_json::from_str(&json).unwrap();
    common::invariants(&t).unwrap_or_else(|e| panic!("{name}: {e}"));
    t
}

fn ids_of(t: &Value, ty: &str) -> Vec<String> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == ty)
        .map(|(id, _)| id.clone())
        .collect()
}

#[test]
fn hosts_route_by_name_and_the_certificate_covers_them() {
    let t = template(
        "hosts",
        json!({
            "name": "shop",
            "domain": { "name": "example.com", "hostedZoneId": "Z0123456789ABCDEFGHIJ" },
            "services": [
                { "name": "site", "hosts": ["example.com", "www.example.com"] },
                { "name": "api", "hosts": ["api.example.com"], "pathPatterns": ["/v1/*"] },
                { "name": "tenants", "hosts": ["*.example.com"], "pathPatterns": [] }
            ]
        }),
    );
    let r = &t["Resources"];
    // The default service has hosts: other names get the listener's 404.
    let https = &r["HttpsListener"]["Properties"];
    assert_eq!(https["DefaultActions"][0]["Type"], "fixed-response");
    assert_eq!(
        https["Certificates"][0]["CertificateArn"]["Ref"],
        "Certificate"
    );
    let site = &r["SiteListenerRule"]["Properties"]["Conditions"];
    assert_eq!(site[0]["Field"], "host-header");
    assert_eq!(
        site[0]["HostHeaderConfig"]["Values"],
        json!(["example.com", "www.example.com"])
    );
    assert_eq!(site[1]["PathPatternConfig"]["Values"], json!(["/*"]));
    let api = &r["ApiListenerRule"]["Properties"]["Conditions"];
    assert_eq!(
        api[0]["HostHeaderConfig"]["Values"],
        json!(["api.example.com"])
    );
    assert_eq!(api[1]["PathPatternConfig"]["Values"], json!(["/v1/*"]));
    // Host only: one condition.
    let tenants = r["TenantsListenerRule"]["Properties"]["Conditions"]
        .as_array()
        .unwrap();
    assert_eq!(tenants.len(), 1);
    let cert = &r["Certificate"]["Properties"];
    assert_eq!(cert["DomainName"], "example.com");
    assert_eq!(
        cert["SubjectAlternativeNames"],
        json!(["www.example.com", "api.example.com", "*.example.com"])
    );
    // The wildcard shares example.com's validation record, so it is not listed twice.
    let validated: Vec<&str> = cert["DomainValidationOptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["DomainName"].as_str().unwrap())
        .collect();
    assert_eq!(
        validated,
        ["example.com", "www.example.com", "api.example.com"]
    );
    let mut records = ids_of(&t, "AWS::Route53::RecordSet");
    records.sort();
    assert_eq!(
        records,
        [
            "ApiExampleComRecord",
            "ExampleComRecord",
            "WildcardExampleComRecord",
            "WwwExampleComRecord"
        ]
    );
    assert_eq!(
        r["WildcardExampleComRecord"]["Properties"]["Name"],
        "*.example.com."
    );
    assert_eq!(t["Outputs"]["Url"]["Value"], "https://example.com");
    assert_eq!(
        t["Parameters"]["HostedZoneId"]["Type"],
        "AWS::Route53::HostedZone::Id"
    );
}

#[test]
fn with_an_http_api_the_domain_goes_on_the_api() {
    let t = template(
        "api-domain",
        json!({
            "name": "shop",
            "domain": { "name": "api.example.com", "hostedZoneId": "Z0123456789ABCDEFGHIJ" },
            "loadBalancer": { "scheme": "internal" },
            "apiGateway": {},
            "services": [{ "name": "api" }]
        }),
    );
    let r = &t["Resources"];
    assert_eq!(
        r["ApiDomainName"]["Properties"]["DomainName"],
        "api.example.com"
    );
    assert_eq!(
        r["ApiDomainName"]["Properties"]["DomainNameConfigurations"][0]["CertificateArn"]["Ref"],
        "Certificate"
    );
    assert_eq!(r["ApiMapping"]["Properties"]["Stage"], "$default");
    let alias = &r["ApiExampleComRecord"]["Properties"]["AliasTarget"];
    assert_eq!(
        alias["DNSName"]["Fn::GetAtt"],
        json!(["ApiDomainName", "RegionalDomainName"])
    );
    // The private load balancer keeps its plain listener.
    assert!(r.get("HttpsListener").is_none());
    assert_eq!(t["Outputs"]["Url"]["Value"], "https://api.example.com");
}

#[test]
fn a_certificate_arn_given_is_used_and_none_is_made() {
    let t = template(
        "given-certificate",
        json!({
            "name": "shop",
            "domain": { "name": "example.com", "hostedZoneId": "Z0123456789ABCDEFGHIJ" },
            "loadBalancer": { "certificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab" },
            "services": [{ "name": "web" }]
        }),
    );
    assert!(ids_of(&t, "AWS::CertificateManager::Certificate").is_empty());
    assert_eq!(
        t["Resources"]["HttpsListener"]["Properties"]["Certificates"][0]["CertificateArn"]["Ref"],
        "CertificateArn"
    );
    assert_eq!(ids_of(&t, "AWS::Route53::RecordSet"), ["ExampleComRecord"]);
}

#[test]
fn the_firewall_is_made_from_managed_groups_or_attached_by_arn() {
    let t = template(
        "waf",
        json!({
            "name": "shop",
            "loadBalancer": { "waf": { "managedRuleGroups": ["common", "sqli"], "rateLimitPer5Minutes": 500 } },
            "services": [{ "name": "web" }]
        }),
    );
    let acl = &t["Resources"]["WebAcl"]["Properties"];
    assert_eq!(acl["Scope"], "REGIONAL");
    assert_eq!(acl["DefaultAction"], json!({ "Allow": {} }));
    let names: Vec<&str> = acl["Rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["Name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "AWSManagedRulesCommonRuleSet",
            "AWSManagedRulesSQLiRuleSet",
            "RateLimitPerIp"
        ]
    );
    assert_eq!(
        acl["Rules"][2]["Statement"]["RateBasedStatement"]["Limit"],
        500
    );
    let assoc = &t["Resources"]["WebAclAssociation"]["Properties"];
    assert_eq!(assoc["ResourceArn"]["Ref"], "LoadBalancer");
    assert_eq!(assoc["WebACLArn"]["Fn::GetAtt"], json!(["WebAcl", "Arn"]));

    let arn = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shared/0f1e2d3c";
    let t = template(
        "waf-arn",
        json!({
            "name": "shop",
            "loadBalancer": { "waf": { "webAclArn": arn } },
            "services": [{ "name": "web" }]
        }),
    );
    assert!(ids_of(&t, "AWS::WAFv2::WebACL").is_empty());
    assert_eq!(t["Parameters"]["WebAclArn"]["Default"], arn);
    assert_eq!(
        t["Resources"]["WebAclAssociation"]["Properties"]["WebACLArn"]["Ref"],
        "WebAclArn"
    );
}

#[test]
fn alarms_watch_every_part_and_roll_back_releases() {
    let t = template(
        "alarms",
        json!({
            "name": "shop",
            "alarms": { "email": "ops@example.com", "cpuPercent": 80 },
            "database": {},
            "services": [
                { "name": "web", "calls": ["mailer"] },
                { "name": "mailer", "kind": "worker" },
                { "name": "nightly", "kind": "job", "schedule": "cron(0 3 * * ? *)" }
            ]
        }),
    );
    let r = &t["Resources"];
    let mut alarms = ids_of(&t, "AWS::CloudWatch::Alarm");
    alarms.sort();
    assert_eq!(
        alarms,
        [
            "DatabaseCpuAlarm",
            "DatabaseStorageAlarm",
            "LoadBalancer5xxAlarm",
            "MailerCpuAlarm",
            "MailerDeadLettersAlarm",
            "MailerMemoryAlarm",
            "NightlyFailedRunsAlarm",
            "WebCpuAlarm",
            "WebMemoryAlarm",
            "WebTarget5xxAlarm",
            "WebUnhealthyHostsAlarm",
        ]
    );
    assert_eq!(r["WebCpuAlarm"]["Properties"]["Threshold"], 80);
    let rollback =
        |service: &str| r[service]["Properties"]["DeploymentConfiguration"]["Alarms"].clone();
    assert_eq!(
        rollback("WebService")["AlarmNames"],
        json!([{ "Ref": "WebUnhealthyHostsAlarm" }, { "Ref": "WebTarget5xxAlarm" }])
    );
    assert_eq!(rollback("WebService")["Rollback"], true);
    assert_eq!(
        rollback("MailerService")["AlarmNames"],
        json!([{ "Ref": "MailerDeadLettersAlarm" }])
    );
    // 20 GiB: alarm below 2 GiB free.
    assert_eq!(
        r["DatabaseStorageAlarm"]["Properties"]["Threshold"],
        2_147_483_648u64
    );
    let topic = &r["AlarmTopic"]["Properties"];
    assert_eq!(topic["KmsMasterKeyId"]["Ref"], "AlarmTopicKey");
    assert_eq!(
        r["AlarmEmailSubscription"]["Properties"]["Endpoint"]["Ref"],
        "AlarmEmail"
    );
    assert_eq!(t["Parameters"]["AlarmEmail"]["Default"], "ops@example.com");
    // The dashboard body is JSON once CloudFormation fills in the names.
    let body = r["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
        .as_str()
        .unwrap();
    let filled = body
        .replace("${AWS::Region}", "eu-west-1")
        .replace("${LoadBalancer.LoadBalancerFullName}", "app/x/1")
        .replace("${WebTargetGroup.TargetGroupFullName}", "targetgroup/x/1")
        .replace("${Cluster}", "c")
        .replace("${WebService.Name}", "web")
        .replace("${MailerService.Name}", "mailer")
        .replace("${MailerQueue.QueueName}", "q")
        .replace("${MailerDeadLetterQueue.QueueName}", "dlq");
    let dashboard: Value =
        serde_json::from_str(&filled).unwrap_or_else(|e| panic!("{e}: {filled}"));
    let titles: Vec<&str> = dashboard["widgets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["properties"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Requests",
            "Latency (seconds)",
            "5xx responses",
            "Healthy hosts",
            "CPU (%)",
            "Memory (%)",
            "Queue backlog"
        ]
    );

    let quiet = template(
        "alarms-no-rollback",
        json!({
            "name": "shop",
            "alarms": { "rollbackOnAlarm": false, "dashboard": false },
            "services": [{ "name": "web" }]
        }),
    );
    assert!(
        quiet["Resources"]["WebService"]["Properties"]["DeploymentConfiguration"]
            .get("Alarms")
            .is_none()
    );
    assert!(ids_of(&quiet, "AWS::CloudWatch::Dashboard").is_empty());
    assert!(ids_of(&quiet, "AWS::SNS::Subscription").is_empty());
}
