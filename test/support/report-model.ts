// A small, correct report endpoint for check tests, with one knob per way to break it (or to vary it
// legally). Tests take a correct answer and change one thing, so each failure has a single cause.
import { errorXml, generateXml, reportXml, type ReportPage, type Service } from './awsquery-xml';
import type { ScriptedReply, ScriptedRequest } from './scripted-target';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadContract, PROJECT_ROOT } from '../../src/contract';
import { loadCases } from '../../src/cases/loader';
import { exercisedOperation } from '../../src/judge/judge';

/** The operations this model serves (the Organizations access report); other operations get InvalidAction. */
export const MODEL_OPERATIONS = ['GenerateOrganizationsAccessReport', 'GetOrganizationsAccessReport'];

/**
 * The project's case files whose cases all exercise the operations this model serves (and the fixtures),
 * for runs against the model: the service last accessed cases run against the reference target instead.
 */
export const MODEL_CASES: string[] = (() => {
  const set = loadCases([path.join(PROJECT_ROOT, 'cases')], loadContract());
  const files = readdirSync(path.join(PROJECT_ROOT, 'cases')).filter((f) => f.endsWith('.yaml')).map((f) => path.join('cases', f));
  const outside = new Set(set.cases.filter((c) => !MODEL_OPERATIONS.includes(exercisedOperation(c, set))).map((c) => path.relative(PROJECT_ROOT, path.resolve(PROJECT_ROOT, c.loc.file))));
  return files.filter((f) => !outside.has(f));
})();

export const JOB_ID = 'job00000-0000-4000-8000-000000000001';
export const ENTITY = 'o-a1b2c3d4e5/r-f6g7';

function svc(ns: string, t?: string, region = 'us-east-1'): Service {
  return t
    ? { ServiceName: `Service ${ns}`, ServiceNamespace: ns, Region: region, EntityPath: `${ENTITY}/111122223333`, LastAuthenticatedTime: t, TotalAuthenticatedEntities: 2 }
    : { ServiceName: `Service ${ns}`, ServiceNamespace: ns, TotalAuthenticatedEntities: 0 };
}

/** 24 services: some never accessed, and a tie (two at the same time). */
export const SERVICES: Service[] = [
  svc('a4b', '2026-01-05T10:00:00Z'), svc('access-analyzer'), svc('acm', '2026-03-01T08:00:00Z'), svc('acm-pca'),
  svc('apigateway', '2026-02-11T12:30:00Z'), svc('athena'), svc('cloudformation', '2026-02-11T12:30:00Z'), svc('cloudtrail', '2025-12-24T23:59:59.500Z'),
  svc('dynamodb', '2026-04-01T00:00:00Z'), svc('ec2', '2026-04-02T00:00:00Z'), svc('ecr'), svc('ecs', '2026-01-20T09:15:00Z'),
  svc('iam', '2026-04-03T00:00:00Z'), svc('kms', '2026-03-15T16:45:00Z'), svc('lambda', '2026-03-16T16:45:00Z'), svc('logs'),
  svc('rds', '2026-02-01T00:00:00Z'), svc('route53'), svc('s3', '2026-04-03T00:00:00Z'), svc('sns', '2026-01-01T00:00:00Z'),
  svc('sqs'), svc('ssm', '2026-02-28T00:00:00Z'), svc('sts', '2026-04-04T00:00:00Z'), svc('xray'),
];

const time = (s: Service) => (s.LastAuthenticatedTime ? Date.parse(s.LastAuthenticatedTime) : undefined);

export function correctOrder(list: Service[], sortKey?: string): Service[] {
  const byNs = [...list].sort((a, b) => (a.ServiceNamespace < b.ServiceNamespace ? -1 : 1));
  switch (sortKey ?? 'SERVICE_NAMESPACE_ASCENDING') {
    case 'SERVICE_NAMESPACE_DESCENDING':
      return byNs.reverse();
    case 'LAST_AUTHENTICATED_TIME_ASCENDING':
    case 'LAST_AUTHENTICATED_TIME_DESCENDING': {
      const desc = sortKey === 'LAST_AUTHENTICATED_TIME_DESCENDING';
      const timed = byNs.filter((s) => time(s) !== undefined).sort((a, b) => (desc ? time(b)! - time(a)! : time(a)! - time(b)!));
      return [...timed, ...byNs.filter((s) => time(s) === undefined)];
    }
    default:
      return byNs;
  }
}

export interface ModelOptions {
  services?: Service[];
  /** IN_PROGRESS answers before COMPLETED. */
  pollsInProgress?: number;
  /** Order for a SortKey (default: correct). */
  order?: (list: Service[], sortKey?: string) => Service[];
  /** How many items to put on a page asked for maxItems (default: all of them). */
  pageLength?: (maxItems: number, offset: number) => number;
  /** Marker text for the next offset; seq counts markers issued (default "o<offset>"). */
  marker?: (offset: number, seq: number) => string;
  /** Where a marker really continues, relative to where it should (-1 overlaps a page, +1 skips an item). */
  skew?: number;
  /** Final say over a Get answer. */
  mutate?: (page: ReportPage, ctx: { params: Record<string, string>; poll: number }) => ReportPage;
  /** Final say over any reply (raw status/body), e.g. for error answers. */
  reply?: (req: ScriptedRequest, normal: ScriptedReply) => ScriptedReply;
  failed?: boolean;
  /** XML layout of Get answers: members in reverse order and/or indented (both legal). */
  layout?: { reverse?: boolean; pretty?: boolean };
}

export function reportModel(o: ModelOptions = {}) {
  const services = o.services ?? SERVICES;
  let polls = 0;
  const issued = new Map<string, number>(); // marker -> offset it continues from
  const handler = (req: ScriptedRequest): ScriptedReply => {
    const normal = answer(req);
    return o.reply ? o.reply(req, normal) : normal;
  };
  const answer = (req: ScriptedRequest): ScriptedReply => {
    const p = req.params;
    const invalid = (what: string): ScriptedReply => ({ status: 400, body: errorXml('ValidationError', `1 validation error detected: ${what}`) });
    if (req.action === 'GenerateOrganizationsAccessReport') {
      if (!p.EntityPath || !/^o-[0-9a-z]{10,32}\/r-[0-9a-z]{4,32}[0-9a-z-/]*$/.test(p.EntityPath) || p.EntityPath.length > 427) return invalid('entityPath');
      if (p.OrganizationsPolicyId !== undefined && !/^p-[0-9a-zA-Z_]{8,128}$/.test(p.OrganizationsPolicyId)) return invalid('organizationsPolicyId');
      return { body: generateXml(JOB_ID) };
    }
    if (req.action !== 'GetOrganizationsAccessReport') return { status: 400, body: errorXml('InvalidAction', req.action) };
    if (!p.JobId || p.JobId.length !== 36) return invalid('jobId');
    if (p.MaxItems !== undefined && !(/^\d+$/.test(p.MaxItems) && +p.MaxItems >= 1 && +p.MaxItems <= 1000)) return invalid('maxItems');
    const sortKeys = ['SERVICE_NAMESPACE_ASCENDING', 'SERVICE_NAMESPACE_DESCENDING', 'LAST_AUTHENTICATED_TIME_ASCENDING', 'LAST_AUTHENTICATED_TIME_DESCENDING'];
    if (p.SortKey !== undefined && !sortKeys.includes(p.SortKey)) return invalid('sortKey');
    if (p.Marker !== undefined && !/^[\u0020-\u00ff]{1,320}$/.test(p.Marker)) return invalid('marker');
    if (p.JobId !== JOB_ID) return { status: 404, body: errorXml('NoSuchEntity', `The job ${p.JobId} cannot be found.`) };
    polls++;
    const base: ReportPage = { JobStatus: 'IN_PROGRESS', JobCreationDate: '2026-11-24T10:00:00.000Z' };
    let page: ReportPage;
    if (polls <= (o.pollsInProgress ?? 1)) page = base;
    else if (o.failed) page = { ...base, JobStatus: 'FAILED', JobCompletionDate: '2026-11-24T10:00:05.000Z', ErrorDetails: { Code: 'Throttled', Message: 'The job was cancelled.' } };
    else {
      const all = (o.order ?? correctOrder)(services, p.SortKey);
      const markerFor = o.marker ?? ((n: number) => `o${n}`);
      let offset = 0;
      if (p.Marker !== undefined) {
        if (!issued.has(p.Marker)) return invalid('marker');
        offset = issued.get(p.Marker)!;
      }
      const max = p.MaxItems ? +p.MaxItems : 100;
      const len = o.pageLength ? o.pageLength(max, offset) : max; // a knob may break the limit on purpose
      const items = all.slice(offset, offset + len);
      const more = offset + items.length < all.length;
      page = {
        ...base, JobStatus: 'COMPLETED', JobCompletionDate: '2026-11-24T10:00:05.000Z',
        NumberOfServicesAccessible: all.length, NumberOfServicesNotAccessed: all.filter((s) => !s.LastAuthenticatedTime).length,
        IsTruncated: more, Marker: more ? issue(markerFor(offset + items.length, issued.size), offset + items.length + (o.skew ?? 0)) : undefined, AccessDetails: items,
      };
    }
    return { body: reportXml(o.mutate ? o.mutate(page, { params: p, poll: polls }) : page, undefined, o.layout) };
  };
  function issue(marker: string, offset: number): string {
    issued.set(marker, offset);
    return marker;
  }
  return handler;
}
