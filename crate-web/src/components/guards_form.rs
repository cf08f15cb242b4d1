//! The guard rails: your own domain (certificate and records), the web application firewall
//! and the alarms. Each is a checkbox that adds its part, then its fields.

use fargate_stack::config::{Alarms, Domain, Waf};
use serde_json::{json, Value};
use yew::prelude::*;

use super::check_field::CheckField;
use super::list_field::ListField;
use super::number_field::NumberField;
use super::text_field::TextField;
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
    let onset = props.onset.clone();
    let da = Alarms::default();
    let num = |v: u32| AttrValue::from(v.to_string());
    html! {
        <section class="section" aria-labelledby="h-guards">
            <h2 id="h-guards">{"Domain, firewall and alarms"}</h2>
            <div class="fields">
                if props.has_web || props.domain.is_some() {
                    <CheckField path="domain" label="Your own domain" checked={props.domain.is_some()}
                        on={json!({ "name": "", "hostedZoneId": "" })} off={Value::Null}
                        help="A certificate validated by DNS in your Route 53 zone, and alias records to the app. The first deploy waits a few minutes for the certificate."
                        onset={onset.clone()} />
                }
                if let Some(d) = &props.domain {
                    <TextField path="domain.name" label="Domain name" class="wide"
                        value={AttrValue::from(d.name.clone())} placeholder="app.example.com"
                        help="The name the app answers on; service hosts must be it or under it. Url becomes https://this."
                        onset={onset.clone()} />
                    <TextField path="domain.hostedZoneId" label="Hosted zone id"
                        value={AttrValue::from(d.hosted_zone_id.clone())} placeholder="Z0123456789ABCDEFGHIJ"
                        help="The Route 53 zone holding the name (the HostedZoneId parameter's default)."
                        onset={onset.clone()} />
                }
                if (props.has_web && !props.has_api) || props.waf.is_some() {
                    <CheckField path="loadBalancer.waf" label="Web application firewall (WAF)" checked={props.waf.is_some()}
                        on={json!({})} off={Value::Null}
                        help="A regional web ACL of AWS managed rules in front of the load balancer: about $5 a month plus $1 per rule."
                        onset={onset.clone()} />
                }
                if let Some(w) = &props.waf {
                    <ListField path="loadBalancer.waf.managedRuleGroups" label="Managed rule groups" item="group"
                        items={w.rule_groups().into_iter().map(String::from).collect::<Vec<_>>()} placeholder="sqli"
                        default={AttrValue::Static("common, knownBadInputs, ipReputation")}
                        help="common, knownBadInputs, ipReputation, sqli, linux, anonymousIp"
                        onset={onset.clone()} />
                    <NumberField path="loadBalancer.waf.rateLimitPer5Minutes" label="Requests per IP per 5 minutes"
                        value={w.rate_limit_per5_minutes} min={100} max={2_000_000_000} optional=true
                        help="Block an address past this many requests in 5 minutes; empty: no limit."
                        onset={onset.clone()} />
                    <TextField path="loadBalancer.waf.webAclArn" label="Existing web ACL ARN" optional=true class="wide"
                        value={AttrValue::from(w.web_acl_arn.clone().unwrap_or_default())}
                        placeholder="arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/NAME/ID"
                        help="Attach a web ACL of yours instead (then leave the groups and the limit empty)."
                        onset={onset.clone()} />
                }
                <CheckField path="alarms" label="Alarms and dashboard" checked={props.alarms.is_some()}
                    on={json!({})} off={Value::Null}
                    help="CloudWatch alarms on errors, unhealthy hosts, CPU, memory, the database and dead letters; deployments roll back on them."
                    onset={onset.clone()} />
                if let Some(a) = &props.alarms {
                    <TextField path="alarms.email" label="Alarm email" optional=true
                        value={AttrValue::from(a.email.clone().unwrap_or_default())} placeholder="ops@example.com"
                        help="Mailed by SNS once the address confirms its subscription. Empty: the topic only."
                        onset={onset.clone()} />
                    <NumberField path="alarms.alb5xxPercent" label="5xx share alarm (%)"
                        value={Some(a.alb5xx_percent)} min={1} max={100} default={num(da.alb5xx_percent)}
                        help="Share of requests answered with a 5xx, 1 to 100" onset={onset.clone()} />
                    <NumberField path="alarms.cpuPercent" label="CPU alarm (%)"
                        value={Some(a.cpu_percent)} min={1} max={100} default={num(da.cpu_percent)}
                        help="Average CPU over 15 minutes, 1 to 100" onset={onset.clone()} />
                    <NumberField path="alarms.memoryPercent" label="Memory alarm (%)"
                        value={Some(a.memory_percent)} min={1} max={100} default={num(da.memory_percent)}
                        help="Average memory over 15 minutes, 1 to 100" onset={onset.clone()} />
                    <CheckField path="alarms.rollbackOnAlarm" label="Roll back on alarm" checked={a.rollback_on_alarm}
                        help="A deployment whose service's own alarms fire is rolled back." onset={onset.clone()} />
                    <CheckField path="alarms.dashboard" label="Dashboard" checked={a.dashboard}
                        help="Requests, latency, 5xx, healthy hosts, CPU and memory per service." onset={onset.clone()} />
                }
            </div>
        </section>
    }
}
