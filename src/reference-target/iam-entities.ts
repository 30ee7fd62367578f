// The reference target's IAM account for the service last accessed reports: users, groups, roles and
// customer managed policies with ARNs and ids in the model's shapes, who may use which services, and who
// used them when. Like data.ts, everything is fixed text and sha256, so every run gives the same reports.
import { createHash } from 'node:crypto';
import { seedServices } from './data';

export const ACCOUNT_ID = '123456789012';

export type EntityType = 'USER' | 'GROUP' | 'ROLE' | 'POLICY';

export interface IamEntity {
  type: EntityType;
  name: string;
  path: string;
  /** The unique id IAM gives it: a type prefix (AIDA, AGPA, AROA, ANPA) and 17 characters of [A-Z0-9]. */
  id: string;
  arn: string;
}

/** A principal that can make requests (and so appear in EntityDetailsList): a user or a role. */
export type Principal = IamEntity & { type: 'USER' | 'ROLE' };

const PREFIX: Record<EntityType, string> = { USER: 'AIDA', GROUP: 'AGPA', ROLE: 'AROA', POLICY: 'ANPA' };
const ARN_KIND: Record<EntityType, string> = { USER: 'user', GROUP: 'group', ROLE: 'role', POLICY: 'policy' };
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function hash(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function hashNumber(text: string): number {
  return hash(text).readUInt32BE(0);
}

function entity<T extends EntityType>(type: T, path: string, name: string): IamEntity & { type: T } {
  const h = hash(`id:${type}:${name}`);
  const id = PREFIX[type] + Array.from({ length: 17 }, (_, i) => ID_ALPHABET[h[i] % 32]).join('');
  return { type, name, path, id, arn: `arn:aws:iam::${ACCOUNT_ID}:${ARN_KIND[type]}${path}${name}` };
}

const user = (path: string, name: string) => entity('USER', path, name) as Principal;
const role = (path: string, name: string) => entity('ROLE', path, name) as Principal;

export const USERS: readonly Principal[] = [
  ...['alice', 'bob', 'carol', 'dave', 'erin', 'frank'].map((n) => user('/engineering/', n)),
  user('/audit/', 'grace'),
  user('/audit/', 'heidi'),
  user('/', 'ivan'),
  user('/', 'judy'),
  // In no group and with no policy: a user whose report lists nothing.
  user('/', 'mallory'),
];
export const ROLES: readonly Principal[] = [
  role('/service-role/', 'LambdaExecution'),
  role('/', 'BuildRunner'),
  role('/', 'ReadOnlyAnalyst'),
];
export const GROUPS: readonly IamEntity[] = [
  entity('GROUP', '/engineering/', 'Developers'),
  entity('GROUP', '/audit/', 'Auditors'),
  entity('GROUP', '/', 'Operators'),
];

const byName = (list: readonly IamEntity[], name: string) => list.find((e) => e.name === name)!;

/** Group members, by group name. */
const MEMBERS: Record<string, string[]> = {
  Developers: ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'],
  Auditors: ['grace', 'heidi'],
  Operators: ['ivan', 'judy'],
};

const ALL_NAMESPACES = seedServices().map((s) => s.ServiceNamespace);
const SERVICE_NAMES = new Map(seedServices().map((s) => [s.ServiceNamespace, s.ServiceName]));

export interface ManagedPolicy extends IamEntity {
  type: 'POLICY';
  /** Service namespaces the policy allows. */
  services: string[];
  /** Who the policy is attached to, by name. */
  attachedTo: { users: string[]; groups: string[]; roles: string[] };
}

function policy(path: string, name: string, services: string[], attachedTo: ManagedPolicy['attachedTo']): ManagedPolicy {
  return { ...(entity('POLICY', path, name) as IamEntity & { type: 'POLICY' }), services, attachedTo };
}

/** Namespaces the audit policy allows; the operators' one adds a few to these. */
const AUDIT_SERVICES = ['access-analyzer', 'cloudtrail', 'config', 'guardduty', 'iam', 'inspector2', 'kms', 'logs', 's3', 'securityhub', 'sts'];

export const POLICIES: readonly ManagedPolicy[] = [
  // 120 of the 130 seeded services (more than one default page of 100), for nine principals.
  policy('/conformance/', 'DeveloperAccess', ALL_NAMESPACES.filter((ns) => !['account', 'budgets', 'ce', 'cur', 'organizations', 'support', 'billing', 'aws-portal', 'tax', 'savingsplans'].includes(ns)).slice(0, 120), {
    users: ['ivan'], groups: ['Developers'], roles: ['BuildRunner', 'LambdaExecution'],
  }),
  policy('/conformance/', 'AuditAccess', AUDIT_SERVICES, { users: [], groups: ['Auditors'], roles: ['ReadOnlyAnalyst'] }),
  policy('/', 'OperatorsAccess', [...AUDIT_SERVICES, 'ec2', 'ssm', 'cloudwatch', 'autoscaling'].filter((ns) => ALL_NAMESPACES.includes(ns)), { users: ['judy'], groups: ['Operators'], roles: [] }),
];

/** The run's default report subject: the policy with the richest report. */
export const DEFAULT_SUBJECT_ARN = POLICIES[0].arn;

/** Services that track actions, and the actions they track (a subset of IAM's action-level tracking). */
export const TRACKED_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  ec2: ['AuthorizeSecurityGroupIngress', 'CreateVpc', 'RunInstances', 'TerminateInstances'],
  iam: ['AttachRolePolicy', 'CreateAccessKey', 'CreateRole', 'CreateUser', 'DeleteRole', 'PutRolePolicy'],
  lambda: ['CreateFunction', 'DeleteFunction', 'UpdateFunctionCode'],
  s3: ['CreateBucket', 'DeleteBucket', 'PutBucketPolicy', 'PutBucketPublicAccessBlock'],
};

export function serviceName(namespace: string): string {
  return SERVICE_NAMES.get(namespace) ?? namespace;
}

export function allEntities(): IamEntity[] {
  return [...USERS, ...GROUPS, ...ROLES, ...POLICIES];
}

export function entityByArn(arn: string): IamEntity | undefined {
  return allEntities().find((e) => e.arn === arn);
}

function policiesOf(e: IamEntity): ManagedPolicy[] {
  if (e.type === 'POLICY') return [e as ManagedPolicy];
  if (e.type === 'GROUP') return POLICIES.filter((p) => p.attachedTo.groups.includes(e.name));
  if (e.type === 'ROLE') return POLICIES.filter((p) => p.attachedTo.roles.includes(e.name));
  const groups = Object.entries(MEMBERS).filter(([, m]) => m.includes(e.name)).map(([g]) => g);
  return POLICIES.filter((p) => p.attachedTo.users.includes(e.name) || p.attachedTo.groups.some((g) => groups.includes(g)));
}

/** The services a report about `e` lists, in namespace order: every one its permissions policies allow. */
export function servicesOf(e: IamEntity): string[] {
  return [...new Set(policiesOf(e).flatMap((p) => p.services))].sort();
}

/**
 * The principals a report about `e` describes: the user or role itself, a group's members, or the users
 * (directly and through groups) and roles a policy is attached to. In ARN order.
 */
export function principalsOf(e: IamEntity): Principal[] {
  let out: Principal[];
  if (e.type === 'USER' || e.type === 'ROLE') out = [e as Principal];
  else if (e.type === 'GROUP') out = (MEMBERS[e.name] ?? []).map((n) => byName(USERS, n) as Principal);
  else {
    const p = e as ManagedPolicy;
    const names = new Set([...p.attachedTo.users, ...p.attachedTo.groups.flatMap((g) => MEMBERS[g] ?? [])]);
    out = [...USERS.filter((u) => names.has(u.name)), ...ROLES.filter((r) => p.attachedTo.roles.includes(r.name))];
  }
  return [...out].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
}

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
// Access times are offsets back from `newest`, the latest access the target knows of (an hour before it
// started, so before any job it serves can complete); the others fall in the year before, on whole seconds.
const YEAR_SECONDS = 365 * 24 * 3600;
/** Services of the account that nobody ever used: about a quarter, never one that tracks actions. */
const isUnused = (ns: string) => !(ns in TRACKED_ACTIONS) && !['a4b', 'sts'].includes(ns) && hashNumber(`unused:${ns}`) % 4 === 0;
/**
 * Ties: these principals used these services at exactly the same second, so the entity order's tie
 * handling is exercised (a4b is the first namespace of DeveloperAccess; s3 is an audit service).
 */
const TIES: Readonly<Record<string, readonly string[]>> = { a4b: ['bob', 'carol', 'BuildRunner'], s3: ['grace', 'ReadOnlyAnalyst'] };
/** Who never used anything: mallory has no permissions; frank is new. */
const IDLE = new Set(['mallory', 'frank']);

export interface Access {
  time: number;
  region: string;
}

/** When a principal last tried a service (allowed or denied), or undefined if never; `newest` in ms. */
export function lastAccess(p: Principal, ns: string, newest: number): Access | undefined {
  if (isUnused(ns) || IDLE.has(p.name)) return undefined;
  const h = hashNumber(`access:${p.name}:${ns}`);
  const tie = TIES[ns];
  if (tie?.includes(p.name)) return { time: newest - (hashNumber(`tie:${ns}`) % YEAR_SECONDS) * 1000, region: REGIONS[hashNumber(`tie-region:${ns}`) % REGIONS.length] };
  // Everyone but the idle uses a4b and sts; other services are used by about two principals in three.
  if (!['a4b', 'sts'].includes(ns) && h % 3 === 0) return undefined;
  return { time: newest - (hashNumber(`time:${p.name}:${ns}`) % YEAR_SECONDS) * 1000, region: REGIONS[(h >>> 8) % REGIONS.length] };
}

/** When a principal last used a tracked action; only actions of services it used, never after the service's last use. */
export function lastActionAccess(p: Principal, ns: string, action: string, newest: number): Access | undefined {
  const service = lastAccess(p, ns, newest);
  if (!service) return undefined;
  const h = hashNumber(`action:${p.name}:${ns}:${action}`);
  if (h % 2 === 0) return undefined;
  return { time: service.time - (h % (30 * 24 * 3600)) * 1000, region: service.region };
}
