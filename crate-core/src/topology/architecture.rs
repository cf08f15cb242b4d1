//! The architecture view: the all-resources graph folded down to the boxes a person draws on a
//! whiteboard.
//!
//! The boxes are the internet, a WAF web ACL when the template has one, the load balancer or
//! the HTTP API and its VPC link, one box per service or scheduled job, databases, buckets,
//! queues and schedules, NAT gateways, the image registry, the ECS cluster and the VPC itself.
//! Every other resource and parameter is plumbing and is folded into the one box it serves: a
//! service takes its task definition, task role, log group, target group, security group and
//! its rules, scaling target and policies; the load balancer its listeners, rules, security
//! group and access-log bucket; a NAT gateway its Elastic IP and the private route table that
//! leads to it; the VPC its subnets, internet gateway and public routing; a queue its
//! dead-letter queue (a DLQ only ever receives what its queue gives up on, so a box and a line
//! of its own would add nothing the queue's details do not say); the registry the ECR
//! repositories; the cluster what several services share (the execution role, the Service
//! Connect namespace); the load balancer its certificate and DNS records; the alarm topic the
//! alarms, their e-mail subscription and key, and the dashboard. Folding is read from the template's references only, like the rest of
//! the topology, so whatever a future template holds either folds somewhere or stays a box of
//! its own: the invariant "every logical id is a node or folded into exactly one node" holds
//! for any template.
//!
//! Edges are the all-resources edges with their ends moved to the boxes that own them: traffic
//! inside one box disappears, parallel traffic between two boxes becomes one edge with the
//! labels joined, and a reference survives only between two boxes that no traffic already
//! links (and never to the VPC box, which the bands already show, nor to the cluster, which
//! every workload refers to).

use std::collections::BTreeMap;

use crate::template::Template;

use super::graph::{humanize, prop_ref, Draft, Graph, Place};
use super::{Edge, EdgeFamily, EdgeKind, NodeKind, Workload, INTERNET};

/// The WAF types, by name: they may be absent from the typed model, and a template that has
/// them still folds correctly.
const WEB_ACL: &str = "AWS::WAFv2::WebACL";
const WEB_ACL_ASSOCIATION: &str = "AWS::WAFv2::WebACLAssociation";

/// What the folding needs to know about each node of the all-resources graph.
struct Folder<'a> {
    t: &'a Template,
    kind: BTreeMap<&'a str, NodeKind>,
    rtype: BTreeMap<&'a str, &'a str>,
    workload: BTreeMap<&'a str, Workload>,
    /// Who refers to whom (`Ref`, `GetAtt`, `Sub`; `DependsOn` says nothing about ownership).
    refs_from: BTreeMap<&'a str, Vec<&'a str>>,
    refs_to: BTreeMap<&'a str, Vec<&'a str>>,
    /// The VPC box: the VPC resource, else the VPC-id parameter.
    vpc: Option<&'a str>,
    cluster: Option<&'a str>,
    registry: Option<&'a str>,
    /// The alarm topic: the monitoring box, which takes the alarms and the dashboard.
    topic: Option<&'a str>,
    /// Resolved owners; `None` while being resolved (a cycle makes the asker a box).
    memo: BTreeMap<&'a str, Option<&'a str>>,
}

impl<'a> Folder<'a> {
    fn kind(&self, id: &str) -> Option<NodeKind> {
        self.kind.get(id).copied()
    }

    fn refs_of(&self, id: &str) -> &[&'a str] {
        self.refs_from.get(id).map_or(&[], Vec::as_slice)
    }

    fn referrers(&self, id: &str) -> &[&'a str] {
        self.refs_to.get(id).map_or(&[], Vec::as_slice)
    }

    /// The first id `id` refers to that is of one of `kinds`.
    fn refers_to_kind(&self, id: &str, kinds: &[NodeKind]) -> Option<&'a str> {
        self.refs_of(id)
            .iter()
            .copied()
            .find(|r| self.kind(r).is_some_and(|k| kinds.contains(&k)))
    }

    /// The first id referring to `id` that is of one of `kinds`.
    fn referred_by_kind(&self, id: &str, kinds: &[NodeKind]) -> Option<&'a str> {
        self.referrers(id)
            .iter()
            .copied()
            .find(|r| self.kind(r).is_some_and(|k| kinds.contains(&k)))
    }

    /// Whether a node stays a box of its own.
    fn is_box(&self, id: &str) -> bool {
        use NodeKind::*;
        let Some(kind) = self.kind(id) else {
            return false;
        };
        match kind {
            Internet | ImageRegistry | LoadBalancer | Service | Database | HttpApi | VpcLink
            | NatGateway | Schedule | Cluster | Vpc => true,
            // The VPC-id parameter of an existing network stands for the VPC.
            Parameter => self.vpc == Some(id),
            // A job has no service: its task definition stands for it.
            TaskDefinition => self.workload.get(id) == Some(&Workload::Job),
            // A dead-letter queue folds into the queue or schedule that feeds it.
            Queue => self.referred_by_kind(id, &[Queue, Schedule]).is_none(),
            // The load balancer's access-log bucket is part of the load balancer.
            Bucket => self.referred_by_kind(id, &[LoadBalancer]).is_none(),
            InternetGateway
            | GatewayAttachment
            | Subnet
            | RouteTable
            | Route
            | RouteTableAssociation
            | ElasticIp
            | SecurityGroup
            | SecurityGroupRule
            | Listener
            | ListenerRule
            | TargetGroup
            | LogGroup
            | CapacityProviders
            | Role
            | Repository
            | ScalableTarget
            | ScalingPolicy
            | BucketPolicy
            | DbSubnetGroup
            | ApiIntegration
            | ApiRoute
            | ApiStage
            | Namespace
            | Certificate
            | DnsRecord
            | ApiDomain
            | ApiMapping
            | EncryptionKey
            | Subscription
            | Alarm
            | Dashboard
            | WebAclAssociation => false,
            WebAcl | Topic => true,
            // Anything else (a resource type added later) is a box unless it is a WAF
            // association, which folds into its web ACL.
            #[allow(unreachable_patterns)]
            _ => self.rtype.get(id) != Some(&WEB_ACL_ASSOCIATION),
        }
    }

    /// The node `id` folds into, before following that node's own owner.
    fn parent(&mut self, id: &'a str) -> Option<&'a str> {
        use NodeKind::*;
        let kind = self.kind(id)?;
        if self.rtype.get(id) == Some(&WEB_ACL_ASSOCIATION) {
            return self
                .refs_of(id)
                .iter()
                .copied()
                .find(|r| self.rtype.get(r) == Some(&WEB_ACL));
        }
        match kind {
            InternetGateway | GatewayAttachment | Subnet => self.vpc,
            // A private route table belongs to the NAT gateway its default route leads to.
            RouteTable => self
                .referrers(id)
                .iter()
                .filter(|r| self.kind(r) == Some(Route))
                .find_map(|r| self.refers_to_kind(r, &[NatGateway]))
                .or(self.vpc),
            Route | RouteTableAssociation => self.refers_to_kind(id, &[RouteTable]).or(self.vpc),
            ElasticIp => self.referred_by_kind(id, &[NatGateway]).or(self.vpc),
            SecurityGroup => self.group_owner(id),
            SecurityGroupRule => self
                .t
                .resource(id)
                .and_then(|r| prop_ref(r, "GroupId"))
                .and_then(|g| self.kind.get_key_value(g).map(|(k, _)| *k)),
            Listener => self.refers_to_kind(id, &[LoadBalancer]),
            ListenerRule => self.refers_to_kind(id, &[Listener]),
            TargetGroup => self
                .referred_by_kind(id, &[Service])
                .or_else(|| self.referred_by_kind(id, &[Listener, ListenerRule])),
            TaskDefinition => self.referred_by_kind(id, &[Service]),
            ScalableTarget => self.refers_to_kind(id, &[Service]),
            ScalingPolicy => self.refers_to_kind(id, &[ScalableTarget]),
            BucketPolicy => self.refers_to_kind(id, &[Bucket]),
            Bucket => self.referred_by_kind(id, &[LoadBalancer]),
            Queue => self.referred_by_kind(id, &[Queue, Schedule]),
            DbSubnetGroup => self.referred_by_kind(id, &[Database]),
            ApiIntegration | ApiRoute | ApiStage => self.refers_to_kind(id, &[HttpApi]),
            CapacityProviders => self.refers_to_kind(id, &[Cluster]),
            Repository => self.registry,
            LogGroup => self.shared(id, &[TaskDefinition, ApiStage]),
            Role => self.shared(id, &[TaskDefinition, Schedule]),
            Namespace => self.shared(id, &[Cluster, Service]),
            // The certificate serves the listener (or the API's custom domain) that uses it,
            // a DNS record what it points at.
            Certificate => self.shared(id, &[Listener, ApiDomain]),
            DnsRecord => self
                .refers_to_kind(id, &[LoadBalancer, ApiDomain, HttpApi])
                .or_else(|| self.shared(id, &[])),
            ApiDomain => self.shared(id, &[ApiMapping]),
            ApiMapping => self.refers_to_kind(id, &[HttpApi]),
            // Monitoring gathers on the alarm topic: its alarms, subscriptions, key and the
            // dashboard; without a topic an alarm belongs to what rolls back on it.
            Subscription => self.refers_to_kind(id, &[Topic]),
            Alarm => self
                .refers_to_kind(id, &[Topic])
                .or_else(|| self.shared(id, &[]))
                .or_else(|| self.refers_to_kind(id, &[Service, LoadBalancer, Database, Queue])),
            Dashboard => self.topic.or(self.cluster),
            EncryptionKey => self.shared(id, &[]),
            Parameter => {
                let network = self.rtype.get(id).is_some_and(|t| {
                    t.contains("AWS::EC2::Subnet::Id") || t.contains("AvailabilityZone")
                });
                if network && self.vpc.is_some() {
                    self.vpc
                } else {
                    self.shared(id, &[])
                }
            }
            _ => None,
        }
    }

    /// A security group belongs to what it guards: the load balancer, service, database or
    /// VPC link that lists it, or the job whose schedule runs tasks in it.
    fn group_owner(&self, id: &str) -> Option<&'a str> {
        use NodeKind::*;
        if let Some(owner) = self.referred_by_kind(id, &[LoadBalancer, Service, Database, VpcLink])
        {
            return Some(owner);
        }
        self.referrers(id)
            .iter()
            .filter(|r| self.kind(r) == Some(Schedule))
            .find_map(|s| {
                self.refs_of(s)
                    .iter()
                    .copied()
                    .find(|td| self.workload.get(td) == Some(&Workload::Job))
            })
            .or(self.vpc)
    }

    /// What refers to `id` (those of `prefer` when there are any), by owner: the one owner
    /// when they agree, else the cluster (what several services share), else the first.
    fn shared(&mut self, id: &'a str, prefer: &[NodeKind]) -> Option<&'a str> {
        let all: Vec<&'a str> = self.referrers(id).to_vec();
        let preferred: Vec<&'a str> = all
            .iter()
            .copied()
            .filter(|r| self.kind(r).is_some_and(|k| prefer.contains(&k)))
            .collect();
        let referrers = if preferred.is_empty() { all } else { preferred };
        let mut owners: Vec<&'a str> = Vec::new();
        for r in referrers {
            if let Some(o) = self.owner(r) {
                if o != id && !owners.contains(&o) {
                    owners.push(o);
                }
            }
        }
        match owners.as_slice() {
            [] => None,
            [one] => Some(one),
            [first, ..] => Some(self.cluster.unwrap_or(first)),
        }
    }

    /// The box `id` is drawn in: itself when it is a box, else its parent's box. `None` when
    /// the chain leads nowhere (or round in a circle): the node is then a box itself.
    fn owner(&mut self, id: &'a str) -> Option<&'a str> {
        if self.is_box(id) {
            return Some(id);
        }
        match self.memo.get(id) {
            Some(Some(o)) => return Some(o),
            Some(None) => return None,
            None => {}
        }
        self.memo.insert(id, None);
        let found = self
            .parent(id)
            .filter(|p| *p != id)
            .and_then(|p| self.owner(p));
        self.memo.insert(id, found);
        found
    }
}

/// Folds the all-resources graph of `t` into the architecture view's graph.
pub(super) fn fold(t: &Template, graph: Graph) -> Graph {
    let Graph {
        drafts,
        subnets,
        vpc,
        edges,
    } = graph;

    // Who owns what, computed on borrowed data first.
    let owners: Vec<String> = {
        let mut f = Folder {
            t,
            kind: BTreeMap::new(),
            rtype: BTreeMap::new(),
            workload: BTreeMap::new(),
            refs_from: BTreeMap::new(),
            refs_to: BTreeMap::new(),
            vpc: None,
            cluster: None,
            registry: None,
            topic: None,
            memo: BTreeMap::new(),
        };
        for d in &drafts {
            let id = d.node.id.as_str();
            f.kind.insert(id, d.node.kind);
            if let Some(ty) = &d.node.resource_type {
                f.rtype.insert(id, ty.as_str());
            }
            if let Some(w) = d.node.workload {
                f.workload.insert(id, w);
            }
        }
        for e in edges
            .iter()
            .filter(|e| e.family == EdgeFamily::Reference && e.kind != EdgeKind::DependsOn)
        {
            let (Some((from, _)), Some((to, _))) = (
                f.kind.get_key_value(e.from.as_str()),
                f.kind.get_key_value(e.to.as_str()),
            ) else {
                continue;
            };
            let (from, to) = (*from, *to);
            if from == to {
                continue;
            }
            let list = f.refs_from.entry(from).or_default();
            if !list.contains(&to) {
                list.push(to);
            }
            let list = f.refs_to.entry(to).or_default();
            if !list.contains(&from) {
                list.push(from);
            }
        }
        f.vpc = vpc
            .as_ref()
            .and_then(|v| f.kind.get_key_value(v.id.as_str()).map(|(k, _)| *k));
        f.cluster = drafts
            .iter()
            .find(|d| d.node.kind == NodeKind::Cluster)
            .map(|d| d.node.id.as_str());
        f.topic = drafts
            .iter()
            .find(|d| d.node.kind == NodeKind::Topic)
            .map(|d| d.node.id.as_str());
        f.registry = drafts
            .iter()
            .find(|d| d.node.kind == NodeKind::ImageRegistry)
            .map(|d| d.node.id.as_str());
        drafts
            .iter()
            .map(|d| {
                let id = d.node.id.as_str();
                f.owner(id).unwrap_or(id).to_owned()
            })
            .collect()
    };
    let owner_of: BTreeMap<&str, &str> = crate::order::map_of(
        drafts
            .iter()
            .zip(&owners)
            .map(|(d, o)| (d.node.id.as_str(), o.as_str())),
    );
    let kinds: BTreeMap<&str, NodeKind> =
        crate::order::map_of(drafts.iter().map(|d| (d.node.id.as_str(), d.node.kind)));

    // Edge ends: the owning box; a folded internet gateway stands for the internet itself.
    let end = |id: &str| -> String {
        let owner = owner_of.get(id).copied().unwrap_or(id);
        if owner != id && kinds.get(id) == Some(&NodeKind::InternetGateway) {
            INTERNET.to_owned()
        } else {
            owner.to_owned()
        }
    };
    let mut traffic: Vec<Edge> = Vec::new();
    for e in edges.iter().filter(|e| e.family == EdgeFamily::Traffic) {
        let (from, to) = (end(&e.from), end(&e.to));
        if from == to {
            continue;
        }
        merge(
            &mut traffic,
            Edge {
                from,
                to,
                ..e.clone()
            },
        );
    }
    waf(&drafts, &owner_of, &edges, &mut traffic);
    let linked = |a: &str, b: &str| {
        traffic
            .iter()
            .any(|e| (e.from == a && e.to == b) || (e.from == b && e.to == a))
    };
    let vpc_box = vpc.as_ref().map(|v| v.id.as_str());
    let cluster = drafts
        .iter()
        .zip(&owners)
        .find(|(d, o)| d.node.kind == NodeKind::Cluster && d.node.id == **o)
        .map(|(d, _)| d.node.id.as_str());
    let mut references: Vec<Edge> = Vec::new();
    for e in edges.iter().filter(|e| e.family == EdgeFamily::Reference) {
        let (from, to) = (end(&e.from), end(&e.to));
        if from == to
            || Some(to.as_str()) == vpc_box
            || Some(from.as_str()) == vpc_box
            || to == INTERNET
            // Every workload runs in the cluster: a line from each says nothing.
            || Some(to.as_str()) == cluster
            || linked(&from, &to)
        {
            continue;
        }
        match references.iter_mut().find(|r| r.from == from && r.to == to) {
            Some(r) => {
                if r.detail.len() < 400 {
                    r.detail.push_str("; ");
                    r.detail.push_str(&e.detail);
                }
            }
            None => references.push(Edge {
                from,
                to,
                label: "refers to".to_owned(),
                ..e.clone()
            }),
        }
    }
    for r in &mut references {
        r.detail = super::escape::clip(&r.detail, 400);
    }

    // The boxes, with what they hold.
    let mut members: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (d, o) in drafts.iter().zip(&owners) {
        if d.node.id != *o {
            members
                .entry(o.as_str())
                .or_default()
                .push(d.node.id.clone());
        }
    }
    let n_subnets = subnets.len();
    let mut boxes: Vec<Draft> = Vec::new();
    for (d, o) in drafts.iter().zip(&owners) {
        if d.node.id != *o {
            continue;
        }
        let mut d = Draft {
            node: d.node.clone(),
            place: d.place.clone(),
            rank: 5,
            placements: d.placements.clone(),
        };
        d.node.members = members.remove(d.node.id.as_str()).unwrap_or_default();
        if d.node.kind == NodeKind::Topic && d.node.detail.is_empty() {
            let alarms = d
                .node
                .members
                .iter()
                .filter(|m| kinds.get(m.as_str()) == Some(&NodeKind::Alarm))
                .count();
            d.node.detail = format!("{alarms} alarms notify it");
        }
        let waf = d.node.resource_type.as_deref() == Some(WEB_ACL);
        let (place, rank) = match d.node.kind {
            NodeKind::Internet => (Place::Top, 0),
            _ if waf => (Place::Top, 1),
            NodeKind::HttpApi => (Place::Top, 2),
            NodeKind::ImageRegistry => (Place::Top, 9),
            NodeKind::VpcLink => (d.place.clone(), 1),
            NodeKind::LoadBalancer => (d.place.clone(), 2),
            NodeKind::Service | NodeKind::TaskDefinition => (d.place.clone(), 3),
            NodeKind::Database => (d.place.clone(), 4),
            NodeKind::Cluster => (d.place.clone(), 0),
            NodeKind::Queue => (d.place.clone(), 1),
            NodeKind::Schedule => (d.place.clone(), 2),
            NodeKind::Bucket => (d.place.clone(), 3),
            NodeKind::NatGateway => (d.place.clone(), 1),
            _ if Some(d.node.id.as_str()) == vpc_box => (Place::Vpc, 9),
            _ => (d.place.clone(), 5),
        };
        d.place = place;
        d.rank = rank;
        describe(&mut d, vpc_box, n_subnets);
        boxes.push(d);
    }
    references.extend(traffic);
    Graph {
        drafts: boxes,
        subnets,
        vpc,
        edges: references,
    }
}

/// Adds a traffic edge, or joins its label to the edge already between the same two boxes.
fn merge(edges: &mut Vec<Edge>, e: Edge) {
    match edges.iter_mut().find(|o| o.from == e.from && o.to == e.to) {
        Some(o) => {
            if !o.label.split(", ").any(|l| l == e.label) {
                o.label.push_str(", ");
                o.label.push_str(&e.label);
            }
            if o.detail.len() < 400 {
                o.detail.push_str("; ");
                o.detail.push_str(&e.detail);
            }
        }
        None => edges.push(e),
    }
}

/// A WAF web ACL sits between the internet and what it is associated with: the internet's
/// traffic to that box goes to the web ACL, which passes it on.
fn waf(drafts: &[Draft], owner_of: &BTreeMap<&str, &str>, edges: &[Edge], traffic: &mut Vec<Edge>) {
    for assoc in drafts
        .iter()
        .filter(|d| d.node.resource_type.as_deref() == Some(WEB_ACL_ASSOCIATION))
    {
        let id = assoc.node.id.as_str();
        let Some(acl) = owner_of.get(id).copied().filter(|o| *o != id) else {
            continue;
        };
        let protected: Vec<&str> = edges
            .iter()
            .filter(|e| e.family == EdgeFamily::Reference && e.from == id)
            .filter_map(|e| owner_of.get(e.to.as_str()).copied())
            .filter(|o| *o != acl)
            .collect();
        for target in protected {
            let mut moved = Vec::new();
            traffic.retain(|e| {
                let hit = e.from == INTERNET && e.to == target;
                if hit {
                    moved.push(e.clone());
                }
                !hit
            });
            for e in moved {
                merge(
                    traffic,
                    Edge {
                        to: acl.to_owned(),
                        detail: format!("{} (inspected by {acl})", e.detail),
                        ..e.clone()
                    },
                );
                merge(
                    traffic,
                    Edge {
                        from: acl.to_owned(),
                        detail: format!("{acl} passes allowed requests to {target}"),
                        ..e
                    },
                );
            }
        }
    }
}

/// Acronyms as people write them, for box titles read from logical ids (`HttpApi`).
fn acronyms(label: &str) -> String {
    label
        .split(' ')
        .map(|w| match w {
            "Vpc" => "VPC",
            "Http" => "HTTP",
            "Https" => "HTTPS",
            "Api" => "API",
            "Nat" => "NAT",
            "Db" => "DB",
            "Ecs" => "ECS",
            "Sqs" => "SQS",
            "Waf" => "WAF",
            "Acl" => "ACL",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The title and second line of a box in this view, where the all-resources ones say too
/// little.
fn describe(d: &mut Draft, vpc_box: Option<&str>, subnets: usize) {
    let n = &mut d.node;
    n.label = acronyms(&n.label);
    if Some(n.id.as_str()) == vpc_box {
        let cidr = if n.kind == NodeKind::Vpc {
            n.detail.clone()
        } else {
            "existing".to_owned()
        };
        n.label = if n.kind == NodeKind::Vpc {
            "VPC".to_owned()
        } else {
            format!("VPC ({})", n.id)
        };
        n.detail = format!("{cidr}, {subnets} subnets");
        return;
    }
    match n.kind {
        NodeKind::Service if n.workload == Some(Workload::Web) => {
            n.detail = if n.detail.is_empty() {
                Workload::Web.caption().to_owned()
            } else {
                format!("{}: {}", Workload::Web.caption(), n.detail)
            };
        }
        NodeKind::Cluster => n.detail = "ECS cluster".to_owned(),
        // A job is named after itself, not after the task definition standing for it.
        NodeKind::TaskDefinition => {
            let name = acronyms(&humanize(&n.id));
            if let Some(job) = name
                .strip_suffix(" Task Definition")
                .filter(|j| !j.is_empty())
            {
                n.label = job.to_owned();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::BTreeSet;

    use super::*;
    use crate::topology::{Node, Rect};

    fn draft(id: &str, kind: NodeKind, ty: Option<&str>, place: Place) -> Draft {
        Draft {
            node: Node {
                id: id.to_owned(),
                resource_type: ty.map(str::to_owned),
                kind,
                label: id.to_owned(),
                detail: String::new(),
                workload: None,
                group: None,
                rect: Rect {
                    x: 0,
                    y: 0,
                    width: 0,
                    height: 0,
                },
                placements: Vec::new(),
                members: Vec::new(),
            },
            place,
            rank: 0,
            placements: Vec::new(),
        }
    }

    fn edge(from: &str, to: &str, family: EdgeFamily, label: &str) -> Edge {
        Edge {
            from: from.to_owned(),
            to: to.to_owned(),
            family,
            kind: if family == EdgeFamily::Traffic {
                EdgeKind::Traffic
            } else {
                EdgeKind::Ref
            },
            label: label.to_owned(),
            detail: String::new(),
            port: None,
            protocol: None,
            points: Vec::new(),
            label_at: None,
        }
    }

    /// A web ACL (a type the typed model may not know yet, so the graph is built by hand)
    /// takes its association and stands between the internet and the load balancer.
    #[test]
    fn a_web_acl_stands_between_the_internet_and_what_it_protects() {
        let graph = Graph {
            drafts: vec![
                draft(INTERNET, NodeKind::Internet, None, Place::Top),
                draft(
                    "LoadBalancer",
                    NodeKind::LoadBalancer,
                    Some("AWS::ElasticLoadBalancingV2::LoadBalancer"),
                    Place::Vpc,
                ),
                // Any kind will do for the WAF types: folding reads their type name.
                draft("WebAcl", NodeKind::Bucket, Some(WEB_ACL), Place::Regional),
                draft(
                    "WebAclAssociation",
                    NodeKind::BucketPolicy,
                    Some(WEB_ACL_ASSOCIATION),
                    Place::Regional,
                ),
            ],
            subnets: Vec::new(),
            vpc: None,
            edges: vec![
                edge(
                    "WebAclAssociation",
                    "LoadBalancer",
                    EdgeFamily::Reference,
                    "Ref",
                ),
                edge(
                    "WebAclAssociation",
                    "WebAcl",
                    EdgeFamily::Reference,
                    "GetAtt Arn",
                ),
                edge(INTERNET, "LoadBalancer", EdgeFamily::Traffic, "HTTP :80"),
            ],
        };
        let folded = fold(&Template::new("waf"), graph);
        let ids: Vec<&str> = folded.drafts.iter().map(|d| d.node.id.as_str()).collect();
        assert_eq!(ids, [INTERNET, "LoadBalancer", "WebAcl"]);
        let acl = folded
            .drafts
            .iter()
            .find(|d| d.node.id == "WebAcl")
            .unwrap(); // ok: test code; without the box the test must fail
        assert_eq!(acl.node.members, ["WebAclAssociation"]);
        assert_eq!(acl.place, Place::Top);
        let traffic: Vec<(&str, &str, &str)> = folded
            .edges
            .iter()
            .filter(|e| e.family == EdgeFamily::Traffic)
            .map(|e| (e.from.as_str(), e.to.as_str(), e.label.as_str()))
            .collect();
        assert_eq!(
            traffic,
            [
                (INTERNET, "WebAcl", "HTTP :80"),
                ("WebAcl", "LoadBalancer", "HTTP :80")
            ]
        );
    }

    /// Plumbing that refers in a circle and to no box stays in the picture as boxes.
    #[test]
    fn a_cycle_of_plumbing_stays_visible() {
        let graph = Graph {
            drafts: vec![
                draft(
                    "A",
                    NodeKind::LogGroup,
                    Some("AWS::Logs::LogGroup"),
                    Place::Regional,
                ),
                draft("B", NodeKind::Role, Some("AWS::IAM::Role"), Place::Regional),
            ],
            subnets: Vec::new(),
            vpc: None,
            edges: vec![
                edge("A", "B", EdgeFamily::Reference, "Ref"),
                edge("B", "A", EdgeFamily::Reference, "Ref"),
            ],
        };
        let folded = fold(&Template::new("cycle"), graph);
        let ids: BTreeSet<&str> = folded.drafts.iter().map(|d| d.node.id.as_str()).collect();
        let members: usize = folded.drafts.iter().map(|d| d.node.members.len()).sum();
        assert_eq!(ids.len() + members, 2, "{ids:?}");
    }
}
