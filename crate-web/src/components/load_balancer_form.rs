//! The Application Load Balancer: scheme, listeners, TLS, who may reach it, logs.

use fargate_stack::config::LoadBalancer;
use fargate_stack::validate::SSL_POLICIES;
use yew::prelude::*;

use super::field_frame::messages;
use super::fields::{Check, Fields, List, Number, Select, Text};
use super::network_form::spelling;
use super::select_field::{labelled, plain};
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
    let f = Fields {
        base: "loadBalancer",
        onset: &props.onset,
    };
    let problems = use_problems();
    html! {
        <section class="section" aria-labelledby="h-lb" data-path="loadBalancer" tabindex="-1">
            <h2 id="h-lb">{"Load balancer"}</h2>
            if !props.has_web {
                <p class="help" id="no-load-balancer">{"No service is a web service, so the stack has no load balancer."}</p>
            }
            {messages("loadBalancer", problems.at("loadBalancer"))}
            <div class="fields">
                {f.select(&Select { field: "scheme", label: "Scheme", numeric: false,
                    help: "Who can reach the load balancer (subject to the ingress CIDRs)." },
                    &spelling(&lb.scheme), Some("Internet-facing"),
                    labelled(&[("internetFacing", "Internet-facing (public subnets)"), ("internal", "Internal (inside the VPC only)")]))}
                {f.number(&Number { field: "httpPort", label: "HTTP port", min: 1, max: 65535, optional: false,
                    help: "The HTTP listener; with a certificate it redirects to HTTPS" },
                    Some(lb.http_port), Some(d.http_port))}
                {f.text(&Text { field: "certificateArn", label: "Certificate ARN", optional: true, wide: true,
                    placeholder: "arn:aws:acm:us-east-1:123456789012:certificate/…",
                    help: "An ACM certificate: adds an HTTPS listener on 443. Empty: HTTP only." },
                    lb.certificate_arn.as_deref().unwrap_or_default(), Some("none"))}
                if lb.certificate_arn.is_some() {
                    {f.select(&Select { field: "sslPolicy", label: "TLS policy", numeric: false,
                        help: "The HTTPS listener's TLS policy." },
                        &lb.ssl_policy, Some(d.ssl_policy.as_str()), plain(SSL_POLICIES))}
                }
                {f.number(&Number { field: "idleTimeoutSeconds", label: "Idle timeout (s)", min: 1, max: 4000, optional: false,
                    help: "Seconds an idle connection stays open" },
                    Some(lb.idle_timeout_seconds), Some(d.idle_timeout_seconds))}
                {f.list(&List { field: "ingressCidrs", label: "Ingress CIDRs", item: "CIDR", placeholder: "0.0.0.0/0",
                    help: "IPv4 ranges allowed to reach the listeners (at most 25)." },
                    &lb.ingress_cidrs, Some("0.0.0.0/0"))}
                {f.check(&Check { field: "deletionProtection", label: "Deletion protection",
                    help: "Refuse to delete the load balancer until this is turned off." }, lb.deletion_protection)}
                {f.check(&Check { field: "accessLogs", label: "Access logs",
                    help: "Write access logs to a new encrypted S3 bucket." }, lb.access_logs)}
            </div>
        </section>
    }
}
