//! The guard rails: your own domain (certificate and records), the web application firewall
//! and the alarms. Each is a checkbox that adds its part, then its fields.

use fargate_stack::config::{Alarms, Domain, Waf};
use serde_json::json;
use yew::prelude::*;

use super::fields::{Check, Fields, List, Number, Text};
use super::FieldInput;

/// Props of [`GuardsForm`].
#[derive(Properties, PartialEq)]
pub struct GuardsFormProps {
    /// The domain, if any.
    pub domain: Option<Domain>,
    /// The firewall, if any.
    pub waf: Option<Waf>,
    /// The alarms, if any.
    pub alarms: Option<Alarms>,
    /// Whether the stack has a load balancer (a web service) for a domain and a firewall.
    pub has_web: bool,
    /// Whether an HTTP API is in front (no firewall then).
    pub has_api: bool,
    /// Field edits.
    pub onset: Callback<FieldInput>,
}

/// Domain, WAF and alarms.
#[function_component]
pub fn GuardsForm(props: &GuardsFormProps) -> Html {
    let f = Fields {
        base: "",
        onset: &props.onset,
    };
    let da = Alarms::default();
    html! {
        <section class="section" aria-labelledby="h-guards">
            <h2 id="h-guards">{"Domain, firewall and alarms"}</h2>
            <div class="fields">
                if props.has_web || props.domain.is_some() {
                    {f.part(&Check { field: "domain", label: "Your own domain",
                        help: "A certificate validated by DNS in your Route 53 zone, and alias records to the app. The first deploy waits a few minutes for the certificate." },
                        props.domain.is_some(), json!({ "name": "", "hostedZoneId": "" }))}
                }
                if let Some(d) = &props.domain {
                    {f.text(&Text { field: "domain.name", label: "Domain name", placeholder: "app.example.com", optional: false, wide: true,
                        help: "The name the app answers on; service hosts must be it or under it. Url becomes https://this." },
                        &d.name, None)}
                    {f.text(&Text { field: "domain.hostedZoneId", label: "Hosted zone id", placeholder: "Z0123456789ABCDEFGHIJ", optional: false, wide: false,
                        help: "The Route 53 zone holding the name (the HostedZoneId parameter's default)." },
                        &d.hosted_zone_id, None)}
                }
                if (props.has_web && !props.has_api) || props.waf.is_some() {
                    {f.part(&Check { field: "loadBalancer.waf", label: "Web application firewall (WAF)",
                        help: "A regional web ACL of AWS managed rules in front of the load balancer: about $5 a month plus $1 per rule." },
                        props.waf.is_some(), json!({}))}
                }
                if let Some(w) = &props.waf {
                    {f.list(&List { field: "loadBalancer.waf.managedRuleGroups", label: "Managed rule groups", item: "group", placeholder: "sqli",
                        help: "common, knownBadInputs, ipReputation, sqli, linux, anonymousIp" },
                        &w.rule_groups().into_iter().map(String::from).collect::<Vec<_>>(),
                        Some("common, knownBadInputs, ipReputation"))}
                    {f.number(&Number { field: "loadBalancer.waf.rateLimitPer5Minutes", label: "Requests per IP per 5 minutes",
                        min: 100, max: 2_000_000_000, optional: true,
                        help: "Block an address past this many requests in 5 minutes; empty: no limit." },
                        w.rate_limit_per5_minutes, None)}
                    {f.text(&Text { field: "loadBalancer.waf.webAclArn", label: "Existing web ACL ARN", optional: true, wide: true,
                        placeholder: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/NAME/ID",
                        help: "Attach a web ACL of yours instead (then leave the groups and the limit empty)." },
                        w.web_acl_arn.as_deref().unwrap_or_default(), None)}
                }
                {f.part(&Check { field: "alarms", label: "Alarms and dashboard",
                    help: "CloudWatch alarms on errors, unhealthy hosts, CPU, memory, the database and dead letters; deployments roll back on them." },
                    props.alarms.is_some(), json!({}))}
                if let Some(a) = &props.alarms {
                    {f.text(&Text { field: "alarms.email", label: "Alarm email", placeholder: "ops@example.com", optional: true, wide: false,
                        help: "Mailed by SNS once the address confirms its subscription. Empty: the topic only." },
                        a.email.as_deref().unwrap_or_default(), None)}
                    {f.number(&Number { field: "alarms.alb5xxPercent", label: "5xx share alarm (%)", min: 1, max: 100, optional: false,
                        help: "Share of requests answered with a 5xx, 1 to 100" }, Some(a.alb5xx_percent), Some(da.alb5xx_percent))}
                    {f.number(&Number { field: "alarms.cpuPercent", label: "CPU alarm (%)", min: 1, max: 100, optional: false,
                        help: "Average CPU over 15 minutes, 1 to 100" }, Some(a.cpu_percent), Some(da.cpu_percent))}
                    {f.number(&Number { field: "alarms.memoryPercent", label: "Memory alarm (%)", min: 1, max: 100, optional: false,
                        help: "Average memory over 15 minutes, 1 to 100" }, Some(a.memory_percent), Some(da.memory_percent))}
                    {f.check(&Check { field: "alarms.rollbackOnAlarm", label: "Roll back on alarm",
                        help: "A deployment whose service's own alarms fire is rolled back." }, a.rollback_on_alarm)}
                    {f.check(&Check { field: "alarms.dashboard", label: "Dashboard",
                        help: "Requests, latency, 5xx, healthy hosts, CPU and memory per service." }, a.dashboard)}
                }
            </div>
        </section>
    }
}
