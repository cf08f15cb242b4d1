//! The stack as a graph and a picture, computed from the built template (never the config), so
//! the diagram cannot disagree with the JSON.
//!
//! [`topology`] reads every resource and parameter of a [`Template`] into a [`Node`], the VPC,
//! its availability zones and subnets into nested [`Group`]s, and two families of [`Edge`]:
//! references (`Ref`, `Fn::GetAtt`, `${}` in `Fn::Sub`, `DependsOn`) and traffic (who talks to
//! whom on which port, read from listeners, target groups, security groups and routes; calls
//! through Service Connect from its ingress/egress pairs; messages from the queue permissions
//! of task roles; scheduled runs from schedules). ECS services and task definitions carry their
//! [`Workload`] (web, backend, worker, scheduled job), read from the same template. It then
//! lays everything out on a grid and routes the edges through the gaps, so every export draws
//! the same picture.
//!
//! ```
//! # fn main() -> Result<(), Vec<fargate_stack::FieldError>> {
//! let config = fargate_stack::Config::preset("seed").unwrap_or_default();
//! let template = fargate_stack::generate(&config)?;
//! let topology = fargate_stack::topology::topology(&template);
//! assert!(topology.nodes.iter().any(|n| n.id == "LoadBalancer"));
//! assert!(topology.to_svg().contains(r#"data-id="LoadBalancer""#));
//! # Ok(())
//! # }
//! ```

mod architecture;
mod dot;
mod escape;
mod graph;
mod layout;
mod mermaid;
mod svg;
mod svg_architecture;

use serde::Serialize;

use crate::template::Template;

pub use escape::{escape_dot, escape_mermaid, escape_xml};

/// The id of the node standing for the public internet (not a valid logical id, so it cannot
/// clash with one).
pub const INTERNET: &str = "@internet";
/// The id of the node standing for the registries the tasks pull their images from.
pub const IMAGE_REGISTRY: &str = "@registry";

/// Which picture of the template: both are read from the same template, so they agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum View {
    /// One box per part of the architecture (internet, load balancer, services, data, NAT,
    /// registry); plumbing is folded into the box it serves (see [`architecture`]).
    #[default]
    Architecture,
    /// One box per resource and parameter (see [`topology`]).
    All,
}

impl View {
    /// The camelCase name, as serialised and as the CLI spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Architecture => "architecture",
            View::All => "all",
        }
    }

    /// The view named `name` (`architecture` or `all`).
    pub fn from_name(name: &str) -> Option<View> {
        match name {
            "architecture" => Some(View::Architecture),
            "all" => Some(View::All),
            _ => None,
        }
    }
}

/// The whole picture: what is there, how it connects, and where it is drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Topology {
    /// Which view this is.
    pub view: View,
    /// The template's description, used as the picture's title.
    pub title: String,
    /// Width of the drawing.
    pub width: i32,
    /// Height of the drawing.
    pub height: i32,
    /// Boxes that contain others: VPC, availability zones, subnets, regional services,
    /// parameters. Parents come before their children.
    pub groups: Vec<Group>,
    /// Every resource and parameter of the template, plus the outside world.
    pub nodes: Vec<Node>,
    /// References first (in template order), then traffic.
    pub edges: Vec<Edge>,
    /// Where the legend is drawn (the architecture view has one, below everything else).
    pub legend: Option<Rect>,
}

/// An axis-aligned rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Rect {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub width: i32,
    /// Height.
    pub height: i32,
}

impl Rect {
    /// The right edge.
    pub fn right(&self) -> i32 {
        self.x + self.width
    }

    /// The bottom edge.
    pub fn bottom(&self) -> i32 {
        self.y + self.height
    }

    /// The centre.
    pub fn center(&self) -> Point {
        Point {
            x: self.x + self.width / 2,
            y: self.y + self.height / 2,
        }
    }

    /// Whether the interiors of the two rectangles overlap (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    /// Whether `other` lies inside this rectangle (edges may touch).
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }
}

/// A point of an edge's route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Point {
    /// Horizontal position.
    pub x: i32,
    /// Vertical position.
    pub y: i32,
}

/// What a group stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum GroupKind {
    /// The VPC (a resource, or a parameter in `existing` network mode).
    Vpc,
    /// One availability zone, from the subnets' `Fn::Select` index.
    AvailabilityZone,
    /// One subnet (or, in `existing` mode, a subnet-list parameter).
    Subnet,
    /// Regional services outside the VPC: cluster, roles, logs, repositories, buckets.
    Regional,
    /// Template parameters that do not describe the network.
    Parameters,
}

impl GroupKind {
    /// The camelCase name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupKind::Vpc => "vpc",
            GroupKind::AvailabilityZone => "availabilityZone",
            GroupKind::Subnet => "subnet",
            GroupKind::Regional => "regional",
            GroupKind::Parameters => "parameters",
        }
    }
}

/// A box that contains nodes and other groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Group {
    /// Unique among groups, e.g. `group:vpc`, `group:az1`, `group:PublicSubnet1`.
    pub id: String,
    /// What it stands for.
    pub kind: GroupKind,
    /// The text drawn in its top-left corner.
    pub label: String,
    /// The resource or parameter it stands for, if any (a node with this id lies inside it).
    pub resource: Option<String>,
    /// The enclosing group.
    pub parent: Option<String>,
    /// Where it is drawn.
    pub rect: Rect,
}

/// What a node is, in a word (also the CSS class suffix in the SVG).
#[allow(missing_docs)] // each variant is named after what it stands for
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum NodeKind {
    Internet,
    ImageRegistry,
    Parameter,
    Vpc,
    InternetGateway,
    GatewayAttachment,
    Subnet,
    RouteTable,
    Route,
    RouteTableAssociation,
    ElasticIp,
    NatGateway,
    SecurityGroup,
    SecurityGroupRule,
    LoadBalancer,
    Listener,
    ListenerRule,
    TargetGroup,
    LogGroup,
    Cluster,
    CapacityProviders,
    TaskDefinition,
    Service,
    Role,
    Repository,
    ScalableTarget,
    ScalingPolicy,
    Bucket,
    BucketPolicy,
    DbSubnetGroup,
    Database,
    HttpApi,
    VpcLink,
    ApiIntegration,
    ApiRoute,
    ApiStage,
    Queue,
    Schedule,
    Namespace,
    Certificate,
    DnsRecord,
    ApiDomain,
    ApiMapping,
    WebAcl,
    WebAclAssociation,
    EncryptionKey,
    Topic,
    Subscription,
    Alarm,
    Dashboard,
}

impl NodeKind {
    /// The camelCase name, as serialised.
    pub fn as_str(self) -> &'static str {
        use NodeKind::*;
        match self {
            Internet => "internet",
            ImageRegistry => "imageRegistry",
            Parameter => "parameter",
            Vpc => "vpc",
            InternetGateway => "internetGateway",
            GatewayAttachment => "gatewayAttachment",
            Subnet => "subnet",
            RouteTable => "routeTable",
            Route => "route",
            RouteTableAssociation => "routeTableAssociation",
            ElasticIp => "elasticIp",
            NatGateway => "natGateway",
            SecurityGroup => "securityGroup",
            SecurityGroupRule => "securityGroupRule",
            LoadBalancer => "loadBalancer",
            Listener => "listener",
            ListenerRule => "listenerRule",
            TargetGroup => "targetGroup",
            LogGroup => "logGroup",
            Cluster => "cluster",
            CapacityProviders => "capacityProviders",
            TaskDefinition => "taskDefinition",
            Service => "service",
            Role => "role",
            Repository => "repository",
            ScalableTarget => "scalableTarget",
            ScalingPolicy => "scalingPolicy",
            Bucket => "bucket",
            BucketPolicy => "bucketPolicy",
            DbSubnetGroup => "dbSubnetGroup",
            Database => "database",
            HttpApi => "httpApi",
            VpcLink => "vpcLink",
            ApiIntegration => "apiIntegration",
            ApiRoute => "apiRoute",
            ApiStage => "apiStage",
            Queue => "queue",
            Schedule => "schedule",
            Namespace => "namespace",
            Certificate => "certificate",
            DnsRecord => "dnsRecord",
            ApiDomain => "apiDomain",
            ApiMapping => "apiMapping",
            WebAcl => "webAcl",
            WebAclAssociation => "webAclAssociation",
            EncryptionKey => "encryptionKey",
            Topic => "topic",
            Subscription => "subscription",
            Alarm => "alarm",
            Dashboard => "dashboard",
        }
    }
}

/// What an ECS workload does, read from the template: set on a service's node and its task
/// definition's, and on the task definition of a job (which has no service).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum Workload {
    /// A service behind the load balancer (it has `LoadBalancers`).
    Web,
    /// An internal service without a load balancer, reached through Service Connect.
    Backend,
    /// A service whose task role may receive messages from a queue of the stack.
    Worker,
    /// A task definition an EventBridge Scheduler schedule runs, with no ECS service.
    Job,
}

impl Workload {
    /// The camelCase name, as serialised (also the CSS class suffix in the SVG).
    pub fn as_str(self) -> &'static str {
        match self {
            Workload::Web => "web",
            Workload::Backend => "backend",
            Workload::Worker => "worker",
            Workload::Job => "job",
        }
    }

    /// How the picture names it.
    pub fn caption(self) -> &'static str {
        match self {
            Workload::Web => "web service",
            Workload::Backend => "backend service",
            Workload::Worker => "worker",
            Workload::Job => "scheduled job",
        }
    }
}

/// A resource, a parameter, or the outside world.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Node {
    /// The logical id, or [`INTERNET`] / [`IMAGE_REGISTRY`].
    pub id: String,
    /// The CloudFormation type (`AWS::ECS::Service`), the parameter type, or `None` for the
    /// outside world.
    pub resource_type: Option<String>,
    /// What it is, in a word.
    pub kind: NodeKind,
    /// A human label.
    pub label: String,
    /// A second line: CIDR, port, path, name, whichever says most about it.
    pub detail: String,
    /// For ECS services and task definitions: what the workload does.
    pub workload: Option<Workload>,
    /// The innermost group it is drawn in.
    pub group: Option<String>,
    /// Where its box is drawn.
    pub rect: Rect,
    /// Its presence inside subnets, for resources that live in several (load balancer nodes,
    /// task network interfaces, VPC link and database interfaces). Same id, smaller boxes.
    pub placements: Vec<Placement>,
    /// Architecture view: the logical ids folded into this box (its task definition, roles,
    /// log group, target group, security groups and their rules, routes...), in template
    /// order. Empty in the all-resources view, where every resource is its own node.
    pub members: Vec<String>,
}

/// A resource's presence in one subnet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Placement {
    /// The subnet group it lies in.
    pub group: String,
    /// What is there, e.g. `ALB node`.
    pub label: String,
    /// Where it is drawn.
    pub rect: Rect,
}

/// The two families of edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum EdgeFamily {
    /// One part of the template names another.
    Reference,
    /// Packets flow this way at run time.
    Traffic,
}

/// How an edge came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum EdgeKind {
    /// `{"Ref": ...}`
    Ref,
    /// `{"Fn::GetAtt": ...}`
    GetAtt,
    /// `${...}` inside `Fn::Sub`.
    Sub,
    /// `DependsOn`
    DependsOn,
    /// Network traffic.
    Traffic,
}

impl EdgeKind {
    /// The camelCase name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Ref => "ref",
            EdgeKind::GetAtt => "getAtt",
            EdgeKind::Sub => "sub",
            EdgeKind::DependsOn => "dependsOn",
            EdgeKind::Traffic => "traffic",
        }
    }
}

/// A directed connection between two nodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Edge {
    /// The node it starts at (for references: the one that refers).
    pub from: String,
    /// The node it ends at.
    pub to: String,
    /// Reference or traffic.
    pub family: EdgeFamily,
    /// How it came about.
    pub kind: EdgeKind,
    /// Short text: `GetAtt Arn`, `HTTP :80 /api/*`.
    pub label: String,
    /// Longer text for hover: where the reference is written, or which rules allow traffic.
    pub detail: String,
    /// Traffic: the destination port.
    pub port: Option<u32>,
    /// Traffic: the protocol (`HTTP`, `HTTPS`, `TCP`).
    pub protocol: Option<String>,
    /// The route, from the edge of `from`'s box to the edge of `to`'s box.
    pub points: Vec<Point>,
    /// Where the label is drawn (traffic edges only).
    pub label_at: Option<Point>,
}

/// Reads the template into a laid-out topology with one node per resource and parameter (the
/// "All resources" view). Pure and total: any template gives a picture.
pub fn topology(template: &Template) -> Topology {
    let graph = graph::read(template);
    layout::lay_out(template.description.clone(), graph, View::All)
}

/// Reads the template into the architecture view: the internet, (WAF,) the load balancer or
/// API, one box per service or job, data, queues, NAT gateways, the image registry and the
/// cluster, inside the same VPC, zone and subnet bands as [`topology`]. Every other resource
/// and parameter is folded into exactly one box and listed in its [`Node::members`], so every
/// logical id of the template is still in the picture. Pure and total.
///
/// ```
/// # fn main() -> Result<(), Vec<fargate_stack::FieldError>> {
/// let config = fargate_stack::Config::preset("seed").unwrap_or_default();
/// let template = fargate_stack::generate(&config)?;
/// let picture = fargate_stack::topology::architecture(&template);
/// // A box per service, with its task definition folded into it.
/// let service = picture.node("FlaskService");
/// assert!(service.is_some_and(|s| s.members.iter().any(|id| id == "FlaskTaskDefinition")));
/// assert!(picture.nodes.len() <= 20);
/// # Ok(())
/// # }
/// ```
pub fn architecture(template: &Template) -> Topology {
    let graph = architecture::fold(template, graph::read(template));
    layout::lay_out(template.description.clone(), graph, View::Architecture)
}

/// The picture of `template` in `view`.
pub fn view(template: &Template, view: View) -> Topology {
    match view {
        View::Architecture => architecture(template),
        View::All => topology(template),
    }
}

impl Topology {
    /// A self-contained SVG: no external references, a `<title>` on everything for hover
    /// text, `data-id="LogicalId"` on each node's `<g>`.
    pub fn to_svg(&self) -> String {
        svg::render(self)
    }

    /// Graphviz DOT, with the groups as nested clusters.
    pub fn to_dot(&self) -> String {
        dot::render(self)
    }

    /// A Mermaid flowchart, with the groups as nested subgraphs.
    pub fn to_mermaid(&self) -> String {
        mermaid::render(self)
    }

    /// Where an edge's label is drawn, as the SVG draws it (`None`: no label, e.g. a reference,
    /// or an architecture-view label that found no free spot and lives in the hover text).
    pub fn label_rect(&self, e: &Edge) -> Option<Rect> {
        if e.family != EdgeFamily::Traffic {
            return None;
        }
        let at = e.label_at?;
        let (w, h) = layout::label_size(self.view, &e.label);
        Some(Rect {
            x: at.x - w / 2,
            y: at.y - h / 2,
            width: w,
            height: h,
        })
    }

    /// The node with this id, or the node a logical id is folded into (architecture view).
    pub fn owner(&self, id: &str) -> Option<&Node> {
        self.node(id).or_else(|| {
            self.nodes
                .iter()
                .find(|n| n.members.iter().any(|m| m == id))
        })
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The group with this id.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The nodes directly inside the group `parent` (`None`: outside every group).
    fn nodes_in<'a>(&'a self, parent: Option<&'a str>) -> impl Iterator<Item = &'a Node> {
        self.nodes
            .iter()
            .filter(move |n| n.group.as_deref() == parent)
    }

    /// The groups directly inside `parent`, with their index in `groups` (the exports name
    /// clusters by it, so user text never has to be an identifier).
    fn groups_in<'a>(
        &'a self,
        parent: Option<&'a str>,
    ) -> impl Iterator<Item = (usize, &'a Group)> {
        self.groups
            .iter()
            .enumerate()
            .filter(move |(_, g)| g.parent.as_deref() == parent)
    }
}
