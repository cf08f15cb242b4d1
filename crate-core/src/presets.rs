//! Named, shipped configs: starting points in the designer and fixtures for the tests.
//!
//! Each preset is the JSON of its config, giving only what differs from the defaults, read
//! by the same reader as a user's config. As Rust struct literals they were 13 KB of code in
//! the designer's WebAssembly; as text they are a fraction of that, and the reader is there
//! anyway. The snapshot tests pin every preset's template, so a preset that stopped reading
//! as it did would fail them.

use crate::config::Config;

/// Every preset: name and a one-line description.
pub const PRESETS: [(&str, &str); 8] = [
    ("seed", "The seed's architecture, corrected: a Flask API from ECR on 1 vCPU / 2 GB, two AZs, NAT per AZ, public ALB on port 80."),
    ("minimal", "Cheapest that works: no NAT, one small public task, nginx."),
    ("production", "HTTPS, three AZs, NAT per AZ, autoscaling, deletion protection and access logs."),
    ("microservices", "Three services routed by path: /api/*, /admin/* and everything else."),
    ("with-database", "An API with a PostgreSQL database (RDS-managed password) and a private S3 bucket."),
    ("private-api", "An API Gateway HTTP API in front of an internal load balancer, through a VPC link."),
    ("existing-vpc", "Runs in a VPC and subnets that already exist, passed as parameters."),
    ("worker-and-jobs", "A web API with a tracing sidecar, an internal backend it calls, a queue worker scaled on its backlog and a nightly job."),
];

impl Config {
    /// The preset called `name`, if there is one.
    pub fn preset(name: &str) -> Option<Config> {
        let json = match name {
            "seed" => SEED,
            "minimal" => MINIMAL,
            "production" => PRODUCTION,
            "microservices" => MICROSERVICES,
            "with-database" => WITH_DATABASE,
            "private-api" => PRIVATE_API,
            "existing-vpc" => EXISTING_VPC,
            "worker-and-jobs" => WORKER_AND_JOBS,
            _ => return None,
        };
        // Every preset reads (the test below); should one not, no preset beats a wrong one.
        Config::from_json(json).ok()
    }
}

const SEED: &str = r#"{"name":"flask-api","network":{"vpcCidr":"172.31.0.0/16"},"services":[{"name":"flask","cpu":1024,"memory":2048,"healthCheck":{"matcher":"200-499"}}]}"#;

const MINIMAL: &str = r#"{"name":"hello","network":{"natGateways":"none"},"services":[{"image":"public.ecr.aws/nginx/nginx:latest","desiredCount":1,"logRetentionDays":7,"deployment":{"minHealthyPercent":0}}]}"#;

const PRODUCTION: &str = r#"{"name":"shop","tags":{"environment":"production","team":"platform"},"network":{"azCount":3},"loadBalancer":{"deletionProtection":true,"accessLogs":true,"waf":{"rateLimitPer5Minutes":2000}},"services":[{"name":"app","containerPort":8080,"cpu":512,"memory":1024,"desiredCount":3,"healthCheck":{"path":"/healthz","matcher":"200","intervalSeconds":15},"environment":{"LOG_LEVEL":"info"},"logRetentionDays":90,"autoScaling":{"minCount":3,"maxCount":20,"cpuTarget":60,"memoryTarget":null,"requestsPerTarget":1000}}],"domain":{"name":"shop.example.com","hostedZoneId":"Z0123456789ABCDEFGHIJ"},"alarms":{"email":"ops@example.com","alb5xxPercent":5,"cpuPercent":90,"memoryPercent":90,"rollbackOnAlarm":true,"dashboard":true}}"#;

const MICROSERVICES: &str = r#"{"name":"storefront","network":{"natGateways":"single"},"services":[{"name":"api","containerPort":8080,"pathPatterns":["/api/*"],"healthCheck":{"path":"/api/health"}},{"name":"admin","containerPort":8081,"pathPatterns":["/admin/*"],"healthCheck":{"path":"/admin/health"}},{"containerPort":3000}]}"#;

const WITH_DATABASE: &str = r#"{"name":"notes","services":[{"name":"api","containerPort":8000,"cpu":512,"memory":1024,"healthCheck":{"path":"/health"},"bucketAccess":"readWrite"}],"database":{"engine":"postgres","engineVersion":"17.9","instanceClass":"db.t4g.micro","allocatedStorageGib":20,"multiAz":false,"backupRetentionDays":7,"deletionProtection":false,"databaseName":"app","username":"app"},"bucket":{"versioning":true}}"#;

const PRIVATE_API: &str = r#"{"name":"orders","network":{"natGateways":"single"},"loadBalancer":{"scheme":"internal"},"services":[{"name":"api","containerPort":8080,"healthCheck":{"path":"/health"}}],"apiGateway":{"accessLogRetentionDays":30}}"#;

const EXISTING_VPC: &str = r#"{"name":"reports","network":{"mode":"existing","vpcId":"vpc-0a1b2c3d4e5f60718","publicSubnetIds":["subnet-0a1b2c3d4e5f60001","subnet-0a1b2c3d4e5f60002"],"privateSubnetIds":["subnet-0a1b2c3d4e5f60003","subnet-0a1b2c3d4e5f60004"]},"services":[{"name":"reports","image":"public.ecr.aws/nginx/nginx:latest"}]}"#;

const WORKER_AND_JOBS: &str = r#"{"name":"shop","network":{"natGateways":"single"},"services":[{"name":"api","image":"public.ecr.aws/nginx/nginx:1.27","cpu":512,"memory":1024,"calls":["orders","mailer"],"sidecars":[{"name":"otel","image":"public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1","essential":false,"containerPort":4317,"cpu":128,"memory":256,"startBeforeMain":true}]},{"name":"orders","kind":"backend","image":"public.ecr.aws/nginx/nginx:1.27","containerPort":8080,"containerHealthCheck":{"command":["CMD-SHELL","curl -f http://localhost:8080/health || exit 1"],"intervalSeconds":30,"timeoutSeconds":5,"retries":3,"startPeriodSeconds":0}},{"name":"mailer","kind":"worker","image":"public.ecr.aws/docker/library/python:3.13-slim","desiredCount":1,"command":["python","-m","mailer"],"autoScaling":{"minCount":0,"maxCount":5,"cpuTarget":null,"memoryTarget":null,"requestsPerTarget":null,"messagesPerTask":100},"queue":{"visibilityTimeoutSeconds":120,"maxReceiveCount":5,"retentionDays":4}},{"name":"nightly-report","kind":"job","image":"public.ecr.aws/docker/library/python:3.13-slim","command":["python","-m","report"],"calls":["mailer"],"schedule":"cron(0 3 * * ? *)","scheduleTimezone":"Europe/Paris"}]}"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_reads() {
        for (name, _) in PRESETS {
            assert!(Config::preset(name).is_some(), "{name}");
        }
        assert_eq!(Config::preset("nope"), None);
    }
}
