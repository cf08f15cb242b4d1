//! The Application Load Balancer: scheme, listeners, TLS, who may reach it, logs.

use fargate_stack::config::LoadBalancer;
use fargate_stack::validate::SSL_POLICIES;
use yew::prelude::*;

use super::check_field::CheckField;
use super::field_frame::Messages;
use super::list_field::ListField;
use super::network_form::spelling;
use super::number_field::NumberField;
use super::select_field::{labelled, plain, SelectField};
use super::text_field::TextField;
use super::{use_problems, FieldInput};

/// Props of [`LoadBalancerForm`].
#[derive(Properties, PartialEq)]
pub struct LoadBalancerFormProps {
    /// The load balancer section.
    pub lb: LoadBalancer,
    /// Whether a service is a web service (without one there is no load balancer).
    pub has_web: bool,
    /// Field edits.
    pub onset: Callback<FieldInput>,
}

/// The load balancer fields.
#[function_component]
pub fn LoadBalancerForm(props: &LoadBalancerFormProps) -> Html {
    let lb = &props.lb;
    let d = LoadBalancer::default();
    let onset = props.onset.clone();
    let problems = use_problems();
    html! {
        <section class="section" aria-labelledby="h-lb" data-path="loadBalancer" tabindex="-1">
            <h2 id="h-lb">{"Load balancer"}</h2>
            if !props.has_web {
                <p class="help" id="no-load-balancer">{"No service is a web service, so the stack has no load balancer."}</p>
            }
            <Messages path="loadBalancer" errors={problems.at("loadBalancer").to_vec()} />
            <div class="fields">
                <SelectField path="loadBalancer.scheme" label="Scheme" value={spelling(&lb.scheme)}
                    default={AttrValue::Static("Internet-facing")}
                    options={labelled(&[("internetFacing", "Internet-facing (public subnets)"), ("internal", "Internal (inside the VPC only)")])}
                    help="Who can reach the load balancer (subject to the ingress CIDRs)." onset={onset.clone()} />
                <NumberField path="loadBalancer.httpPort" label="HTTP port" value={Some(lb.http_port)}
                    min={1} max={65535} default={AttrValue::from(d.http_port.to_string())}
                    help="The HTTP listener; with a certificate it redirects to HTTPS" onset={onset.clone()} />
                <TextField path="loadBalancer.certificateArn" label="Certificate ARN" optional=true class="wide"
                    value={AttrValue::from(lb.certificate_arn.clone().unwrap_or_default())}
                    placeholder="arn:aws:acm:us-east-1:123456789012:certificate/…" default={AttrValue::Static("none")}
                    help="An ACM certificate: adds an HTTPS listener on 443. Empty: HTTP only." onset={onset.clone()} />
                if lb.certificate_arn.is_some() {
                    <SelectField path="loadBalancer.sslPolicy" label="TLS policy" value={AttrValue::from(lb.ssl_policy.clone())}
                        default={AttrValue::from(d.ssl_policy.clone())} options={plain(SSL_POLICIES)}
                        help="The HTTPS listener's TLS policy." onset={onset.clone()} />
                }
                <NumberField path="loadBalancer.idleTimeoutSeconds" label="Idle timeout (s)"
                    value={Some(lb.idle_timeout_seconds)} min={1} max={4000}
                    default={AttrValue::from(d.idle_timeout_seconds.to_string())}
                    help="Seconds an idle connection stays open" onset={onset.clone()} />
                <ListField path="loadBalancer.ingressCidrs" label="Ingress CIDRs" item="CIDR"
                    items={lb.ingress_cidrs.clone()} placeholder="0.0.0.0/0" default={AttrValue::Static("0.0.0.0/0")}
                    help="IPv4 ranges allowed to reach the listeners (at most 25)." onset={onset.clone()} />
                <CheckField path="loadBalancer.deletionProtection" label="Deletion protection"
                    checked={lb.deletion_protection}
                    help="Refuse to delete the load balancer until this is turned off." onset={onset.clone()} />
                <CheckField path="loadBalancer.accessLogs" label="Access logs" checked={lb.access_logs}
                    help="Write access logs to a new encrypted S3 bucket." onset={onset.clone()} />
            </div>
        </section>
    }
}
