//! The CloudFormation resource types the generator emits, and how each one takes tags.

/// A resource type. The enum is closed so a typo in a type name cannot reach a template.
#[allow(missing_docs)] // each variant is named after its CloudFormation type
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResourceType {
    Vpc,
    InternetGateway,
    VpcGatewayAttachment,
    Subnet,
    RouteTable,
    Route,
    SubnetRouteTableAssociation,
    Eip,
    NatGateway,
    SecurityGroup,
    SecurityGroupIngress,
    SecurityGroupEgress,
    LoadBalancer,
    Listener,
    ListenerRule,
    TargetGroup,
    LogGroup,
    Cluster,
    ClusterCapacityProviderAssociations,
    TaskDefinition,
    Service,
    Role,
    Repository,
    ScalableTarget,
    ScalingPolicy,
    Bucket,
    BucketPolicy,
    DbSubnetGroup,
    DbInstance,
    HttpApi,
    VpcLink,
    ApiIntegration,
    ApiRoute,
    ApiStage,
    Queue,
    Schedule,
    HttpNamespace,
    Certificate,
    RecordSet,
    ApiDomainName,
    ApiMapping,
    WebAcl,
    WebAclAssociation,
    KmsKey,
    Topic,
    Subscription,
    Alarm,
    Dashboard,
}

/// How a resource type accepts tags, if at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagStyle {
    /// Not taggable through CloudFormation.
    None,
    /// `Tags: [{Key, Value}]`
    List,
    /// `Tags: {key: value}` (API Gateway v2)
    Map,
}

impl ResourceType {
    /// The CloudFormation type name.
    pub fn name(self) -> &'static str {
        use ResourceType::*;
        match self {
            Vpc => "AWS::EC2::VPC",
            InternetGateway => "AWS::EC2::InternetGateway",
            VpcGatewayAttachment => "AWS::EC2::VPCGatewayAttachment",
            Subnet => "AWS::EC2::Subnet",
            RouteTable => "AWS::EC2::RouteTable",
            Route => "AWS::EC2::Route",
            SubnetRouteTableAssociation => "AWS::EC2::SubnetRouteTableAssociation",
            Eip => "AWS::EC2::EIP",
            NatGateway => "AWS::EC2::NatGateway",
            SecurityGroup => "AWS::EC2::SecurityGroup",
            SecurityGroupIngress => "AWS::EC2::SecurityGroupIngress",
            SecurityGroupEgress => "AWS::EC2::SecurityGroupEgress",
            LoadBalancer => "AWS::ElasticLoadBalancingV2::LoadBalancer",
            Listener => "AWS::ElasticLoadBalancingV2::Listener",
            ListenerRule => "AWS::ElasticLoadBalancingV2::ListenerRule",
            TargetGroup => "AWS::ElasticLoadBalancingV2::TargetGroup",
            LogGroup => "AWS::Logs::LogGroup",
            Cluster => "AWS::ECS::Cluster",
            ClusterCapacityProviderAssociations => "AWS::ECS::ClusterCapacityProviderAssociations",
            TaskDefinition => "AWS::ECS::TaskDefinition",
            Service => "AWS::ECS::Service",
            Role => "AWS::IAM::Role",
            Repository => "AWS::ECR::Repository",
            ScalableTarget => "AWS::ApplicationAutoScaling::ScalableTarget",
            ScalingPolicy => "AWS::ApplicationAutoScaling::ScalingPolicy",
            Bucket => "AWS::S3::Bucket",
            BucketPolicy => "AWS::S3::BucketPolicy",
            DbSubnetGroup => "AWS::RDS::DBSubnetGroup",
            DbInstance => "AWS::RDS::DBInstance",
            HttpApi => "AWS::ApiGatewayV2::Api",
            VpcLink => "AWS::ApiGatewayV2::VpcLink",
            ApiIntegration => "AWS::ApiGatewayV2::Integration",
            ApiRoute => "AWS::ApiGatewayV2::Route",
            ApiStage => "AWS::ApiGatewayV2::Stage",
            Queue => "AWS::SQS::Queue",
            Schedule => "AWS::Scheduler::Schedule",
            HttpNamespace => "AWS::ServiceDiscovery::HttpNamespace",
            Certificate => "AWS::CertificateManager::Certificate",
            RecordSet => "AWS::Route53::RecordSet",
            ApiDomainName => "AWS::ApiGatewayV2::DomainName",
            ApiMapping => "AWS::ApiGatewayV2::ApiMapping",
            WebAcl => "AWS::WAFv2::WebACL",
            WebAclAssociation => "AWS::WAFv2::WebACLAssociation",
            KmsKey => "AWS::KMS::Key",
            Topic => "AWS::SNS::Topic",
            Subscription => "AWS::SNS::Subscription",
            Alarm => "AWS::CloudWatch::Alarm",
            Dashboard => "AWS::CloudWatch::Dashboard",
        }
    }

    /// How this type takes tags.
    pub fn tag_style(self) -> TagStyle {
        use ResourceType::*;
        match self {
            Vpc | InternetGateway | Subnet | RouteTable | Eip | NatGateway | SecurityGroup
            | LoadBalancer | TargetGroup | LogGroup | Cluster | TaskDefinition | Service | Role
            | Repository | Bucket | DbSubnetGroup | DbInstance | Queue | HttpNamespace
            | Certificate | WebAcl | KmsKey | Topic | Alarm => TagStyle::List,
            HttpApi | VpcLink | ApiStage | ApiDomainName => TagStyle::Map,
            VpcGatewayAttachment
            | Route
            | SubnetRouteTableAssociation
            | SecurityGroupIngress
            | SecurityGroupEgress
            | Listener
            | ListenerRule
            | ClusterCapacityProviderAssociations
            | ScalableTarget
            | ScalingPolicy
            | BucketPolicy
            | ApiIntegration
            | ApiRoute
            | Schedule
            | RecordSet
            | ApiMapping
            | WebAclAssociation
            | Subscription
            | Dashboard => TagStyle::None,
        }
    }

    /// Whether a `Name` tag helps here (the EC2 console shows it as the resource's name).
    pub fn wants_name_tag(self) -> bool {
        use ResourceType::*;
        matches!(
            self,
            Vpc | InternetGateway | Subnet | RouteTable | Eip | NatGateway | SecurityGroup
        )
    }
}

impl ResourceType {
    /// Every type the core can emit, in declaration order.
    pub const ALL: [ResourceType; 48] = {
        use ResourceType::*;
        [
            Vpc,
            InternetGateway,
            VpcGatewayAttachment,
            Subnet,
            RouteTable,
            Route,
            SubnetRouteTableAssociation,
            Eip,
            NatGateway,
            SecurityGroup,
            SecurityGroupIngress,
            SecurityGroupEgress,
            LoadBalancer,
            Listener,
            ListenerRule,
            TargetGroup,
            LogGroup,
            Cluster,
            ClusterCapacityProviderAssociations,
            TaskDefinition,
            Service,
            Role,
            Repository,
            ScalableTarget,
            ScalingPolicy,
            Bucket,
            BucketPolicy,
            DbSubnetGroup,
            DbInstance,
            HttpApi,
            VpcLink,
            ApiIntegration,
            ApiRoute,
            ApiStage,
            Queue,
            Schedule,
            HttpNamespace,
            Certificate,
            RecordSet,
            ApiDomainName,
            ApiMapping,
            WebAcl,
            WebAclAssociation,
            KmsKey,
            Topic,
            Subscription,
            Alarm,
            Dashboard,
        ]
    };

    /// The type with this CloudFormation name (`AWS::EC2::VPC`), if the core emits it.
    pub fn from_name(name: &str) -> Option<ResourceType> {
        ResourceType::ALL.iter().copied().find(|t| t.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::ResourceType;

    /// `ALL` lists every variant once: the match below stops compiling when a variant is
    /// added, and its arms give each variant's place in `ALL`.
    #[test]
    fn all_lists_every_type_once() {
        fn place(t: ResourceType) -> usize {
            use ResourceType::*;
            match t {
                Vpc => 0,
                InternetGateway => 1,
                VpcGatewayAttachment => 2,
                Subnet => 3,
                RouteTable => 4,
                Route => 5,
                SubnetRouteTableAssociation => 6,
                Eip => 7,
                NatGateway => 8,
                SecurityGroup => 9,
                SecurityGroupIngress => 10,
                SecurityGroupEgress => 11,
                LoadBalancer => 12,
                Listener => 13,
                ListenerRule => 14,
                TargetGroup => 15,
                LogGroup => 16,
                Cluster => 17,
                ClusterCapacityProviderAssociations => 18,
                TaskDefinition => 19,
                Service => 20,
                Role => 21,
                Repository => 22,
                ScalableTarget => 23,
                ScalingPolicy => 24,
                Bucket => 25,
                BucketPolicy => 26,
                DbSubnetGroup => 27,
                DbInstance => 28,
                HttpApi => 29,
                VpcLink => 30,
                ApiIntegration => 31,
                ApiRoute => 32,
                ApiStage => 33,
                Queue => 34,
                Schedule => 35,
                HttpNamespace => 36,
                Certificate => 37,
                RecordSet => 38,
                ApiDomainName => 39,
                ApiMapping => 40,
                WebAcl => 41,
                WebAclAssociation => 42,
                KmsKey => 43,
                Topic => 44,
                Subscription => 45,
                Alarm => 46,
                Dashboard => 47,
            }
        }
        for (k, t) in ResourceType::ALL.iter().enumerate() {
            assert_eq!(place(*t), k, "{}", t.name());
            assert_eq!(ResourceType::from_name(t.name()), Some(*t));
        }
    }
}
