// The reference target's seeded organization and report data. Deterministic: the same seed always gives
// the same services, times and JobIds, so recordings made from it are reproducible.
import { createHash } from 'node:crypto';

export const ORGANIZATION_ID = 'o-a1b2c3d4e5';
export const ROOT_ID = 'r-f6g7';
export const ROOT_PATH = `${ORGANIZATION_ID}/${ROOT_ID}`;
/** Accounts under the root and two OUs, as entity paths. */
export const ACCOUNT_PATHS = [
  `${ROOT_PATH}/111122223333`,
  `${ROOT_PATH}/ou-f6g7-aaaa1111/123456789012`,
  `${ROOT_PATH}/ou-f6g7-aaaa1111/ou-f6g7-bbbb2222/210987654321`,
];

export interface ServiceEntry {
  ServiceName: string;
  ServiceNamespace: string;
  Region?: string;
  EntityPath?: string;
  LastAuthenticatedTime?: string;
  TotalAuthenticatedEntities?: number;
}

// Real service namespaces, so the seed looks like what AWS returns (lower case, digits and hyphens).
const NAMESPACES = `a4b access-analyzer account acm acm-pca amplify apigateway appconfig appflow application-autoscaling appmesh
apprunner appstream appsync aps athena auditmanager autoscaling backup batch bedrock budgets cassandra ce chime cloud9
clouddirectory cloudformation cloudfront cloudhsm cloudsearch cloudshell cloudtrail cloudwatch codeartifact codebuild
codecommit codedeploy codeguru codepipeline codestar cognito-identity cognito-idp cognito-sync comprehend config connect
cur databrew dataexchange datapipeline datasync dax detective devicefarm directconnect discovery dlm dms ds dynamodb ebs
ec2 ecr ecr-public ecs eks elasticache elasticbeanstalk elasticfilesystem elasticloadbalancing elasticmapreduce
elastictranscoder emr-containers es events firehose fis fms forecast frauddetector fsx gamelift glacier
globalaccelerator glue grafana greengrass guardduty health iam identitystore imagebuilder inspector inspector2 iot
iotanalytics iotevents ivs kafka kendra kinesis kinesisanalytics kinesisvideo kms lakeformation lambda lex
license-manager lightsail logs macie2 mediaconvert medialive mediapackage mediastore memorydb mq neptune-db
network-firewall opensearch organizations outposts personalize pinpoint polly pricing qldb quicksight ram rds redshift
rekognition resource-groups route53 route53domains s3 sagemaker secretsmanager securityhub servicecatalog`.split(/\s+/);

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
/** The newest access time in the seed; the others are spread over the year before it. */
const NEWEST = Date.parse('2026-11-20T18:00:00.000Z');

function hash(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

function title(ns: string): string {
  return ns.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

/**
 * `count` services (default: the 130 real namespaces above; more are synthetic `svc-00001`...). About a
 * third are never accessed. Services 3k+1 and 3k+2 of every ninth triple share a timestamp (ties).
 */
export function seedServices(count = 130): ServiceEntry[] {
  const names = count <= NAMESPACES.length ? NAMESPACES.slice(0, count) : [...NAMESPACES, ...Array.from({ length: count - NAMESPACES.length }, (_, i) => `svc-${String(i + 1).padStart(5, '0')}`)];
  let previousTime = NEWEST;
  return names.map((ns, i) => {
    const h = hash(ns);
    const name = `Amazon ${title(ns)}`;
    if (h % 3 === 0) return { ServiceName: name, ServiceNamespace: ns, TotalAuthenticatedEntities: 0 };
    // Every seventh accessed service reuses the previous accessed service's time: ties to sort.
    const time = i % 7 === 3 ? previousTime : NEWEST - (h % (365 * 24 * 60)) * 60_000;
    previousTime = time;
    return {
      ServiceName: name,
      ServiceNamespace: ns,
      Region: REGIONS[h % REGIONS.length],
      EntityPath: ACCOUNT_PATHS[h % ACCOUNT_PATHS.length],
      LastAuthenticatedTime: new Date(time).toISOString(),
      TotalAuthenticatedEntities: 1 + (h % 3),
    };
  });
}

/** The JobId for the n-th report of a seed: 36 characters, uuid-shaped, deterministic. */
export function jobIdFor(seed: string, n: number): string {
  const hex = createHash('sha256').update(`${seed}:${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
