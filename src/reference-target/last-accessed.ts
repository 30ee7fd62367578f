// The reference target's service last accessed reports: GenerateServiceLastAccessedDetails,
// GetServiceLastAccessedDetails and GetServiceLastAccessedDetailsWithEntities, exactly as
// specs/iam-service-last-accessed.yaml describes them, over the account in iam-entities.ts.
// Model constraints are checked first (ValidationError, 400, as IAM does for them), then meaning: an ARN
// that is not an IAM user, group, role or managed policy, or a Marker this target did not hand out, is
// InvalidInput (400, the error these operations model); an ARN or JobId that names nothing is NoSuchEntity.
import { jobIdFor } from './data';
import {
  entityByArn, lastAccess, lastActionAccess, principalsOf, serviceName, servicesOf, TRACKED_ACTIONS,
  type IamEntity, type Principal,
} from './iam-entities';
import { checkJobId, checkMarker, checkMaxItems, length } from './inputs';
import { element, failure, list, success, validationError, violation, type WireAnswer } from './wire';

export type Granularity = 'SERVICE_LEVEL' | 'ACTION_LEVEL';
const GRANULARITIES: readonly Granularity[] = ['SERVICE_LEVEL', 'ACTION_LEVEL'];
const NAMESPACE = { text: '[\\w-]*', regex: /^[A-Za-z0-9_-]*$/ };
/** What an IAM ARN of a report subject looks like: partition, no region, an account (or aws), a kind, a path and a name. */
const SUBJECT_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):(user|group|role|policy)(\/|\/[\u0021-\u007E]+\/)([\w+=,.@-]+)$/;
const DEFAULT_FAILURE = { Code: 'ReportGenerationFailed', Message: 'The service last accessed report could not be generated. Try again later.' };

export interface LastAccessedOptions {
  pollsBeforeComplete?: number;
  pageCap?: number;
  failJobs?: boolean | { Code: string; Message: string };
  clock?: () => Date;
  jobIdSeed?: string;
  /** Changes the entity order after it is computed, before paging (a legal variation: ties reversed...). */
  reorderEntities?: (list: EntityReportEntry[]) => EntityReportEntry[];
}

/** One service of a report, as served (members as in the model's ServiceLastAccessed). */
export interface ServiceReportEntry {
  ServiceName: string;
  ServiceNamespace: string;
  LastAuthenticated?: string;
  LastAuthenticatedEntity?: string;
  LastAuthenticatedRegion?: string;
  TotalAuthenticatedEntities: number;
  TrackedActionsLastAccessed?: { ActionName: string; LastAccessedEntity?: string; LastAccessedTime?: string; LastAccessedRegion?: string }[];
}

export interface EntityReportEntry {
  principal: Principal;
  LastAuthenticated?: string;
}

interface Job {
  index: number;
  subject: IamEntity;
  granularity: Granularity;
  created: Date;
  completed?: Date;
  polls: number;
  /** Markers handed out for this job: which list (services, or entities of a namespace) and where it continues. */
  markers: Map<string, { list: string; offset: number }>;
}

const iso = (t: number) => new Date(t).toISOString();

/** The services of a report about `subject`, in namespace order (the order the docs promise). */
export function serviceReport(subject: IamEntity, granularity: Granularity, newest: number): ServiceReportEntry[] {
  const principals = principalsOf(subject);
  return servicesOf(subject).map((ns) => {
    const uses = principals.map((p) => ({ p, a: lastAccess(p, ns, newest) })).filter((u) => u.a !== undefined);
    const entry: ServiceReportEntry = { ServiceName: serviceName(ns), ServiceNamespace: ns, TotalAuthenticatedEntities: uses.length };
    if (!uses.length) return entry;
    // The latest use wins; on a tie, the first principal by ARN.
    const last = uses.reduce((best, u) => (u.a!.time > best.a!.time ? u : best));
    entry.LastAuthenticated = iso(last.a!.time);
    entry.LastAuthenticatedEntity = last.p.arn;
    entry.LastAuthenticatedRegion = last.a!.region;
    const actions = TRACKED_ACTIONS[ns];
    if (granularity === 'ACTION_LEVEL' && actions) {
      const tracked = actions.map((action) => {
        const used = principals.map((p) => ({ p, a: lastActionAccess(p, ns, action, newest) })).filter((u) => u.a !== undefined);
        if (!used.length) return { ActionName: action };
        const latest = used.reduce((best, u) => (u.a!.time > best.a!.time ? u : best));
        return { ActionName: action, LastAccessedEntity: latest.p.arn, LastAccessedTime: iso(latest.a!.time), LastAccessedRegion: latest.a!.region };
      });
      // Null when the principals used none of the tracked actions (docs).
      if (tracked.some((t) => t.LastAccessedTime)) entry.TrackedActionsLastAccessed = tracked;
    }
    return entry;
  });
}

/**
 * The principals of a report that could use `namespace`, most recent access first (the docs' order); equal
 * times by ARN; principals that never tried it last, by ARN. A namespace the report does not list has none.
 */
export function entityReport(subject: IamEntity, namespace: string, newest: number): EntityReportEntry[] {
  if (!servicesOf(subject).includes(namespace)) return [];
  const rows = principalsOf(subject).map((p) => ({ principal: p, t: lastAccess(p, namespace, newest)?.time }));
  rows.sort((a, b) => (a.t === undefined ? 1 : 0) - (b.t === undefined ? 1 : 0) || (b.t ?? 0) - (a.t ?? 0) || (a.principal.arn < b.principal.arn ? -1 : 1));
  return rows.map((r) => ({ principal: r.principal, LastAuthenticated: r.t === undefined ? undefined : iso(r.t) }));
}

function serviceXml(s: ServiceReportEntry): string {
  return (
    element('ServiceName', s.ServiceName) +
    element('LastAuthenticated', s.LastAuthenticated) +
    element('ServiceNamespace', s.ServiceNamespace) +
    element('LastAuthenticatedEntity', s.LastAuthenticatedEntity) +
    element('LastAuthenticatedRegion', s.LastAuthenticatedRegion) +
    element('TotalAuthenticatedEntities', s.TotalAuthenticatedEntities) +
    (s.TrackedActionsLastAccessed
      ? list('TrackedActionsLastAccessed', s.TrackedActionsLastAccessed.map((a) =>
        element('ActionName', a.ActionName) + element('LastAccessedEntity', a.LastAccessedEntity) + element('LastAccessedTime', a.LastAccessedTime) + element('LastAccessedRegion', a.LastAccessedRegion)))
      : '')
  );
}

function entityXml(e: EntityReportEntry): string {
  const p = e.principal;
  return (
    `<EntityInfo>${element('Arn', p.arn)}${element('Name', p.name)}${element('Type', p.type)}${element('Id', p.id)}${element('Path', p.path)}</EntityInfo>` +
    element('LastAuthenticated', e.LastAuthenticated)
  );
}

const failed = (why: { Code: string; Message: string }) => `<Error>${element('Message', why.Message)}${element('Code', why.Code)}</Error>`;

/** Opaque to clients: base64url of [job, list, offset]; the same in every run, far below 320 characters. */
function encodeMarker(job: number, listName: string, offset: number): string {
  return Buffer.from(JSON.stringify([job, listName, offset])).toString('base64url');
}

export class LastAccessedService {
  private readonly jobs = new Map<string, Job>();
  private readonly clock: () => Date;
  private readonly reports = new Map<string, ServiceReportEntry[] | EntityReportEntry[]>();

  /** The latest access in the account: an hour before the first job was created, on a whole second. */
  private newest?: number;

  constructor(private readonly options: LastAccessedOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
  }

  handle(params: Record<string, string>): WireAnswer | undefined {
    switch (params.Action) {
      case 'GenerateServiceLastAccessedDetails':
        return this.generate(params);
      case 'GetServiceLastAccessedDetails':
        return this.read(params, 'GetServiceLastAccessedDetails');
      case 'GetServiceLastAccessedDetailsWithEntities':
        return this.read(params, 'GetServiceLastAccessedDetailsWithEntities');
      default:
        return undefined;
    }
  }

  private generate(p: Record<string, string>): WireAnswer {
    const bad: string[] = [];
    if (p.Arn === undefined) bad.push(violation('Arn', undefined, 'not be null'));
    else if (length(p.Arn) < 20) bad.push(violation('Arn', p.Arn, 'have length greater than or equal to 20'));
    else if (length(p.Arn) > 2048) bad.push(violation('Arn', p.Arn, 'have length less than or equal to 2048'));
    const granularity = (p.Granularity ?? 'SERVICE_LEVEL') as Granularity;
    if (!GRANULARITIES.includes(granularity)) bad.push(violation('Granularity', p.Granularity, `satisfy enum value set: [${GRANULARITIES.join(', ')}]`));
    if (bad.length) return validationError(bad);

    if (!SUBJECT_ARN.test(p.Arn)) return failure(400, 'InvalidInput', `ARN ${p.Arn} is not valid: it must name an IAM user, group, role or managed policy.`);
    const subject = entityByArn(p.Arn);
    if (!subject) return failure(404, 'NoSuchEntity', `The entity with ARN ${p.Arn} cannot be found.`);

    const index = this.jobs.size + 1;
    const jobId = jobIdFor(`${this.options.jobIdSeed ?? 'reference'}:service-last-accessed`, index);
    const created = this.clock();
    this.newest ??= Math.floor(created.getTime() / 1000) * 1000 - 3600_000;
    this.jobs.set(jobId, { index, subject, granularity, created, polls: 0, markers: new Map() });
    return success('GenerateServiceLastAccessedDetails', element('JobId', jobId));
  }

  private read(p: Record<string, string>, operation: 'GetServiceLastAccessedDetails' | 'GetServiceLastAccessedDetailsWithEntities'): WireAnswer {
    const withEntities = operation === 'GetServiceLastAccessedDetailsWithEntities';
    const bad: string[] = [];
    checkJobId(p.JobId, bad);
    const namespace = p.ServiceNamespace;
    if (withEntities) {
      if (namespace === undefined) bad.push(violation('ServiceNamespace', undefined, 'not be null'));
      else {
        if (length(namespace) < 1) bad.push(violation('ServiceNamespace', namespace, 'have length greater than or equal to 1'));
        if (length(namespace) > 64) bad.push(violation('ServiceNamespace', namespace, 'have length less than or equal to 64'));
        if (!NAMESPACE.regex.test(namespace)) bad.push(violation('ServiceNamespace', namespace, `satisfy regular expression pattern: ${NAMESPACE.text}`));
      }
    }
    const maxItems = checkMaxItems(p.MaxItems, bad);
    const marker = p.Marker;
    checkMarker(marker, bad);
    if (bad.length) return validationError(bad);

    const job = this.jobs.get(p.JobId);
    if (!job) return failure(404, 'NoSuchEntity', `The service last accessed job with the ID ${p.JobId} cannot be found.`);
    const listName = withEntities ? `entities:${namespace}` : 'services';
    let offset = 0;
    if (marker !== undefined) {
      const issued = job.markers.get(marker);
      if (!issued || issued.list !== listName) return failure(400, 'InvalidInput', `Invalid Marker: it was not returned for job ${p.JobId}${withEntities ? ` and service ${namespace}` : ''}.`);
      offset = issued.offset;
    }

    const status = (s: string) => element('JobStatus', s) + (withEntities ? '' : element('JobType', job.granularity)) + element('JobCreationDate', job.created.toISOString());
    const items = withEntities ? 'EntityDetailsList' : 'ServicesLastAccessed';
    if (job.polls < (this.options.pollsBeforeComplete ?? 1)) {
      job.polls++;
      // Nothing to list yet: the model's required list is sent empty; JobCompletionDate is left out (docs).
      return success(operation, status('IN_PROGRESS') + list(items, []));
    }
    job.completed ??= new Date(Math.max(this.clock().getTime(), job.created.getTime()));
    const completed = element('JobCompletionDate', job.completed.toISOString());
    if (this.options.failJobs) {
      const why = this.options.failJobs === true ? DEFAULT_FAILURE : this.options.failJobs;
      // The required list, empty: a failed job has nothing to list.
      const empty = list(items, []);
      return success(operation, withEntities ? status('FAILED') + completed + empty + failed(why) : status('FAILED') + empty + completed + failed(why));
    }

    const all = this.report(job, withEntities ? namespace : undefined);
    const size = Math.min(maxItems, this.options.pageCap ?? maxItems);
    const page = all.slice(offset, offset + size);
    const next = offset + page.length;
    const truncated = next < all.length;
    let nextMarker: string | undefined;
    if (truncated) {
      nextMarker = encodeMarker(job.index, listName, next);
      job.markers.set(nextMarker, { list: listName, offset: next });
    }
    const listXml = withEntities
      ? list(items, (page as EntityReportEntry[]).map(entityXml))
      : list(items, (page as ServiceReportEntry[]).map(serviceXml));
    // Members in model order.
    return success(
      operation,
      withEntities
        ? status('COMPLETED') + completed + listXml + element('IsTruncated', truncated) + element('Marker', nextMarker)
        : status('COMPLETED') + listXml + completed + element('IsTruncated', truncated) + element('Marker', nextMarker),
    );
  }

  /** A job's report, computed once per job and list. */
  private report(job: Job, namespace?: string): ServiceReportEntry[] | EntityReportEntry[] {
    const key = `${job.index}:${namespace ?? ''}`;
    let r = this.reports.get(key);
    if (!r) {
      if (namespace === undefined) r = serviceReport(job.subject, job.granularity, this.newest!);
      else {
        const ordered = entityReport(job.subject, namespace, this.newest!);
        r = this.options.reorderEntities ? this.options.reorderEntities(ordered) : ordered;
      }
      this.reports.set(key, r);
    }
    return r;
  }
}
