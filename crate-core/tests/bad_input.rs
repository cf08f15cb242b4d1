//! The bad inputs the product promises to reject, each with the exact errors expected: every
//! problem at once, each with its field path and what is allowed.

#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use fargate_stack::{generate, Config, FieldError};

/// Parses then validates, returning every error as `path: message`.
fn errors(json: &str) -> Vec<String> {
    let result = Config::from_json(json).and_then(|c| generate(&c).map(|_| ()));
    match result {
        Ok(()) => Vec::new(),
        Err(errors) => errors.iter().map(FieldError::to_string).collect(),
    }
}

const SM: &str = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf";

#[test]
fn bad_inputs_give_exact_errors() {
    let cases: Vec<(&str, String, Vec<&str>)> = vec![
        ("malformed JSON", "{\"name\": ".into(), vec!["name: EOF while parsing a value at line 1 column 9"]),
        ("unknown key", r#"{"nmae": "x"}"#.into(), vec!["nmae: unknown field `nmae`, expected one of `schemaVersion`, `name`, `tags`, `network`, `loadBalancer`, `services`, `database`, `bucket`, `apiGateway`"]),
        ("unknown nested key", r#"{"services": [{"cpus": 256}]}"#.into(), vec!["services[0].cpus: unknown field `cpus`, expected one of `name`, `image`, `containerPort`, `cpu`, `memory`, `desiredCount`, `pathPatterns`, `healthCheck`, `environment`, `secrets`, `command`, `cpuArchitecture`, `logRetentionDays`, `autoScaling`, `deployment`, `spot`, `ecsExec`, `ephemeralStorageGib`, `containerHealthCheck`, `bucketAccess`"]),
        ("wrong type", r#"{"network": {"azCount": "two"}}"#.into(), vec!["network.azCount: invalid type: string \"two\", expected u32"]),
        ("negative number", r#"{"services": [{"cpu": -1}]}"#.into(), vec!["services[0].cpu: invalid value: integer `-1`, expected u32"]),
        ("bad enum", r#"{"network": {"natGateways": "double"}}"#.into(), vec!["network.natGateways: unknown variant `double`, expected one of `perAz`, `single`, `none`"]),
        ("newer schema", r#"{"schemaVersion": 2}"#.into(), vec!["schemaVersion: 2 is newer than this build knows (1); upgrade fargate-stack"]),
        ("malformed CIDR", r#"{"network": {"vpcCidr": "10.0.0/16"}}"#.into(), vec!["network.vpcCidr: `10.0.0/16` is not an IPv4 CIDR block like 10.0.0.0/16"]),
        ("host bits", r#"{"network": {"vpcCidr": "10.0.0.1/16"}}"#.into(), vec!["network.vpcCidr: `10.0.0.1/16` has host bits set; did you mean 10.0.0.0/16?"]),
        ("VPC too big", r#"{"network": {"vpcCidr": "10.0.0.0/8"}}"#.into(), vec!["network.vpcCidr: /8 is not allowed for a VPC; use /16 to /28"]),
        ("subnets do not fit", r#"{"network": {"vpcCidr": "10.0.0.0/24", "azCount": 3, "subnetPrefixLength": 24}}"#.into(), vec!["network.subnetPrefixLength: 6 subnets of /24 do not fit in 10.0.0.0/24; use a prefix length of 27 to 28"]),
        ("azCount low", r#"{"network": {"azCount": 1}}"#.into(), vec!["network.azCount: 1 is out of range; use 2 to 6"]),
        ("azCount high", r#"{"network": {"azCount": 7}}"#.into(), vec!["network.azCount: 7 is out of range; use 2 to 6"]),
        ("AZ names count", r#"{"network": {"availabilityZones": ["us-east-1a"]}}"#.into(), vec!["network.availabilityZones: names 1 zones but azCount is 2; name exactly azCount zones or none"]),
        ("cpu/memory", r#"{"services": [{"cpu": 2048, "memory": 1024}]}"#.into(), vec!["services[0].memory: 1024 is not valid with cpu 2048; use 4096-16384 in steps of 1024"]),
        ("cpu unknown", r#"{"services": [{"cpu": 300}]}"#.into(), vec!["services[0].cpu: 300 is not a Fargate CPU size; use 256, 512, 1024, 2048, 4096, 8192 or 16384"]),
        ("port zero", r#"{"services": [{"containerPort": 0}]}"#.into(), vec!["services[0].containerPort: 0 is out of range; use 1 to 65535"]),
        ("port high", r#"{"loadBalancer": {"httpPort": 70000}}"#.into(), vec!["loadBalancer.httpPort: 70000 is out of range; use 1 to 65535"]),
        ("duplicate service", r#"{"services": [{"name": "web", "pathPatterns": ["/a/*"]}, {"name": "web", "pathPatterns": ["/*"]}]}"#.into(), vec!["services[1].name: `web` is already the name of services[0]"]),
        ("names that collide in ids", r#"{"services": [{"name": "a1", "pathPatterns": ["/a/*"]}, {"name": "a-1"}]}"#.into(), vec!["services[1].name: `a-1` and `a1` (services[0]) give the same resource names; rename one"]),
        ("duplicate path", r#"{"services": [{"name": "a", "pathPatterns": ["/x/*"]}, {"name": "b", "pathPatterns": ["/x/*", "/*"]}]}"#.into(), vec!["services[1].pathPatterns[0]: `/x/*` is already routed to services[0]"]),
        ("health check ranges", r#"{"services": [{"healthCheck": {"intervalSeconds": 301, "timeoutSeconds": 1, "healthyThreshold": 11, "unhealthyThreshold": 1}}]}"#.into(), vec![
            "services[0].healthCheck.intervalSeconds: 301 is out of range; use 5 to 300",
            "services[0].healthCheck.timeoutSeconds: 1 is out of range; use 2 to 120",
            "services[0].healthCheck.healthyThreshold: 11 is out of range; use 2 to 10",
            "services[0].healthCheck.unhealthyThreshold: 1 is out of range; use 2 to 10",
        ]),
        ("timeout not below interval", r#"{"services": [{"healthCheck": {"intervalSeconds": 10, "timeoutSeconds": 10}}]}"#.into(), vec!["services[0].healthCheck.timeoutSeconds: 10 must be less than intervalSeconds (10)"]),
        ("health path and matcher", r#"{"services": [{"healthCheck": {"path": "health", "matcher": "500"}}]}"#.into(), vec![
            "services[0].healthCheck.path: `health` is not a path; start with `/`, no spaces, at most 1024 characters",
            "services[0].healthCheck.matcher: `500` is not an HTTP code list; use codes 200-499 like 200, 200,204 or 200-399",
        ]),
        ("log retention", r#"{"services": [{"logRetentionDays": 10}]}"#.into(), vec!["services[0].logRetentionDays: 10 is not accepted by CloudWatch Logs; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"]),
        ("bad app name", r#"{"name": "My App"}"#.into(), vec!["name: `My App` is not allowed; use lowercase letters, digits and hyphens, starting with a letter"]),
        ("long app name", r#"{"name": "abcdefghijklmnopqrstuvwxyz"}"#.into(), vec!["name: `abcdefghijklmnopqrstuvwxyz…` is longer than 24 characters"]),
        ("trailing hyphen", r#"{"name": "app-"}"#.into(), vec!["name: `app-` may not end with a hyphen or contain two in a row"]),
        ("unicode name", r#"{"services": [{"name": "wéb"}]}"#.into(), vec!["services[0].name: `wéb` is not allowed; use lowercase letters, digits and hyphens, starting with a letter"]),
        ("script in name", r#"{"name": "<script>alert(1)</script>"}"#.into(), vec!["name: `<script>alert(1)</script>…` is longer than 24 characters"]),
        ("autoscaling min > max", r#"{"services": [{"autoScaling": {"minCount": 5, "maxCount": 2, "cpuTarget": 50}}]}"#.into(), vec!["services[0].autoScaling.minCount: 5 is more than maxCount (2)"]),
        ("desired outside scaling", r#"{"services": [{"desiredCount": 1, "autoScaling": {"minCount": 2, "maxCount": 4, "cpuTarget": 50}}]}"#.into(), vec!["services[0].desiredCount: 1 is outside autoScaling's 2 to 4"]),
        ("scaling without target", r#"{"services": [{"autoScaling": {"minCount": 2, "maxCount": 4}}]}"#.into(), vec!["services[0].autoScaling: set at least one of cpuTarget, memoryTarget, requestsPerTarget"]),
        ("certificate not ACM", r#"{"loadBalancer": {"certificateArn": "arn:aws:iam::123456789012:server-certificate/x"}}"#.into(), vec!["loadBalancer.certificateArn: `arn:aws:iam::123456789012:server-certificate/x` is not an ACM certificate ARN like arn:aws:acm:us-east-1:123456789012:certificate/…"]),
        ("secret not an ARN", r#"{"services": [{"secrets": {"DB_PASSWORD": "hunter2"}}]}"#.into(), vec!["services[0].secrets.DB_PASSWORD: `hunter2` is not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME) or SSM parameter ARN (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME)"]),
        ("variable in both", format!(r#"{{"services": [{{"environment": {{"X": "1"}}, "secrets": {{"X": "{SM}"}}}}]}}"#), vec!["services[0].environment.X: is also set in secrets; a variable comes from one place"]),
        ("bad variable name", r#"{"services": [{"environment": {"1X": "1"}}]}"#.into(), vec!["services[0].environment.1X: `1X` is not a variable name; use letters, digits and _, not starting with a digit"]),
        ("no services", r#"{"services": []}"#.into(), vec!["services: is empty; define at least one service"]),
        ("ingress CIDR", r#"{"loadBalancer": {"ingressCidrs": ["0.0.0.0/0", "::/0"]}}"#.into(), vec!["loadBalancer.ingressCidrs[1]: `::/0` is not an IPv4 CIDR block like 10.0.0.0/16"]),
        ("deployment percent", r#"{"services": [{"deployment": {"minHealthyPercent": 100, "maxPercent": 100}}]}"#.into(), vec!["services[0].deployment.maxPercent: 100 leaves no room to start new tasks; make it more than minHealthyPercent (100)"]),
        ("api gateway needs internal", r#"{"apiGateway": {}}"#.into(), vec!["loadBalancer.scheme: an API Gateway in front needs an `internal` load balancer"]),
        ("database engine version", r#"{"database": {"engineVersion": "9.6"}}"#.into(), vec!["database.engineVersion: `9.6` is not offered; use one of 18.4, 17.9, 16.13, 15.17"]),
        ("api gateway with certificate", r#"{"loadBalancer": {"scheme": "internal", "certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc-123"}, "apiGateway": {}}"#.into(), vec!["loadBalancer.certificateArn: the API Gateway terminates TLS in front of the private load balancer; leave certificateArn out"]),
        ("spot without weight", r#"{"services": [{"spot": {"onDemandWeight": 0, "spotWeight": 0}}]}"#.into(), vec!["services[0].spot.spotWeight: one of onDemandWeight and spotWeight must be above 0"]),
        ("ephemeral storage", r#"{"services": [{"ephemeralStorageGib": 500}]}"#.into(), vec!["services[0].ephemeralStorageGib: 500 is out of range; use 21 to 200"]),
        ("container health command", r#"{"services": [{"containerHealthCheck": {"command": ["curl localhost"]}}]}"#.into(), vec!["services[0].containerHealthCheck.command: start with CMD or CMD-SHELL followed by the command, e.g. [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"]"]),
        ("database user reserved", r#"{"database": {"username": "admin"}}"#.into(), vec!["database.username: `admin` is reserved by the engine"]),
        ("database class", r#"{"database": {"instanceClass": "t3.micro", "backupRetentionDays": 40}}"#.into(), vec![
            "database.instanceClass: `t3.micro` is not an instance class like db.t4g.micro",
            "database.backupRetentionDays: 40 is out of range; use 0 to 35",
        ]),
        ("mysql version", r#"{"database": {"engine": "mysql", "engineVersion": "17.9"}}"#.into(), vec!["database.engineVersion: `17.9` is not offered; use one of 8.4.9, 8.0.45"]),
        ("existing VPC id", r#"{"network": {"mode": "existing", "vpcId": "vpc-XYZ"}}"#.into(), vec!["network.vpcId: `vpc-XYZ` is not a VPC id like vpc-0abc1234"]),
        ("ids in new mode", r#"{"network": {"vpcId": "vpc-0a1b2c3d"}}"#.into(), vec!["network.mode: vpcId and subnet ids are only used with mode `existing`"]),
        ("database storage", r#"{"database": {"allocatedStorageGib": 10}}"#.into(), vec!["database.allocatedStorageGib: 10 is out of range; use 20 to 65536"]),
        ("existing subnets", r#"{"network": {"mode": "existing", "publicSubnetIds": ["subnet-0a1b2c3d"]}}"#.into(), vec!["network.publicSubnetIds: name at least 2 subnets in different AZs (the load balancer needs 2)"]),
        ("bucket access without bucket", r#"{"services": [{"bucketAccess": "read"}]}"#.into(), vec!["services[0].bucketAccess: there is no bucket; add `bucket` or set bucketAccess to none"]),
        ("reserved tag", r#"{"tags": {"aws:team": "x", "Name": "y"}}"#.into(), vec![
            "tags.Name: `Name` is set by fargate-stack from the app name",
            "tags.aws:team: keys starting with `aws:` are reserved by AWS",
        ]),
        ("several problems at once", r#"{"name": "", "network": {"azCount": 9}, "services": [{"cpu": 512, "memory": 512, "containerPort": 0}]}"#.into(), vec![
            "name: is empty; use lowercase letters, digits and hyphens, starting with a letter",
            "network.azCount: 9 is out of range; use 2 to 6",
            "services[0].containerPort: 0 is out of range; use 1 to 65535",
            "services[0].memory: 512 is not valid with cpu 512; use 1024-4096 in steps of 1024",
        ]),
    ];
    let mut failures = Vec::new();
    for (what, json, expected) in &cases {
        let got = errors(json);
        if got != *expected {
            failures.push(format!(
                "{what}:\n  expected {expected:#?}\n  got      {got:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(cases.len() >= 55);
}

#[test]
fn huge_inputs_are_refused_without_trouble() {
    let long = "a".repeat(100_000);
    let json = format!(
        r#"{{"name": "{long}", "services": [{{"image": "{long}", "healthCheck": {{"path": "/{long}"}}}}]}}"#
    );
    let got = errors(&json);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(
        got.iter().all(|e| e.len() < 400),
        "messages stay short: {got:?}"
    );
    let many: Vec<String> = (0..500)
        .map(|i| format!(r#"{{"name": "s{i}", "pathPatterns": ["/s{i}/*"]}}"#))
        .collect();
    let got = errors(&format!(r#"{{"services": [{}]}}"#, many.join(",")));
    assert_eq!(
        got,
        vec!["services: 500 services; at most 50 fit behind one load balancer here"]
    );
}
