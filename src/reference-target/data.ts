// The reference target's organization and report data. Everything is derived from fixed text with
// sha256, so the same call always gives the same services and times, and recordings are reproducible.
import { createHash } from 'node:crypto';

export const ORGANIZATION_ID = 'o-a1b2c3d4e5';
export const ROOT_ID = 'r-f6g7';
/** The root's entity path: 19 characters, the shortest legal EntityPath. Generate reports with this. */
export const ROOT_PATH = `${ORGANIZATION_ID}/${ROOT_ID}`;
/** Two OUs, the second inside the first. */
export const OU_PATHS = [`${ROOT_PATH}/ou-f6g7-aaaa1111`, `${ROOT_PATH}/ou-f6g7-aaaa1111/ou-f6g7-bbbb2222`];
/** The management account sits directly under the root; a root report leaves its activity out. */
export const MANAGEMENT_ACCOUNT_PATH = `${ROOT_PATH}/111122223333`;
/** The member accounts whose activity the report shows (AccessDetail.EntityPath is one of these). */
export const ACCOUNT_PATHS = [`${ROOT_PATH}/444455556666`, `${OU_PATHS[0]}/123456789012`, `${OU_PATHS[1]}/210987654321`];

/** One AccessDetail as the target stores and serves it (members as in the IAM model). */
export interface ServiceEntry {
  ServiceName: string;
  ServiceNamespace: string;
  Region?: string;
  EntityPath?: string;
  LastAuthenticatedTime?: string;
  TotalAuthenticatedEntities?: number;
}

// Real IAM service namespaces (the prefix in policy actions) with their service names. 130 of them, so
// the default page of 100 is truncated.
const CATALOG = `
a4b=Alexa for Business
access-analyzer=IAM Access Analyzer
account=AWS Account Management
acm=AWS Certificate Manager
acm-pca=AWS Private Certificate Authority
airflow=Amazon Managed Workflows for Apache Airflow
amplify=AWS Amplify
apigateway=Amazon API Gateway
appconfig=AWS AppConfig
appflow=Amazon AppFlow
application-autoscaling=Application Auto Scaling
appmesh=AWS App Mesh
apprunner=AWS App Runner
appstream=Amazon AppStream 2.0
appsync=AWS AppSync
aps=Amazon Managed Service for Prometheus
athena=Amazon Athena
auditmanager=AWS Audit Manager
autoscaling=Amazon EC2 Auto Scaling
backup=AWS Backup
batch=AWS Batch
bedrock=Amazon Bedrock
budgets=AWS Budget Service
cassandra=Amazon Keyspaces (for Apache Cassandra)
ce=AWS Cost Explorer Service
chime=Amazon Chime
clouddirectory=Amazon Cloud Directory
cloudformation=AWS CloudFormation
cloudfront=Amazon CloudFront
cloudhsm=AWS CloudHSM
cloudsearch=Amazon CloudSearch
cloudshell=AWS CloudShell
cloudtrail=AWS CloudTrail
cloudwatch=Amazon CloudWatch
codeartifact=AWS CodeArtifact
codebuild=AWS CodeBuild
codecommit=AWS CodeCommit
codedeploy=AWS CodeDeploy
codepipeline=AWS CodePipeline
cognito-identity=Amazon Cognito Identity
cognito-idp=Amazon Cognito User Pools
cognito-sync=Amazon Cognito Sync
comprehend=Amazon Comprehend
config=AWS Config
connect=Amazon Connect
cur=AWS Cost and Usage Report
databrew=AWS Glue DataBrew
dataexchange=AWS Data Exchange
datasync=AWS DataSync
dax=Amazon DynamoDB Accelerator (DAX)
detective=Amazon Detective
devicefarm=AWS Device Farm
directconnect=AWS Direct Connect
dlm=Amazon Data Lifecycle Manager
dms=AWS Database Migration Service
ds=AWS Directory Service
dynamodb=Amazon DynamoDB
ebs=Amazon Elastic Block Store
ec2=Amazon EC2
ecr=Amazon Elastic Container Registry
ecr-public=Amazon Elastic Container Registry Public
ecs=Amazon Elastic Container Service
eks=Amazon Elastic Kubernetes Service
elasticache=Amazon ElastiCache
elasticbeanstalk=AWS Elastic Beanstalk
elasticfilesystem=Amazon Elastic File System
elasticloadbalancing=Elastic Load Balancing
elasticmapreduce=Amazon EMR
es=Amazon OpenSearch Service
events=Amazon EventBridge
firehose=Amazon Data Firehose
fis=AWS Fault Injection Service
fms=AWS Firewall Manager
fsx=Amazon FSx
gamelift=Amazon GameLift
glacier=Amazon S3 Glacier
glue=AWS Glue
grafana=Amazon Managed Grafana
greengrass=AWS IoT Greengrass
guardduty=Amazon GuardDuty
health=AWS Health APIs and Notifications
iam=AWS Identity and Access Management
identitystore=AWS Identity Store
inspector2=Amazon Inspector2
iot=AWS IoT
kafka=Amazon Managed Streaming for Apache Kafka
kendra=Amazon Kendra
kinesis=Amazon Kinesis Data Streams
kinesisanalytics=Amazon Kinesis Analytics
kms=AWS Key Management Service
lakeformation=AWS Lake Formation
lambda=AWS Lambda
lex=Amazon Lex
license-manager=AWS License Manager
lightsail=Amazon Lightsail
logs=Amazon CloudWatch Logs
macie2=Amazon Macie
mediaconvert=AWS Elemental MediaConvert
memorydb=Amazon MemoryDB
mq=Amazon MQ
neptune-db=Amazon Neptune
network-firewall=AWS Network Firewall
organizations=AWS Organizations
outposts=AWS Outposts
polly=Amazon Polly
pricing=AWS Price List
quicksight=Amazon QuickSight
ram=AWS Resource Access Manager
rds=Amazon RDS
redshift=Amazon Redshift
rekognition=Amazon Rekognition
route53=Amazon Route 53
s3=Amazon S3
sagemaker=Amazon SageMaker
secretsmanager=AWS Secrets Manager
securityhub=AWS Security Hub
servicecatalog=AWS Service Catalog
ses=Amazon SES
shield=AWS Shield
sns=Amazon SNS
sqs=Amazon SQS
ssm=AWS Systems Manager
sso=AWS IAM Identity Center
states=AWS Step Functions
sts=AWS Security Token Service
support=AWS Support
textract=Amazon Textract
transfer=AWS Transfer Family
wafv2=AWS WAF V2
xray=AWS X-Ray
`
  .trim()
  .split('\n')
  .map((line) => {
    const [namespace, name] = line.split('=');
    return { namespace, name };
  });

/** How many services the default seed has. */
export const SEED_SIZE = CATALOG.length;

/**
 * Groups of services of the default seed that share one LastAuthenticatedTime exactly, so that the tie
 * rule of the time sort keys (namespace ascending within a tie) is exercised. All of them are accessed.
 */
export const SEED_TIES: readonly (readonly string[])[] = [
  ['ec2', 'iam', 's3'],
  ['lambda', 'logs'],
  ['kms', 'sqs', 'sts'],
  ['cloudtrail', 'config'],
];

// A third of the real services (rounded down), picked by hash, were never accessed; never a tied one.
const NEVER_ACCESSED = new Set(
  CATALOG.filter((e) => !SEED_TIES.flat().includes(e.namespace))
    .map((e) => ({ ns: e.namespace, h: hash(e.namespace) }))
    .sort((a, b) => a.h - b.h || (a.ns < b.ns ? -1 : 1))
    .slice(0, Math.floor(CATALOG.length / 3))
    .map((e) => e.ns),
);

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
/** The newest access in the seed; the others fall in the year before it, on whole seconds. */
const NEWEST = Date.parse('2026-11-20T18:00:00.000Z');
const YEAR_SECONDS = 365 * 24 * 3600;

function hash(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/**
 * The report's services, in namespace order. Without `count`: the 130 real services above. With a count
 * below 130, the first `count` of them; above, the 130 followed by synthetic `svc-00001`, `svc-00002`, ...
 * (a 10,000-service report for the benchmark). Deterministic for a given count.
 *
 * A smaller list is always the start of a larger one. Never accessed (no Region, EntityPath or
 * LastAuthenticatedTime; TotalAuthenticatedEntities 0): 43 of the 130 real services, picked by hash, and
 * every synthetic service whose number is a multiple of 3 (but not of 50). Accessed services have distinct
 * times except the SEED_TIES groups and, among synthetic services, every 50th (svc-00050, svc-00100, ...),
 * which takes the time of the last accessed service before it.
 */
export function seedServices(count: number = SEED_SIZE): ServiceEntry[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`seedServices: count must be a whole number >= 0, got ${count}`);
  const entries = CATALOG.slice(0, count);
  for (let i = 1; entries.length < count; i++) {
    const namespace = `svc-${String(i).padStart(5, '0')}`;
    entries.push({ namespace, name: `Synthetic Service ${String(i).padStart(5, '0')}` });
  }
  const tied = new Set(SEED_TIES.flat());
  const syntheticNumber = (ns: string) => (/^svc-\d+$/.test(ns) ? Number(ns.slice(4)) : undefined);
  const isSyntheticTie = (ns: string) => (syntheticNumber(ns) ?? 1) % 50 === 0;
  const isNever = (ns: string) => {
    const n = syntheticNumber(ns);
    return n === undefined ? NEVER_ACCESSED.has(ns) : n % 3 === 0 && !isSyntheticTie(ns);
  };

  const used = new Set<number>();
  const distinctTime = (ns: string): number => {
    let t = NEWEST - (hash(`time:${ns}`) % YEAR_SECONDS) * 1000;
    while (used.has(t)) t -= 1000;
    used.add(t);
    return t;
  };
  const tieTime = new Map<string, number>();
  for (const group of SEED_TIES) {
    const t = distinctTime(group[0]);
    for (const ns of group) tieTime.set(ns, t);
  }

  let previous = NEWEST;
  return entries.map(({ namespace, name }) => {
    if (isNever(namespace)) return { ServiceName: name, ServiceNamespace: namespace, TotalAuthenticatedEntities: 0 };
    const time = tieTime.get(namespace) ?? (isSyntheticTie(namespace) ? previous : distinctTime(namespace));
    previous = time;
    const h = hash(namespace);
    return {
      ServiceName: name,
      ServiceNamespace: namespace,
      Region: REGIONS[h % REGIONS.length],
      EntityPath: ACCOUNT_PATHS[(h >>> 4) % ACCOUNT_PATHS.length],
      LastAuthenticatedTime: new Date(time).toISOString(),
      // Accounts that tried the service: at least the one named in EntityPath, at most all member accounts.
      TotalAuthenticatedEntities: 1 + ((h >>> 8) % ACCOUNT_PATHS.length),
    };
  });
}

/** The n-th JobId (n from 1) for a seed: 36 characters shaped like a version 4 UUID, always the same. */
export function jobIdFor(seed: string, n: number): string {
  const hex = createHash('sha256').update(`${seed}:${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
