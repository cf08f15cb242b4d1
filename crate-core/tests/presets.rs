//! Every preset: snapshot of its template, invariants, determinism, round trip through the
//! template's metadata; each template is also written out for cfn-lint.

#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod common;

use fargate_stack::{generate, Config, PRESETS};

#[test]
fn every_preset_generates_a_template_that_keeps_the_rules() {
    for (name, _) in PRESETS {
        let config = Config::preset(name).unwrap();
        let template = generate(&config).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let json = template.to_json();
        common::save_for_lint(&format!("preset-{name}"), &json);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        common::invariants(&value).unwrap_or_else(|e| panic!("{name}: {e}"));
        insta::assert_snapshot!(format!("preset-{name}"), json);
    }
}

#[test]
fn same_config_same_bytes() {
    for (name, _) in PRESETS {
        let a = generate(&Config::preset(name).unwrap()).unwrap().to_json();
        let b = generate(&Config::preset(name).unwrap()).unwrap().to_json();
        assert_eq!(a, b, "{name}");
    }
}

#[test]
fn the_template_records_its_config() {
    for (name, _) in PRESETS {
        let config = Config::preset(name).unwrap();
        let json = generate(&config).unwrap().to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let recorded = value["Metadata"]["FargateStack"]["Config"].clone();
        let back = Config::from_value(recorded).unwrap();
        assert_eq!(back, config, "{name}");
        assert_eq!(generate(&back).unwrap().to_json(), json, "{name}");
    }
}

#[test]
fn preset_configs_survive_json() {
    for (name, _) in PRESETS {
        let config = Config::preset(name).unwrap();
        assert_eq!(
            Config::from_json(&config.to_json()).unwrap(),
            config,
            "{name}"
        );
    }
}

#[test]
fn seed_keeps_the_seeds_sound_choices() {
    let config = Config::preset("seed").unwrap();
    let v: serde_json::Value = serde_json::from_str(&generate(&config).unwrap().to_json()).unwrap();
    let r = &v["Resources"];
    assert_eq!(r["Vpc"]["Properties"]["CidrBlock"], "172.31.0.0/16");
    assert_eq!(
        r["PublicSubnet1"]["Properties"]["CidrBlock"],
        "172.31.0.0/24"
    );
    assert_eq!(
        r["PrivateSubnet2"]["Properties"]["CidrBlock"],
        "172.31.129.0/24"
    );
    assert!(r.get("NatGateway2").is_some(), "NAT per AZ");
    assert_eq!(
        r["PrivateDefaultRoute2"]["Properties"]["NatGatewayId"]["Ref"],
        "NatGateway2"
    );
    assert_eq!(r["FlaskTargetGroup"]["Properties"]["TargetType"], "ip");
    assert_eq!(
        r["FlaskTargetGroup"]["Properties"]["Matcher"]["HttpCode"],
        "200-499"
    );
    let td = &r["FlaskTaskDefinition"]["Properties"];
    assert_eq!(td["Cpu"], "1024");
    assert_eq!(td["Memory"], "2048");
    assert_eq!(
        r["FlaskService"]["Properties"]["LoadBalancers"][0]["ContainerName"],
        "flask"
    );
    assert_eq!(r["FlaskService"]["DependsOn"], "HttpListener");
    assert!(r.get("FlaskRepository").is_some());
    let ingress = r["LoadBalancerSecurityGroup"]["Properties"]["SecurityGroupIngress"]
        .as_array()
        .unwrap();
    assert_eq!(ingress.len(), 1);
    assert_eq!(ingress[0]["FromPort"], 80);
    assert_eq!(v["Parameters"]["FlaskDesiredCount"]["Default"], "2");
    assert_eq!(v["Parameters"]["FlaskImageTag"]["Default"], "latest");
}

#[test]
fn https_redirects_port_80_and_serves_443() {
    let v: serde_json::Value = serde_json::from_str(
        &generate(&Config::preset("production").unwrap())
            .unwrap()
            .to_json(),
    )
    .unwrap();
    let r = &v["Resources"];
    let http = &r["HttpListener"]["Properties"];
    assert_eq!(http["DefaultActions"][0]["Type"], "redirect");
    assert_eq!(http["DefaultActions"][0]["RedirectConfig"]["Port"], "443");
    let https = &r["HttpsListener"]["Properties"];
    assert_eq!(https["Protocol"], "HTTPS");
    assert_eq!(https["SslPolicy"], "ELBSecurityPolicy-TLS13-1-2-2021-06");
    // The domain's certificate, made in the stack and validated in its zone.
    assert_eq!(
        https["Certificates"][0]["CertificateArn"]["Ref"],
        "Certificate"
    );
    for policy in ["AppCpuScaling", "AppRequestsScaling"] {
        assert_eq!(
            r[policy]["Type"], "AWS::ApplicationAutoScaling::ScalingPolicy",
            "{policy}"
        );
    }
    let ports: Vec<i64> = r["LoadBalancerSecurityGroup"]["Properties"]["SecurityGroupIngress"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| rule["FromPort"].as_i64().unwrap())
        .collect();
    assert_eq!(ports, vec![80, 443]);
}

#[test]
fn microservices_route_by_path_with_unique_priorities() {
    let v: serde_json::Value = serde_json::from_str(
        &generate(&Config::preset("microservices").unwrap())
            .unwrap()
            .to_json(),
    )
    .unwrap();
    let r = &v["Resources"];
    assert_eq!(
        r["HttpListener"]["Properties"]["DefaultActions"][0]["TargetGroupArn"]["Ref"],
        "WebTargetGroup"
    );
    assert_eq!(r["ApiListenerRule"]["Properties"]["Priority"], 10);
    assert_eq!(r["AdminListenerRule"]["Properties"]["Priority"], 20);
    assert_eq!(
        r["ApiListenerRule"]["Properties"]["Conditions"][0]["PathPatternConfig"]["Values"][0],
        "/api/*"
    );
    assert_eq!(
        r["ApiService"]["DependsOn"],
        serde_json::json!(["HttpListener", "ApiListenerRule"])
    );
    assert!(r.get("NatGateway2").is_none(), "single NAT");
}

#[test]
fn no_nat_runs_public_tasks() {
    let v: serde_json::Value = serde_json::from_str(
        &generate(&Config::preset("minimal").unwrap())
            .unwrap()
            .to_json(),
    )
    .unwrap();
    let net =
        &v["Resources"]["WebService"]["Properties"]["NetworkConfiguration"]["AwsvpcConfiguration"];
    assert_eq!(net["AssignPublicIp"], "ENABLED");
    assert_eq!(net["Subnets"][0]["Ref"], "PublicSubnet1");
    assert!(v["Resources"].get("NatGateway1").is_none());
}

/// The kinds' least-privilege invariants catch what they are about: a backend admitting a
/// service that does not call it, an egress rule to a service not called, a queue permission
/// on every queue, and a task role that may pass roles.
#[test]
fn the_kinds_invariants_catch_their_breaches() {
    let json = generate(&Config::preset("worker-and-jobs").unwrap())
        .unwrap()
        .to_json();
    let clean: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(common::invariants(&clean).is_ok());
    let breaches: [(&str, serde_json::Value); 4] = [
        (
            "MailerToOrdersIngress",
            serde_json::json!({ "Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
                "GroupId": { "Fn::GetAtt": ["OrdersSecurityGroup", "GroupId"] }, "IpProtocol": "tcp",
                "FromPort": 8080, "ToPort": 8080,
                "SourceSecurityGroupId": { "Fn::GetAtt": ["MailerSecurityGroup", "GroupId"] } } }),
        ),
        (
            "MailerToOrdersEgress",
            serde_json::json!({ "Type": "AWS::EC2::SecurityGroupEgress", "Properties": {
                "GroupId": { "Fn::GetAtt": ["MailerSecurityGroup", "GroupId"] }, "IpProtocol": "tcp",
                "FromPort": 8080, "ToPort": 8080,
                "DestinationSecurityGroupId": { "Fn::GetAtt": ["OrdersSecurityGroup", "GroupId"] } } }),
        ),
        (
            "EveryQueueRole",
            serde_json::json!({ "Type": "AWS::IAM::Role", "Properties": {
                "AssumeRolePolicyDocument": { "Statement": [{ "Principal": { "Service": "ecs-tasks.amazonaws.com" } }] },
                "Policies": [{ "PolicyName": "x", "PolicyDocument": { "Statement": [
                    { "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": { "Fn::Sub": "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:*" } }
                ] } }] } }),
        ),
        (
            "PassingRole",
            serde_json::json!({ "Type": "AWS::IAM::Role", "Properties": {
                "AssumeRolePolicyDocument": { "Statement": [{ "Principal": { "Service": "ecs-tasks.amazonaws.com" } }] },
                "Policies": [{ "PolicyName": "x", "PolicyDocument": { "Statement": [
                    { "Effect": "Allow", "Action": "iam:PassRole", "Resource": [
                        { "Fn::GetAtt": ["ApiTaskRole", "Arn"] }, { "Fn::GetAtt": ["OrdersTaskRole", "Arn"] } ] }
                ] } }] } }),
        ),
    ];
    for (id, resource) in breaches {
        let mut broken = clean.clone();
        broken["Resources"][id] = resource;
        let found = common::invariants(&broken);
        assert!(found.is_err(), "{id} went unnoticed");
        assert!(
            found.unwrap_err().contains(id) || id == "MailerToOrdersIngress",
            "{id}"
        );
    }
}

/// The guard-rail invariants catch what they are about: a record aliasing nothing of the
/// stack, an alarm dimension naming a missing resource, a deployment alarm that does not
/// exist, an alarm notifying an outside topic.
#[test]
fn the_guard_rail_invariants_catch_their_breaches() {
    let clean: serde_json::Value = serde_json::from_str(
        &generate(&Config::preset("production").unwrap())
            .unwrap()
            .to_json(),
    )
    .unwrap();
    assert!(common::invariants(&clean).is_ok());
    type Breach = fn(&mut serde_json::Value);
    let breaches: [(&str, Breach); 4] = [
        ("ShopExampleComRecord", |t| {
            t["Resources"]["ShopExampleComRecord"]["Properties"]["AliasTarget"]["DNSName"] =
                serde_json::json!("elsewhere.example.net");
        }),
        ("AppCpuAlarm", |t| {
            t["Resources"]["AppCpuAlarm"]["Properties"]["Dimensions"][1]["Value"] =
                serde_json::json!("some-service");
        }),
        ("AppService", |t| {
            t["Resources"]["AppService"]["Properties"]["DeploymentConfiguration"]["Alarms"]
                ["AlarmNames"][0] = serde_json::json!("an-alarm-made-elsewhere");
        }),
        ("AppMemoryAlarm", |t| {
            t["Resources"]["AppMemoryAlarm"]["Properties"]["AlarmActions"][0] =
                serde_json::json!("arn:aws:sns:us-east-1:123456789012:other");
        }),
    ];
    for (id, breach) in breaches {
        let mut broken = clean.clone();
        breach(&mut broken);
        let found = common::guard_rails(broken["Resources"].as_object().unwrap());
        assert!(
            found.iter().any(|p| p.starts_with(id)),
            "{id}: not caught: {found:?}"
        );
    }
}
