//! The cost estimate over generated configs: totals add up, nothing is negative, and the
//! bill moves the way the design does (more tasks, vCPU, memory or AZs never cost less;
//! one NAT gateway never costs more than one per AZ).

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod common;
mod strategy;

use fargate_stack::config::{NatGateways, NetworkMode};
use fargate_stack::cost::{estimate, prices, CostInput, Estimate};
use fargate_stack::fargate::{memory_values, CPU_VALUES};
use fargate_stack::{validate, Config};
use proptest::prelude::*;

fn in_region(config: &Config, region: &str) -> Option<Estimate> {
    let input = CostInput {
        region: region.into(),
        ..CostInput::default()
    };
    estimate(config, &input).ok()
}

fn region() -> impl Strategy<Value = &'static str> {
    prop::sample::select(prices::REGIONS.iter().map(|r| r.region).collect::<Vec<_>>())
}

/// The priced total, and the set of unpriced items: a comparison is only fair when both
/// estimates leave out the same things.
fn total(e: &Estimate) -> (f64, Vec<String>) {
    let mut missing: Vec<String> = e.unpriced.iter().map(|u| u.item.clone()).collect();
    missing.sort();
    missing.dedup();
    (e.total_monthly, missing)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn totals_add_up_and_nothing_is_negative(config in strategy::any_config(), region in region()) {
        prop_assume!(validate(&config).is_ok());
        let e = in_region(&config, region).unwrap();
        let cents = |x: f64| (x * 100.0).round() as i64;
        let sum: i64 = e.lines.iter().map(|l| cents(l.monthly)).sum();
        prop_assert_eq!(sum, cents(e.total_monthly));
        prop_assert_eq!(cents(e.fixed_monthly) + cents(e.usage_monthly), cents(e.total_monthly));
        for l in &e.lines {
            prop_assert!(l.monthly >= 0.0 && l.quantity >= 0.0 && l.unit_price >= 0.0, "{:?}", l);
            prop_assert!(!l.note.is_empty());
        }
        for s in &e.savings {
            prop_assert!(s.monthly >= 0.0, "{:?}", s);
        }
    }

    #[test]
    fn more_never_costs_less(config in strategy::any_config(), region in region(), which in 0usize..4, i in 0usize..6) {
        prop_assume!(validate(&config).is_ok());
        let before = in_region(&config, region).unwrap();
        let mut more = config.clone();
        let i = i % more.services.len();
        let s = &mut more.services[i];
        match which {
            0 => {
                s.desired_count += 1;
                if let Some(a) = &mut s.auto_scaling {
                    a.max_count = a.max_count.max(s.desired_count);
                }
            }
            1 => {
                // The next cpu size, with the smallest memory it takes that is not less.
                let Some(&cpu) = CPU_VALUES.iter().find(|&&c| c > s.cpu) else { return Ok(()); };
                let Some(&memory) = memory_values(cpu).iter().find(|&&m| m >= s.memory) else { return Ok(()); };
                s.cpu = cpu;
                s.memory = memory;
            }
            2 => {
                let Some(&memory) = memory_values(s.cpu).iter().find(|&&m| m > s.memory) else { return Ok(()); };
                s.memory = memory;
            }
            _ => {
                let n = &mut more.network;
                if n.mode != NetworkMode::New || n.az_count >= 3 || !n.availability_zones.is_empty() {
                    return Ok(());
                }
                n.az_count += 1;
            }
        }
        let Some(after) = in_region(&more, region) else { return Ok(()); };
        let (b, bm) = total(&before);
        let (a, am) = total(&after);
        if bm == am {
            prop_assert!(a + 0.011 >= b, "{} -> {} ({which})", b, a);
        }
    }

    #[test]
    fn one_nat_never_costs_more_than_one_per_az(config in strategy::any_config(), region in region()) {
        prop_assume!(config.network.mode == NetworkMode::New);
        let mut per_az = config.clone();
        per_az.network.nat_gateways = NatGateways::PerAz;
        let mut single = config;
        single.network.nat_gateways = NatGateways::Single;
        prop_assume!(validate(&per_az).is_ok() && validate(&single).is_ok());
        let (p, pm) = total(&in_region(&per_az, region).unwrap());
        let (s, sm) = total(&in_region(&single, region).unwrap());
        if pm == sm {
            prop_assert!(s <= p + 0.011, "single {} > perAz {}", s, p);
        }
    }
}

/// Every preset has an estimate in every known region, and an unknown region is refused.
#[test]
fn every_preset_in_every_region() {
    for (name, _) in fargate_stack::PRESETS {
        let config = Config::preset(name).unwrap();
        for r in prices::REGIONS {
            let e = in_region(&config, r.region).unwrap();
            assert!(e.total_monthly > 0.0, "{name} in {}", r.region);
            assert_eq!(e.currency, "USD");
            assert_eq!(e.hours_per_month, 730.0);
            assert!(!e.assumptions.is_empty());
        }
        assert!(in_region(&config, "us-gov-west-1").is_none());
    }
    let _ = common::lint_dir;
}
