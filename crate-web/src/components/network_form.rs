//! The network: a new VPC (CIDR, AZs, subnets, NAT) or an existing one (ids as parameters).

use fargate_stack::config::{Network, NetworkMode};
use serde_json::Value;
use yew::prelude::*;

use super::fields::{Fields, List, Number, Select, Text};
use super::select_field::labelled;
use super::FieldInput;

/// Props of [`NetworkForm`].
#[derive(Properties, PartialEq)]
pub struct NetworkFormProps {
    /// The network section.
    pub network: Network,
    /// Field edits.
    pub onset: Callback<FieldInput>,
}

/// The JSON spelling of an enum value (`perAz`), as the select's value.
pub fn spelling<T: serde::Serialize>(value: &T) -> AttrValue {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => AttrValue::from(s),
        _ => AttrValue::default(),
    }
}

/// The network fields.
#[function_component]
pub fn NetworkForm(props: &NetworkFormProps) -> Html {
    let n = &props.network;
    let d = Network::default();
    let f = Fields {
        base: "network",
        onset: &props.onset,
    };
    let existing = n.mode == NetworkMode::Existing;
    html! {
        <section class="section" aria-labelledby="h-network">
            <h2 id="h-network">{"Network"}</h2>
            <div class="fields">
                {f.select(&Select { field: "mode", label: "VPC", numeric: false,
                    help: "A new VPC has public and private subnets; an existing one is given by its ids as parameters." },
                    &spelling(&n.mode), Some("New VPC"),
                    labelled(&[("new", "New VPC made by the stack"), ("existing", "Existing VPC (ids as parameters)")]))}
                {f.number(&Number { field: "azCount", label: "Availability zones", min: 2, max: 6, optional: false,
                    help: "How many AZs to spread over; above 3, name them below (most regions have 3)" },
                    Some(n.az_count), Some(d.az_count))}
                if existing {
                    {f.text(&Text { field: "vpcId", label: "VPC id", placeholder: "vpc-0abc1234", optional: true, wide: false,
                        help: "Default for the VpcId parameter; empty: give it at deploy time." },
                        n.vpc_id.as_deref().unwrap_or_default(), None)}
                    {f.list(&List { field: "publicSubnetIds", label: "Public subnet ids", item: "subnet", placeholder: "subnet-0abc1234",
                        help: "Default for the PublicSubnetIds parameter (the load balancer's subnets)." },
                        &n.public_subnet_ids, None)}
                    {f.list(&List { field: "privateSubnetIds", label: "Private subnet ids", item: "subnet", placeholder: "subnet-0abc1234",
                        help: "Default for the PrivateSubnetIds parameter (the tasks' subnets)." },
                        &n.private_subnet_ids, None)}
                } else {
                    {f.text(&Text { field: "vpcCidr", label: "VPC CIDR", placeholder: "10.0.0.0/16", optional: false, wide: false,
                        help: "The VPC's IPv4 range, /16 to /28." },
                        &n.vpc_cidr, Some(d.vpc_cidr.as_str()))}
                    {f.number(&Number { field: "subnetPrefixLength", label: "Subnet prefix length", min: 16, max: 28, optional: false,
                        help: "Size of each subnet, e.g. 24 for 256 addresses" },
                        Some(n.subnet_prefix_length), Some(d.subnet_prefix_length))}
                    {f.select(&Select { field: "natGateways", label: "NAT gateways", numeric: false,
                        help: "How private subnets reach the internet." },
                        &spelling(&n.nat_gateways), Some("One per AZ"),
                        labelled(&[
                            ("perAz", "One per AZ (survives an AZ failure)"),
                            ("single", "One shared (cheaper)"),
                            ("none", "None: tasks in public subnets (cheapest)"),
                        ]))}
                    {f.list(&List { field: "availabilityZones", label: "Availability zone names", item: "AZ", placeholder: "us-east-1a",
                        help: "As many names as Availability zones, or empty to take the region's first ones (up to 3)." },
                        &n.availability_zones, None)}
                }
            </div>
        </section>
    }
}
