//! Estimates checked line by line against figures computed by hand from the price table.

use super::*;

fn est(preset: &str, region: &str) -> Estimate {
    let config = Config::preset(preset).unwrap_or_default();
    let input = CostInput {
        region: region.into(),
        ..CostInput::default()
    };
    match estimate(&config, &input) {
        Ok(e) => e,
        Err(e) => panic!("{preset} in {region}: {e:?}"),
    }
}

/// The monthly amount of the line of `id` whose item starts with `item`.
fn amount(e: &Estimate, id: &str, item: &str) -> f64 {
    let found: Vec<&Line> = e
        .lines
        .iter()
        .filter(|l| l.logical_id == id && l.item.starts_with(item))
        .collect();
    assert_eq!(found.len(), 1, "{id} {item}: {:#?}", e.lines);
    found[0].monthly
}

fn close(got: f64, want: f64) {
    assert!((got - want).abs() < 0.006, "got {got}, want {want}");
}

#[test]
fn seed_in_us_east_1_by_hand() {
    let e = est("seed", "us-east-1");
    // 2 tasks x (1 vCPU x 0.04048 + 2 GB x 0.004445) x 730 h = 1460 x 0.04937
    close(amount(&e, "FlaskService", "flask x86 task-hours"), 72.08);
    for n in ["NatGateway1", "NatGateway2"] {
        close(amount(&e, n, "NAT gateway hours"), 32.85); // 730 x 0.045
        close(amount(&e, n, "NAT gateway data"), 1.13); // 50 GB / 2 x 0.045 = 1.125
    }
    close(amount(&e, "NatGateway1Eip", "Elastic IP"), 3.65); // 730 x 0.005
    close(
        amount(&e, "LoadBalancer", "Application Load Balancer hours"),
        16.43,
    ); // 730 x 0.0225
       // 5M requests x 50 KiB = 238.42 GB / 730 h = 0.3266 GB/h, the largest dimension.
    close(amount(&e, "LoadBalancer", "Load balancer capacity"), 1.91);
    close(amount(&e, "LoadBalancer", "public IPv4"), 7.30); // 2 AZs x 730 x 0.005
    close(amount(&e, "FlaskLogGroup", "log ingestion"), 2.50); // 5 GB x 0.50
    close(amount(&e, "FlaskLogGroup", "log storage"), 0.15); // 5 x 30 / 30.42 GB x 0.03
    close(amount(&e, "FlaskRepository", "image storage"), 0.10);
    close(
        e.fixed_monthly,
        72.08 + 2.0 * 32.85 + 2.0 * 3.65 + 16.43 + 7.30,
    );
    close(e.usage_monthly, 2.0 * 1.13 + 1.91 + 2.50 + 0.15 + 0.10);
    assert!(e.unpriced.iter().any(|u| u.logical_id == "Cluster"));
    let saving = |path: &str| {
        e.savings
            .iter()
            .find(|s| s.path == path)
            .map(|s| s.monthly)
            .unwrap_or(-1.0)
    };
    close(saving("network.natGateways"), 36.50); // 1 x (0.045 + 0.005) x 730
    close(saving("services[0].cpuArchitecture"), 14.41); // 1460 x (0.0081 + 2 x 0.000885)
    close(saving("services[0].spot"), 25.23); // 1 x 0.04937 x 730 x 0.7
}

#[test]
fn seed_in_eu_west_1_by_hand() {
    let e = est("seed", "eu-west-1");
    close(amount(&e, "FlaskService", "flask x86 task-hours"), 72.08);
    close(amount(&e, "NatGateway1", "NAT gateway hours"), 35.04); // 730 x 0.048
    close(amount(&e, "NatGateway1", "NAT gateway data"), 1.20); // 25 GB x 0.048
    close(
        amount(&e, "LoadBalancer", "Application Load Balancer hours"),
        18.40,
    ); // 730 x 0.0252
       // CloudWatch Logs has no eu-west-1 figure: listed, not zero.
    assert!(e
        .unpriced
        .iter()
        .any(|u| u.logical_id == "FlaskLogGroup" && u.item.contains("CloudWatch Logs")));
    assert!(!e.lines.iter().any(|l| l.logical_id == "FlaskLogGroup"));
}

#[test]
fn production_in_us_east_1_by_hand() {
    let e = est("production", "us-east-1");
    // 3 tasks x (0.5 vCPU x 0.04048 + 1 GB x 0.004445) x 730 h
    close(amount(&e, "AppService", "app x86 task-hours"), 54.06);
    for n in ["NatGateway1", "NatGateway2", "NatGateway3"] {
        close(amount(&e, n, "NAT gateway hours"), 32.85);
        close(amount(&e, n, "NAT gateway data"), 0.75); // 50 / 3 GB x 0.045
    }
    close(amount(&e, "LoadBalancer", "public IPv4"), 10.95); // 3 AZs
    close(amount(&e, "AppLogGroup", "log storage"), 0.44); // 5 x 90 / 30.42 GB x 0.03
    close(amount(&e, "AppCpuScaling", "alarms"), 0.20); // 2 alarms x 0.10
    close(amount(&e, "AppRequestsScaling", "alarms"), 0.20);
    let fargate = e.lines.iter().find(|l| l.logical_id == "AppService");
    assert!(fargate.is_some_and(|l| l.note.contains("autoscaling 3..20 tasks")));
    // The issue's own example: one NAT gateway instead of three saves $73.00.
    let nat = e.savings.iter().find(|s| s.path == "network.natGateways");
    close(nat.map_or(0.0, |s| s.monthly), 73.00);
    assert!(e
        .savings
        .iter()
        .any(|s| s.path == "services[0].logRetentionDays"));
}

/// The guard rails are billed: the web ACL, its rules and inspected requests, each alarm by
/// the metrics it reads, the topic's key and the dashboard; the certificate, the records and
/// the topic itself are free.
#[test]
fn production_guard_rails_by_hand() {
    let e = est("production", "us-east-1");
    close(amount(&e, "WebAcl", "web ACL"), 5.00);
    close(amount(&e, "WebAcl", "rules"), 4.00); // 3 managed groups and the rate limit
    close(amount(&e, "WebAcl", "requests inspected"), 3.00); // 5 million x 0.60
    close(amount(&e, "AppCpuAlarm", "alarm"), 0.10);
    close(amount(&e, "AppTarget5xxAlarm", "alarm"), 0.20); // metric math over 2 metrics
    close(amount(&e, "LoadBalancer5xxAlarm", "alarm"), 0.20);
    close(amount(&e, "AlarmTopicKey", "customer-managed key"), 1.00);
    close(amount(&e, "Dashboard", "dashboard"), 3.00);
    for free in [
        "Certificate",
        "ShopExampleComRecord",
        "AlarmTopic",
        "WebAclAssociation",
    ] {
        assert!(
            !e.lines.iter().any(|l| l.logical_id == free),
            "{free} has a line"
        );
    }
    // Outside us-east-1 the key has no price in the table: listed, not counted as zero.
    let e = est("production", "ap-southeast-1");
    assert!(e.unpriced.iter().any(|u| u.logical_id == "AlarmTopicKey"));
}

#[test]
fn production_in_ap_southeast_1_by_hand() {
    let e = est("production", "ap-southeast-1");
    // 3 x (0.5 x 0.05056 + 1 x 0.00553) x 730 = 2190 x 0.03081
    close(amount(&e, "AppService", "app x86 task-hours"), 67.47);
    close(amount(&e, "NatGateway1", "NAT gateway hours"), 43.07); // 730 x 0.059
    close(
        amount(&e, "LoadBalancer", "Application Load Balancer hours"),
        18.40,
    );
}

#[test]
fn totals_are_the_sum_of_the_lines() {
    for (name, _) in crate::PRESETS {
        for region in prices::REGIONS.iter().map(|r| r.region) {
            let e = est(name, region);
            let sum: f64 = e.lines.iter().map(|l| l.monthly).sum();
            close(e.total_monthly, sum);
            close(e.total_monthly, e.fixed_monthly + e.usage_monthly);
            assert!(e
                .lines
                .iter()
                .all(|l| l.monthly >= 0.0 && l.quantity >= 0.0));
        }
    }
}

#[test]
fn workers_and_jobs_are_priced() {
    let e = est("worker-and-jobs", "us-east-1");
    assert!(e
        .lines
        .iter()
        .any(|l| l.logical_id == "MailerQueue" && l.service == "Amazon SQS"));
    assert!(e
        .lines
        .iter()
        .any(|l| l.logical_id == "NightlyReportSchedule"
            && l.item.starts_with("job nightly-report task-hours")));
    // cron(0 3 * * ? *): once a day.
    close(runs_per_month("cron(0 3 * * ? *)").unwrap_or(0.0), 30.42);
    close(runs_per_month("rate(1 hour)").unwrap_or(0.0), 730.08);
    close(
        runs_per_month("cron(0 9 ? * MON-FRI *)").unwrap_or(0.0),
        30.42 * 5.0 / 7.0,
    );
}

#[test]
fn bad_input_is_refused_with_paths() {
    let config = Config::preset("seed").unwrap_or_default();
    let mut input = CostInput {
        region: "mars-north-1".into(),
        ..CostInput::default()
    };
    input.usage.requests_per_month = -1.0;
    input.usage.nat_gib_per_month = f64::NAN;
    let errors = estimate(&config, &input).unwrap_err();
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        ["usage.requestsPerMonth", "usage.natGibPerMonth", "region"]
    );
    assert!(errors[2]
        .message
        .contains("us-east-1, us-east-2, us-west-2, eu-west-1, eu-central-1, ap-southeast-1"));
}

#[test]
fn every_emitted_type_has_a_cost_decision() {
    // cost_class is an exhaustive match: this only documents that free types make no lines.
    let e = est("with-database", "us-east-1");
    let t =
        crate::generate(&Config::preset("with-database").unwrap_or_default()).unwrap_or_default();
    for line in &e.lines {
        let kind = t.resource(&line.logical_id).map(|r| r.kind);
        assert!(
            kind.is_some_and(|k| cost_class(k) != CostClass::Free || k == ResourceType::Role),
            "{} is free but priced",
            line.logical_id
        );
    }
}

#[test]
fn a_template_at_hand_gives_the_same_estimate() {
    for (name, _) in crate::PRESETS {
        let config = Config::preset(name).unwrap_or_default();
        let template = crate::generate(&config).unwrap_or_default();
        let input = CostInput::default();
        assert_eq!(
            estimate(&config, &input),
            estimate_template(&config, &template, &input),
            "{name}"
        );
    }
}
