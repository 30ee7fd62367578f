// The reference target: an exact awsQuery endpoint for GenerateOrganizationsAccessReport and
// GetOrganizationsAccessReport on 127.0.0.1. It follows specs/iam-organizations-access-report.yaml to
// the letter, so the suite passes against it, the JS SDK and botocore both parse it, and emulator
// authors can read it as a model. Every report serves the same seeded services whatever EntityPath or
// OrganizationsPolicyId it was generated with (rules R19 and G4-G6 are not modelled).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jobIdFor, seedServices, type ServiceEntry } from './data';
import { element, failure, list, success, validationError, violation, type WireAnswer } from './wire';
import type { Behaviour } from './behaviours';
import { LastAccessedService, type EntityReportEntry } from './last-accessed';
import { checkJobId, checkMarker, checkMaxItems, length } from './inputs';

export interface ReferenceTargetOptions {
  /** TCP port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** The report's services (default: seedServices(), 130 services). Served as given, in the order the SortKey asks. */
  services?: ServiceEntry[];
  /** How many GetOrganizationsAccessReport calls still answer IN_PROGRESS for a new job (default 1). */
  pollsBeforeComplete?: number;
  /** Never more than this many items on a page, whatever MaxItems says (legal: rule R5). */
  pageCap?: number;
  /** Jobs end FAILED, with these ErrorDetails (or a default pair when `true`), instead of COMPLETED. */
  failJobs?: boolean | { Code: string; Message: string };
  /** More jobs IN_PROGRESS than this are refused with 409 ReportGenerationLimitExceeded (default 5). */
  maxConcurrentJobs?: number;
  /** The time of job creation and completion (default: real time). */
  clock?: () => Date;
  /** JobIds are derived from this seed and a counter, so they repeat from run to run (default "reference"). */
  jobIdSeed?: string;
  /** JobIds to hand out first, in order (e.g. the documentation example's), before the seeded ones. */
  jobIds?: string[];
  /** Request ids are derived from this seed and a counter (default: random), so a re-recording repeats them. */
  requestIdSeed?: string;
  /** Called with the form fields of every well-formed POST / (the benchmark replays them). */
  onRequest?: (params: Record<string, string>) => void;
  /** Changes a sort order after it is computed (a legal variation: never-accessed services first). */
  reorder?: (sortKey: SortKey, ordered: ServiceEntry[]) => ServiceEntry[];
  /** The same for the entities of GetServiceLastAccessedDetailsWithEntities (last-accessed.ts). */
  reorderEntities?: (list: EntityReportEntry[]) => EntityReportEntry[];
  /** A behaviour of the catalogue (behaviours.ts): a deliberate break or a legal variation. */
  behaviour?: Behaviour;
}

export interface RunningTarget {
  /** http://127.0.0.1:PORT, to use as the SDK endpoint. */
  url: string;
  port: number;
  /** HTTP requests received so far, answered or refused. */
  readonly requests: number;
  close(): Promise<void>;
}

export const SORT_KEYS = ['SERVICE_NAMESPACE_ASCENDING', 'SERVICE_NAMESPACE_DESCENDING', 'LAST_AUTHENTICATED_TIME_ASCENDING', 'LAST_AUTHENTICATED_TIME_DESCENDING'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
const DEFAULT_SORT: SortKey = 'SERVICE_NAMESPACE_ASCENDING';

// The model's patterns, matched against the whole value. The text is quoted in error messages as IAM does.
const ENTITY_PATH = { text: '^o-[0-9a-z]{10,32}\\/r-[0-9a-z]{4,32}[0-9a-z-\\/]*', regex: /^o-[0-9a-z]{10,32}\/r-[0-9a-z]{4,32}[0-9a-z\-/]*$/ };
const POLICY_ID = { text: '^p-[0-9a-zA-Z_]{8,128}$', regex: /^p-[0-9a-zA-Z_]{8,128}$/ };
const DEFAULT_FAILURE = { Code: 'PolicyTypeNotEnabled', Message: 'The report could not be generated: service control policies are not enabled on the root.' };

interface Job {
  /** 1 for the first job of this target, 2 for the next... (goes into markers). */
  index: number;
  created: Date;
  completed?: Date;
  polls: number;
  /** Every marker handed out for this job, with where it continues. Only these are accepted back. */
  markers: Map<string, { sortKey: SortKey; offset: number }>;
}


function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0; // ordinal, not locale; namespaces are ASCII so code units = code points
}

/**
 * Services in the order a SortKey asks for. Namespace keys compare ordinally. Time keys order by
 * LastAuthenticatedTime, break ties by namespace ascending in both directions, and put services never
 * accessed last in both directions (the contract leaves their place open; last is what IAM does).
 */
export function sortServices(services: readonly ServiceEntry[], sortKey: string): ServiceEntry[] {
  const byNamespace = [...services].sort((a, b) => compareText(a.ServiceNamespace, b.ServiceNamespace));
  if (sortKey === 'SERVICE_NAMESPACE_ASCENDING') return byNamespace;
  if (sortKey === 'SERVICE_NAMESPACE_DESCENDING') return byNamespace.reverse();
  const sign = sortKey === 'LAST_AUTHENTICATED_TIME_ASCENDING' ? 1 : -1;
  const timed = byNamespace.filter((s) => s.LastAuthenticatedTime !== undefined).map((s) => ({ s, t: Date.parse(s.LastAuthenticatedTime!) }));
  timed.sort((a, b) => sign * (a.t - b.t)); // stable, so equal times keep namespace order
  return [...timed.map((x) => x.s), ...byNamespace.filter((s) => s.LastAuthenticatedTime === undefined)];
}

function accessDetailXml(s: ServiceEntry): string {
  // Members in model order; only the modelled ones, whatever else the entry object holds.
  return (
    element('ServiceName', s.ServiceName) +
    element('ServiceNamespace', s.ServiceNamespace) +
    element('Region', s.Region) +
    element('EntityPath', s.EntityPath) +
    element('LastAuthenticatedTime', s.LastAuthenticatedTime) +
    element('TotalAuthenticatedEntities', s.TotalAuthenticatedEntities)
  );
}

function checkOptions(o: ReferenceTargetOptions): void {
  const whole = (name: keyof ReferenceTargetOptions, min: number) => {
    const v = o[name];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < min)) throw new RangeError(`reference target: ${name} must be a whole number >= ${min}, got ${String(v)}`);
  };
  whole('pollsBeforeComplete', 0);
  whole('pageCap', 1);
  whole('maxConcurrentJobs', 1);
  whole('port', 0);
}

/** The two operations over parsed form fields, without HTTP: handle() gives the answer to send. */
export class ReferenceService {
  private readonly jobs = new Map<string, Job>();
  private readonly services: readonly ServiceEntry[];
  private readonly clock: () => Date;
  private readonly sorted = new Map<string, ServiceEntry[]>();
  private readonly notAccessed: number;
  /** GenerateServiceLastAccessedDetails and the two reads of its jobs (last-accessed.ts). */
  private readonly lastAccessed: LastAccessedService;

  constructor(private readonly options: ReferenceTargetOptions = {}) {
    checkOptions(options);
    this.lastAccessed = new LastAccessedService(options);
    this.services = options.services ?? seedServices();
    this.clock = options.clock ?? (() => new Date());
    this.notAccessed = this.services.filter((s) => s.LastAuthenticatedTime === undefined).length;
  }

  handle(params: Record<string, string>): WireAnswer {
    if (params.Action === undefined) return failure(400, 'MissingAction', 'The request must contain the parameter Action.');
    if (params.Version !== '2010-05-08') {
      return params.Version === undefined
        ? failure(400, 'MissingParameter', 'The request must contain the parameter Version (2010-05-08).')
        : failure(400, 'InvalidParameterValue', `Version ${params.Version} is not supported; IAM's API version is 2010-05-08.`);
    }
    switch (params.Action) {
      case 'GenerateOrganizationsAccessReport':
        return this.generate(params);
      case 'GetOrganizationsAccessReport':
        return this.get(params);
      default:
        return this.lastAccessed.handle(params) ?? failure(400, 'InvalidAction', `The action ${params.Action} is not valid for this web service.`);
    }
  }

  private isDone(job: Job): boolean {
    return job.polls >= (this.options.pollsBeforeComplete ?? 1);
  }

  private generate(p: Record<string, string>): WireAnswer {
    const bad: string[] = [];
    const path = p.EntityPath;
    if (path === undefined) bad.push(violation('EntityPath', path, 'not be null'));
    else {
      if (length(path) < 19) bad.push(violation('EntityPath', path, 'have length greater than or equal to 19'));
      if (length(path) > 427) bad.push(violation('EntityPath', path, 'have length less than or equal to 427'));
      if (!ENTITY_PATH.regex.test(path)) bad.push(violation('EntityPath', path, `satisfy regular expression pattern: ${ENTITY_PATH.text}`));
    }
    const policy = p.OrganizationsPolicyId;
    if (policy !== undefined && !POLICY_ID.regex.test(policy)) bad.push(violation('OrganizationsPolicyId', policy, `satisfy regular expression pattern: ${POLICY_ID.text}`));
    if (bad.length) return validationError(bad);

    const running = [...this.jobs.values()].filter((j) => !this.isDone(j)).length;
    const limit = this.options.maxConcurrentJobs ?? 5;
    if (running >= limit) return failure(409, 'ReportGenerationLimitExceeded', `${running} report jobs are already running, the most this account may run at once. Try again when one has finished.`);

    const index = this.jobs.size + 1;
    const jobId = this.options.jobIds?.[index - 1] ?? jobIdFor(this.options.jobIdSeed ?? 'reference', index);
    this.jobs.set(jobId, { index, created: this.clock(), polls: 0, markers: new Map() });
    return success('GenerateOrganizationsAccessReport', element('JobId', jobId));
  }

  private get(p: Record<string, string>): WireAnswer {
    // Every model constraint first, then existence: an out-of-contract request is a 400 whatever its JobId.
    const bad: string[] = [];
    checkJobId(p.JobId, bad);
    const maxItems = checkMaxItems(p.MaxItems, bad);

    const sortKey = (p.SortKey ?? DEFAULT_SORT) as SortKey;
    if (!SORT_KEYS.includes(sortKey)) bad.push(violation('SortKey', p.SortKey, `satisfy enum value set: [${SORT_KEYS.join(', ')}]`));

    const marker = p.Marker;
    checkMarker(marker, bad);
    if (bad.length) return validationError(bad);

    const job = this.jobs.get(p.JobId);
    if (!job) return failure(404, 'NoSuchEntity', `The report job with the ID ${p.JobId} cannot be found.`);

    let offset = 0;
    if (marker !== undefined) {
      // A well-formed marker that this target did not hand out for this job and sort key. The model names no
      // error for it; we answer ValidationError (400, Sender), the code IAM's list operations use for
      // "Invalid Marker", rather than InvalidInput, which this operation does not declare.
      const issued = job.markers.get(marker);
      if (!issued || issued.sortKey !== sortKey) return failure(400, 'ValidationError', `Invalid Marker: it was not returned for report job ${p.JobId} with SortKey ${sortKey}.`);
      offset = issued.offset;
    }

    const created = element('JobCreationDate', job.created.toISOString());
    if (!this.isDone(job)) {
      job.polls++;
      return success('GetOrganizationsAccessReport', element('JobStatus', 'IN_PROGRESS') + created);
    }
    // The job finished when it was first seen finished; never before it started.
    job.completed ??= new Date(Math.max(this.clock().getTime(), job.created.getTime()));
    const completed = element('JobCompletionDate', job.completed.toISOString());

    if (this.options.failJobs) {
      const why = this.options.failJobs === true ? DEFAULT_FAILURE : this.options.failJobs;
      return success('GetOrganizationsAccessReport', element('JobStatus', 'FAILED') + created + completed + `<ErrorDetails>${element('Message', why.Message)}${element('Code', why.Code)}</ErrorDetails>`);
    }

    const ordered = this.inOrder(sortKey);
    const size = Math.min(maxItems, this.options.pageCap ?? maxItems);
    const page = ordered.slice(offset, offset + size);
    const next = offset + page.length;
    const truncated = next < ordered.length;
    let nextMarker: string | undefined;
    if (truncated) {
      nextMarker = encodeMarker(job.index, sortKey, next);
      job.markers.set(nextMarker, { sortKey, offset: next });
    }
    return success(
      'GetOrganizationsAccessReport',
      element('JobStatus', 'COMPLETED') +
        created +
        completed +
        element('NumberOfServicesAccessible', ordered.length) +
        element('NumberOfServicesNotAccessed', this.notAccessed) +
        list('AccessDetails', page.map(accessDetailXml)) +
        element('IsTruncated', truncated) +
        element('Marker', nextMarker),
    );
  }

  /** The services in a sort order, computed once per order (a 10,000-service walk stays cheap). */
  private inOrder(sortKey: SortKey): ServiceEntry[] {
    let ordered = this.sorted.get(sortKey);
    if (!ordered) {
      ordered = sortServices(this.services, sortKey);
      if (this.options.reorder) ordered = this.options.reorder(sortKey, ordered);
      this.sorted.set(sortKey, ordered);
    }
    return ordered;
  }
}

/**
 * Opaque to clients. base64url of [job, sort key, offset]: readable when debugging, the same in every run
 * (recordings stay reproducible), far below 320 characters and inside U+0020..U+00FF.
 */
function encodeMarker(job: number, sortKey: SortKey, offset: number): string {
  return Buffer.from(JSON.stringify([job, sortKey, offset])).toString('base64url');
}

const MAX_BODY_BYTES = 1 << 20;

function isForm(contentType: string | undefined): boolean {
  return contentType === undefined || contentType.split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/** Starts the target on 127.0.0.1. Signatures are not checked: any Authorization header, or none, is accepted. */
export async function startReferenceTarget(given: ReferenceTargetOptions = {}): Promise<RunningTarget> {
  const behaviour = given.behaviour;
  const options: ReferenceTargetOptions = { ...given, ...behaviour?.options };
  const service = new ReferenceService(options);
  let requests = 0;
  let answered = 0;
  const server = http.createServer((req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('error', () => res.destroy()); // the client went away; nobody to answer
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => {
      let answer: WireAnswer;
      try {
        const path = (req.url ?? '/').split('?')[0];
        if (path !== '/') answer = failure(404, 'NotFound', `Nothing at ${path}: awsQuery requests go to POST /.`);
        else if (req.method !== 'POST') answer = failure(400, 'InvalidAction', `awsQuery requests are POST /, not ${req.method} /.`);
        else if (size > MAX_BODY_BYTES) answer = failure(413, 'RequestEntityTooLarge', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
        else if (!isForm(req.headers['content-type'])) answer = failure(400, 'MissingAction', `awsQuery requests carry a form body (application/x-www-form-urlencoded), not ${req.headers['content-type']}.`);
        else {
          const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
          options.onRequest?.(params);
          answer = service.handle(behaviour?.request ? behaviour.request(params) : params);
          if (behaviour?.answer) answer = behaviour.answer(params, answer);
        }
      } catch (e) {
        answer = failure(500, 'ServiceFailure', `The reference target failed unexpectedly: ${(e as Error).message}`);
      }
      if (options.requestIdSeed !== undefined) {
        const id = jobIdFor(`${options.requestIdSeed}:request`, ++answered);
        answer = { ...answer, requestId: id, body: answer.body.split(answer.requestId).join(id) };
      }
      if (behaviour?.chunked) {
        // Transfer-Encoding: chunked, in small pieces: legal HTTP/1.1 that some emulators' stacks produce.
        res.writeHead(answer.status, { 'Content-Type': 'text/xml', 'x-amzn-RequestId': answer.requestId });
        for (let i = 0; i < answer.body.length; i += 512) res.write(answer.body.slice(i, i + 512));
        res.end();
        return;
      }
      res.writeHead(answer.status, { 'Content-Type': behaviour?.contentType ?? 'text/xml', 'Content-Length': Buffer.byteLength(answer.body), 'x-amzn-RequestId': answer.requestId });
      res.end(answer.body);
    });
  });
  // Long enough that an SDK never reuses a connection the server is closing; close() ends them anyway.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
