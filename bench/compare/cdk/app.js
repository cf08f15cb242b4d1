// The `seed` design as an AWS CDK app: the ApplicationLoadBalancedFargateService pattern in a new
// two-AZ VPC (172.31.0.0/16, a NAT gateway per AZ), internet-facing ALB on port 80, one Fargate
// service "flask" on port 80 with 1 vCPU / 2 GB and 2 tasks, its image in an ECR repository, logs
// in a log group kept 30 days. Env-agnostic (no account or region), so synth needs no credentials.
//
//   cdk synth --app "node app.js"      (the CLI path: what a CDK user runs)
//   node app.js [OUTDIR]               (synthesize once, directly)
//
// aws-cdk-lib and constructs come from NODE_PATH (make compare installs them outside the repo).
"use strict";

const cdk = require("aws-cdk-lib");
const ec2 = require("aws-cdk-lib/aws-ec2");
const ecr = require("aws-cdk-lib/aws-ecr");
const ecs = require("aws-cdk-lib/aws-ecs");
const ecsPatterns = require("aws-cdk-lib/aws-ecs-patterns");
const logs = require("aws-cdk-lib/aws-logs");

function buildApp(outdir) {
  const app = new cdk.App(outdir ? { outdir } : {});
  const stack = new cdk.Stack(app, "FlaskApi", {
    description: "flask-api: Fargate service behind an ALB in its own VPC (AWS CDK)",
  });

  const vpc = new ec2.Vpc(stack, "Vpc", {
    ipAddresses: ec2.IpAddresses.cidr("172.31.0.0/16"),
    maxAzs: 2,
    natGateways: 2,
    subnetConfiguration: [
      { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: "private", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
    ],
  });
  const cluster = new ecs.Cluster(stack, "Cluster", {
    vpc,
    clusterName: "flask-api",
    containerInsightsV2: ecs.ContainerInsights.ENABLED,
  });
  const repository = new ecr.Repository(stack, "FlaskRepository", {
    imageScanOnPush: true,
    encryption: ecr.RepositoryEncryption.KMS,
    lifecycleRules: [
      { rulePriority: 1, description: "Expire untagged images after 7 days",
        tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: cdk.Duration.days(7) },
      { rulePriority: 2, description: "Keep the newest 50 images",
        tagStatus: ecr.TagStatus.ANY, maxImageCount: 50 },
    ],
  });
  const logGroup = new logs.LogGroup(stack, "FlaskLogGroup", {
    logGroupName: "/ecs/flask-api/flask",
    retention: logs.RetentionDays.ONE_MONTH,
  });

  const service = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, "Flask", {
    cluster,
    cpu: 1024,
    memoryLimitMiB: 2048,
    desiredCount: 2,
    minHealthyPercent: 100,
    maxHealthyPercent: 200,
    publicLoadBalancer: true,
    listenerPort: 80,
    circuitBreaker: { rollback: true },
    healthCheckGracePeriod: cdk.Duration.seconds(60),
    taskImageOptions: {
      containerName: "flask",
      containerPort: 80,
      image: ecs.ContainerImage.fromEcrRepository(repository, "latest"),
      logDriver: ecs.LogDrivers.awsLogs({ streamPrefix: "flask", logGroup }),
    },
  });
  service.targetGroup.configureHealthCheck({ path: "/", healthyHttpCodes: "200-499" });
  service.targetGroup.setAttribute("deregistration_delay.timeout_seconds", "30");
  return app;
}

module.exports = { buildApp };

if (require.main === module) {
  // Under `cdk synth` the CLI passes the output folder in CDK_OUTDIR; App reads it itself.
  buildApp(process.argv[2]).synth();
}
