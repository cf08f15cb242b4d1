//! Which property changes make CloudFormation replace a resource: the `createOnlyProperties`
//! of AWS's resource provider schemas, for every type the core can emit. The match is
//! exhaustive, so a new type does not compile without its entry; `make test` compares the
//! table with the schemas cfn-lint ships (tests/schemas), so it cannot drift from AWS's.

use crate::template::ResourceType;

/// The create-only properties of `kind`, as paths below `Properties` (`CidrBlock`,
/// `EncryptionConfiguration/EncryptionType`).
pub fn create_only(kind: ResourceType) -> &'static [&'static str] {
    use ResourceType::*;
    match kind {
        Vpc => &[
            "CidrBlock",
            "Ipv4IpamPoolId",
            "Ipv4NetmaskLength",
            "VpcEncryptionControl",
        ],
        InternetGateway => &[],
        VpcGatewayAttachment => &["VpcId"],
        Subnet => &[
            "VpcId",
            "AvailabilityZone",
            "AvailabilityZoneId",
            "CidrBlock",
            "OutpostArn",
            "Ipv6Native",
            "Ipv4IpamPoolId",
            "Ipv4NetmaskLength",
            "Ipv6IpamPoolId",
            "Ipv6NetmaskLength",
        ],
        RouteTable => &["VpcId"],
        Route => &[
            "RouteTableId",
            "DestinationCidrBlock",
            "DestinationIpv6CidrBlock",
            "DestinationPrefixListId",
        ],
        SubnetRouteTableAssociation => &["SubnetId", "RouteTableId"],
        Eip => &[
            "NetworkBorderGroup",
            "TransferAddress",
            "IpamPoolId",
            "Address",
        ],
        NatGateway => &[
            "VpcId",
            "SubnetId",
            "ConnectivityType",
            "AllocationId",
            "PrivateIpAddress",
            "AvailabilityMode",
        ],
        SecurityGroup => &["GroupDescription", "GroupName", "VpcId"],
        SecurityGroupIngress => &[
            "GroupName",
            "IpProtocol",
            "SourceSecurityGroupId",
            "SourcePrefixListId",
            "ToPort",
            "CidrIp",
            "SourceSecurityGroupName",
            "SourceSecurityGroupOwnerId",
            "FromPort",
            "GroupId",
            "CidrIpv6",
        ],
        SecurityGroupEgress => &[
            "IpProtocol",
            "DestinationSecurityGroupId",
            "ToPort",
            "CidrIp",
            "FromPort",
            "GroupId",
            "CidrIpv6",
            "DestinationPrefixListId",
        ],
        LoadBalancer => &["Name", "Type", "Scheme"],
        Listener => &["LoadBalancerArn"],
        ListenerRule => &["ListenerArn"],
        TargetGroup => &[
            "TargetType",
            "ProtocolVersion",
            "Port",
            "Name",
            "VpcId",
            "Protocol",
            "IpAddressType",
        ],
        LogGroup => &["LogGroupName"],
        Cluster => &["ClusterName"],
        ClusterCapacityProviderAssociations => &["Cluster"],
        TaskDefinition => &[
            "Family",
            "ContainerDefinitions",
            "Cpu",
            "EnableFaultInjection",
            "ExecutionRoleArn",
            "InferenceAccelerators",
            "Memory",
            "NetworkMode",
            "PlacementConstraints",
            "ProxyConfiguration",
            "RequiresCompatibilities",
            "RuntimePlatform",
            "TaskRoleArn",
            "Volumes",
            "PidMode",
            "IpcMode",
            "EphemeralStorage",
        ],
        Service => &["Cluster", "Role", "SchedulingStrategy", "ServiceName"],
        Role => &["Path", "RoleName"],
        Repository => &[
            "RepositoryName",
            "EncryptionConfiguration",
            "EncryptionConfiguration/EncryptionType",
            "EncryptionConfiguration/KmsKey",
        ],
        ScalableTarget => &["ResourceId", "ScalableDimension", "ServiceNamespace"],
        ScalingPolicy => &[
            "PolicyName",
            "ServiceNamespace",
            "ResourceId",
            "ScalableDimension",
            "ScalingTargetId",
        ],
        Bucket => &["BucketName", "BucketNamePrefix", "BucketNamespace"],
        BucketPolicy => &["Bucket"],
        DbSubnetGroup => &["DBSubnetGroupName"],
        DbInstance => &[
            "BackupTarget",
            "CharacterSetName",
            "CustomIAMInstanceProfile",
            "DBClusterIdentifier",
            "DBInstanceIdentifier",
            "DBName",
            "DBSubnetGroupName",
            "DBSystemId",
            "KmsKeyId",
            "MasterUsername",
            "NcharCharacterSetName",
            "SourceRegion",
            "StorageEncrypted",
            "Timezone",
        ],
        HttpApi => &["ProtocolType"],
        VpcLink => &["SecurityGroupIds", "SubnetIds"],
        ApiIntegration => &["ApiId"],
        ApiRoute => &["ApiId"],
        ApiStage => &["StageName", "ApiId"],
        Queue => &["FifoQueue", "QueueName"],
        Schedule => &["Name"],
        HttpNamespace => &["Name"],
        Certificate => &[
            "SubjectAlternativeNames",
            "DomainValidationOptions",
            "KeyAlgorithm",
            "DomainName",
            "CertificateAuthorityArn",
            "CertificateExport",
        ],
        RecordSet => &["HostedZoneName", "HostedZoneId"],
        ApiDomainName => &["DomainName"],
        ApiMapping => &["DomainName"],
        WebAcl => &["Name", "Scope"],
        WebAclAssociation => &["ResourceArn", "WebACLArn"],
        KmsKey => &[],
        Topic => &["TopicName", "FifoTopic"],
        Subscription => &["Endpoint", "Protocol", "TopicArn"],
        Alarm => &["AlarmName"],
        Dashboard => &["DashboardName"],
    }
}

/// Properties that replace a resource although AWS's provider schema for its type does not
/// list them as create-only: CloudFormation's resource reference documents them as "Update
/// requires: Replacement" (the schemas of these older types are incomplete), and the CDK's
/// diff agrees. Kept apart from [`create_only`] so that table stays exactly the schemas'.
pub fn documented(kind: ResourceType) -> &'static [&'static str] {
    match kind {
        // A record's name is its identity in the zone: a new name is a new record.
        ResourceType::RecordSet => &["Name"],
        ResourceType::Certificate => &["ValidationMethod"],
        _ => &[],
    }
}

/// The property that names a resource (its physical name when set), if the type has one.
pub fn name_property(kind: ResourceType) -> Option<&'static str> {
    use ResourceType::*;
    Some(match kind {
        LogGroup => "LogGroupName",
        Cluster => "ClusterName",
        LoadBalancer | TargetGroup | Schedule | HttpNamespace | WebAcl => "Name",
        Topic => "TopicName",
        Alarm => "AlarmName",
        Dashboard => "DashboardName",
        Role => "RoleName",
        Repository => "RepositoryName",
        Bucket => "BucketName",
        DbSubnetGroup => "DBSubnetGroupName",
        DbInstance => "DBInstanceIdentifier",
        Queue => "QueueName",
        SecurityGroup => "GroupName",
        Service => "ServiceName",
        _ => return None,
    })
}
