//! The dated price table: AWS list prices in USD, on demand, Linux, per region. Nothing is
//! fetched or computed at run time; a figure without a source we trust is `None`, and the
//! estimate then lists its line as unpriced instead of counting it as zero.
//!
//! Sources (the `S*` marks in the comments below):
//! - S1: infracost test fixtures priced from AWS's price list (`internal/providers/terraform/
//!   aws/testdata/*_test/*.golden`, fixtures dated 2024-07 to 2026-05): ecs_service,
//!   nat_gateway, lb, db_instance, cloudwatch_log_group, secretsmanager_secret, s3_bucket,
//!   ecr_repository, apigatewayv2_api, sqs_queue.
//! - S2: AWS Fargate pricing page (aws.amazon.com/fargate/pricing), as quoted 2021-2026.
//! - S3: AWS announcement of the public IPv4 charge, in force since 2024-02-01, all regions.
//! - S4: Elastic Load Balancing pricing page: one LCU is the highest of 25 new connections/s,
//!   3,000 active connections/min, 1 GB/h processed, 1,000 rule evaluations/s.
//! - S5: NAT gateway pricing as quoted by public write-ups of the VPC pricing page (2026):
//!   us-east-1 and us-east-2 $0.045, ap-southeast-1 $0.059 per hour and per GB.
//! - S6: CloudWatch pricing page: standard alarms $0.10 per alarm metric-month; Amazon SQS
//!   $0.40 per million requests; EventBridge Scheduler $1.00 per million invocations.
//! - S7: RDS PostgreSQL single-AZ on-demand, us-east-1, from a 2026 secondary source.

//! - S8: AWS WAF pricing as stated by AWS ("consistent across all AWS Regions", AWS networking
//!   blog, 2023) and quoted by 2026 write-ups: $5.00 per web ACL-month, $1.00 per rule-month
//!   (an AWS managed rule group of the free baseline set counts as one rule), $0.60 per million
//!   requests inspected.
//! - S9: CloudWatch pricing page: $3.00 per dashboard-month (the first 3 dashboards of an
//!   account, up to 50 metrics each, are free; the estimate charges it, stated as an
//!   assumption). KMS: $1.00 per customer-managed key-month (S1, kms_key; us-east-1).

/// AWS WAF, the same in every region (S8): per web ACL-month, per rule-month, per million
/// requests.
pub const WAF: (f64, f64, f64) = (5.00, 1.00, 0.60);

/// A CloudWatch dashboard, per month, every region (S9).
pub const DASHBOARD: f64 = 3.00;

/// When the table was last checked against its sources.
pub const PRICE_DATE: &str = "2026-11-30";

/// Hours in the month the estimate uses (AWS's own calculator uses 730).
pub const HOURS_PER_MONTH: f64 = 730.0;

/// The share of the on-demand price a Fargate Spot task is assumed to cost: AWS says "up to
/// 70% off" and the discount moves by hour and AZ, so this is an assumption, stated as one.
pub const SPOT_PRICE_SHARE: f64 = 0.30;

/// One region's prices; `None` where no figure was found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RegionPrices {
    /// The region code.
    pub region: &'static str,
    /// Fargate Linux x86: per vCPU-hour, per GB-hour (S1, S2).
    pub fargate_x86: Option<(f64, f64)>,
    /// Fargate Linux ARM: per vCPU-hour, per GB-hour (S2).
    pub fargate_arm: Option<(f64, f64)>,
    /// Fargate ephemeral storage above 20 GB, per GB-hour (S2).
    pub fargate_storage: Option<f64>,
    /// NAT gateway: per hour, per GB processed (S1, S5).
    pub nat: Option<(f64, f64)>,
    /// A public IPv4 address, per hour (S3).
    pub ipv4: Option<f64>,
    /// Application Load Balancer: per hour, per LCU-hour (S1).
    pub alb: Option<(f64, f64)>,
    /// RDS storage (gp3), per GB-month (S1).
    pub rds_storage: Option<f64>,
    /// CloudWatch Logs: per GB ingested, per GB-month stored (S1).
    pub logs: Option<(f64, f64)>,
    /// Secrets Manager, per secret-month (S1).
    pub secret: Option<f64>,
    /// S3 Standard: per GB-month, per 1,000 PUT, per 1,000 GET (S1).
    pub s3: Option<(f64, f64, f64)>,
    /// ECR storage, per GB-month (S1).
    pub ecr: Option<f64>,
    /// API Gateway HTTP API, per million requests (S1).
    pub http_api: Option<f64>,
    /// Amazon SQS standard queue, per million requests (S6).
    pub sqs: Option<f64>,
    /// EventBridge Scheduler, per million invocations (S6).
    pub scheduler: Option<f64>,
    /// A standard CloudWatch alarm, per alarm metric-month (S6).
    pub alarm_metric: Option<f64>,
    /// A customer-managed KMS key, per key-month (S1).
    pub kms_key: Option<f64>,
}

/// RDS instance classes with a price, per hour, single-AZ PostgreSQL/MySQL (S1, S7): only
/// us-east-1 has figures; elsewhere every class is unpriced.
pub const RDS_US_EAST_1: [(&str, f64); 4] = [
    ("db.t4g.micro", 0.016),
    ("db.t4g.small", 0.032),
    ("db.t4g.medium", 0.065),
    ("db.t3.micro", 0.017),
];

/// The regions the estimate knows.
pub const REGIONS: [RegionPrices; 6] = [
    RegionPrices {
        region: "us-east-1",
        fargate_x86: Some((0.04048, 0.004445)),
        fargate_arm: Some((0.03238, 0.00356)),
        fargate_storage: Some(0.000111),
        nat: Some((0.045, 0.045)),
        ipv4: Some(0.005),
        alb: Some((0.0225, 0.008)),
        rds_storage: Some(0.115),
        logs: Some((0.50, 0.03)),
        secret: Some(0.40),
        s3: Some((0.023, 0.005, 0.0004)),
        ecr: Some(0.10),
        http_api: Some(1.00),
        sqs: Some(0.40),
        scheduler: Some(1.00),
        alarm_metric: Some(0.10),
        kms_key: Some(1.00),
    },
    RegionPrices {
        region: "us-east-2",
        fargate_x86: Some((0.04048, 0.004445)),
        fargate_arm: Some((0.03238, 0.00356)),
        fargate_storage: Some(0.000111),
        nat: Some((0.045, 0.045)),
        ipv4: Some(0.005),
        alb: None,
        rds_storage: None,
        logs: None,
        secret: None,
        s3: None,
        ecr: None,
        http_api: None,
        sqs: None,
        scheduler: None,
        alarm_metric: None,
        kms_key: None,
    },
    RegionPrices {
        region: "us-west-2",
        fargate_x86: Some((0.04048, 0.004445)),
        fargate_arm: None,
        fargate_storage: None,
        nat: Some((0.045, 0.045)),
        ipv4: Some(0.005),
        alb: None,
        rds_storage: None,
        logs: None,
        secret: None,
        s3: None,
        ecr: None,
        http_api: None,
        sqs: None,
        scheduler: None,
        alarm_metric: None,
        kms_key: None,
    },
    RegionPrices {
        region: "eu-west-1",
        fargate_x86: Some((0.04048, 0.004445)),
        fargate_arm: Some((0.03238, 0.00356)),
        fargate_storage: None,
        nat: Some((0.048, 0.048)),
        ipv4: Some(0.005),
        alb: Some((0.0252, 0.008)),
        rds_storage: None,
        logs: None,
        secret: None,
        s3: None,
        ecr: Some(0.10),
        http_api: None,
        sqs: None,
        scheduler: None,
        alarm_metric: None,
        kms_key: None,
    },
    RegionPrices {
        region: "eu-central-1",
        fargate_x86: Some((0.04656, 0.00511)),
        fargate_arm: None,
        fargate_storage: None,
        nat: None,
        ipv4: Some(0.005),
        alb: None,
        rds_storage: None,
        // Ingestion is $0.63 per GB (S1); storage was not found, so the pair is unpriced.
        logs: None,
        secret: None,
        s3: None,
        ecr: None,
        http_api: None,
        sqs: None,
        scheduler: None,
        alarm_metric: None,
        kms_key: None,
    },
    RegionPrices {
        region: "ap-southeast-1",
        fargate_x86: Some((0.05056, 0.00553)),
        fargate_arm: Some((0.04045, 0.00442)),
        fargate_storage: None,
        nat: Some((0.059, 0.059)),
        ipv4: Some(0.005),
        alb: Some((0.0252, 0.008)),
        rds_storage: None,
        logs: None,
        secret: None,
        s3: None,
        ecr: None,
        http_api: None,
        sqs: None,
        scheduler: None,
        alarm_metric: None,
        kms_key: None,
    },
];

/// The prices of `region`, if the table has it.
pub fn region(code: &str) -> Option<&'static RegionPrices> {
    REGIONS.iter().find(|r| r.region == code)
}

/// The hourly price of an RDS instance class in `region`, if known.
pub fn rds_hourly(region: &str, class: &str) -> Option<f64> {
    if region != "us-east-1" {
        return None;
    }
    RDS_US_EAST_1
        .iter()
        .find(|(c, _)| *c == class)
        .map(|(_, p)| *p)
}
