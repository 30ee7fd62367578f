// The reference target: an exact awsQuery endpoint for GenerateOrganizationsAccessReport and
// GetOrganizationsAccessReport on 127.0.0.1. It follows the contract in specs/ to the letter, so the
// suite passes against it, the JS SDK and botocore both parse it, and emulator authors can read it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jobIdFor, seedServices, type ServiceEntry } from './data';
import { failure, success, validationError, type WireAnswer } from './wire';

export interface ReferenceTargetOptions {
  port?: number;
  services?: ServiceEntry[];
  /** How many GetOrganizationsAccessReport calls still see IN_PROGRESS for a new job (default 1). */
  pollsBeforeComplete?: number;
  /** Never more than this many items on a page, whatever MaxItems says (legal: rule R5). */
  pageCap?: number;
  /** Jobs end FAILED, with ErrorDetails, instead of COMPLETED. */
  failJobs?: boolean;
  /** More jobs IN_PROGRESS than this are refused with ReportGenerationLimitExceeded (default 5). */
  maxConcurrentJobs?: number;
  clock?: () => Date;
  /** JobIds derive from this seed and a counter, so they repeat from run to run. */
  jobIdSeed?: string;
  /** JobIds to hand out first, in order (e.g. the documentation example's), before seeded ones. */
  jobIds?: string[];
  /** Called with the form fields of every request (the benchmark replays them with a plain script). */
  onRequest?: (params: Record<string, string>) => void;
}

export interface RunningTarget {
  url: string;
  port: number;
  /** Requests served so far. */
  readonly requests: number;
  close(): Promise<void>;
}

const SORT_KEYS = ['SERVICE_NAMESPACE_ASCENDING', 'SERVICE_NAMESPACE_DESCENDING', 'LAST_AUTHENTICATED_TIME_ASCENDING', 'LAST_AUTHENTICATED_TIME_DESCENDING'] as const;
const ENTITY_PATH = /^o-[0-9a-z]{10,32}\/r-[0-9a-z]{4,32}[0-9a-z\-/]*$/;
const POLICY_ID = /^p-[0-9a-zA-Z_]{8,128}$/;
const MARKER_CHARS = /^[\u0020-\u00FF]+$/;

interface Job {
  index: number;
  created: Date;
  completed?: Date;
  polls: number;
}

/** Services in the order a SortKey asks for. Ties break by namespace; never-accessed services go last. */
export function sortServices(services: ServiceEntry[], sortKey: string): ServiceEntry[] {
  const byNamespace = [...services].sort((a, b) => (a.ServiceNamespace < b.ServiceNamespace ? -1 : a.ServiceNamespace > b.ServiceNamespace ? 1 : 0));
  if (sortKey === 'SERVICE_NAMESPACE_ASCENDING') return byNamespace;
  if (sortKey === 'SERVICE_NAMESPACE_DESCENDING') return byNamespace.reverse();
  const sign = sortKey === 'LAST_AUTHENTICATED_TIME_ASCENDING' ? 1 : -1;
  const timed = byNamespace.filter((s) => s.LastAuthenticatedTime);
  // Array.prototype.sort is stable, so equal times keep namespace order.
  timed.sort((a, b) => sign * (Date.parse(a.LastAuthenticatedTime!) - Date.parse(b.LastAuthenticatedTime!)));
  return [...timed, ...byNamespace.filter((s) => !s.LastAuthenticatedTime)];
}

export class ReferenceService {
  private readonly jobs = new Map<string, Job>();
  private readonly services: ServiceEntry[];
  private readonly clock: () => Date;

  constructor(private readonly options: ReferenceTargetOptions = {}) {
    this.services = options.services ?? seedServices();
    this.clock = options.clock ?? (() => new Date());
  }

  handle(params: Record<string, string>): WireAnswer {
    if (params.Version !== '2010-05-08') return failure(400, 'InvalidParameterValue', `Version must be 2010-05-08, got ${params.Version ?? 'none'}`);
    switch (params.Action) {
      case 'GenerateOrganizationsAccessReport':
        return this.generate(params);
      case 'GetOrganizationsAccessReport':
        return this.get(params);
      default:
        return failure(400, 'InvalidAction', `The action ${params.Action ?? '(none)'} is not valid for this web service.`);
    }
  }

  private generate(p: Record<string, string>): WireAnswer {
    const path = p.EntityPath;
    if (path === undefined) return validationError('EntityPath', undefined, 'Member must not be null');
    if (path.length < 19) return validationError('EntityPath', path, 'Member must have length greater than or equal to 19');
    if (path.length > 427) return validationError('EntityPath', path, 'Member must have length less than or equal to 427');
    if (!ENTITY_PATH.test(path)) return validationError('EntityPath', path, `Member must satisfy regular expression pattern: ${ENTITY_PATH.source}`);
    if (p.OrganizationsPolicyId !== undefined && !POLICY_ID.test(p.OrganizationsPolicyId)) {
      return validationError('OrganizationsPolicyId', p.OrganizationsPolicyId, `Member must satisfy regular expression pattern: ${POLICY_ID.source}`);
    }
    const running = [...this.jobs.values()].filter((j) => !this.isDone(j)).length;
    if (running >= (this.options.maxConcurrentJobs ?? 5)) {
      return failure(409, 'ReportGenerationLimitExceeded', 'Too many report jobs are running for this account. Wait for one to finish.');
    }
    const index = this.jobs.size + 1;
    const jobId = this.options.jobIds?.[index - 1] ?? jobIdFor(this.options.jobIdSeed ?? 'reference', index);
    this.jobs.set(jobId, { index, created: this.clock(), polls: 0 });
    return success('GenerateOrganizationsAccessReport', { JobId: jobId });
  }

  private isDone(job: Job): boolean {
    return job.polls >= (this.options.pollsBeforeComplete ?? 1);
  }

  private get(p: Record<string, string>): WireAnswer {
    // Every constraint first, then existence: an out-of-contract request is a 400 whatever its JobId.
    if (p.JobId === undefined) return validationError('JobId', undefined, 'Member must not be null');
    if (p.JobId.length !== 36) return validationError('JobId', p.JobId, `Member must have length ${p.JobId.length < 36 ? 'greater' : 'less'} than or equal to 36`);
    let maxItems = 100;
    if (p.MaxItems !== undefined) {
      if (!/^[+-]?\d+$/.test(p.MaxItems)) return validationError('MaxItems', p.MaxItems, 'Member must be an integer');
      maxItems = Number(p.MaxItems);
      if (maxItems < 1) return validationError('MaxItems', p.MaxItems, 'Member must have value greater than or equal to 1');
      if (maxItems > 1000) return validationError('MaxItems', p.MaxItems, 'Member must have value less than or equal to 1000');
    }
    const sortKey = p.SortKey ?? 'SERVICE_NAMESPACE_ASCENDING';
    if (!(SORT_KEYS as readonly string[]).includes(sortKey)) return validationError('SortKey', p.SortKey, `Member must satisfy enum value set: [${SORT_KEYS.join(', ')}]`);
    if (p.Marker !== undefined) {
      if (p.Marker.length < 1) return validationError('Marker', p.Marker, 'Member must have length greater than or equal to 1');
      if (p.Marker.length > 320) return validationError('Marker', p.Marker, 'Member must have length less than or equal to 320');
      if (!MARKER_CHARS.test(p.Marker)) return validationError('Marker', p.Marker, 'Member must satisfy regular expression pattern: [\\u0020-\\u00FF]+');
    }
    const job = this.jobs.get(p.JobId);
    if (!job) return failure(404, 'NoSuchEntity', `The report job ${p.JobId} cannot be found.`);
    let offset = 0;
    if (p.Marker !== undefined) {
      const decoded = decodeMarker(p.Marker);
      // An unmodelled condition: IAM's generic ValidationError fits a marker that is well-formed but not ours.
      if (!decoded || decoded.job !== job.index || decoded.sort !== sortKey) return failure(400, 'ValidationError', 'The marker is not valid for this report and sort key.');
      offset = decoded.offset;
    }

    const created = job.created.toISOString();
    if (!this.isDone(job)) {
      job.polls++;
      return success('GetOrganizationsAccessReport', { JobStatus: 'IN_PROGRESS', JobCreationDate: created });
    }
    job.completed ??= new Date(Math.max(this.clock().getTime(), job.created.getTime()));
    const completed = job.completed.toISOString();
    if (this.options.failJobs) {
      return success('GetOrganizationsAccessReport', {
        JobStatus: 'FAILED', JobCreationDate: created, JobCompletionDate: completed,
        ErrorDetails: { Message: 'The report could not be generated because SCPs are not enabled on the root.', Code: 'PolicyTypeNotEnabled' },
      });
    }
    const ordered = sortServices(this.services, sortKey);
    const size = Math.min(maxItems, this.options.pageCap ?? maxItems);
    const page = ordered.slice(offset, offset + size);
    const next = offset + page.length;
    const truncated = next < ordered.length;
    return success('GetOrganizationsAccessReport', {
      JobStatus: 'COMPLETED',
      JobCreationDate: created,
      JobCompletionDate: completed,
      NumberOfServicesAccessible: ordered.length,
      NumberOfServicesNotAccessed: ordered.filter((s) => !s.LastAuthenticatedTime).length,
      AccessDetails: page,
      IsTruncated: truncated,
      Marker: truncated ? encodeMarker({ job: job.index, sort: sortKey, offset: next }) : undefined,
    });
  }
}

interface MarkerContent {
  job: number;
  sort: string;
  offset: number;
}

/** Opaque to clients; base64url keeps it inside U+0020..U+00FF and far below 320 characters. */
function encodeMarker(m: MarkerContent): string {
  return Buffer.from(JSON.stringify([m.job, m.sort, m.offset])).toString('base64url');
}

function decodeMarker(text: string): MarkerContent | undefined {
  try {
    const [job, sort, offset] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    return Number.isInteger(job) && typeof sort === 'string' && Number.isInteger(offset) && offset >= 0 ? { job, sort, offset } : undefined;
  } catch {
    return undefined;
  }
}

export async function startReferenceTarget(options: ReferenceTargetOptions = {}): Promise<RunningTarget> {
  const service = new ReferenceService(options);
  let requests = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests++;
      let answer: WireAnswer;
      try {
        if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== '/') {
          answer = failure(400, 'InvalidAction', `awsQuery requests are POST /, not ${req.method} ${req.url}`);
        } else {
          const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
          options.onRequest?.(params);
          answer = service.handle(params);
        }
      } catch (e) {
        answer = failure(500, 'ServiceFailure', `The reference target failed: ${(e as Error).message}`);
      }
      res.writeHead(answer.status, { 'Content-Type': 'text/xml', 'x-amzn-RequestId': answer.requestId });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  server.keepAliveTimeout = 1000;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests() {
      return requests;
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
