//! Network rules: CIDRs, subnets, availability zones, existing-VPC ids; plans the subnet blocks.

use super::{clip, is_aws_id, is_region, Errors};
use crate::cidr::{CidrError, Ipv4Cidr};
use crate::config::{Config, Network, NetworkMode};

pub(super) fn check_network(e: &mut Errors, config: &Config) -> (Vec<Ipv4Cidr>, Vec<Ipv4Cidr>) {
    let n = &config.network;
    e.range(|| "network.azCount".to_owned(), n.az_count, 2, 6);
    // Fn::GetAZs lists the deploy region's zones, and most regions have three: Fn::Select of a
    // fourth fails at deploy time in all of them. Above three, the zones must be named.
    if n.mode == NetworkMode::New
        && n.availability_zones.is_empty()
        && (4..=6).contains(&n.az_count)
    {
        e.push(
            "network.azCount",
            format!(
                "{count} AZs picked by Fn::GetAZs exist only in regions that have {count} or more (most have 3); name them in network.availabilityZones, or use at most 3",
                count = n.az_count
            ),
        );
    }
    if !n.availability_zones.is_empty() {
        if n.availability_zones.len() != n.az_count as usize {
            e.push(
                "network.availabilityZones",
                format!(
                    "names {} zones but azCount is {}; name exactly azCount zones or none",
                    n.availability_zones.len(),
                    n.az_count
                ),
            );
        }
        for (i, az) in n.availability_zones.iter().enumerate() {
            let path = format!("network.availabilityZones[{i}]");
            if !is_az_name(az) {
                e.push(
                    &path,
                    format!(
                        "`{}` is not an availability zone name like us-east-1a",
                        clip(az)
                    ),
                );
            } else if n.availability_zones[..i].contains(az) {
                e.push(&path, format!("`{az}` is listed twice"));
            }
        }
    }
    match n.mode {
        NetworkMode::Existing => {
            if let Some(id) = &n.vpc_id {
                if !is_aws_id(id, "vpc-") {
                    e.push(
                        "network.vpcId",
                        format!("`{}` is not a VPC id like vpc-0abc1234", clip(id)),
                    );
                }
            }
            for (field, ids) in [
                ("publicSubnetIds", &n.public_subnet_ids),
                ("privateSubnetIds", &n.private_subnet_ids),
            ] {
                if !ids.is_empty() && ids.len() < 2 {
                    e.push(
                        format!("network.{field}"),
                        "name at least 2 subnets in different AZs (the load balancer needs 2)",
                    );
                }
                for (i, id) in ids.iter().enumerate() {
                    if !is_aws_id(id, "subnet-") {
                        e.push(
                            format!("network.{field}[{i}]"),
                            format!("`{}` is not a subnet id like subnet-0abc1234", clip(id)),
                        );
                    }
                }
            }
            (Vec::new(), Vec::new())
        }
        NetworkMode::New => {
            if n.vpc_id.is_some()
                || !n.public_subnet_ids.is_empty()
                || !n.private_subnet_ids.is_empty()
            {
                e.push(
                    "network.mode",
                    "vpcId and subnet ids are only used with mode `existing`",
                );
            }
            let vpc = match Ipv4Cidr::parse(&n.vpc_cidr) {
                Ok(c) => c,
                Err(CidrError::Prefix(prefix)) => {
                    // The generic "/0 to /32" would contradict the VPC's own range.
                    e.push(
                        "network.vpcCidr",
                        format!("/{prefix} is not allowed for a VPC; use /16 to /28"),
                    );
                    return (Vec::new(), Vec::new());
                }
                Err(err) => {
                    e.push("network.vpcCidr", err.to_string());
                    return (Vec::new(), Vec::new());
                }
            };
            if !(16..=28).contains(&vpc.prefix()) {
                e.push(
                    "network.vpcCidr",
                    format!("/{} is not allowed for a VPC; use /16 to /28", vpc.prefix()),
                );
                return (Vec::new(), Vec::new());
            }
            let p = n.subnet_prefix_length;
            if !(16..=28).contains(&p) {
                e.push(
                    "network.subnetPrefixLength",
                    format!("{p} is out of range; use 16 to 28"),
                );
                return (Vec::new(), Vec::new());
            }
            let azs = n.az_count.clamp(2, 6);
            // Public subnets take the first indexes, private ones start half-way, so adding an
            // AZ later never moves an existing subnet.
            let capacity = vpc.capacity(p as u8);
            if (p as u8) < vpc.prefix() || capacity < 2 * u64::from(azs) {
                let largest = (0u8..=28)
                    .rev()
                    .find(|&q| q >= vpc.prefix() && vpc.capacity(q) >= 2 * u64::from(azs));
                let hint = match largest {
                    Some(q) if q > vpc.prefix() => {
                        let min = (vpc.prefix()..=28)
                            .find(|&q| vpc.capacity(q) >= 2 * u64::from(azs))
                            .unwrap_or(q);
                        format!("use a prefix length of {min} to 28")
                    }
                    _ => "use a larger VPC CIDR".to_owned(),
                };
                // The field the user changed carries the error: a subnet prefix length still
                // at its default means the VPC CIDR was made too small (it says how large a
                // VPC is needed); a chosen one is the prefix's fault.
                if p == Network::default().subnet_prefix_length {
                    let needed = (16u8..=28)
                        .rev()
                        .find(|&q| q <= p as u8 && (1u64 << (p as u8 - q)) >= 2 * u64::from(azs))
                        .unwrap_or(16);
                    e.push(
                        "network.vpcCidr",
                        format!(
                            "{vpc} is too small for {} subnets of /{p}; use /{needed} or a shorter prefix (a bigger block, e.g. /16){}",
                            2 * azs,
                            match hint.strip_prefix("use a prefix length") {
                                Some(range) => format!(", or a subnet prefix length{range}"),
                                None => String::new(),
                            }
                        ),
                    );
                } else {
                    e.push(
                        "network.subnetPrefixLength",
                        format!("{} subnets of /{p} do not fit in {vpc}; {hint}", 2 * azs),
                    );
                }
                return (Vec::new(), Vec::new());
            }
            let half = (capacity / 2) as u32;
            let public = (0..azs).filter_map(|i| vpc.subnet(p as u8, i)).collect();
            let private = (0..azs)
                .filter_map(|i| vpc.subnet(p as u8, half + i))
                .collect();
            (public, private)
        }
    }
}

pub(super) fn is_az_name(s: &str) -> bool {
    // us-east-1a, eu-central-2b, us-gov-west-1a
    let Some(letter) = s.chars().last() else {
        return false;
    };
    if !letter.is_ascii_lowercase() {
        return false;
    }
    let region = &s[..s.len() - 1];
    is_region(region)
}
