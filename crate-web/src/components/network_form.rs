//! The network: a new VPC (CIDR, AZs, subnets, NAT) or an existing one (ids as parameters).

use fargate_stack::config::{Network, NetworkMode};
use serde_json::Value;
use yew::prelude::*;

use super::list_field::ListField;
use super::number_field::NumberField;
use super::select_field::{labelled, SelectField};
use super::text_field::TextField;
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
    let onset = props.onset.clone();
    let existing = n.mode == NetworkMode::Existing;
    html! {
        <section class="section" aria-labelledby="h-network">
            <h2 id="h-network">{"Network"}</h2>
            <div class="fields">
                <SelectField path="network.mode" label="VPC" value={spelling(&n.mode)}
                    default={AttrValue::Static("New VPC")}
                    options={labelled(&[("new", "New VPC made by the stack"), ("existing", "Existing VPC (ids as parameters)")])}
                    help="A new VPC has public and private subnets; an existing one is given by its ids as parameters."
                    onset={onset.clone()} />
                <NumberField path="network.azCount" label="Availability zones" value={Some(n.az_count)}
                    min={2} max={6} default={AttrValue::from(d.az_count.to_string())}
                    help="How many AZs to spread over; above 3, name them below (most regions have 3)" onset={onset.clone()} />
                if existing {
                    <TextField path="network.vpcId" label="VPC id" optional=true
                        value={AttrValue::from(n.vpc_id.clone().unwrap_or_default())}
                        placeholder="vpc-0abc1234"
                        help="Default for the VpcId parameter; empty: give it at deploy time."
                        onset={onset.clone()} />
                    <ListField path="network.publicSubnetIds" label="Public subnet ids" item="subnet"
                        items={n.public_subnet_ids.clone()} placeholder="subnet-0abc1234"
                        help="Default for the PublicSubnetIds parameter (the load balancer's subnets)."
                        onset={onset.clone()} />
                    <ListField path="network.privateSubnetIds" label="Private subnet ids" item="subnet"
                        items={n.private_subnet_ids.clone()} placeholder="subnet-0abc1234"
                        help="Default for the PrivateSubnetIds parameter (the tasks' subnets)."
                        onset={onset.clone()} />
                } else {
                    <TextField path="network.vpcCidr" label="VPC CIDR" value={AttrValue::from(n.vpc_cidr.clone())}
                        default={AttrValue::from(d.vpc_cidr.clone())} placeholder="10.0.0.0/16"
                        help="The VPC's IPv4 range, /16 to /28." onset={onset.clone()} />
                    <NumberField path="network.subnetPrefixLength" label="Subnet prefix length"
                        value={Some(n.subnet_prefix_length)} min={16} max={28}
                        default={AttrValue::from(d.subnet_prefix_length.to_string())}
                        help="Size of each subnet, e.g. 24 for 256 addresses" onset={onset.clone()} />
                    <SelectField path="network.natGateways" label="NAT gateways" value={spelling(&n.nat_gateways)}
                        default={AttrValue::Static("One per AZ")}
                        options={labelled(&[
                            ("perAz", "One per AZ (survives an AZ failure)"),
                            ("single", "One shared (cheaper)"),
                            ("none", "None: tasks in public subnets (cheapest)"),
                        ])}
                        help="How private subnets reach the internet." onset={onset.clone()} />
                    <ListField path="network.availabilityZones" label="Availability zone names" item="AZ"
                        items={n.availability_zones.clone()} placeholder="us-east-1a"
                        help="As many names as Availability zones, or empty to take the region's first ones (up to 3)."
                        onset={onset.clone()} />
                }
            </div>
        </section>
    }
}
