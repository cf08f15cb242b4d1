//! Config paths in the words the form uses: `services[1].name` is "Service 2 (api) › Name".
//!
//! The problem summary and the undo messages speak to someone looking at the form, who sees
//! section headings and field labels, not paths (paths stay in the npm package's and the
//! CLI's output, where scripts read them). The labels here are the ones the form's fields
//! show; a field missing from the table is spelled out from its key, so a new field reads
//! acceptably before it is added.

use fargate_stack::Config;

use crate::path::{parse, Seg};

/// "1 problem now", "3 problems now": said beside output that is the last valid one.
pub fn problems_now(n: usize) -> String {
    format!("{n} problem{} now", if n == 1 { "" } else { "s" })
}

/// Field labels by the key path below their section (`healthCheck.path`), as the form shows
/// them. Longer keys are tried first, so `healthCheck.path` wins over `path`.
const LABELS: &[(&str, &str)] = &[
    ("name", "Name"),
    ("tags", "Tags"),
    ("mode", "VPC"),
    ("azCount", "Availability zones"),
    ("vpcId", "VPC id"),
    ("publicSubnetIds", "Public subnet ids"),
    ("privateSubnetIds", "Private subnet ids"),
    ("vpcCidr", "VPC CIDR"),
    ("subnetPrefixLength", "Subnet prefix length"),
    ("natGateways", "NAT gateways"),
    ("availabilityZones", "Availability zone names"),
    ("scheme", "Scheme"),
    ("httpPort", "HTTP port"),
    ("certificateArn", "Certificate ARN"),
    ("sslPolicy", "TLS policy"),
    ("idleTimeoutSeconds", "Idle timeout (s)"),
    ("ingressCidrs", "Ingress CIDRs"),
    ("deletionProtection", "Deletion protection"),
    ("accessLogs", "Access logs"),
    ("waf", "Web application firewall (WAF)"),
    ("managedRuleGroups", "Managed rule groups"),
    ("rateLimitPer5Minutes", "Requests per IP per 5 minutes"),
    ("webAclArn", "Existing web ACL ARN"),
    ("kind", "Kind"),
    ("image", "Image"),
    ("containerPort", "Container port"),
    ("desiredCount", "Desired count"),
    ("cpu", "CPU"),
    ("memory", "Memory"),
    ("schedule", "Schedule"),
    ("scheduleTimezone", "Time zone"),
    ("pathPatterns", "Path patterns"),
    ("hosts", "Hosts"),
    ("calls", "Calls"),
    ("queue", "Queue"),
    ("visibilityTimeoutSeconds", "Visibility timeout (s)"),
    ("maxReceiveCount", "Max receives"),
    ("retentionDays", "Retention (days)"),
    ("healthCheck", "Health check"),
    ("healthCheck.path", "Health check path"),
    ("matcher", "Healthy HTTP codes"),
    ("intervalSeconds", "Interval (s)"),
    ("timeoutSeconds", "Timeout (s)"),
    ("healthyThreshold", "Healthy threshold"),
    ("unhealthyThreshold", "Unhealthy threshold"),
    ("gracePeriodSeconds", "Grace period (s)"),
    ("containerHealthCheck", "Container health check"),
    ("retries", "Retries"),
    ("startPeriodSeconds", "Start period (s)"),
    ("environment", "Environment"),
    ("secrets", "Secrets"),
    ("command", "Command"),
    ("autoScaling", "Autoscaling"),
    ("minCount", "Min tasks"),
    ("maxCount", "Max tasks"),
    ("cpuTarget", "CPU target %"),
    ("memoryTarget", "Memory target %"),
    ("requestsPerTarget", "Requests per task"),
    ("messagesPerTask", "Messages per task"),
    ("deployment", "Deployment"),
    ("minHealthyPercent", "Min healthy %"),
    ("maxPercent", "Max %"),
    ("circuitBreaker", "Circuit breaker with rollback"),
    ("spot", "Fargate Spot"),
    ("onDemandBase", "On-demand base"),
    ("onDemandWeight", "On-demand weight"),
    ("spotWeight", "Spot weight"),
    ("cpuArchitecture", "CPU architecture"),
    ("logRetentionDays", "Log retention (days)"),
    ("ephemeralStorageGib", "Ephemeral storage (GiB)"),
    ("ecsExec", "ECS Exec"),
    ("bucketAccess", "Bucket access"),
    ("sidecars", "Sidecars"),
    ("egress", "Egress"),
    ("taskPolicyStatements", "Task-role statements"),
    ("engine", "Engine"),
    ("engineVersion", "Engine version"),
    ("instanceClass", "Instance class"),
    ("allocatedStorageGib", "Storage (GiB)"),
    ("backupRetentionDays", "Backup retention (days)"),
    ("databaseName", "Database name"),
    ("multiAz", "Multi-AZ"),
    ("username", "Master user name"),
    ("versioning", "Versioning"),
    ("accessLogRetentionDays", "Access log retention (days)"),
    ("hostedZoneId", "Hosted zone id"),
    ("email", "Alarm email"),
    ("cpuPercent", "CPU alarm (%)"),
    ("memoryPercent", "Memory alarm (%)"),
    ("alb5xxPercent", "5xx share alarm (%)"),
    ("rollbackOnAlarm", "Roll back on alarm"),
    ("dashboard", "Dashboard"),
    ("cidr", "To (CIDR)"),
    ("protocol", "Protocol"),
    ("actions", "Allow actions"),
    ("resources", "On resources"),
    ("essential", "Essential"),
    ("startBeforeMain", "Start before main"),
];

/// Section headings for the top-level keys.
const SECTIONS: &[(&str, &str)] = &[
    ("network", "Network"),
    ("loadBalancer", "Load balancer"),
    ("database", "Database"),
    ("bucket", "S3 bucket"),
    ("apiGateway", "API Gateway"),
    ("domain", "Domain"),
    ("alarms", "Alarms"),
    ("tags", "General"),
];

fn label_of(key: &str) -> String {
    LABELS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or_else(|| spelled(key), |(_, l)| (*l).to_owned())
}

/// `rateLimitPer5Minutes` -> `Rate limit per5 minutes`: a readable fallback for keys the table
/// lacks.
fn spelled(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for (i, c) in key.chars().enumerate() {
        if i == 0 {
            out.extend(c.to_uppercase());
        } else if c.is_ascii_uppercase() {
            out.push(' ');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Where `path` is, in the form's words: "Service 2 (api) › Health check path",
/// "Network › VPC CIDR", "General › App name". An empty path is the whole config.
pub fn place(path: &str, config: &Config) -> String {
    if path.is_empty() {
        return "The config".to_owned();
    }
    let Some(segs) = parse(path) else {
        return path.to_owned();
    };
    let mut parts: Vec<String> = Vec::new();
    let mut keys: Vec<&str> = Vec::new();
    let mut rest = segs.iter().peekable();
    match rest.next() {
        Some(Seg::Key(k)) if k == "services" => {
            if let Some(Seg::Index(i)) = rest.next() {
                let name = config.services.get(*i).map_or("", |s| s.name.as_str());
                parts.push(if name.is_empty() {
                    format!("Service {}", i.saturating_add(1))
                } else {
                    format!("Service {} ({name})", i.saturating_add(1))
                });
            } else {
                parts.push("Services".to_owned());
            }
        }
        Some(Seg::Key(k)) if k == "name" && segs.len() == 1 => {
            return "General › App name".to_owned();
        }
        Some(Seg::Key(k)) => match SECTIONS.iter().find(|(s, _)| *s == k) {
            Some((key, heading)) => {
                parts.push((*heading).to_owned());
                if *key == "tags" {
                    keys.push("tags");
                }
            }
            None => keys.push(k),
        },
        _ => return path.to_owned(),
    }
    // Below the section: list items and map keys name the row ("Sidecars 1", "Environment
    // LOG_LEVEL"); nested objects join their keys so the table can tell `healthCheck.path`.
    let mut label = String::new();
    let mut joined = String::new();
    let flush = |label: &mut String, joined: &mut String, parts: &mut Vec<String>| {
        if !joined.is_empty() {
            let text = LABELS
                .iter()
                .find(|(k, _)| *k == joined.as_str())
                .map(|(_, l)| (*l).to_owned());
            *label = text.unwrap_or_else(|| label_of(joined.rsplit('.').next().unwrap_or("")));
            parts.push(std::mem::take(label));
            joined.clear();
        }
    };
    for k in keys {
        joined.push_str(k);
    }
    for seg in rest {
        match seg {
            Seg::Key(k) => {
                let known = !joined.is_empty()
                    && LABELS
                        .iter()
                        .any(|(l, _)| *l == format!("{joined}.{k}").as_str());
                let is_field = LABELS.iter().any(|(l, _)| *l == k.as_str());
                if known {
                    joined.push('.');
                    joined.push_str(k);
                } else if joined.is_empty() {
                    joined.push_str(k);
                } else if is_field {
                    flush(&mut label, &mut joined, &mut parts);
                    joined.push_str(k);
                } else {
                    // A map key (an environment variable, a tag): shown as typed.
                    flush(&mut label, &mut joined, &mut parts);
                    parts.push(k.clone());
                }
            }
            Seg::Index(i) => {
                flush(&mut label, &mut joined, &mut parts);
                if let Some(last) = parts.last_mut() {
                    last.push_str(&format!(" {}", i.saturating_add(1)));
                }
            }
        }
    }
    flush(&mut label, &mut joined, &mut parts);
    parts.join(" › ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_the_form_does() {
        let mut c = Config::preset("seed").unwrap_or_default();
        c.services.push(fargate_stack::config::Service {
            name: "api".into(),
            ..Default::default()
        });
        assert_eq!(place("services[1].name", &c), "Service 2 (api) › Name");
        assert_eq!(place("network.vpcCidr", &c), "Network › VPC CIDR");
        assert_eq!(place("name", &c), "General › App name");
        assert_eq!(
            place("services[0].healthCheck.path", &c),
            "Service 1 (flask) › Health check path"
        );
        assert_eq!(
            place("services[0].healthCheck.intervalSeconds", &c),
            "Service 1 (flask) › Health check › Interval (s)"
        );
        assert_eq!(
            place("services[1].environment.LOG LEVEL", &c),
            "Service 2 (api) › Environment › LOG LEVEL"
        );
        assert_eq!(
            place("services[0].sidecars[1].cpu", &c),
            "Service 1 (flask) › Sidecars 2 › CPU"
        );
        assert_eq!(place("tags.team", &c), "General › Tags › team");
        assert_eq!(place("", &c), "The config");
        assert_eq!(place("nope[", &c), "nope[");
    }
}
