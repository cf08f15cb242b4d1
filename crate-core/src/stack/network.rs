//! The VPC: subnets in each AZ, internet gateway, NAT gateways and route tables; or, in
//! `existing` mode, parameters for a VPC and subnets that already exist.

use crate::config::{NatGateways, NetworkMode};
use crate::obj;
use crate::template::{Expr, Parameter, Resource, ResourceType as T};

use super::{Ctx, Net};

pub(super) fn build(ctx: &mut Ctx) -> Net {
    match ctx.config.network.mode {
        NetworkMode::Existing => existing(ctx),
        NetworkMode::New => new(ctx),
    }
}

fn existing(ctx: &mut Ctx) -> Net {
    let n = &ctx.config.network;
    let vpc_default = n.vpc_id.clone();
    let public_default = (!n.public_subnet_ids.is_empty()).then(|| n.public_subnet_ids.join(","));
    let private_default =
        (!n.private_subnet_ids.is_empty()).then(|| n.private_subnet_ids.join(","));
    let vpc = ctx.param(
        "VpcId",
        Parameter {
            kind: "AWS::EC2::VPC::Id",
            description: "The existing VPC to run in.".into(),
            default: vpc_default,
            constraints: Vec::new(),
            label: "VPC".into(),
            group: "Network".into(),
        },
    );
    let public = ctx.param(
        "PublicSubnetIds",
        Parameter {
            kind: "List<AWS::EC2::Subnet::Id>",
            description:
                "Public subnets (with a route to an internet gateway), in at least two AZs.".into(),
            default: public_default,
            constraints: Vec::new(),
            label: "Public subnets".into(),
            group: "Network".into(),
        },
    );
    let private = ctx.param(
        "PrivateSubnetIds",
        Parameter {
            kind: "List<AWS::EC2::Subnet::Id>",
            description: "Private subnets (with a route to a NAT gateway), in at least two AZs."
                .into(),
            default: private_default,
            constraints: Vec::new(),
            label: "Private subnets".into(),
            group: "Network".into(),
        },
    );
    Net {
        vpc: vpc.r(),
        public_subnets: public.r(),
        private_subnets: private.r(),
        attachment: None,
    }
}

fn new(ctx: &mut Ctx) -> Net {
    let n = &ctx.config.network;
    let azs = ctx.plan.public_subnets.len();
    let nat = n.nat_gateways;
    let vpc_cidr = n.vpc_cidr.clone();
    // Explicit AZ names go in a parameter: the template itself stays free of hard-coded zones,
    // and a deployer can still pick others.
    let az_param = if n.availability_zones.is_empty() {
        None
    } else {
        Some(ctx.param(
            "AvailabilityZones",
            Parameter {
                kind: "List<AWS::EC2::AvailabilityZone::Name>",
                description: cat!("The ", azs, " availability zones to use, in order.").into(),
                default: Some(n.availability_zones.join(",")),
                constraints: Vec::new(),
                label: "Availability zones".into(),
                group: "Network".into(),
            },
        ))
    };
    let az = |i: usize| -> Expr {
        let list = match &az_param {
            Some(p) => p.r(),
            None => Expr::GetAzs,
        };
        Expr::Select(i as u32, Box::new(list))
    };

    let vpc = ctx.res(
        "Vpc",
        "vpc",
        T::Vpc,
        obj! {
            "CidrBlock" => vpc_cidr,
            "EnableDnsHostnames" => true,
            "EnableDnsSupport" => true,
        },
    );
    let igw = ctx.res("InternetGateway", "igw", T::InternetGateway, Vec::new());
    let attachment = ctx.res(
        "InternetGatewayAttachment",
        "",
        T::VpcGatewayAttachment,
        obj! { "InternetGatewayId" => igw.r(), "VpcId" => vpc.r() },
    );

    let mut public = Vec::with_capacity(azs);
    let mut private = Vec::with_capacity(azs);
    for i in 0..azs {
        let cidr = ctx.plan.public_subnets[i].to_string();
        let id = ctx.res(
            &cat!("PublicSubnet", i + 1),
            &cat!("public-", i + 1),
            T::Subnet,
            obj! {
                "VpcId" => vpc.r(),
                "CidrBlock" => cidr,
                "AvailabilityZone" => az(i),
                "MapPublicIpOnLaunch" => false,
            },
        );
        public.push(id);
    }
    for i in 0..azs {
        let cidr = ctx.plan.private_subnets[i].to_string();
        let id = ctx.res(
            &cat!("PrivateSubnet", i + 1),
            &cat!("private-", i + 1),
            T::Subnet,
            obj! {
                "VpcId" => vpc.r(),
                "CidrBlock" => cidr,
                "AvailabilityZone" => az(i),
                "MapPublicIpOnLaunch" => false,
            },
        );
        private.push(id);
    }

    let public_rt = ctx.res(
        "PublicRouteTable",
        "public",
        T::RouteTable,
        obj! { "VpcId" => vpc.r() },
    );
    ctx.add(
        "PublicDefaultRoute",
        "",
        Resource::new(
            T::Route,
            obj! {
                "RouteTableId" => public_rt.r(),
                "DestinationCidrBlock" => "0.0.0.0/0",
                "GatewayId" => igw.r(),
            },
        )
        .depends_on([attachment.clone()]),
    );
    for (i, subnet) in public.iter().enumerate() {
        ctx.res(
            &cat!("PublicSubnet", i + 1, "RouteTableAssociation"),
            "",
            T::SubnetRouteTableAssociation,
            obj! { "RouteTableId" => public_rt.r(), "SubnetId" => subnet.r() },
        );
    }

    let nat_count = match nat {
        NatGateways::PerAz => azs,
        NatGateways::Single => 1,
        NatGateways::None => 0,
    };
    let mut nats = Vec::with_capacity(nat_count);
    for (i, subnet) in public.iter().enumerate().take(nat_count) {
        let eip = ctx.add(
            &cat!("NatGateway", i + 1, "Eip"),
            &cat!("nat-", i + 1),
            Resource::new(T::Eip, obj! { "Domain" => "vpc" }).depends_on([attachment.clone()]),
        );
        let gw = ctx.res(
            &cat!("NatGateway", i + 1),
            &cat!("nat-", i + 1),
            T::NatGateway,
            obj! { "AllocationId" => eip.att("AllocationId"), "SubnetId" => subnet.r() },
        );
        nats.push(gw);
    }
    for (i, subnet) in private.iter().enumerate() {
        let rt = ctx.res(
            &cat!("PrivateRouteTable", i + 1),
            &cat!("private-", i + 1),
            T::RouteTable,
            obj! { "VpcId" => vpc.r() },
        );
        if !nats.is_empty() {
            // Per-AZ NAT: each AZ leaves through its own gateway, so one AZ failing does not
            // cut the others off. Single NAT: everyone shares the first.
            let gw = &nats[i.min(nats.len() - 1)];
            ctx.res(
                &cat!("PrivateDefaultRoute", i + 1),
                "",
                T::Route,
                obj! {
                    "RouteTableId" => rt.r(),
                    "DestinationCidrBlock" => "0.0.0.0/0",
                    "NatGatewayId" => gw.r(),
                },
            );
        }
        ctx.res(
            &cat!("PrivateSubnet", i + 1, "RouteTableAssociation"),
            "",
            T::SubnetRouteTableAssociation,
            obj! { "RouteTableId" => rt.r(), "SubnetId" => subnet.r() },
        );
    }
    Net {
        vpc: vpc.r(),
        public_subnets: Expr::List(public.iter().map(|s| s.r()).collect()),
        private_subnets: Expr::List(private.iter().map(|s| s.r()).collect()),
        attachment: Some(attachment),
    }
}
