//! Load balancer rules: listener ports, certificate and TLS policy, ingress ranges, timeouts.

use super::{clip, is_arn, Errors, SSL_POLICIES};
use crate::cidr::Ipv4Cidr;
use crate::config::{Config, Scheme};

pub(super) fn check_load_balancer(e: &mut Errors, config: &Config) {
    let lb = &config.load_balancer;
    // Only web services sit behind the load balancer; without one there is none.
    let has_web = config
        .services
        .iter()
        .any(|s| s.kind == crate::config::ServiceKind::Web);
    if !has_web && !config.services.is_empty() {
        if *lb != crate::config::LoadBalancer::default() {
            e.push(
                "loadBalancer",
                "no service is a web service, so the stack has no load balancer; leave loadBalancer out or make a service kind web",
            );
        }
        if config.api_gateway.is_some() {
            e.push(
                "apiGateway",
                "the API Gateway forwards to web services and no service is one; leave apiGateway out or make a service kind web",
            );
        }
        return;
    }
    e.range(
        || "loadBalancer.httpPort".to_owned(),
        lb.http_port,
        1,
        65535,
    );
    if let Some(arn) = &lb.certificate_arn {
        if !is_arn(arn, "acm", |r| {
            r.starts_with("certificate/") && r.len() > 12
        }) {
            e.push(
                "loadBalancer.certificateArn",
                format!("`{}` is not an ACM certificate ARN like arn:aws:acm:us-east-1:123456789012:certificate/…", clip(arn)),
            );
        }
        if lb.http_port == 443 {
            e.push(
                "loadBalancer.httpPort",
                "443 is taken by the HTTPS listener when a certificate is set",
            );
        }
        if !SSL_POLICIES.contains(&lb.ssl_policy.as_str()) {
            e.push(
                "loadBalancer.sslPolicy",
                format!(
                    "`{}` is not offered; use one of {}",
                    clip(&lb.ssl_policy),
                    SSL_POLICIES.join(", ")
                ),
            );
        }
    }
    if lb.ingress_cidrs.is_empty() {
        e.push(
            "loadBalancer.ingressCidrs",
            "is empty; name at least one IPv4 range, e.g. 0.0.0.0/0",
        );
    }
    if lb.ingress_cidrs.len() > 25 {
        e.push(
            "loadBalancer.ingressCidrs",
            format!(
                "{} ranges; at most 25 fit in a security group",
                lb.ingress_cidrs.len()
            ),
        );
    }
    let mut seen: Vec<Ipv4Cidr> = Vec::with_capacity(lb.ingress_cidrs.len());
    for (i, cidr) in lb.ingress_cidrs.iter().enumerate() {
        let path = || format!("loadBalancer.ingressCidrs[{i}]");
        match Ipv4Cidr::parse(cidr) {
            Ok(c) if seen.contains(&c) => e.push(path(), format!("`{c}` is listed twice")),
            Ok(c) => seen.push(c),
            Err(err) => e.push(path(), err.to_string()),
        }
    }
    e.range(
        || "loadBalancer.idleTimeoutSeconds".to_owned(),
        lb.idle_timeout_seconds,
        1,
        4000,
    );
    if config.api_gateway.is_some() && lb.scheme != Scheme::Internal {
        e.push(
            "loadBalancer.scheme",
            "an API Gateway in front needs an `internal` load balancer",
        );
    }
    if config.api_gateway.is_some()
        && lb.ingress_cidrs != crate::config::LoadBalancer::default().ingress_cidrs
    {
        e.push(
            "loadBalancer.ingressCidrs",
            "is not used with an API Gateway: only its VPC link reaches the load balancer; leave it out",
        );
    }
    if config.api_gateway.is_some() && lb.certificate_arn.is_some() {
        e.push(
            "loadBalancer.certificateArn",
            "the API Gateway terminates TLS in front of the private load balancer; leave certificateArn out",
        );
    }
}
