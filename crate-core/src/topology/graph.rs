//! Reads nodes, places and edges out of a built template.
//!
//! Everything here looks only at the template: subnet tiers come from the routes their route
//! tables hold, AZs from the subnets' `Fn::Select` index, traffic from listeners, target groups
//! and security group rules, messages from task roles' queue permissions, scheduled runs from
//! schedules, and what each ECS workload does from its service, task role and schedule. A
//! template the builders would never make still gives a picture (missing pieces simply draw
//! nothing), so nothing here can panic.

use std::collections::BTreeMap;

use crate::template::{Expr, LogicalId, Parameter, Resource, ResourceType as T, SubPart, Template};

use super::escape::clip;
use super::{Edge, EdgeFamily, EdgeKind, Node, NodeKind, Rect, Workload, IMAGE_REGISTRY, INTERNET};

/// Where a node goes in the picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Place {
    /// Above the VPC: the internet, the registry, the API in front.
    Top,
    /// Inside the VPC, outside any subnet.
    Vpc,
    /// Inside the subnet (or subnet-list parameter) with this id.
    Subnet(String),
    /// Regional services below the VPC.
    Regional,
    /// Parameters that are not part of the network.
    Parameters,
}

/// A node before layout.
pub(super) struct Draft {
    /// The node, with empty rectangles.
    pub node: Node,
    /// Where it goes.
    pub place: Place,
    /// Order within its place (lower first); ties keep template order.
    pub rank: u32,
    /// Subnet ids and labels of its placements.
    pub placements: Vec<(String, String)>,
}

/// A subnet, or a subnet-list parameter standing for several.
pub(super) struct SubnetInfo {
    /// Logical id.
    pub id: String,
    /// Availability zone index, when the template pins one.
    pub az: Option<u32>,
    /// Routes to an internet gateway.
    pub public: bool,
    /// Group label.
    pub label: String,
}

/// The VPC group's source.
pub(super) struct VpcInfo {
    /// Logical id of the VPC resource or parameter.
    pub id: String,
    /// Group label.
    pub label: String,
}

/// What the layout needs.
pub(super) struct Graph {
    pub drafts: Vec<Draft>,
    pub subnets: Vec<SubnetInfo>,
    pub vpc: Option<VpcInfo>,
    pub edges: Vec<Edge>,
}

/// The logical id an expression refers to with `Ref` or `Fn::GetAtt`.
fn target(e: &Expr) -> Option<&str> {
    match e {
        Expr::Ref(id) | Expr::GetAtt(id, _) => Some(id.as_str()),
        _ => None,
    }
}

/// The logical ids a list expression refers to (a literal list of refs, or one list-valued
/// parameter).
fn targets(e: Option<&Expr>) -> Vec<&str> {
    match e {
        Some(Expr::List(items)) => items.iter().filter_map(target).collect(),
        Some(other) => target(other).into_iter().collect(),
        None => Vec::new(),
    }
}

fn prop<'a>(r: &'a Resource, name: &str) -> Option<&'a Expr> {
    r.property(name)
}

fn prop_str<'a>(r: &'a Resource, name: &str) -> Option<&'a str> {
    r.property(name).and_then(Expr::as_str)
}

/// A name property as the reader would see it: a literal as is, a name derived from the stack
/// (`/ecs/${AWS::StackName}/web`) with the stack shown as `{stack}`.
fn prop_name(r: &Resource, name: &str) -> String {
    match r.property(name) {
        Some(Expr::Str(s)) => s.to_string(),
        Some(Expr::Pseudo(p)) => pseudo_text(*p).to_owned(),
        Some(Expr::Sub(parts)) => {
            let mut out = String::new();
            for part in parts {
                match part {
                    SubPart::Lit(s) => out.push_str(s),
                    SubPart::Pseudo(p) => out.push_str(pseudo_text(*p)),
                    SubPart::Ref(id) | SubPart::Att(id, _) => out.push_str(id.as_str()),
                }
            }
            out
        }
        _ => String::new(),
    }
}

fn pseudo_text(p: crate::template::Pseudo) -> &'static str {
    match p {
        crate::template::Pseudo::StackName => "{stack}",
        other => other.name(),
    }
}

pub(super) fn prop_ref<'a>(r: &'a Resource, name: &str) -> Option<&'a str> {
    r.property(name).and_then(target)
}

fn int(e: Option<&Expr>) -> Option<i64> {
    match e? {
        Expr::Int(n) => Some(*n),
        Expr::Str(s) => s.parse().ok(),
        _ => None,
    }
}

/// "PublicSubnet1" -> "Public Subnet 1": logical ids are the most telling label we have, and
/// they are unique, so two services never get the same caption.
pub(super) fn humanize(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 4);
    let mut prev: Option<char> = None;
    for c in id.chars() {
        if let Some(p) = prev {
            let boundary = (c.is_ascii_uppercase()
                && (p.is_ascii_lowercase() || p.is_ascii_digit()))
                || (c.is_ascii_digit() && p.is_ascii_alphabetic());
            if boundary {
                out.push(' ');
            }
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// The web protocol usually spoken on a port, for labels.
fn protocol_for(port: i64) -> &'static str {
    match port {
        443 | 8443 => "HTTPS",
        80 | 8080 => "HTTP",
        _ => "TCP",
    }
}

/// Whom a security group rule admits or reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Peer {
    Cidr(String),
    Group(String),
    Other,
}

/// One security group rule, inline or a separate resource.
#[derive(Debug, Clone)]
struct SgRule {
    group: String,
    protocol: String,
    from: i64,
    to: i64,
    peer: Peer,
}

impl SgRule {
    fn allows(&self, port: i64) -> bool {
        (self.protocol == "-1" || self.protocol.eq_ignore_ascii_case("tcp") || self.protocol == "6")
            && (self.protocol == "-1" || (self.from <= port && port <= self.to))
    }

    fn read(group: &str, e: &Expr, peer_keys: [&str; 2]) -> SgRule {
        let peer = match (
            e.get("CidrIp").and_then(Expr::as_str),
            e.get(peer_keys[1]).and_then(target),
        ) {
            (Some(cidr), _) => Peer::Cidr(cidr.to_owned()),
            (None, Some(sg)) => Peer::Group(sg.to_owned()),
            (None, None) => match e.get(peer_keys[0]).and_then(Expr::as_str) {
                Some(cidr) => Peer::Cidr(cidr.to_owned()),
                None => Peer::Other,
            },
        };
        SgRule {
            group: group.to_owned(),
            protocol: e
                .get("IpProtocol")
                .and_then(Expr::as_str)
                .unwrap_or("")
                .to_owned(),
            from: int(e.get("FromPort")).unwrap_or(-1),
            to: int(e.get("ToPort")).unwrap_or(-1),
            peer,
        }
    }
}

/// The template, indexed for the questions the traffic edges ask.
struct Index<'a> {
    t: &'a Template,
    resources: Vec<(&'a LogicalId, &'a Resource)>,
    ingress: Vec<SgRule>,
    egress: Vec<SgRule>,
}

impl<'a> Index<'a> {
    fn new(t: &'a Template) -> Self {
        let resources: Vec<_> = t.resources().collect();
        let mut ingress = Vec::new();
        let mut egress = Vec::new();
        for (id, r) in &resources {
            match r.kind {
                T::SecurityGroup => {
                    for (key, out, peer) in [
                        (
                            "SecurityGroupIngress",
                            &mut ingress,
                            ["CidrIpv6", "SourceSecurityGroupId"],
                        ),
                        (
                            "SecurityGroupEgress",
                            &mut egress,
                            ["CidrIpv6", "DestinationSecurityGroupId"],
                        ),
                    ] {
                        for rule in prop(r, key).and_then(Expr::as_list).unwrap_or(&[]) {
                            out.push(SgRule::read(id.as_str(), rule, peer));
                        }
                    }
                }
                T::SecurityGroupIngress => {
                    if let Some(g) = prop_ref(r, "GroupId") {
                        let rule = Expr::Map(r.properties.clone());
                        ingress.push(SgRule::read(
                            g,
                            &rule,
                            ["CidrIpv6", "SourceSecurityGroupId"],
                        ));
                    }
                }
                T::SecurityGroupEgress => {
                    if let Some(g) = prop_ref(r, "GroupId") {
                        let rule = Expr::Map(r.properties.clone());
                        egress.push(SgRule::read(
                            g,
                            &rule,
                            ["CidrIpv6", "DestinationSecurityGroupId"],
                        ));
                    }
                }
                _ => {}
            }
        }
        Index {
            t,
            resources,
            ingress,
            egress,
        }
    }

    fn get(&self, id: &str) -> Option<&'a Resource> {
        self.resources
            .iter()
            .find(|(r, _)| r.as_str() == id)
            .map(|(_, r)| *r)
    }

    fn of_kind(&self, kind: T) -> impl Iterator<Item = (&'a str, &'a Resource)> + '_ {
        self.resources
            .iter()
            .filter(move |(_, r)| r.kind == kind)
            .map(|(id, r)| (id.as_str(), *r))
    }

    fn is(&self, id: &str, kind: T) -> bool {
        self.get(id).is_some_and(|r| r.kind == kind)
    }

    /// The route table associated with a subnet.
    fn route_table_of(&self, subnet: &str) -> Option<&'a str> {
        self.of_kind(T::SubnetRouteTableAssociation)
            .find(|(_, r)| prop_ref(r, "SubnetId") == Some(subnet))
            .and_then(|(_, r)| prop_ref(r, "RouteTableId"))
    }

    /// Where a subnet's default route leads: an internet gateway or a NAT gateway.
    fn default_route_of(&self, subnet: &str) -> Option<&'a str> {
        let rt = self.route_table_of(subnet)?;
        self.of_kind(T::Route)
            .filter(|(_, r)| prop_ref(r, "RouteTableId") == Some(rt))
            .filter(|(_, r)| prop_str(r, "DestinationCidrBlock") == Some("0.0.0.0/0"))
            .find_map(|(_, r)| prop_ref(r, "GatewayId").or_else(|| prop_ref(r, "NatGatewayId")))
    }

    /// Security groups named in a property (a list of `GetAtt X.GroupId` or refs).
    fn groups_in(e: Option<&'a Expr>) -> Vec<&'a str> {
        targets(e)
    }

    /// Ports on which some group in `from` may reach some group in `to`: an egress rule of
    /// the one and an ingress rule of the other must both allow it (an egress list is only
    /// checked when the group has one, as AWS allows all egress otherwise).
    fn sg_allows(&self, from: &[&str], to: &[&str], port: i64) -> bool {
        let ingress_ok = self.ingress.iter().any(|rule| {
            to.contains(&rule.group.as_str())
                && matches!(&rule.peer, Peer::Group(g) if from.contains(&g.as_str()))
                && rule.allows(port)
        });
        let egress_ok = from.iter().all(|g| {
            let rules: Vec<&SgRule> = self.egress.iter().filter(|r| r.group == *g).collect();
            rules.is_empty()
                || rules.iter().any(|rule| {
                    matches!(&rule.peer, Peer::Group(d) if to.contains(&d.as_str()))
                        && rule.allows(port)
                })
        });
        ingress_ok && egress_ok
    }

    /// CIDR ranges an ingress rule of these groups opens `port` to.
    fn cidrs_in(&self, groups: &[&str], port: i64) -> Vec<&str> {
        self.ingress
            .iter()
            .filter(|r| groups.contains(&r.group.as_str()) && r.allows(port))
            .filter_map(|r| match &r.peer {
                Peer::Cidr(c) => Some(c.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Ports these groups may send to anywhere (`0.0.0.0/0`).
    fn egress_to_world(&self, groups: &[&str]) -> Vec<i64> {
        let mut ports: Vec<i64> = self
            .egress
            .iter()
            .filter(|r| groups.contains(&r.group.as_str()))
            .filter(|r| r.peer == Peer::Cidr("0.0.0.0/0".into()))
            .map(|r| if r.protocol == "-1" { 0 } else { r.from })
            .collect();
        crate::order::sort(&mut ports);
        ports.dedup();
        ports
    }
}

/// Whether an IAM action pattern (`sqs:*`, `sqs:Send*`, `*`) covers `action`; IAM compares
/// actions without regard to case.
fn action_matches(pattern: &str, action: &str) -> bool {
    let (p, a) = (pattern.as_bytes(), action.as_bytes());
    let (mut pi, mut ai) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ai < a.len() {
        match (p.get(pi), a.get(ai)) {
            (Some(b'*'), _) => {
                star = Some((pi, ai));
                pi += 1;
            }
            (Some(&c), Some(&d)) if c == b'?' || c.eq_ignore_ascii_case(&d) => {
                pi += 1;
                ai += 1;
            }
            _ => match star {
                Some((sp, sa)) => {
                    pi = sp + 1;
                    ai = sa + 1;
                    star = Some((sp, sa + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..).unwrap_or(&[]).iter().all(|&c| c == b'*')
}

/// A resource with its logical id.
type Named<'a> = (&'a str, &'a Resource);

/// An ECS workload: a service, or a job (a task definition a schedule runs and no service
/// uses), with what the traffic edges need to know about it.
struct Work<'a> {
    /// The node standing for it: the service, or the job's task definition.
    node: &'a str,
    /// What it does.
    kind: Workload,
    /// Its task definition.
    task: Option<Named<'a>>,
    /// Its task role.
    role: Option<Named<'a>>,
    /// Where its tasks run (`AwsvpcConfiguration`).
    net: Option<&'a Expr>,
    /// Its `ServiceConnectConfiguration`, when enabled.
    connect: Option<&'a Expr>,
}

impl Work<'_> {
    /// Its security groups.
    fn groups(&self) -> Vec<&str> {
        Index::groups_in(self.net.and_then(|a| a.get("SecurityGroups")))
    }
}

/// The items of a value that may be one item or a list of them (IAM's `Statement`,
/// `Action`, `Resource`).
fn one_or_many(e: Option<&Expr>) -> &[Expr] {
    match e {
        Some(Expr::List(items)) => items,
        Some(one) => std::slice::from_ref(one),
        None => &[],
    }
}

/// The container names of a task definition, in order.
fn containers(td: &Resource) -> Vec<&str> {
    prop(td, "ContainerDefinitions")
        .and_then(Expr::as_list)
        .unwrap_or(&[])
        .iter()
        .filter_map(|c| c.get("Name").and_then(Expr::as_str))
        .collect()
}

/// The main container of a task definition: the first essential one, else the first.
fn main_container(td: &Resource) -> Option<&str> {
    let defs = prop(td, "ContainerDefinitions")
        .and_then(Expr::as_list)
        .unwrap_or(&[]);
    defs.iter()
        .find(|c| !matches!(c.get("Essential"), Some(Expr::Bool(false))))
        .or_else(|| defs.first())
        .and_then(|c| c.get("Name"))
        .and_then(Expr::as_str)
}

/// The ports and names a service publishes through Service Connect (`ClientAliases`).
fn client_aliases(connect: Option<&Expr>) -> Vec<(i64, &str)> {
    let mut out = Vec::new();
    for svc in connect
        .and_then(|c| c.get("Services"))
        .and_then(Expr::as_list)
        .unwrap_or(&[])
    {
        for alias in svc
            .get("ClientAliases")
            .and_then(Expr::as_list)
            .unwrap_or(&[])
        {
            if let Some(port) = int(alias.get("Port")) {
                let name = alias
                    .get("DnsName")
                    .and_then(Expr::as_str)
                    .or_else(|| svc.get("DiscoveryName").and_then(Expr::as_str))
                    .unwrap_or("");
                if !out.contains(&(port, name)) {
                    out.push((port, name));
                }
            }
        }
    }
    out
}

impl<'a> Index<'a> {
    /// The queues of the stack a role may call `action` on: `Allow` statements of its inline
    /// policies whose actions cover it and whose resources refer to a queue.
    fn queues_granted(&self, role: &'a Resource, action: &str) -> Vec<&'a str> {
        let mut out = Vec::new();
        for policy in prop(role, "Policies")
            .and_then(Expr::as_list)
            .unwrap_or(&[])
        {
            let doc = policy.get("PolicyDocument");
            for st in one_or_many(doc.and_then(|d| d.get("Statement"))) {
                if st.get("Effect").and_then(Expr::as_str) != Some("Allow") {
                    continue;
                }
                let covered = one_or_many(st.get("Action"))
                    .iter()
                    .filter_map(Expr::as_str)
                    .any(|p| action_matches(p, action));
                if !covered {
                    continue;
                }
                for r in one_or_many(st.get("Resource")) {
                    if let Some(q) = target(r).filter(|q| self.is(q, T::Queue)) {
                        if !out.contains(&q) {
                            out.push(q);
                        }
                    }
                }
            }
        }
        out
    }

    /// The task definition with this id, and its task role.
    fn task_and_role(&self, td: Option<&'a str>) -> (Option<Named<'a>>, Option<Named<'a>>) {
        let task = td.and_then(|id| {
            self.get(id)
                .filter(|r| r.kind == T::TaskDefinition)
                .map(|r| (id, r))
        });
        let role = task
            .and_then(|(_, r)| prop_ref(r, "TaskRoleArn"))
            .and_then(|id| self.get(id).filter(|r| r.kind == T::Role).map(|r| (id, r)));
        (task, role)
    }

    /// The services, then the jobs, in template order. A service behind a load balancer is a
    /// web service; else one whose task role may receive from a queue of the stack is a
    /// worker; else it is a backend. A task definition a schedule runs and no service uses
    /// is a job.
    fn workloads(&self) -> Vec<Work<'a>> {
        let mut out: Vec<Work<'a>> = Vec::new();
        for (sid, s) in self.of_kind(T::Service) {
            let (task, role) = self.task_and_role(prop_ref(s, "TaskDefinition"));
            let behind_lb = prop(s, "LoadBalancers")
                .and_then(Expr::as_list)
                .is_some_and(|l| !l.is_empty());
            let kind = if behind_lb {
                Workload::Web
            } else if role
                .is_some_and(|(_, r)| !self.queues_granted(r, "sqs:ReceiveMessage").is_empty())
            {
                Workload::Worker
            } else {
                Workload::Backend
            };
            out.push(Work {
                node: sid,
                kind,
                task,
                role,
                net: prop(s, "NetworkConfiguration").and_then(|n| n.get("AwsvpcConfiguration")),
                connect: prop(s, "ServiceConnectConfiguration")
                    .filter(|c| !matches!(c.get("Enabled"), Some(Expr::Bool(false)))),
            });
        }
        for (_, sch) in self.of_kind(T::Schedule) {
            let ecs = prop(sch, "Target").and_then(|t| t.get("EcsParameters"));
            let (task, role) = self.task_and_role(
                ecs.and_then(|e| e.get("TaskDefinitionArn"))
                    .and_then(target),
            );
            let Some((td, _)) = task else { continue };
            if out
                .iter()
                .any(|w| w.node == td || w.task.is_some_and(|(t, _)| t == td))
            {
                continue;
            }
            out.push(Work {
                node: td,
                kind: Workload::Job,
                task,
                role,
                net: ecs
                    .and_then(|e| e.get("NetworkConfiguration"))
                    .and_then(|n| n.get("AwsvpcConfiguration")),
                connect: None,
            });
        }
        out
    }

    /// The queue or schedule whose dead letters go to queue `q`.
    fn dead_letters_of(&self, q: &str) -> Option<&'a str> {
        self.of_kind(T::Queue)
            .find(|(_, r)| {
                prop(r, "RedrivePolicy")
                    .and_then(|p| p.get("deadLetterTargetArn"))
                    .and_then(target)
                    == Some(q)
            })
            .or_else(|| {
                self.of_kind(T::Schedule)
                    .find(|(_, r)| schedule_dead_letters(r) == Some(q))
            })
            .map(|(id, _)| id)
    }
}

/// The queue a schedule sends the runs it could not start to.
fn schedule_dead_letters(r: &Resource) -> Option<&str> {
    prop(r, "Target")
        .and_then(|t| t.get("DeadLetterConfig"))
        .and_then(|d| d.get("Arn"))
        .and_then(target)
}

/// The second line of a workload's node: what it does, and what says most about it (the
/// port it publishes, the queues it drains, the containers it runs).
fn workload_detail(ix: &Index, w: &Work) -> String {
    match w.kind {
        Workload::Web => String::new(),
        Workload::Backend => {
            let ports: Vec<String> = client_aliases(w.connect)
                .iter()
                .map(|(p, _)| format!(":{p}"))
                .collect();
            if ports.is_empty() {
                Workload::Backend.caption().to_owned()
            } else {
                format!("{} {}", Workload::Backend.caption(), ports.join(" "))
            }
        }
        Workload::Worker => {
            let queues = w
                .role
                .map(|(_, r)| ix.queues_granted(r, "sqs:ReceiveMessage"))
                .unwrap_or_default();
            format!("{} of {}", Workload::Worker.caption(), queues.join(", "))
        }
        Workload::Job => {
            let names = w.task.map(|(_, r)| containers(r)).unwrap_or_default();
            format!("{}: {}", Workload::Job.caption(), names.join(" + "))
        }
    }
}

fn kind_of(t: T) -> NodeKind {
    match t {
        T::Vpc => NodeKind::Vpc,
        T::InternetGateway => NodeKind::InternetGateway,
        T::VpcGatewayAttachment => NodeKind::GatewayAttachment,
        T::Subnet => NodeKind::Subnet,
        T::RouteTable => NodeKind::RouteTable,
        T::Route => NodeKind::Route,
        T::SubnetRouteTableAssociation => NodeKind::RouteTableAssociation,
        T::Eip => NodeKind::ElasticIp,
        T::NatGateway => NodeKind::NatGateway,
        T::SecurityGroup => NodeKind::SecurityGroup,
        T::SecurityGroupIngress | T::SecurityGroupEgress => NodeKind::SecurityGroupRule,
        T::LoadBalancer => NodeKind::LoadBalancer,
        T::Listener => NodeKind::Listener,
        T::ListenerRule => NodeKind::ListenerRule,
        T::TargetGroup => NodeKind::TargetGroup,
        T::LogGroup => NodeKind::LogGroup,
        T::Cluster => NodeKind::Cluster,
        T::ClusterCapacityProviderAssociations => NodeKind::CapacityProviders,
        T::TaskDefinition => NodeKind::TaskDefinition,
        T::Service => NodeKind::Service,
        T::Role => NodeKind::Role,
        T::Repository => NodeKind::Repository,
        T::ScalableTarget => NodeKind::ScalableTarget,
        T::ScalingPolicy => NodeKind::ScalingPolicy,
        T::Bucket => NodeKind::Bucket,
        T::BucketPolicy => NodeKind::BucketPolicy,
        T::DbSubnetGroup => NodeKind::DbSubnetGroup,
        T::DbInstance => NodeKind::Database,
        T::HttpApi => NodeKind::HttpApi,
        T::VpcLink => NodeKind::VpcLink,
        T::ApiIntegration => NodeKind::ApiIntegration,
        T::ApiRoute => NodeKind::ApiRoute,
        T::ApiStage => NodeKind::ApiStage,
        T::Queue => NodeKind::Queue,
        T::Schedule => NodeKind::Schedule,
        T::HttpNamespace => NodeKind::Namespace,
        T::Certificate => NodeKind::Certificate,
        T::RecordSet => NodeKind::DnsRecord,
        T::ApiDomainName => NodeKind::ApiDomain,
        T::ApiMapping => NodeKind::ApiMapping,
        T::WebAcl => NodeKind::WebAcl,
        T::WebAclAssociation => NodeKind::WebAclAssociation,
        T::KmsKey => NodeKind::EncryptionKey,
        T::Topic => NodeKind::Topic,
        T::Subscription => NodeKind::Subscription,
        T::Alarm => NodeKind::Alarm,
        T::Dashboard => NodeKind::Dashboard,
    }
}

/// Order inside the VPC band: network plumbing first, then the request path (load balancer,
/// listeners, target groups, services) so traffic edges stay short, then guards and data.
fn vpc_rank(kind: NodeKind) -> u32 {
    use NodeKind::*;
    match kind {
        Vpc | Parameter => 0,
        InternetGateway => 1,
        GatewayAttachment => 2,
        RouteTable => 3,
        Route => 4,
        RouteTableAssociation => 5,
        LoadBalancer => 10,
        Listener => 11,
        ListenerRule => 12,
        TargetGroup => 13,
        Service => 14,
        VpcLink => 15,
        DbSubnetGroup => 16,
        Database => 17,
        SecurityGroup => 20,
        SecurityGroupRule => 21,
        _ => 30,
    }
}

/// Inside a subnet: the subnet itself first (it heads the box), then gateways, then routing.
fn subnet_rank(kind: NodeKind) -> u32 {
    use NodeKind::*;
    match kind {
        Subnet | Parameter => 0,
        NatGateway => 1,
        ElasticIp => 2,
        RouteTable => 3,
        Route => 4,
        RouteTableAssociation => 5,
        _ => 9,
    }
}

fn detail_of(ix: &Index, id: &str, r: &Resource) -> String {
    let s = |name: &str| prop_str(r, name).unwrap_or("").to_owned();
    match r.kind {
        T::Vpc | T::Subnet => s("CidrBlock"),
        T::Route => {
            let via = prop_ref(r, "GatewayId")
                .or_else(|| prop_ref(r, "NatGatewayId"))
                .unwrap_or("?");
            format!("{} via {via}", s("DestinationCidrBlock"))
        }
        T::NatGateway => prop_ref(r, "SubnetId")
            .map(|s| format!("in {s}"))
            .unwrap_or_default(),
        T::SecurityGroup => s("GroupDescription"),
        T::SecurityGroupIngress | T::SecurityGroupEgress => {
            let rule = SgRule::read(id, &Expr::Map(r.properties.clone()), ["", ""]);
            format!("{} {}", rule.protocol, rule.from)
        }
        T::LoadBalancer => s("Scheme"),
        T::Listener => format!("{} :{}", s("Protocol"), int(prop(r, "Port")).unwrap_or(0)),
        T::ListenerRule => path_patterns(r).join(" "),
        T::TargetGroup => format!(
            "{} :{} ({})",
            s("Protocol"),
            int(prop(r, "Port")).unwrap_or(0),
            s("TargetType")
        ),
        T::LogGroup => prop_name(r, "LogGroupName"),
        T::Cluster => prop_name(r, "ClusterName"),
        T::TaskDefinition => {
            // Sidecars show as the task's containers: `api + otel 512/1024`.
            let names = containers(r);
            let what = if names.len() > 1 {
                names.join(" + ")
            } else {
                prop_name(r, "Family")
            };
            format!("{what} {}/{}", s("Cpu"), s("Memory"))
        }
        T::Queue => match ix.dead_letters_of(id) {
            Some(owner) => format!("dead letters of {owner}"),
            None => match int(prop(r, "VisibilityTimeout")) {
                Some(v) => format!("visibility timeout {v} s"),
                None => String::new(),
            },
        },
        T::Service => container_name(r).unwrap_or("").to_owned(),
        T::DbInstance => format!("{} {}", s("Engine"), s("DBInstanceClass")),
        T::HttpApi => format!("{} API {}", s("ProtocolType"), prop_name(r, "Name")),
        T::ApiRoute => s("RouteKey"),
        T::ApiStage => s("StageName"),
        T::Schedule => s("ScheduleExpression"),
        T::HttpNamespace => prop_name(r, "Name"),
        T::VpcLink => prop_name(r, "Name"),
        T::ScalingPolicy => prop_name(r, "PolicyName"),
        T::RecordSet => s("Name").trim_end_matches('.').to_owned(),
        T::Certificate | T::ApiDomainName => s("DomainName"),
        T::WebAcl => {
            let rules = prop(r, "Rules")
                .and_then(Expr::as_list)
                .map_or(0, <[Expr]>::len);
            format!("{rules} rules")
        }
        T::Alarm => match s("MetricName") {
            metric if metric.is_empty() => "5xx share".to_owned(),
            metric => metric,
        },
        _ => String::new(),
    }
}

/// The host names a listener rule matches.
fn host_headers(r: &Resource) -> Vec<&str> {
    let mut out = Vec::new();
    for condition in prop(r, "Conditions").and_then(Expr::as_list).unwrap_or(&[]) {
        let values = condition
            .get("HostHeaderConfig")
            .and_then(|c| c.get("Values"));
        for v in values.and_then(Expr::as_list).unwrap_or(&[]) {
            if let Some(h) = v.as_str() {
                out.push(h);
            }
        }
    }
    out
}

/// The node standing for the web ACL on load balancer `lb`: the ACL resource when the
/// template makes it, else the association (the ACL itself is outside the template).
fn web_acl_of<'a>(ix: &'a Index, lb: &str) -> Option<&'a str> {
    ix.of_kind(T::WebAclAssociation)
        .find(|(_, a)| prop_ref(a, "ResourceArn") == Some(lb))
        .map(|(id, a)| {
            prop(a, "WebACLArn")
                .and_then(target)
                .filter(|acl| ix.get(acl).is_some_and(|r| r.kind == T::WebAcl))
                .unwrap_or(id)
        })
}

fn path_patterns(r: &Resource) -> Vec<&str> {
    let mut out = Vec::new();
    for condition in prop(r, "Conditions").and_then(Expr::as_list).unwrap_or(&[]) {
        let values = condition
            .get("PathPatternConfig")
            .and_then(|c| c.get("Values"));
        for v in values.and_then(Expr::as_list).unwrap_or(&[]) {
            if let Some(p) = v.as_str() {
                out.push(p);
            }
        }
    }
    out
}

fn container_name(service: &Resource) -> Option<&str> {
    prop(service, "LoadBalancers")
        .and_then(Expr::as_list)
        .and_then(|l| l.first())
        .and_then(|lb| lb.get("ContainerName"))
        .and_then(Expr::as_str)
}

fn param_detail(p: &Parameter) -> String {
    match &p.default {
        Some(d) => format!("{} = {d}", p.kind),
        None => p.kind.to_owned(),
    }
}

fn empty_node(
    id: &str,
    resource_type: Option<&str>,
    kind: NodeKind,
    label: String,
    detail: String,
) -> Node {
    Node {
        id: id.to_owned(),
        resource_type: resource_type.map(str::to_owned),
        kind,
        label,
        detail,
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
    }
}

/// Reads the template.
pub(super) fn read(t: &Template) -> Graph {
    let ix = Index::new(t);
    let works = ix.workloads();

    // The VPC: the resource, else the VPC-id parameter (existing network mode).
    let vpc = ix
        .of_kind(T::Vpc)
        .next()
        .map(|(id, r)| VpcInfo {
            id: id.to_owned(),
            label: format!("VPC {}", prop_str(r, "CidrBlock").unwrap_or("")),
        })
        .or_else(|| {
            t.parameters()
                .find(|(_, p)| p.kind == "AWS::EC2::VPC::Id")
                .map(|(id, p)| VpcInfo {
                    id: id.as_str().to_owned(),
                    label: match &p.default {
                        Some(d) => format!("Existing VPC: parameter {id} (default {d})"),
                        None => format!("Existing VPC: parameter {id}"),
                    },
                })
        });

    // Subnets, with their tier read from their default route.
    let internet_facing: Vec<&str> = ix
        .of_kind(T::LoadBalancer)
        .filter(|(_, r)| prop_str(r, "Scheme") != Some("internal"))
        .flat_map(|(_, r)| targets(prop(r, "Subnets")))
        .collect();
    let mut subnets = Vec::new();
    for (id, r) in ix.of_kind(T::Subnet) {
        let az = match prop(r, "AvailabilityZone") {
            Some(Expr::Select(i, _)) => Some(*i),
            _ => None,
        };
        let public = ix
            .default_route_of(id)
            .is_some_and(|g| ix.is(g, T::InternetGateway));
        let tier = if public { "Public" } else { "Private" };
        subnets.push(SubnetInfo {
            id: id.to_owned(),
            az,
            public,
            label: format!("{tier} subnet {}", prop_str(r, "CidrBlock").unwrap_or("")),
        });
    }
    for (id, p) in t.parameters() {
        if p.kind.contains("AWS::EC2::Subnet::Id") {
            let public = internet_facing.contains(&id.as_str());
            subnets.push(SubnetInfo {
                id: id.as_str().to_owned(),
                az: None,
                public,
                label: format!("{}: parameter {id}", p.label),
            });
        }
    }
    let is_subnet = |id: &str| subnets.iter().any(|s| s.id == id);

    // EIPs sit with the NAT gateway that uses them.
    let mut eip_subnet: BTreeMap<&str, &str> = BTreeMap::new();
    for (_, r) in ix.of_kind(T::NatGateway) {
        if let (Some(eip), Some(subnet)) = (prop_ref(r, "AllocationId"), prop_ref(r, "SubnetId")) {
            eip_subnet.insert(eip, subnet);
        }
    }
    // A route table belongs to its subnet when exactly one subnet uses it.
    let mut rt_subnets: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (_, r) in ix.of_kind(T::SubnetRouteTableAssociation) {
        if let (Some(rt), Some(subnet)) = (prop_ref(r, "RouteTableId"), prop_ref(r, "SubnetId")) {
            rt_subnets.entry(rt).or_default().push(subnet);
        }
    }
    let rt_place = |rt: Option<&str>| match rt.and_then(|rt| rt_subnets.get(rt)) {
        Some(list) if list.len() == 1 => list.first().map(|s| Place::Subnet((*s).to_owned())),
        _ => None,
    };
    let in_vpc = vpc.is_some() || !subnets.is_empty();
    let vpc_place = || if in_vpc { Place::Vpc } else { Place::Regional };
    let subnet_place = |s: Option<&str>| match s {
        Some(s) if is_subnet(s) => Place::Subnet(s.to_owned()),
        _ => vpc_place(),
    };

    let mut drafts = Vec::new();
    drafts.push(Draft {
        node: empty_node(
            INTERNET,
            None,
            NodeKind::Internet,
            "Internet".into(),
            "0.0.0.0/0".into(),
        ),
        place: Place::Top,
        rank: 0,
        placements: Vec::new(),
    });

    for (id, p) in t.parameters() {
        let id = id.as_str();
        let place = if vpc.as_ref().is_some_and(|v| v.id == id) {
            Place::Vpc
        } else if is_subnet(id) {
            Place::Subnet(id.to_owned())
        } else if p.kind.contains("AvailabilityZone") {
            vpc_place()
        } else {
            Place::Parameters
        };
        drafts.push(Draft {
            node: empty_node(
                id,
                Some(p.kind),
                NodeKind::Parameter,
                p.label.to_string(),
                param_detail(p),
            ),
            place,
            rank: 0,
            placements: Vec::new(),
        });
    }

    for (id, r) in &ix.resources {
        let id = id.as_str();
        let kind = kind_of(r.kind);
        // The workload this node stands for (a service, a job's task definition), or runs.
        let work = works.iter().find(|w| w.node == id);
        let job = work.filter(|w| w.kind == Workload::Job);
        let workload = work
            .or_else(|| works.iter().find(|w| w.task.is_some_and(|(t, _)| t == id)))
            .map(|w| w.kind)
            .filter(|_| matches!(r.kind, T::Service | T::TaskDefinition));
        let mut placements = Vec::new();
        let mut chips = |subnets: Vec<&str>, label: String| {
            for s in subnets.into_iter().filter(|s| is_subnet(s)) {
                if !placements.iter().any(|(p, _): &(String, String)| p == s) {
                    placements.push((s.to_owned(), label.clone()));
                }
            }
        };
        let place = match r.kind {
            T::Subnet => Place::Subnet(id.to_owned()),
            T::NatGateway | T::SubnetRouteTableAssociation => subnet_place(prop_ref(r, "SubnetId")),
            T::Eip => subnet_place(eip_subnet.get(id).copied()),
            T::RouteTable => rt_place(Some(id)).unwrap_or_else(vpc_place),
            T::Route => rt_place(prop_ref(r, "RouteTableId")).unwrap_or_else(vpc_place),
            T::LoadBalancer => {
                chips(targets(prop(r, "Subnets")), "ALB node".into());
                vpc_place()
            }
            T::Service => {
                let subnets = prop(r, "NetworkConfiguration")
                    .and_then(|n| n.get("AwsvpcConfiguration"))
                    .and_then(|a| a.get("Subnets"));
                let task = prop_ref(r, "TaskDefinition").and_then(|td| ix.get(td));
                let name = container_name(r)
                    .or_else(|| task.and_then(main_container))
                    .unwrap_or(id);
                chips(targets(subnets), format!("{name} tasks"));
                vpc_place()
            }
            // A job has no service: its task definition stands for it where its tasks run.
            T::TaskDefinition if job.is_some() => {
                let subnets = job.and_then(|w| w.net).and_then(|a| a.get("Subnets"));
                let name = main_container(r).unwrap_or(id);
                chips(targets(subnets), format!("{name} tasks"));
                vpc_place()
            }
            T::VpcLink => {
                chips(targets(prop(r, "SubnetIds")), "VPC link ENI".into());
                vpc_place()
            }
            T::DbInstance => {
                let group = prop_ref(r, "DBSubnetGroupName").and_then(|g| ix.get(g));
                chips(
                    group
                        .map(|g| targets(prop(g, "SubnetIds")))
                        .unwrap_or_default(),
                    "database".into(),
                );
                vpc_place()
            }
            T::Vpc
            | T::InternetGateway
            | T::VpcGatewayAttachment
            | T::SecurityGroup
            | T::SecurityGroupIngress
            | T::SecurityGroupEgress
            | T::Listener
            | T::ListenerRule
            | T::TargetGroup
            | T::DbSubnetGroup => vpc_place(),
            T::HttpApi | T::ApiIntegration | T::ApiRoute | T::ApiStage => Place::Top,
            _ => Place::Regional,
        };
        let rank = match &place {
            // A job sits with the services.
            Place::Vpc if job.is_some() => vpc_rank(NodeKind::Service),
            Place::Vpc => vpc_rank(kind),
            Place::Subnet(_) => subnet_rank(kind),
            _ => 0,
        };
        let detail = match work {
            Some(w) if w.kind != Workload::Web => workload_detail(&ix, w),
            _ => detail_of(&ix, id, r),
        };
        let mut node = empty_node(id, Some(r.kind.name()), kind, humanize(id), detail);
        node.workload = workload;
        drafts.push(Draft {
            node,
            place,
            rank,
            placements,
        });
    }

    if !works.is_empty() {
        drafts.push(Draft {
            node: empty_node(
                IMAGE_REGISTRY,
                None,
                NodeKind::ImageRegistry,
                "Image registry".into(),
                registries(&ix),
            ),
            place: Place::Top,
            rank: 9,
            placements: Vec::new(),
        });
    }

    let mut edges = references(t);
    edges.extend(traffic(&ix, &works));
    Graph {
        drafts,
        subnets,
        vpc,
        edges,
    }
}

/// Where the task definitions' images come from: ECR for images built from a repository in
/// the stack, else the registry host of the image parameters' defaults.
fn registries(ix: &Index) -> String {
    let mut hosts: Vec<String> = Vec::new();
    for (_, td) in ix.of_kind(T::TaskDefinition) {
        for c in prop(td, "ContainerDefinitions")
            .and_then(Expr::as_list)
            .unwrap_or(&[])
        {
            let host = match c.get("Image") {
                Some(Expr::Sub(parts))
                    if parts
                        .iter()
                        .any(|p| matches!(p, SubPart::Att(_, "RepositoryUri"))) =>
                {
                    "Amazon ECR".to_owned()
                }
                Some(Expr::Ref(p)) => match ix
                    .t
                    .parameter(p.as_str())
                    .and_then(|p| p.default.as_deref())
                {
                    Some(image) => image_host(image),
                    None => "image parameter".to_owned(),
                },
                Some(Expr::Str(image)) => image_host(image),
                _ => continue,
            };
            if !hosts.contains(&host) {
                hosts.push(host);
            }
        }
    }
    hosts.join(", ")
}

/// The registry part of an image reference (`docker.io` when there is none, as Docker reads it).
fn image_host(image: &str) -> String {
    match image.split_once('/') {
        Some((host, _)) if host.contains('.') || host.contains(':') || host == "localhost" => {
            host.to_owned()
        }
        _ => "docker.io".to_owned(),
    }
}

/// A step on the way into a value, for the hover text of reference edges.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn path_text(steps: &[Step]) -> String {
    let mut s = String::new();
    for step in steps {
        match step {
            Step::Key(k) => {
                s.push('.');
                s.push_str(k);
            }
            Step::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
        }
    }
    s
}

/// Every resource or parameter a value refers to: the id, the kind of reference, where in the
/// value it is written and which attribute it reads.
fn walk<'a>(
    e: &'a Expr,
    steps: &mut Vec<Step<'a>>,
    out: &mut Vec<(&'a str, EdgeKind, String, Option<&'a str>)>,
) {
    match e {
        Expr::Ref(id) => out.push((id.as_str(), EdgeKind::Ref, path_text(steps), None)),
        Expr::GetAtt(id, att) => {
            out.push((id.as_str(), EdgeKind::GetAtt, path_text(steps), Some(att)))
        }
        Expr::Sub(parts) => {
            for part in parts {
                match part {
                    SubPart::Ref(id) => {
                        out.push((id.as_str(), EdgeKind::Sub, path_text(steps), None))
                    }
                    SubPart::Att(id, att) => {
                        out.push((id.as_str(), EdgeKind::Sub, path_text(steps), Some(att)))
                    }
                    SubPart::Lit(_) | SubPart::Pseudo(_) => {}
                }
            }
        }
        Expr::List(items) => {
            for (i, item) in items.iter().enumerate() {
                steps.push(Step::Index(i));
                walk(item, steps, out);
                steps.pop();
            }
        }
        Expr::Map(entries) => {
            for (k, v) in entries {
                steps.push(Step::Key(k));
                walk(v, steps, out);
                steps.pop();
            }
        }
        Expr::Select(_, inner) | Expr::FindInMap(_, inner, _) | Expr::Join(_, inner) => {
            walk(inner, steps, out)
        }
        Expr::If(_, then, otherwise) => {
            walk(then, steps, out);
            walk(otherwise, steps, out);
        }
        Expr::Null
        | Expr::Bool(_)
        | Expr::Int(_)
        | Expr::Str(_)
        | Expr::Pseudo(_)
        | Expr::GetAzs
        | Expr::Json(_) => {}
    }
}

/// One edge per (resource, target, kind), in template order; the hover text lists where.
fn references(t: &Template) -> Vec<Edge> {
    let mut edges: Vec<Edge> = Vec::new();
    for (id, r) in t.resources() {
        let mut found = Vec::new();
        let mut steps = vec![Step::Key("Properties")];
        for (k, v) in &r.properties {
            steps.push(Step::Key(k));
            walk(v, &mut steps, &mut found);
            steps.pop();
        }
        for d in &r.depends_on {
            found.push((
                d.as_str(),
                EdgeKind::DependsOn,
                ".DependsOn".to_owned(),
                None,
            ));
        }
        let first = edges.len();
        for (to, kind, path, att) in found {
            let place = format!("{id}{path}");
            if let Some(e) = edges[first..]
                .iter_mut()
                .find(|e| e.to == to && e.kind == kind)
            {
                e.detail.push_str(", ");
                e.detail.push_str(&place);
                continue;
            }
            let label = match (kind, att) {
                // A DNS record's alias: the edge says which name points there.
                (EdgeKind::GetAtt, Some("DNSName" | "RegionalDomainName"))
                    if r.kind == T::RecordSet =>
                {
                    prop_str(r, "Name")
                        .map_or("alias", |n| n.trim_end_matches('.'))
                        .to_owned()
                }
                (EdgeKind::Ref, _) => "Ref".to_owned(),
                (EdgeKind::GetAtt, Some(a)) => format!("GetAtt {a}"),
                (EdgeKind::Sub, Some(a)) => format!("Sub {a}"),
                (EdgeKind::Sub, None) => "Sub".to_owned(),
                _ => "DependsOn".to_owned(),
            };
            edges.push(Edge {
                from: id.as_str().to_owned(),
                to: to.to_owned(),
                family: EdgeFamily::Reference,
                kind,
                detail: format!("{label}: {place}"),
                label,
                port: None,
                protocol: None,
                points: Vec::new(),
                label_at: None,
            });
        }
    }
    for e in &mut edges {
        e.detail = clip(&e.detail, 400);
    }
    edges
}

fn traffic_edge(
    from: &str,
    to: &str,
    port: Option<i64>,
    protocol: Option<&str>,
    label: String,
    detail: String,
) -> Edge {
    Edge {
        from: from.to_owned(),
        to: to.to_owned(),
        family: EdgeFamily::Traffic,
        kind: EdgeKind::Traffic,
        label,
        detail,
        port: port.and_then(|p| u32::try_from(p).ok()),
        protocol: protocol.map(str::to_owned),
        points: Vec::new(),
        label_at: None,
    }
}

fn push_unique(edges: &mut Vec<Edge>, e: Edge) {
    if !edges
        .iter()
        .any(|o| o.from == e.from && o.to == e.to && o.label == e.label)
    {
        edges.push(e);
    }
}

/// Traffic: the internet or the API to the load balancer, on to target groups and services;
/// services out through NAT and internet gateways, to the registry, to the database.
fn traffic(ix: &Index, works: &[Work]) -> Vec<Edge> {
    let mut edges = Vec::new();
    let listeners: Vec<(&str, &Resource)> = ix.of_kind(T::Listener).collect();
    let listener_of = |l: &str| listeners.iter().find(|(id, _)| *id == l).map(|(_, r)| *r);

    for (lb, r) in ix.of_kind(T::LoadBalancer) {
        let lb_groups = Index::groups_in(prop(r, "SecurityGroups"));
        let internet = prop_str(r, "Scheme") != Some("internal");
        for (lid, l) in listeners
            .iter()
            .filter(|(_, l)| prop_ref(l, "LoadBalancerArn") == Some(lb))
        {
            let port = int(prop(l, "Port")).unwrap_or(0);
            let protocol = prop_str(l, "Protocol").unwrap_or("HTTP");
            let actions = prop(l, "DefaultActions")
                .and_then(Expr::as_list)
                .unwrap_or(&[]);
            let redirect = actions
                .iter()
                .any(|a| a.get("Type").and_then(Expr::as_str) == Some("redirect"));
            let cidrs = ix.cidrs_in(&lb_groups, port);
            if internet && !cidrs.is_empty() {
                let label = if redirect {
                    format!("{protocol} :{port} (redirect)")
                } else {
                    format!("{protocol} :{port}")
                };
                let detail = format!("{lid} on {protocol} {port}, open to {}", cidrs.join(", "));
                // A web ACL on the load balancer sits on the internet's way in: requests pass
                // it first (the ACL made here, else its association with one passed in).
                match web_acl_of(ix, lb) {
                    Some(acl) => {
                        push_unique(
                            &mut edges,
                            traffic_edge(
                                INTERNET,
                                acl,
                                Some(port),
                                Some(protocol),
                                label.clone(),
                                format!("{detail}; inspected by {acl} first"),
                            ),
                        );
                        push_unique(
                            &mut edges,
                            traffic_edge(
                                acl,
                                lb,
                                Some(port),
                                Some(protocol),
                                format!("{label} allowed"),
                                format!("requests {acl} allows go on to {lid}"),
                            ),
                        );
                    }
                    None => push_unique(
                        &mut edges,
                        traffic_edge(INTERNET, lb, Some(port), Some(protocol), label, detail),
                    ),
                }
            }
            for a in actions {
                if let Some(tg) = a.get("TargetGroupArn").and_then(target) {
                    let label = format!("{protocol} :{port} default");
                    let detail = format!("{lid} forwards everything no rule matches to {tg}");
                    push_unique(
                        &mut edges,
                        traffic_edge(lb, tg, Some(port), Some(protocol), label, detail),
                    );
                }
            }
            for (rid, rule) in ix
                .of_kind(T::ListenerRule)
                .filter(|(_, x)| prop_ref(x, "ListenerArn") == Some(*lid))
            {
                let mut matched = host_headers(rule);
                matched.extend(path_patterns(rule));
                let paths = matched.join(" ");
                for a in prop(rule, "Actions").and_then(Expr::as_list).unwrap_or(&[]) {
                    if let Some(tg) = a.get("TargetGroupArn").and_then(target) {
                        let label = format!("{protocol} :{port} {paths}");
                        let detail = format!("{rid} forwards {paths} to {tg}");
                        push_unique(
                            &mut edges,
                            traffic_edge(lb, tg, Some(port), Some(protocol), label, detail),
                        );
                    }
                }
            }
        }
    }

    // API Gateway -> VPC link -> load balancer (through the listener the integration names).
    for (iid, i) in ix.of_kind(T::ApiIntegration) {
        let (Some(api), Some(link)) = (prop_ref(i, "ApiId"), prop_ref(i, "ConnectionId")) else {
            continue;
        };
        push_unique(
            &mut edges,
            traffic_edge(
                INTERNET,
                api,
                Some(443),
                Some("HTTPS"),
                "HTTPS :443".into(),
                format!("{api} endpoint"),
            ),
        );
        push_unique(
            &mut edges,
            traffic_edge(
                api,
                link,
                None,
                None,
                "VPC link".into(),
                format!("{iid} proxies through {link}"),
            ),
        );
        let Some(lid) = prop_ref(i, "IntegrationUri") else {
            continue;
        };
        let Some(l) = listener_of(lid) else { continue };
        let Some(lb) = prop_ref(l, "LoadBalancerArn") else {
            continue;
        };
        let port = int(prop(l, "Port")).unwrap_or(0);
        let protocol = prop_str(l, "Protocol").unwrap_or("HTTP");
        let link_groups = ix
            .get(link)
            .map(|r| Index::groups_in(prop(r, "SecurityGroupIds")))
            .unwrap_or_default();
        let lb_groups = ix
            .get(lb)
            .map(|r| Index::groups_in(prop(r, "SecurityGroups")))
            .unwrap_or_default();
        let note = if ix.sg_allows(&link_groups, &lb_groups, port) {
            ""
        } else {
            " (not allowed by security groups)"
        };
        push_unique(
            &mut edges,
            traffic_edge(
                link,
                lb,
                Some(port),
                Some(protocol),
                format!("{protocol} :{port}{note}"),
                format!("{link} to {lid}"),
            ),
        );
    }

    let databases: Vec<(&str, Vec<&str>, i64)> = ix
        .of_kind(T::DbInstance)
        .map(|(id, r)| {
            let port = match prop_str(r, "Engine") {
                Some(e) if e.contains("mysql") || e.contains("maria") => 3306,
                Some(e) if e.contains("sqlserver") => 1433,
                Some(e) if e.contains("oracle") => 1521,
                _ => 5432,
            };
            (
                id,
                Index::groups_in(prop(r, "VPCSecurityGroups")),
                int(prop(r, "Port")).unwrap_or(port),
            )
        })
        .collect();

    // Services, then jobs (whose task definition stands for them).
    for w in works {
        let sid = w.node;
        let net = w.net;
        let groups = w.groups();
        let balancers = ix
            .get(sid)
            .filter(|r| r.kind == T::Service)
            .and_then(|s| prop(s, "LoadBalancers"))
            .and_then(Expr::as_list)
            .unwrap_or(&[]);
        // Target groups -> service, on the container port, if the load balancer may reach it.
        for lb in balancers {
            let Some(tg) = lb.get("TargetGroupArn").and_then(target) else {
                continue;
            };
            let port = int(lb.get("ContainerPort")).unwrap_or(0);
            let protocol = ix
                .get(tg)
                .and_then(|r| prop_str(r, "Protocol"))
                .unwrap_or("HTTP");
            let lb_groups: Vec<&str> = ix
                .of_kind(T::LoadBalancer)
                .flat_map(|(_, r)| Index::groups_in(prop(r, "SecurityGroups")))
                .collect();
            let note = if ix.sg_allows(&lb_groups, &groups, port) {
                ""
            } else {
                " (not allowed by security groups)"
            };
            let name = lb.get("ContainerName").and_then(Expr::as_str).unwrap_or("");
            push_unique(
                &mut edges,
                traffic_edge(
                    tg,
                    sid,
                    Some(port),
                    Some(protocol),
                    format!("{protocol} :{port}{note}"),
                    format!("{tg} sends to container {name} on port {port}"),
                ),
            );
        }
        // Out to the world through each subnet's default route.
        let world = ix.egress_to_world(&groups);
        if !world.is_empty() {
            let ports: Vec<String> = world
                .iter()
                .map(|p| {
                    if *p == 0 {
                        "all".to_owned()
                    } else {
                        format!("{} :{p}", protocol_for(*p))
                    }
                })
                .collect();
            let label = ports.join(", ");
            let first = world.first().copied().filter(|p| *p > 0);
            let protocol = first.map(protocol_for);
            let subnets = targets(net.and_then(|a| a.get("Subnets")));
            let mut gateways: Vec<&str> = Vec::new();
            for subnet in &subnets {
                if let Some(gw) = ix.default_route_of(subnet) {
                    if !gateways.contains(&gw) {
                        gateways.push(gw);
                    }
                }
            }
            for gw in gateways {
                let detail = format!("{sid} reaches 0.0.0.0/0 through {gw}");
                push_unique(
                    &mut edges,
                    traffic_edge(sid, gw, first, protocol, label.clone(), detail),
                );
            }
            push_unique(
                &mut edges,
                traffic_edge(
                    sid,
                    IMAGE_REGISTRY,
                    first,
                    protocol,
                    format!("image pull {label}"),
                    format!("{sid} pulls its image"),
                ),
            );
        }
        for (db, db_groups, port) in &databases {
            if ix.sg_allows(&groups, db_groups, *port) {
                push_unique(
                    &mut edges,
                    traffic_edge(
                        sid,
                        db,
                        Some(*port),
                        Some("TCP"),
                        format!("TCP :{port}"),
                        format!("{sid} to {db}: egress and ingress rules allow port {port}"),
                    ),
                );
            }
        }
    }

    workload_traffic(ix, works, &mut edges);

    // NAT gateways leave through their own subnet's internet gateway; gateways reach the world.
    for (nat, r) in ix.of_kind(T::NatGateway) {
        if let Some(gw) = prop_ref(r, "SubnetId").and_then(|s| ix.default_route_of(s)) {
            push_unique(
                &mut edges,
                traffic_edge(
                    nat,
                    gw,
                    None,
                    None,
                    "0.0.0.0/0".into(),
                    format!("{nat} routes out through {gw}"),
                ),
            );
        }
    }
    for (igw, _) in ix.of_kind(T::InternetGateway) {
        push_unique(
            &mut edges,
            traffic_edge(
                igw,
                INTERNET,
                None,
                None,
                "0.0.0.0/0".into(),
                format!("{igw} to the internet"),
            ),
        );
    }
    edges
}

/// Between workloads: calls through Service Connect (where the caller's egress and the
/// callee's ingress allow a port the callee publishes), messages (a task role that may send to
/// a queue, and one that may receive from it), scheduled runs, and dead letters.
fn workload_traffic<'a>(ix: &Index<'a>, works: &[Work<'a>], edges: &mut Vec<Edge>) {
    fn namespace<'a>(w: &Work<'a>) -> Option<&'a str> {
        w.connect.and_then(|c| c.get("Namespace")).and_then(target)
    }
    for caller in works {
        let from_groups = caller.groups();
        for callee in works.iter().filter(|c| c.node != caller.node) {
            let to_groups = callee.groups();
            for (port, name) in client_aliases(callee.connect) {
                if from_groups.is_empty() || !ix.sg_allows(&from_groups, &to_groups, port) {
                    continue;
                }
                let (label, protocol, how) = match namespace(callee) {
                    Some(ns) if namespace(caller) == Some(ns) => (
                        format!("Service Connect :{port}"),
                        protocol_for(port),
                        format!("through Service Connect ({ns})"),
                    ),
                    _ => (
                        format!("{} :{port} (no Service Connect)", protocol_for(port)),
                        protocol_for(port),
                        "outside Service Connect: the name does not resolve".to_owned(),
                    ),
                };
                push_unique(
                    edges,
                    traffic_edge(
                        caller.node,
                        callee.node,
                        Some(port),
                        Some(protocol),
                        label,
                        format!(
                            "{} calls {name}:{port} {how}; egress and ingress rules allow port {port}",
                            caller.node
                        ),
                    ),
                );
            }
        }
    }
    for w in works {
        let Some((role, r)) = w.role else { continue };
        for q in ix.queues_granted(r, "sqs:SendMessage") {
            push_unique(
                edges,
                traffic_edge(
                    w.node,
                    q,
                    None,
                    None,
                    "sqs:SendMessage".into(),
                    format!("{role} may send messages to {q}"),
                ),
            );
        }
        for q in ix.queues_granted(r, "sqs:ReceiveMessage") {
            push_unique(
                edges,
                traffic_edge(
                    q,
                    w.node,
                    None,
                    None,
                    "sqs:ReceiveMessage".into(),
                    format!("{} drains {q}: {role} may receive its messages", w.node),
                ),
            );
        }
    }
    for (sid, sch) in ix.of_kind(T::Schedule) {
        let ecs = prop(sch, "Target").and_then(|t| t.get("EcsParameters"));
        if let Some(td) = ecs
            .and_then(|e| e.get("TaskDefinitionArn"))
            .and_then(target)
            .filter(|td| ix.is(td, T::TaskDefinition))
        {
            let when = prop_str(sch, "ScheduleExpression").unwrap_or("schedule");
            let zone = prop_str(sch, "ScheduleExpressionTimezone")
                .map(|z| format!(" ({z})"))
                .unwrap_or_default();
            let count = int(ecs.and_then(|e| e.get("TaskCount"))).unwrap_or(1);
            push_unique(
                edges,
                traffic_edge(
                    sid,
                    td,
                    None,
                    None,
                    when.to_owned(),
                    format!("{sid} runs {count} task of {td} at {when}{zone}"),
                ),
            );
        }
        if let Some(dlq) = schedule_dead_letters(sch) {
            let retries = prop(sch, "Target")
                .and_then(|t| t.get("RetryPolicy"))
                .and_then(|p| int(p.get("MaximumRetryAttempts")));
            let label = match retries {
                Some(n) => format!("dead letters after {n} retries"),
                None => "dead letters".to_owned(),
            };
            push_unique(
                edges,
                traffic_edge(
                    sid,
                    dlq,
                    None,
                    None,
                    label,
                    format!("{sid} sends the runs it could not start to {dlq}"),
                ),
            );
        }
    }
    for (qid, q) in ix.of_kind(T::Queue) {
        let redrive = prop(q, "RedrivePolicy");
        let Some(dlq) = redrive
            .and_then(|p| p.get("deadLetterTargetArn"))
            .and_then(target)
        else {
            continue;
        };
        let label = match int(redrive.and_then(|p| p.get("maxReceiveCount"))) {
            Some(n) => format!("dead letters after {n} receives"),
            None => "dead letters".to_owned(),
        };
        push_unique(
            edges,
            traffic_edge(
                qid,
                dlq,
                None,
                None,
                label,
                format!("{qid} moves messages received too often to {dlq}"),
            ),
        );
    }
}
