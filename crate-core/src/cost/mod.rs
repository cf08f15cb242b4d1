//! A monthly cost estimate of the stack a config makes, from the dated price table in
//! [`prices`]: every resource of the built template is priced, usage-priced or free (by its
//! type, see [`cost_class`]), every assumption about traffic is listed, anything without a
//! price is listed as unpriced (never counted as zero), and concrete savings come with the
//! config change that makes them.
//!
//! Pure like the rest of the core: the same config and inputs give the same figures.

pub mod prices;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::{Config, CpuArchitecture, NatGateways, NetworkMode, Scheme};
use crate::error::FieldError;
use crate::template::{Expr, ResourceType, Template};
use crate::validate::{pascal, secret_resource_arn};
use prices::{RegionPrices, HOURS_PER_MONTH, SPOT_PRICE_SHARE};

/// What the estimate needs beyond the config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct CostInput {
    /// The deploy region; one of [`prices::REGIONS`].
    pub region: String,
    /// The traffic a design cannot know.
    pub usage: Usage,
}

impl Default for CostInput {
    fn default() -> Self {
        CostInput {
            region: "us-east-1".into(),
            usage: Usage::default(),
        }
    }
}

/// Traffic assumptions, defaulting to what a small production app would see in a month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Usage {
    /// Requests to the app per month.
    pub requests_per_month: f64,
    /// Average response size, KiB.
    pub average_response_kib: f64,
    /// GiB a month through the NAT gateways (image pulls, outbound calls), all of them.
    pub nat_gib_per_month: f64,
    /// GiB of logs each service writes a month.
    pub log_gib_per_service: f64,
    /// GiB of images kept in each new ECR repository.
    pub image_gib_per_repository: f64,
    /// GiB kept in the app's bucket.
    pub bucket_gib: f64,
    /// Object writes to the bucket a month.
    pub bucket_puts_per_month: f64,
    /// Object reads from the bucket a month.
    pub bucket_gets_per_month: f64,
    /// Messages through each worker's queue a month.
    pub queue_messages_per_month: f64,
    /// How long one run of a job lasts, minutes.
    pub job_minutes_per_run: f64,
}

impl Default for Usage {
    fn default() -> Self {
        Usage {
            requests_per_month: 5_000_000.0,
            average_response_kib: 50.0,
            nat_gib_per_month: 50.0,
            log_gib_per_service: 5.0,
            image_gib_per_repository: 1.0,
            bucket_gib: 10.0,
            bucket_puts_per_month: 100_000.0,
            bucket_gets_per_month: 1_000_000.0,
            queue_messages_per_month: 1_000_000.0,
            job_minutes_per_run: 10.0,
        }
    }
}

/// Whether a line is paid whatever the traffic, or depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum Charge {
    /// Paid every hour the resource exists.
    Fixed,
    /// Follows the usage assumptions.
    Usage,
}

/// One priced item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Line {
    /// The resource's logical id.
    pub logical_id: String,
    /// The AWS service billed.
    pub service: String,
    /// What is billed.
    pub item: String,
    /// How much of it a month.
    pub quantity: f64,
    /// Its unit.
    pub unit: String,
    /// USD per unit.
    pub unit_price: f64,
    /// USD a month, rounded to the cent.
    pub monthly: f64,
    /// Fixed or usage.
    pub charge: Charge,
    /// How it was computed.
    pub note: String,
}

/// A config change that lowers the bill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// The patch value is JSON: objects must reach JS as plain objects, not Maps.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "camelCase")]
pub struct Saving {
    /// What to change, in words.
    pub title: String,
    /// USD a month saved, rounded to the cent.
    pub monthly: f64,
    /// The config field to set (`network.natGateways`, `services[1].cpuArchitecture`).
    pub path: String,
    /// Its new value.
    #[cfg_attr(feature = "wasm", tsify(type = "unknown"))]
    pub value: serde_json::Value,
    /// What it costs besides money.
    pub trade_off: String,
}

/// Something of the stack without a price in the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Unpriced {
    /// The resource's logical id.
    pub logical_id: String,
    /// What has no figure, and why.
    pub item: String,
}

/// A usage assumption, shown with every estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Assumption {
    /// The usage key (`requestsPerMonth`) or the fixed assumption's name.
    pub key: String,
    /// Its value, in words with its unit.
    pub value: String,
    /// Whether it is the default (not set by the caller).
    pub default: bool,
}

/// The monthly estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(hashmap_as_object))]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    /// The region priced.
    pub region: String,
    /// When the price table was checked.
    pub price_date: String,
    /// Always `USD`.
    pub currency: String,
    /// Hours in a month (730).
    pub hours_per_month: f64,
    /// Every priced item, in template order.
    pub lines: Vec<Line>,
    /// The sum of the fixed lines.
    pub fixed_monthly: f64,
    /// The sum of the usage lines.
    pub usage_monthly: f64,
    /// Everything.
    pub total_monthly: f64,
    /// What the usage lines assume.
    pub assumptions: Vec<Assumption>,
    /// Changes that cost less, biggest first.
    pub savings: Vec<Saving>,
    /// What has no price here.
    pub unpriced: Vec<Unpriced>,
}

/// How a resource type is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostClass {
    /// Billed for existing (hours, months), maybe plus usage.
    Priced,
    /// Billed only by what it stores or carries.
    UsagePriced,
    /// No charge of its own.
    Free,
}

/// The cost decision for every resource type the core can emit. The match is exhaustive, so
/// a new type does not compile until someone decides how it is billed.
pub fn cost_class(kind: ResourceType) -> CostClass {
    use ResourceType::*;
    match kind {
        NatGateway | Eip | LoadBalancer | Service | DbInstance | ScalingPolicy | Cluster
        | HttpNamespace | WebAcl | KmsKey | Alarm | Dashboard => CostClass::Priced,
        LogGroup | Repository | Bucket | HttpApi | Queue | Schedule => CostClass::UsagePriced,
        Vpc
        | InternetGateway
        | VpcGatewayAttachment
        | Subnet
        | RouteTable
        | Route
        | SubnetRouteTableAssociation
        | SecurityGroup
        | SecurityGroupIngress
        | SecurityGroupEgress
        | Listener
        | ListenerRule
        | TargetGroup
        | ClusterCapacityProviderAssociations
        | TaskDefinition
        | Role
        | ScalableTarget
        | BucketPolicy
        | DbSubnetGroup
        | VpcLink
        | ApiIntegration
        | ApiRoute
        | ApiStage
        // Public ACM certificates are free; alias queries to AWS resources are free (the
        // hosted zone is the user's, not the stack's).
        | Certificate
        | RecordSet
        | ApiDomainName
        | ApiMapping
        | WebAclAssociation
        // Alarm notifications stay in SNS's free tier (a million publishes and 1,000 emails
        // a month).
        | Topic
        | Subscription => CostClass::Free,
    }
}

/// The monthly estimate of `config`'s stack in `input.region`.
pub fn estimate(config: &Config, input: &CostInput) -> Result<Estimate, Vec<FieldError>> {
    match crate::generate(config) {
        Ok(template) => estimate_with(config, Ok(&template), input),
        Err(errors) => estimate_with(config, Err(errors), input),
    }
}

/// [`estimate`] of a template already generated from `config` (the designer has it at hand on
/// every keystroke, and generating it again would double the work).
pub fn estimate_template(
    config: &Config,
    template: &Template,
    input: &CostInput,
) -> Result<Estimate, Vec<FieldError>> {
    estimate_with(config, Ok(template), input)
}

fn estimate_with(
    config: &Config,
    template: Result<&Template, Vec<FieldError>>,
    input: &CostInput,
) -> Result<Estimate, Vec<FieldError>> {
    let mut errors = check_input(input);
    let prices = prices::region(&input.region);
    if prices.is_none() {
        let known: Vec<&str> = prices::REGIONS.iter().map(|r| r.region).collect();
        errors.push(FieldError::new(
            "region",
            format!(
                "`{}` has no prices here; use one of {}",
                crate::validate::clip(&input.region),
                known.join(", ")
            ),
        ));
    }
    let template = match template {
        Ok(t) => Some(t),
        Err(mut e) => {
            errors.append(&mut e);
            None
        }
    };
    match (prices, template) {
        (Some(p), Some(t)) if errors.is_empty() => Ok(Pricer::new(config, input, p).run(t)),
        _ => Err(errors),
    }
}

/// Usage values must be numbers a month could hold: not negative, not absurd.
fn check_input(input: &CostInput) -> Vec<FieldError> {
    let u = &input.usage;
    let mut errors = Vec::new();
    for (key, value, max) in [
        ("requestsPerMonth", u.requests_per_month, 1e12),
        ("averageResponseKib", u.average_response_kib, 1e6),
        ("natGibPerMonth", u.nat_gib_per_month, 1e7),
        ("logGibPerService", u.log_gib_per_service, 1e6),
        ("imageGibPerRepository", u.image_gib_per_repository, 1e5),
        ("bucketGib", u.bucket_gib, 1e8),
        ("bucketPutsPerMonth", u.bucket_puts_per_month, 1e12),
        ("bucketGetsPerMonth", u.bucket_gets_per_month, 1e12),
        ("queueMessagesPerMonth", u.queue_messages_per_month, 1e12),
        (
            "jobMinutesPerRun",
            u.job_minutes_per_run,
            24.0 * 60.0 * 14.0,
        ),
    ] {
        if !value.is_finite() || value < 0.0 || value > max {
            errors.push(FieldError::new(
                format!("usage.{key}"),
                format!("{value} is out of range; use 0 to {max}"),
            ));
        }
    }
    errors
}

fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn money(x: f64) -> String {
    if x >= 0.1 {
        format!("${x:.2}")
    } else {
        // Unit prices like $0.004445 keep their digits.
        let s = format!("{x:.6}");
        format!("${}", s.trim_end_matches('0'))
    }
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

struct Pricer<'a> {
    config: &'a Config,
    input: &'a CostInput,
    p: &'a RegionPrices,
    lines: Vec<Line>,
    unpriced: Vec<Unpriced>,
    savings: Vec<Saving>,
    /// Stem -> service index.
    stems: BTreeMap<String, usize>,
}

impl<'a> Pricer<'a> {
    fn new(config: &'a Config, input: &'a CostInput, p: &'a RegionPrices) -> Self {
        let stems = crate::order::map_of(
            config
                .services
                .iter()
                .enumerate()
                .map(|(i, s)| (pascal(&s.name), i)),
        );
        Pricer {
            config,
            input,
            p,
            lines: Vec::new(),
            unpriced: Vec::new(),
            savings: Vec::new(),
            stems,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn line(
        &mut self,
        id: &str,
        service: &str,
        item: &str,
        quantity: f64,
        unit: &str,
        unit_price: f64,
        charge: Charge,
        note: String,
    ) {
        self.lines.push(Line {
            logical_id: id.to_owned(),
            service: service.to_owned(),
            item: item.to_owned(),
            quantity,
            unit: unit.to_owned(),
            unit_price,
            monthly: cents(quantity * unit_price),
            charge,
            note,
        });
    }

    fn missing(&mut self, id: &str, item: String) {
        self.unpriced.push(Unpriced {
            logical_id: id.to_owned(),
            item,
        });
    }

    /// The service whose logical ids start with `id`'s stem and end with `suffix`.
    fn service_of(&self, id: &str, suffix: &str) -> Option<usize> {
        self.stems.get(id.strip_suffix(suffix)?).copied()
    }

    fn run(mut self, t: &Template) -> Estimate {
        let nat_count = t
            .resources()
            .filter(|(_, r)| r.kind == ResourceType::NatGateway)
            .count();
        for (id, r) in t.resources() {
            let id = id.as_str();
            match r.kind {
                ResourceType::Service => {
                    if let Some(i) = self.service_of(id, "Service") {
                        self.fargate(id, i, nat_count);
                    }
                }
                ResourceType::Schedule => {
                    if let Some(i) = self.service_of(id, "Schedule") {
                        self.job(id, i);
                    }
                }
                ResourceType::NatGateway => self.nat(id, nat_count),
                ResourceType::Eip => self.ipv4(id, 1.0, "Elastic IP of a NAT gateway"),
                ResourceType::LoadBalancer => self.load_balancer(id, t),
                ResourceType::DbInstance => self.database(id),
                ResourceType::LogGroup => self.logs(id),
                ResourceType::Repository => self.repository(id),
                ResourceType::Bucket => self.bucket(id),
                ResourceType::HttpApi => self.http_api(id),
                ResourceType::Queue => self.queue(id),
                ResourceType::ScalingPolicy => self.alarms(id, r),
                ResourceType::Alarm => self.alarm(id, r),
                ResourceType::WebAcl => self.web_acl(id, r),
                ResourceType::KmsKey => self.kms_key(id),
                ResourceType::Dashboard => self.line(
                    id,
                    "Amazon CloudWatch",
                    "dashboard",
                    1.0,
                    "dashboard-month",
                    prices::DASHBOARD,
                    Charge::Fixed,
                    format!(
                        "{} (the account's first 3 dashboards are free)",
                        money(prices::DASHBOARD)
                    ),
                ),
                ResourceType::Cluster => self.missing(
                    id,
                    "Container Insights metrics (CloudWatch custom metrics per cluster, service and task): no price in the table".into(),
                ),
                ResourceType::HttpNamespace => self.missing(
                    id,
                    "Cloud Map instances registered by Service Connect: no price in the table".into(),
                ),
                ResourceType::Role if id == "TaskExecutionRole" => self.secrets(id),
                _ => {}
            }
        }
        self.suggest(nat_count);
        let fixed: i64 = self
            .lines
            .iter()
            .filter(|l| l.charge == Charge::Fixed)
            .map(|l| (l.monthly * 100.0).round() as i64)
            .sum();
        let usage: i64 = self
            .lines
            .iter()
            .filter(|l| l.charge == Charge::Usage)
            .map(|l| (l.monthly * 100.0).round() as i64)
            .sum();
        crate::order::sort_by(&mut self.savings, |a, b| {
            b.monthly
                .partial_cmp(&a.monthly)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        Estimate {
            region: self.p.region.to_owned(),
            price_date: prices::PRICE_DATE.to_owned(),
            currency: "USD".into(),
            hours_per_month: HOURS_PER_MONTH,
            fixed_monthly: fixed as f64 / 100.0,
            usage_monthly: usage as f64 / 100.0,
            total_monthly: (fixed + usage) as f64 / 100.0,
            assumptions: assumptions(&self.input.usage),
            lines: self.lines,
            savings: self.savings,
            unpriced: self.unpriced,
        }
    }

    /// vCPU-hour and GB-hour rates of a service's architecture.
    fn fargate_rates(&self, arch: CpuArchitecture) -> Option<(f64, f64)> {
        match arch {
            CpuArchitecture::X86_64 => self.p.fargate_x86,
            CpuArchitecture::Arm64 => self.p.fargate_arm,
        }
    }

    fn fargate(&mut self, id: &str, i: usize, nat_count: usize) {
        let s = &self.config.services[i];
        let (vcpu, gb) = (f64::from(s.cpu) / 1024.0, f64::from(s.memory) / 1024.0);
        let arch = match s.cpu_architecture {
            CpuArchitecture::X86_64 => "x86",
            CpuArchitecture::Arm64 => "ARM",
        };
        let tasks = f64::from(s.desired_count);
        let Some((per_vcpu, per_gb)) = self.fargate_rates(s.cpu_architecture) else {
            self.missing(
                id,
                format!(
                    "Fargate {arch} tasks of {}: no price for {}",
                    s.name, self.p.region
                ),
            );
            return;
        };
        let hourly = vcpu * per_vcpu + gb * per_gb;
        let range = s
            .auto_scaling
            .as_ref()
            .map(|a| {
                format!(
                    "; autoscaling {}..{} tasks: {}..{} a month",
                    a.min_count,
                    a.max_count,
                    money(cents(f64::from(a.min_count) * hourly * HOURS_PER_MONTH)),
                    money(cents(f64::from(a.max_count) * hourly * HOURS_PER_MONTH)),
                )
            })
            .unwrap_or_default();
        let (on_demand, spot) = match &s.spot {
            Some(sp) => {
                let base = f64::from(sp.on_demand_base).min(tasks);
                let rest = tasks - base;
                let weights = f64::from(sp.on_demand_weight + sp.spot_weight).max(1.0);
                let od = base + rest * f64::from(sp.on_demand_weight) / weights;
                (od, tasks - od)
            }
            None => (tasks, 0.0),
        };
        if on_demand > 0.0 || spot == 0.0 {
            self.line(
                id,
                "AWS Fargate",
                &format!(
                    "{} {arch} task-hours, {} vCPU / {} GB",
                    s.name,
                    num(vcpu),
                    num(gb)
                ),
                on_demand * HOURS_PER_MONTH,
                "task-hour",
                hourly,
                Charge::Fixed,
                format!(
                    "{} tasks x ({} vCPU x {} + {} GB x {}) x 730 h{range}",
                    num(on_demand),
                    num(vcpu),
                    money(per_vcpu),
                    num(gb),
                    money(per_gb)
                ),
            );
        }
        if spot > 0.0 {
            self.line(
                id,
                "AWS Fargate",
                &format!("{} {arch} Spot task-hours (estimate)", s.name),
                spot * HOURS_PER_MONTH,
                "task-hour",
                hourly * SPOT_PRICE_SHARE,
                Charge::Fixed,
                format!(
                    "{} tasks on Spot x on-demand {}/h x {} (assumed 70% Spot discount; it varies by hour and AZ)",
                    num(spot),
                    money(hourly),
                    SPOT_PRICE_SHARE
                ),
            );
        }
        if let (Some(gib), Some(per)) = (s.ephemeral_storage_gib, self.p.fargate_storage) {
            let extra = f64::from(gib.saturating_sub(20));
            self.line(
                id,
                "AWS Fargate",
                &format!("{} ephemeral storage above 20 GB", s.name),
                tasks * extra * HOURS_PER_MONTH,
                "GB-hour",
                per,
                Charge::Fixed,
                format!("{} tasks x {} GB x 730 h", num(tasks), num(extra)),
            );
        } else if s.ephemeral_storage_gib.is_some() {
            self.missing(
                id,
                format!(
                    "ephemeral storage of {}: no price for {}",
                    s.name, self.p.region
                ),
            );
        }
        // Without NAT gateways the tasks run in public subnets, each with a public IPv4.
        let public = self.config.network.nat_gateways == NatGateways::None
            && self.config.network.mode == NetworkMode::New
            && nat_count == 0;
        if public && tasks > 0.0 {
            self.ipv4(
                id,
                tasks,
                "public IPv4 of each task (no NAT: tasks in public subnets)",
            );
        }
    }

    fn job(&mut self, id: &str, i: usize) {
        let s = &self.config.services[i];
        let expr = s.schedule.as_deref().unwrap_or("");
        let runs = runs_per_month(expr);
        let minutes = self.input.usage.job_minutes_per_run;
        let (vcpu, gb) = (f64::from(s.cpu) / 1024.0, f64::from(s.memory) / 1024.0);
        let Some(runs) = runs else {
            self.missing(
                id,
                format!("job {}: runs a month of `{expr}` not estimated", s.name),
            );
            return;
        };
        match self.fargate_rates(s.cpu_architecture) {
            Some((per_vcpu, per_gb)) => {
                let hours = runs * minutes / 60.0;
                self.line(
                    id,
                    "AWS Fargate",
                    &format!("job {} task-hours", s.name),
                    hours,
                    "task-hour",
                    vcpu * per_vcpu + gb * per_gb,
                    Charge::Usage,
                    format!(
                        "{} runs a month ({expr}) x {} min x ({} vCPU x {} + {} GB x {})",
                        num(runs),
                        num(minutes),
                        num(vcpu),
                        money(per_vcpu),
                        num(gb),
                        money(per_gb)
                    ),
                );
            }
            None => self.missing(
                id,
                format!("job {}: no Fargate price for {}", s.name, self.p.region),
            ),
        }
        match self.p.scheduler {
            Some(per_million) => self.line(
                id,
                "EventBridge Scheduler",
                &format!("job {} invocations", s.name),
                runs / 1e6,
                "million invocations",
                per_million,
                Charge::Usage,
                format!("{} runs a month (free tier not applied)", num(runs)),
            ),
            None => self.missing(
                id,
                format!(
                    "EventBridge Scheduler invocations: no price for {}",
                    self.p.region
                ),
            ),
        }
    }

    fn nat(&mut self, id: &str, nat_count: usize) {
        let Some((hourly, per_gb)) = self.p.nat else {
            self.missing(id, format!("NAT gateway: no price for {}", self.p.region));
            return;
        };
        self.line(
            id,
            "Amazon VPC",
            "NAT gateway hours",
            HOURS_PER_MONTH,
            "hour",
            hourly,
            Charge::Fixed,
            format!("730 h x {}", money(hourly)),
        );
        let gib = self.input.usage.nat_gib_per_month / nat_count.max(1) as f64;
        self.line(
            id,
            "Amazon VPC",
            "NAT gateway data processed",
            gib,
            "GB",
            per_gb,
            Charge::Usage,
            format!(
                "{} GB a month through NAT shared by {} gateway(s) x {}",
                num(self.input.usage.nat_gib_per_month),
                nat_count,
                money(per_gb)
            ),
        );
    }

    fn ipv4(&mut self, id: &str, count: f64, what: &str) {
        match self.p.ipv4 {
            Some(hourly) => self.line(
                id,
                "Amazon VPC",
                what,
                count * HOURS_PER_MONTH,
                "address-hour",
                hourly,
                Charge::Fixed,
                format!(
                    "{} address(es) x 730 h x {} (every public IPv4 is billed since 2024-02-01)",
                    num(count),
                    money(hourly)
                ),
            ),
            None => self.missing(id, format!("{what}: no price for {}", self.p.region)),
        }
    }

    fn load_balancer(&mut self, id: &str, t: &Template) {
        let Some((hourly, per_lcu)) = self.p.alb else {
            self.missing(
                id,
                format!("Application Load Balancer: no price for {}", self.p.region),
            );
            return;
        };
        self.line(
            id,
            "Elastic Load Balancing",
            "Application Load Balancer hours",
            HOURS_PER_MONTH,
            "hour",
            hourly,
            Charge::Fixed,
            format!("730 h x {}", money(hourly)),
        );
        let u = &self.input.usage;
        let per_second = u.requests_per_month / (HOURS_PER_MONTH * 3600.0);
        // One new connection per request (no keep-alive credit), each open for about a second.
        let new_connections = per_second / 25.0;
        let active = per_second * 60.0 / 3000.0;
        let gb_per_hour =
            u.requests_per_month * u.average_response_kib / (1024.0 * 1024.0) / HOURS_PER_MONTH;
        let rules = t
            .resources()
            .filter(|(_, r)| r.kind == ResourceType::ListenerRule)
            .count() as f64;
        // The first 10 rules of a request are free.
        let evaluations = per_second * (rules - 10.0).max(0.0) / 1000.0;
        let lcu = new_connections
            .max(active)
            .max(gb_per_hour)
            .max(evaluations);
        self.line(
            id,
            "Elastic Load Balancing",
            "Load balancer capacity units",
            lcu * HOURS_PER_MONTH,
            "LCU-hour",
            per_lcu,
            Charge::Usage,
            format!(
                "max(new conns {:.3}/25, active {:.3}x60/3000, {:.4} GB/h processed, rule evals) = {:.4} LCU x 730 h",
                per_second,
                per_second,
                gb_per_hour,
                lcu
            ),
        );
        if self.config.load_balancer.scheme == Scheme::InternetFacing {
            let azs = match self.config.network.mode {
                NetworkMode::New => f64::from(self.config.network.az_count),
                NetworkMode::Existing => self.config.network.public_subnet_ids.len().max(2) as f64,
            };
            self.ipv4(
                id,
                azs,
                "public IPv4 of the internet-facing load balancer (one per AZ)",
            );
        }
    }

    fn database(&mut self, id: &str) {
        let Some(db) = &self.config.database else {
            return;
        };
        let copies = if db.multi_az { 2.0 } else { 1.0 };
        let multi = if db.multi_az { " x 2 (Multi-AZ)" } else { "" };
        match prices::rds_hourly(self.p.region, &db.instance_class) {
            Some(hourly) => self.line(
                id,
                "Amazon RDS",
                &format!("{} instance hours", db.instance_class),
                copies * HOURS_PER_MONTH,
                "instance-hour",
                hourly,
                Charge::Fixed,
                format!("730 h x {}{multi}", money(hourly)),
            ),
            None => self.missing(
                id,
                format!(
                    "RDS {} in {}: the class has no price in the table",
                    db.instance_class, self.p.region
                ),
            ),
        }
        match self.p.rds_storage {
            Some(per_gb) => self.line(
                id,
                "Amazon RDS",
                "gp3 storage",
                copies * f64::from(db.allocated_storage_gib),
                "GB-month",
                per_gb,
                Charge::Fixed,
                format!("{} GB x {}{multi}", db.allocated_storage_gib, money(per_gb)),
            ),
            None => self.missing(id, format!("RDS storage: no price for {}", self.p.region)),
        }
        match self.p.secret {
            Some(per) => self.line(
                id,
                "AWS Secrets Manager",
                "RDS-managed master user secret",
                1.0,
                "secret-month",
                per,
                Charge::Fixed,
                format!("1 secret x {}", money(per)),
            ),
            None => self.missing(
                id,
                format!("Secrets Manager: no price for {}", self.p.region),
            ),
        }
    }

    /// Secrets Manager secrets the containers read (they exist outside the stack, but the app
    /// is why they are paid for). SSM standard parameters are free.
    fn secrets(&mut self, id: &str) {
        let mut arns: Vec<&str> = Vec::new();
        for s in &self.config.services {
            let sidecars = s.sidecars.iter().flat_map(|sc| sc.secrets.values());
            for arn in s.secrets.values().chain(sidecars) {
                if let Some(resource) = secret_resource_arn(arn) {
                    if resource.contains(":secretsmanager:") && !arns.contains(&resource) {
                        arns.push(resource);
                    }
                }
            }
        }
        if arns.is_empty() {
            return;
        }
        match self.p.secret {
            Some(per) => self.line(
                id,
                "AWS Secrets Manager",
                "secrets the containers read",
                arns.len() as f64,
                "secret-month",
                per,
                Charge::Fixed,
                format!(
                    "{} distinct secret(s) x {} (they exist outside this stack)",
                    arns.len(),
                    money(per)
                ),
            ),
            None => self.missing(
                id,
                format!("Secrets Manager: no price for {}", self.p.region),
            ),
        }
    }

    fn logs(&mut self, id: &str) {
        let Some((ingest, store)) = self.p.logs else {
            self.missing(
                id,
                format!("CloudWatch Logs: no price for {}", self.p.region),
            );
            return;
        };
        let (gib, retention) = match self.service_of(id, "LogGroup") {
            Some(i) => (
                self.input.usage.log_gib_per_service,
                self.config.services[i].log_retention_days,
            ),
            None => (
                // The API's access logs: one line per request, about 300 bytes.
                self.input.usage.requests_per_month * 300.0 / (1024.0 * 1024.0 * 1024.0),
                self.config
                    .api_gateway
                    .as_ref()
                    .map_or(30, |a| a.access_log_retention_days),
            ),
        };
        self.line(
            id,
            "Amazon CloudWatch",
            "log ingestion",
            gib,
            "GB",
            ingest,
            Charge::Usage,
            format!("{} GB a month x {}", num(gib), money(ingest)),
        );
        // Once the retention has filled, a group holds `retention` days of logs.
        let stored = gib * f64::from(retention) / 30.42;
        self.line(
            id,
            "Amazon CloudWatch",
            "log storage",
            stored,
            "GB-month",
            store,
            Charge::Usage,
            format!(
                "{} GB a month kept {retention} days = {} GB stored once full x {}",
                num(gib),
                num(stored),
                money(store)
            ),
        );
    }

    fn repository(&mut self, id: &str) {
        match self.p.ecr {
            Some(per) => self.line(
                id,
                "Amazon ECR",
                "image storage",
                self.input.usage.image_gib_per_repository,
                "GB-month",
                per,
                Charge::Usage,
                format!(
                    "{} GB of images x {}",
                    num(self.input.usage.image_gib_per_repository),
                    money(per)
                ),
            ),
            None => self.missing(id, format!("ECR storage: no price for {}", self.p.region)),
        }
    }

    fn bucket(&mut self, id: &str) {
        let Some((per_gb, per_put, per_get)) = self.p.s3 else {
            self.missing(id, format!("S3: no price for {}", self.p.region));
            return;
        };
        let u = &self.input.usage;
        if id == "Bucket" {
            let (gib, puts, gets) = (
                u.bucket_gib,
                u.bucket_puts_per_month,
                u.bucket_gets_per_month,
            );
            self.line(
                id,
                "Amazon S3",
                "Standard storage",
                gib,
                "GB-month",
                per_gb,
                Charge::Usage,
                format!("{} GB x {}", num(gib), money(per_gb)),
            );
            self.line(
                id,
                "Amazon S3",
                "PUT requests",
                puts / 1000.0,
                "1,000 requests",
                per_put,
                Charge::Usage,
                format!("{} PUTs a month", num(puts)),
            );
            self.line(
                id,
                "Amazon S3",
                "GET requests",
                gets / 1000.0,
                "1,000 requests",
                per_get,
                Charge::Usage,
                format!("{} GETs a month", num(gets)),
            );
        } else {
            // The load balancer's access logs: about 300 bytes per request, kept as written.
            let gib = u.requests_per_month * 300.0 / (1024.0 * 1024.0 * 1024.0);
            self.line(
                id,
                "Amazon S3",
                "access log storage",
                gib,
                "GB-month",
                per_gb,
                Charge::Usage,
                format!(
                    "{} requests x ~300 bytes of log a month x {}",
                    num(u.requests_per_month),
                    money(per_gb)
                ),
            );
        }
    }

    fn http_api(&mut self, id: &str) {
        match self.p.http_api {
            Some(per) => self.line(
                id,
                "Amazon API Gateway",
                "HTTP API requests",
                self.input.usage.requests_per_month / 1e6,
                "million requests",
                per,
                Charge::Usage,
                format!(
                    "{} requests a month x {} per million",
                    num(self.input.usage.requests_per_month),
                    money(per)
                ),
            ),
            None => self.missing(
                id,
                format!("HTTP API requests: no price for {}", self.p.region),
            ),
        }
    }

    fn queue(&mut self, id: &str) {
        // Dead-letter queues only see failed messages: nothing to price by default.
        if id.ends_with("DeadLetterQueue") {
            return;
        }
        match self.p.sqs {
            Some(per) => {
                let requests = self.input.usage.queue_messages_per_month * 3.0;
                self.line(
                    id,
                    "Amazon SQS",
                    "queue requests",
                    requests / 1e6,
                    "million requests",
                    per,
                    Charge::Usage,
                    format!(
                        "{} messages a month x 3 requests (send, receive, delete) x {} per million (free tier not applied)",
                        num(self.input.usage.queue_messages_per_month),
                        money(per)
                    ),
                );
            }
            None => self.missing(id, format!("SQS requests: no price for {}", self.p.region)),
        }
    }

    /// Target tracking makes two alarms per policy; a metric-math policy's alarms watch its
    /// three metrics each.
    fn alarms(&mut self, id: &str, r: &crate::template::Resource) {
        let math = r
            .property("TargetTrackingScalingPolicyConfiguration")
            .and_then(|c| c.get("CustomizedMetricSpecification"))
            .is_some();
        let metrics = if math { 6.0 } else { 2.0 };
        match self.p.alarm_metric {
            Some(per) => self.line(
                id,
                "Amazon CloudWatch",
                "alarms made by target tracking",
                metrics,
                "alarm metric-month",
                per,
                Charge::Fixed,
                format!(
                    "2 alarms{} x {}",
                    if math { " x 3 metrics" } else { "" },
                    money(per)
                ),
            ),
            None => self.missing(
                id,
                format!("CloudWatch alarms: no price for {}", self.p.region),
            ),
        }
    }

    /// One alarm: a metric-math alarm is billed per metric it reads.
    fn alarm(&mut self, id: &str, r: &crate::template::Resource) {
        let metrics = r
            .property("Metrics")
            .and_then(Expr::as_list)
            .map_or(1, |m| {
                m.iter().filter(|q| q.get("MetricStat").is_some()).count()
            })
            .max(1) as f64;
        match self.p.alarm_metric {
            Some(per) => self.line(
                id,
                "Amazon CloudWatch",
                "alarm",
                metrics,
                "alarm metric-month",
                per,
                Charge::Fixed,
                format!(
                    "{} metric{} x {}",
                    metrics,
                    if metrics > 1.0 { "s" } else { "" },
                    money(per)
                ),
            ),
            None => self.missing(
                id,
                format!("CloudWatch alarms: no price for {}", self.p.region),
            ),
        }
    }

    /// A web ACL: its month, one rule-month per rule, and the requests it inspects.
    fn web_acl(&mut self, id: &str, r: &crate::template::Resource) {
        let (acl, rule, per_million) = prices::WAF;
        let rules = r
            .property("Rules")
            .and_then(Expr::as_list)
            .map_or(0, <[Expr]>::len) as f64;
        self.line(
            id,
            "AWS WAF",
            "web ACL",
            1.0,
            "web ACL-month",
            acl,
            Charge::Fixed,
            money(acl),
        );
        self.line(
            id,
            "AWS WAF",
            "rules",
            rules,
            "rule-month",
            rule,
            Charge::Fixed,
            format!("{rules} rules x {}", money(rule)),
        );
        let millions = self.input.usage.requests_per_month / 1_000_000.0;
        self.line(
            id,
            "AWS WAF",
            "requests inspected",
            millions,
            "million requests",
            per_million,
            Charge::Usage,
            format!(
                "{} million requests x {}",
                num(millions),
                money(per_million)
            ),
        );
    }

    fn kms_key(&mut self, id: &str) {
        match self.p.kms_key {
            Some(per) => self.line(
                id,
                "AWS KMS",
                "customer-managed key",
                1.0,
                "key-month",
                per,
                Charge::Fixed,
                money(per),
            ),
            None => self.missing(id, format!("KMS key: no price for {}", self.p.region)),
        }
    }

    /// Concrete changes with their saving, priced with the same table.
    fn suggest(&mut self, nat_count: usize) {
        let net = &self.config.network;
        if net.nat_gateways == NatGateways::PerAz && nat_count > 1 {
            if let (Some((hourly, _)), Some(ip)) = (self.p.nat, self.p.ipv4) {
                let saved = (nat_count - 1) as f64 * (hourly + ip) * HOURS_PER_MONTH;
                self.savings.push(Saving {
                    title: format!("One NAT gateway instead of {nat_count}"),
                    monthly: cents(saved),
                    path: "network.natGateways".into(),
                    value: serde_json::json!("single"),
                    trade_off: "outbound traffic of every AZ depends on one AZ's gateway".into(),
                });
            }
        }
        for (i, s) in self.config.services.iter().enumerate() {
            if !s.kind.has_service() {
                continue;
            }
            let tasks = f64::from(s.desired_count);
            let (vcpu, gb) = (f64::from(s.cpu) / 1024.0, f64::from(s.memory) / 1024.0);
            if let (CpuArchitecture::X86_64, Some((xv, xg)), Some((av, ag))) =
                (s.cpu_architecture, self.p.fargate_x86, self.p.fargate_arm)
            {
                let saved = tasks * HOURS_PER_MONTH * (vcpu * (xv - av) + gb * (xg - ag));
                if saved >= 0.01 {
                    self.savings.push(Saving {
                        title: format!("Run {} on ARM (Graviton)", s.name),
                        monthly: cents(saved),
                        path: format!("services[{i}].cpuArchitecture"),
                        value: serde_json::json!("arm64"),
                        trade_off: "the image must be built for linux/arm64".into(),
                    });
                }
            }
            if s.spot.is_none() && tasks >= 2.0 {
                if let Some((pv, pg)) = self.fargate_rates(s.cpu_architecture) {
                    let hourly = vcpu * pv + gb * pg;
                    let saved = (tasks - 1.0) * hourly * HOURS_PER_MONTH * (1.0 - SPOT_PRICE_SHARE);
                    self.savings.push(Saving {
                        title: format!("Run all but one task of {} on Fargate Spot", s.name),
                        monthly: cents(saved),
                        path: format!("services[{i}].spot"),
                        value: serde_json::json!({ "onDemandBase": 1, "onDemandWeight": 0, "spotWeight": 1 }),
                        trade_off: "Spot tasks can be stopped with two minutes' notice; the saving assumes a 70% discount".into(),
                    });
                }
            }
            if s.log_retention_days > 30 {
                if let Some((_, store)) = self.p.logs {
                    let gib = self.input.usage.log_gib_per_service;
                    let saved = gib * f64::from(s.log_retention_days - 30) / 30.42 * store;
                    if saved >= 0.01 {
                        self.savings.push(Saving {
                            title: format!(
                                "Keep {}'s logs 30 days instead of {}",
                                s.name, s.log_retention_days
                            ),
                            monthly: cents(saved),
                            path: format!("services[{i}].logRetentionDays"),
                            value: serde_json::json!(30),
                            trade_off: "older logs are gone; export them to S3 if you need them"
                                .into(),
                        });
                    }
                }
            }
        }
        if let Some(db) = self.config.database.as_ref().filter(|d| d.multi_az) {
            if let Some(hourly) = prices::rds_hourly(self.p.region, &db.instance_class) {
                let storage =
                    self.p.rds_storage.unwrap_or(0.0) * f64::from(db.allocated_storage_gib);
                self.savings.push(Saving {
                    title: "A single-AZ database".into(),
                    monthly: cents(hourly * HOURS_PER_MONTH + storage),
                    path: "database.multiAz".into(),
                    value: serde_json::json!(false),
                    trade_off: "an AZ failure stops the database until it is restored".into(),
                });
            }
        }
    }
}

/// How many times a schedule runs in an average month, or `None` for shapes not estimated.
pub fn runs_per_month(expr: &str) -> Option<f64> {
    const DAYS: f64 = 30.42;
    if let Some(inner) = expr.strip_prefix("rate(").and_then(|r| r.strip_suffix(')')) {
        let (n, unit) = inner.split_once(' ')?;
        let n: f64 = n.parse().ok()?;
        let minutes = match unit.trim_end_matches('s') {
            "minute" => n,
            "hour" => n * 60.0,
            "day" => n * 1440.0,
            _ => return None,
        };
        return Some(DAYS * 1440.0 / minutes);
    }
    let inner = expr.strip_prefix("cron(")?.strip_suffix(')')?;
    let f: Vec<&str> = inner.split(' ').collect();
    let [minute, hour, dom, month, dow, _year] = f.as_slice() else {
        return None;
    };
    let count = |field: &str, size: f64| -> Option<f64> {
        if field == "*" || field == "?" {
            return Some(size);
        }
        let mut total = 0.0;
        for item in field.split(',') {
            if let Some((range, step)) = item.split_once('/') {
                let step: f64 = step.parse().ok()?;
                let span = if range == "*" {
                    size
                } else {
                    size - range.parse::<f64>().ok()?
                };
                total += (span / step).ceil();
            } else if let Some((a, b)) = item.split_once('-') {
                match (a.parse::<f64>(), b.parse::<f64>()) {
                    (Ok(a), Ok(b)) => total += b - a + 1.0,
                    _ => total += 5.0, // MON-FRI and other named ranges: weekdays
                }
            } else {
                total += 1.0;
            }
        }
        Some(total)
    };
    let per_day = count(minute, 60.0)? * count(hour, 24.0)?;
    let months = count(month, 12.0)? / 12.0;
    let days = if *dow != "?" && *dow != "*" {
        count(dow, 7.0)? / 7.0 * DAYS
    } else if *dom == "*" || *dom == "?" {
        DAYS
    } else {
        count(dom, 31.0)?
    };
    Some(per_day * days * months)
}

fn assumptions(u: &Usage) -> Vec<Assumption> {
    let d = Usage::default();
    let row = |key: &str, value: f64, default: f64, unit: &str| Assumption {
        key: key.into(),
        value: format!("{} {unit}", num(value)),
        default: value == default,
    };
    vec![
        row(
            "requestsPerMonth",
            u.requests_per_month,
            d.requests_per_month,
            "requests a month",
        ),
        row(
            "averageResponseKib",
            u.average_response_kib,
            d.average_response_kib,
            "KiB per response",
        ),
        row(
            "natGibPerMonth",
            u.nat_gib_per_month,
            d.nat_gib_per_month,
            "GB a month through NAT",
        ),
        row(
            "logGibPerService",
            u.log_gib_per_service,
            d.log_gib_per_service,
            "GB of logs a month per service",
        ),
        row(
            "imageGibPerRepository",
            u.image_gib_per_repository,
            d.image_gib_per_repository,
            "GB of images per repository",
        ),
        row("bucketGib", u.bucket_gib, d.bucket_gib, "GB in the bucket"),
        row(
            "bucketPutsPerMonth",
            u.bucket_puts_per_month,
            d.bucket_puts_per_month,
            "PUTs a month",
        ),
        row(
            "bucketGetsPerMonth",
            u.bucket_gets_per_month,
            d.bucket_gets_per_month,
            "GETs a month",
        ),
        row(
            "queueMessagesPerMonth",
            u.queue_messages_per_month,
            d.queue_messages_per_month,
            "messages a month per worker queue",
        ),
        row(
            "jobMinutesPerRun",
            u.job_minutes_per_run,
            d.job_minutes_per_run,
            "minutes per job run",
        ),
        Assumption {
            key: "spotDiscount".into(),
            value: "70% off on-demand for Fargate Spot".into(),
            default: true,
        },
        Assumption {
            key: "freeTier".into(),
            value: "not applied".into(),
            default: true,
        },
    ]
}

#[cfg(test)]
mod tests;
