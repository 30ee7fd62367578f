// The reference target over real HTTP on 127.0.0.1, driven by the real @aws-sdk/client-iam (and, once,
// by botocore through the AWS CLI): job lifecycle, paging, sorting, every input check, errors, options.
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { execFile, spawnSync } from 'node:child_process';
import {
  GenerateOrganizationsAccessReportCommand,
  GetOrganizationsAccessReportCommand,
  IAMClient,
  type AccessDetail,
  type GenerateOrganizationsAccessReportCommandInput,
  type GetOrganizationsAccessReportCommandInput,
  type GetOrganizationsAccessReportCommandOutput,
} from '@aws-sdk/client-iam';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { startReferenceTarget, type ReferenceTargetOptions, type RunningTarget } from '../../src/reference-target';
import { ORGANIZATION_ID, ROOT_PATH, SEED_SIZE, SEED_TIES, seedServices, type ServiceEntry } from '../../src/reference-target/data';

jest.setTimeout(60_000);

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const ENTITY_PATH = /^o-[0-9a-z]{10,32}\/r-[0-9a-z]{4,32}[0-9a-z\-/]*$/;
const UNKNOWN_JOB = '00000000-0000-4000-8000-00000000dead';

let target: RunningTarget | undefined;
let client: IAMClient | undefined;
afterEach(async () => {
  client?.destroy();
  client = undefined;
  await target?.close();
  target = undefined;
});

async function start(options: ReferenceTargetOptions = {}): Promise<IAMClient> {
  client?.destroy();
  target = await startReferenceTarget(options);
  client = new IAMClient({ endpoint: target.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
  return client;
}

const generate = (input: Partial<GenerateOrganizationsAccessReportCommandInput> = {}) =>
  client!.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: ROOT_PATH, ...input } as GenerateOrganizationsAccessReportCommandInput));
const get = (input: Partial<GetOrganizationsAccessReportCommandInput>) => client!.send(new GetOrganizationsAccessReportCommand(input as GetOrganizationsAccessReportCommandInput));

/** A new job, polled until it is no longer IN_PROGRESS. */
async function finishedJob(): Promise<string> {
  const { JobId } = await generate();
  for (let i = 0; i < 20; i++) if ((await get({ JobId })).JobStatus !== 'IN_PROGRESS') return JobId!;
  throw new Error('the job never finished');
}

/** Every page of a report, following Marker. */
async function walk(JobId: string, extra: Partial<GetOrganizationsAccessReportCommandInput> = {}): Promise<GetOrganizationsAccessReportCommandOutput[]> {
  const pages: GetOrganizationsAccessReportCommandOutput[] = [];
  let Marker: string | undefined;
  do {
    const page = await get({ JobId, ...extra, Marker });
    pages.push(page);
    Marker = page.IsTruncated ? page.Marker : undefined;
    if (page.IsTruncated && !page.Marker) throw new Error('truncated page without Marker');
  } while (Marker && pages.length < 1000);
  return pages;
}
const items = (pages: GetOrganizationsAccessReportCommandOutput[]) => pages.flatMap((p) => p.AccessDetails ?? []);
const namespaces = (list: { ServiceNamespace?: string }[]) => list.map((s) => s.ServiceNamespace!);
const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A raw awsQuery POST, for what the SDK cannot send or hides (headers, exact XML). */
async function post(params: Record<string, string>, init: { method?: string; path?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${target!.url}${init.path ?? '/'}`, {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...init.headers },
    body: (init.method ?? 'POST') === 'POST' ? new URLSearchParams(params).toString() : undefined,
  });
  const body = await res.text();
  const wellFormed = XMLValidator.validate(body) === true;
  const doc = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(body);
  return { status: res.status, headers: res.headers, body, wellFormed, doc };
}
const V = { Version: '2010-05-08' };

describe('seed data', () => {
  const services = seedServices();

  test('130 real services, 43 never accessed, the default page truncates', () => {
    expect(services).toHaveLength(SEED_SIZE);
    expect(SEED_SIZE).toBe(130);
    expect(services.filter((s) => s.LastAuthenticatedTime === undefined)).toHaveLength(43);
    expect(services.find((s) => s.ServiceNamespace === 'a4b')?.ServiceName).toBe('Alexa for Business');
    expect(new Set(namespaces(services)).size).toBe(services.length);
    for (const s of services) expect(s.ServiceNamespace).toMatch(/^[a-z0-9-]{1,64}$/);
  });

  test('accessed services carry Region, an EntityPath in the organization, a date-time and a count >= 1; the others none of these and 0', () => {
    for (const s of services) {
      if (s.LastAuthenticatedTime === undefined) {
        expect(s).toEqual({ ServiceName: s.ServiceName, ServiceNamespace: s.ServiceNamespace, TotalAuthenticatedEntities: 0 });
      } else {
        expect(s.Region).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
        expect(s.EntityPath).toMatch(ENTITY_PATH);
        expect(s.EntityPath!.startsWith(`${ROOT_PATH}/`)).toBe(true);
        expect(s.LastAuthenticatedTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(s.TotalAuthenticatedEntities).toBeGreaterThanOrEqual(1);
      }
    }
    expect(ROOT_PATH).toBe(`${ORGANIZATION_ID}/r-f6g7`);
    expect(ROOT_PATH).toHaveLength(19);
  });

  test('the tie groups share one time each, and no other two services do', () => {
    expect(SEED_TIES.length).toBeGreaterThanOrEqual(3);
    const byTime = new Map<string, string[]>();
    for (const s of services) if (s.LastAuthenticatedTime) byTime.set(s.LastAuthenticatedTime, [...(byTime.get(s.LastAuthenticatedTime) ?? []), s.ServiceNamespace]);
    const ties = [...byTime.values()].filter((g) => g.length > 1).map((g) => g.sort(ordinal));
    expect(ties.sort((a, b) => ordinal(a[0], b[0]))).toEqual(SEED_TIES.map((g) => [...g]).sort((a, b) => ordinal(a[0], b[0])));
  });

  test('deterministic, and scales to 10,000 synthetic services', () => {
    expect(seedServices()).toEqual(services);
    const big = seedServices(10_000);
    expect(big).toHaveLength(10_000);
    expect(big).toEqual(seedServices(10_000));
    expect(big.slice(0, SEED_SIZE)).toEqual(services);
    expect(big[SEED_SIZE].ServiceNamespace).toBe('svc-00001');
    expect(new Set(namespaces(big)).size).toBe(10_000);
    // 43 real ones, and the synthetic multiples of 3 that are not multiples of 50 (3290 - 65).
    expect(big.filter((s) => !s.LastAuthenticatedTime)).toHaveLength(43 + 3225);
    expect(seedServices(8)).toEqual(services.slice(0, 8));
    expect(() => seedServices(-1)).toThrow(RangeError);
  });
});

describe('job lifecycle', () => {
  test('generate returns a 36-character JobId; one poll is IN_PROGRESS, the next COMPLETED', async () => {
    const clock = (() => {
      let t = Date.parse('2026-01-01T00:00:00.000Z');
      return () => new Date((t += 1500));
    })();
    await start({ clock });
    const { JobId } = await generate();
    expect(JobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);

    const running = await get({ JobId });
    // While running: JobStatus and JobCreationDate only.
    const { $metadata, ...shape } = running;
    expect(shape).toEqual({ JobStatus: 'IN_PROGRESS', JobCreationDate: new Date('2026-01-01T00:00:01.500Z') });
    expect($metadata.httpStatusCode).toBe(200);
    expect($metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const done = await get({ JobId });
    expect(done).toMatchObject({ JobStatus: 'COMPLETED', JobCreationDate: running.JobCreationDate, NumberOfServicesAccessible: 130, NumberOfServicesNotAccessed: 43, IsTruncated: true });
    expect(done.JobCompletionDate).toEqual(new Date('2026-01-01T00:00:03.000Z'));
    expect(done.ErrorDetails).toBeUndefined();
    // The completion date is fixed once the job is done.
    expect((await get({ JobId })).JobCompletionDate).toEqual(done.JobCompletionDate);
  });

  test('pollsBeforeComplete sets how many polls still see IN_PROGRESS', async () => {
    await start({ pollsBeforeComplete: 3 });
    const { JobId } = await generate();
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await get({ JobId, MaxItems: 2 })).JobStatus);
    expect(statuses).toEqual(['IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS', 'COMPLETED', 'COMPLETED']);
    await target!.close();
    await start({ pollsBeforeComplete: 0 });
    const second = await generate();
    expect((await get({ JobId: second.JobId })).JobStatus).toBe('COMPLETED');
  });

  test('JobIds are deterministic for a seed and differ between seeds', async () => {
    const ids = async (options: ReferenceTargetOptions) => {
      await start(options);
      const out = [(await generate()).JobId, (await generate()).JobId];
      client!.destroy();
      await target!.close();
      return out;
    };
    const a = await ids({ jobIdSeed: 'one' });
    expect(await ids({ jobIdSeed: 'one' })).toEqual(a);
    expect(a[0]).not.toBe(a[1]);
    expect(await ids({ jobIdSeed: 'two' })).not.toEqual(a);
    expect(await ids({ jobIds: ['examplea-1234-b567-cde8-90fg123abcd4'], jobIdSeed: 'one' })).toEqual(['examplea-1234-b567-cde8-90fg123abcd4', a[1]]);
    target = undefined;
  });

  test('failJobs: the job ends FAILED with ErrorDetails and no report', async () => {
    await start({ failJobs: true });
    const { JobId } = await generate();
    expect((await get({ JobId })).JobStatus).toBe('IN_PROGRESS');
    const { $metadata: _m, ...failed } = await get({ JobId });
    expect(failed).toEqual({
      JobStatus: 'FAILED',
      JobCreationDate: expect.any(Date),
      JobCompletionDate: expect.any(Date),
      ErrorDetails: { Code: expect.any(String), Message: expect.any(String) },
    });
    expect(failed.JobCompletionDate!.getTime()).toBeGreaterThanOrEqual(failed.JobCreationDate!.getTime());
    await target!.close();
    await start({ failJobs: { Code: 'AccessDenied', Message: 'No & <access>' }, pollsBeforeComplete: 0 });
    expect((await get({ JobId: (await generate()).JobId })).ErrorDetails).toEqual({ Code: 'AccessDenied', Message: 'No & <access>' });
  });

  test('more running jobs than maxConcurrentJobs are refused with 409 ReportGenerationLimitExceeded', async () => {
    await start({ maxConcurrentJobs: 2 });
    const first = await generate();
    await generate();
    const refused = await generate().catch((e) => e);
    expect(refused.name).toBe('ReportGenerationLimitExceededException');
    expect(refused.$metadata.httpStatusCode).toBe(409);
    expect(refused.$fault).toBe('client');
    await get({ JobId: first.JobId }); // one poll finishes a job (pollsBeforeComplete 1)
    await expect(get({ JobId: first.JobId })).resolves.toMatchObject({ JobStatus: 'COMPLETED' });
    await expect(generate()).resolves.toHaveProperty('JobId');
  });

  test('the default limit is 5 running jobs', async () => {
    await start();
    for (let i = 0; i < 5; i++) await generate();
    await expect(generate()).rejects.toMatchObject({ name: 'ReportGenerationLimitExceededException', $metadata: { httpStatusCode: 409 } });
  });
});

describe('paging', () => {
  test('the default page holds 100 items and is truncated; its Marker leads to the remaining 30', async () => {
    await start();
    const JobId = await finishedJob();
    const first = await get({ JobId });
    expect(first.AccessDetails).toHaveLength(100);
    expect(first.IsTruncated).toBe(true);
    expect(first.Marker!.length).toBeGreaterThanOrEqual(1);
    expect(first.Marker!.length).toBeLessThanOrEqual(320);
    expect(first.Marker).toMatch(/^[\u0020-\u00FF]+$/);
    const last = await get({ JobId, Marker: first.Marker });
    expect(last.AccessDetails).toHaveLength(30);
    expect(last.IsTruncated).toBe(false);
    expect(last.Marker).toBeUndefined();
    expect(last.NumberOfServicesAccessible).toBe(130);
  });

  test('walking with MaxItems 7 gives exactly the single MaxItems=1000 list', async () => {
    await start();
    const JobId = await finishedJob();
    const whole = await get({ JobId, MaxItems: 1000 });
    expect(whole.IsTruncated).toBe(false);
    expect(whole.Marker).toBeUndefined();
    expect(whole.AccessDetails).toHaveLength(130);
    const pages = await walk(JobId, { MaxItems: 7 });
    expect(pages).toHaveLength(19);
    expect(pages.slice(0, -1).every((p) => p.AccessDetails!.length === 7 && p.IsTruncated === true)).toBe(true);
    expect(pages.at(-1)).toMatchObject({ IsTruncated: false });
    expect(items(pages)).toEqual(whole.AccessDetails);
  });

  test('MaxItems 1 and the same marker asked twice give the same page', async () => {
    await start();
    const JobId = await finishedJob();
    const first = await get({ JobId, MaxItems: 1 });
    expect(first.AccessDetails).toHaveLength(1);
    const again1 = await get({ JobId, MaxItems: 1, Marker: first.Marker });
    const again2 = await get({ JobId, MaxItems: 1, Marker: first.Marker });
    expect(again1.AccessDetails).toEqual(again2.AccessDetails);
    expect(again1.Marker).toBe(again2.Marker);
  });

  test('pageCap keeps pages short while IsTruncated leads on (R5), and the walk still adds up', async () => {
    await start({ pageCap: 5 });
    const JobId = await finishedJob();
    const page = await get({ JobId, MaxItems: 50 });
    expect(page.AccessDetails).toHaveLength(5);
    expect(page.IsTruncated).toBe(true);
    const pages = await walk(JobId, { MaxItems: 1000 });
    expect(pages).toHaveLength(26);
    expect(namespaces(items(pages))).toEqual(namespaces(seedServices()).sort(ordinal));
    expect((await get({ JobId, MaxItems: 3 })).AccessDetails).toHaveLength(3);
  });

  test('an empty report: no items, counts 0, not truncated', async () => {
    await start({ services: [], pollsBeforeComplete: 0 });
    const { JobId } = await generate();
    expect(await get({ JobId })).toMatchObject({ JobStatus: 'COMPLETED', NumberOfServicesAccessible: 0, NumberOfServicesNotAccessed: 0, IsTruncated: false, AccessDetails: [] });
  });

  test('a marker is only accepted for the job and sort key it was issued for', async () => {
    await start({ maxConcurrentJobs: 10 });
    const a = await finishedJob();
    const b = await finishedJob();
    const { Marker } = await get({ JobId: a, MaxItems: 10 });
    const refusals = [
      get({ JobId: a, MaxItems: 10, Marker, SortKey: 'SERVICE_NAMESPACE_DESCENDING' }),
      get({ JobId: b, MaxItems: 10, Marker }),
      get({ JobId: a, Marker: Buffer.from(JSON.stringify([1, 'SERVICE_NAMESPACE_ASCENDING', 5])).toString('base64url') }),
      get({ JobId: a, Marker: 'not-a-marker' }),
    ];
    for (const r of refusals) await expect(r).rejects.toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
    // The explicit default sort key is the same key as none at all.
    await expect(get({ JobId: a, MaxItems: 10, Marker, SortKey: 'SERVICE_NAMESPACE_ASCENDING' })).resolves.toMatchObject({ IsTruncated: true });
  });
});

describe('sorting', () => {
  const seed = seedServices();
  const accessed = seed.filter((s) => s.LastAuthenticatedTime);
  const never = namespaces(seed.filter((s) => !s.LastAuthenticatedTime)).sort(ordinal);
  const byTime = (sign: 1 | -1) =>
    [...accessed].sort((x, y) => sign * (Date.parse(x.LastAuthenticatedTime!) - Date.parse(y.LastAuthenticatedTime!)) || ordinal(x.ServiceNamespace, y.ServiceNamespace));

  test.each<[string | undefined, string[]]>([
    [undefined, namespaces(seed).sort(ordinal)],
    ['SERVICE_NAMESPACE_ASCENDING', namespaces(seed).sort(ordinal)],
    ['SERVICE_NAMESPACE_DESCENDING', namespaces(seed).sort(ordinal).reverse()],
    ['LAST_AUTHENTICATED_TIME_ASCENDING', [...namespaces(byTime(1)), ...never]],
    ['LAST_AUTHENTICATED_TIME_DESCENDING', [...namespaces(byTime(-1)), ...never]],
  ])('SortKey %s, walked in pages of 9', async (SortKey, expected) => {
    await start();
    const JobId = await finishedJob();
    const list = items(await walk(JobId, { SortKey: SortKey as GetOrganizationsAccessReportCommandInput['SortKey'], MaxItems: 9 }));
    expect(namespaces(list)).toEqual(expected);
    if (SortKey?.startsWith('LAST_')) {
      // Ties keep namespace ascending order in both directions; the never-accessed come last.
      for (const group of SEED_TIES) {
        const at = namespaces(list).indexOf(group[0]);
        expect(namespaces(list).slice(at, at + group.length)).toEqual([...group]);
      }
      expect(list.slice(-never.length).every((s: AccessDetail) => s.LastAuthenticatedTime === undefined)).toBe(true);
    }
  });
});

describe('input validation: constraint violations are 400 ValidationError, Type Sender', () => {
  const long = (n: number) => 'a'.repeat(n);
  const cases: [string, Partial<GetOrganizationsAccessReportCommandInput>, RegExp][] = [
    ['JobId of 35 characters', { JobId: long(35) }, /at 'jobId' failed to satisfy constraint: Member must have length greater than or equal to 36/],
    ['JobId of 37 characters', { JobId: long(37) }, /at 'jobId' .*length less than or equal to 36/],
    ['JobId missing', {}, /Value null at 'jobId' failed to satisfy constraint: Member must not be null/],
    ['JobId empty', { JobId: '' }, /Value '' at 'jobId'/],
    ['MaxItems 0', { JobId: UNKNOWN_JOB, MaxItems: 0 }, /at 'maxItems' .*greater than or equal to 1/],
    ['MaxItems 1001', { JobId: UNKNOWN_JOB, MaxItems: 1001 }, /at 'maxItems' .*less than or equal to 1000/],
    ['MaxItems -5', { JobId: UNKNOWN_JOB, MaxItems: -5 }, /at 'maxItems'/],
    ['an unknown SortKey', { JobId: UNKNOWN_JOB, SortKey: 'SERVICE_NAME_ASCENDING' as never }, /at 'sortKey' failed to satisfy constraint: Member must satisfy enum value set/],
    ['a SortKey in lower case', { JobId: UNKNOWN_JOB, SortKey: 'service_namespace_ascending' as never }, /at 'sortKey'/],
    ['an empty Marker', { JobId: UNKNOWN_JOB, Marker: '' }, /at 'marker' .*length greater than or equal to 1/],
    ['a Marker of 321 characters', { JobId: UNKNOWN_JOB, Marker: long(321) }, /at 'marker' .*length less than or equal to 320/],
    ['a Marker with U+0100', { JobId: UNKNOWN_JOB, Marker: 'abc\u0100' }, /at 'marker' .*regular expression pattern/],
    ['a Marker with U+001F', { JobId: UNKNOWN_JOB, Marker: 'abc\u001f' }, /at 'marker' .*regular expression pattern/],
  ];
  test.each(cases)('GetOrganizationsAccessReport: %s', async (_name, input, message) => {
    await start();
    const e = await get(input).catch((x) => x);
    expect(e.name).toBe('ValidationError');
    expect(e.$metadata.httpStatusCode).toBe(400);
    expect(e.message).toMatch(/^1 validation error detected: /);
    expect(e.message).toMatch(message);
  });

  test.each<[string, Record<string, string>]>([
    ['MaxItems that is not a number', { MaxItems: 'ten' }],
    ['MaxItems with a fraction', { MaxItems: '1.5' }],
    ['MaxItems with spaces', { MaxItems: ' 5' }],
    ['MaxItems beyond any integer', { MaxItems: '99999999999999999999' }],
  ])('GetOrganizationsAccessReport: %s (raw request)', async (_name, params) => {
    await start();
    const r = await post({ ...V, Action: 'GetOrganizationsAccessReport', JobId: UNKNOWN_JOB, ...params });
    expect(r.status).toBe(400);
    expect(r.doc.ErrorResponse.Error).toMatchObject({ Type: 'Sender', Code: 'ValidationError' });
    expect(r.doc.ErrorResponse.Error.Message).toMatch(/at 'maxItems'/);
  });

  test('all violations of one request are reported together, before existence', async () => {
    await start();
    const e = await get({ JobId: 'short', MaxItems: 0, SortKey: 'BOGUS' as never }).catch((x) => x);
    expect(e.name).toBe('ValidationError');
    expect(e.message).toMatch(/^3 validation errors detected: .*'jobId'.*; .*'maxItems'.*; .*'sortKey'/);
  });

  const generateCases: [string, Partial<GenerateOrganizationsAccessReportCommandInput>, RegExp][] = [
    ['EntityPath missing', { EntityPath: undefined }, /Value null at 'entityPath' failed to satisfy constraint: Member must not be null/],
    ['EntityPath of 18 characters', { EntityPath: 'o-a1b2c3d4e/r-f6g7' }, /at 'entityPath' .*length greater than or equal to 19/],
    ['EntityPath of 428 characters', { EntityPath: `${ROOT_PATH}${long(409)}` }, /at 'entityPath' .*length less than or equal to 427/],
    ['EntityPath in upper case', { EntityPath: 'o-A1B2C3D4E5/r-F6G7' }, /at 'entityPath' .*regular expression pattern/],
    ['EntityPath with a character outside the pattern after a valid start', { EntityPath: `${ROOT_PATH}/ou_x` }, /at 'entityPath' .*regular expression pattern/],
    ['EntityPath without the root', { EntityPath: 'o-a1b2c3d4e5/ou-f6g7-aaaa1111' }, /at 'entityPath' .*regular expression pattern/],
    ['OrganizationsPolicyId too short', { OrganizationsPolicyId: 'p-short' }, /at 'organizationsPolicyId' .*regular expression pattern/],
    ['OrganizationsPolicyId too long', { OrganizationsPolicyId: `p-${long(129)}` }, /at 'organizationsPolicyId'/],
    ['OrganizationsPolicyId with a hyphen', { OrganizationsPolicyId: 'p-abcd-efgh' }, /at 'organizationsPolicyId'/],
    ['OrganizationsPolicyId empty', { OrganizationsPolicyId: '' }, /at 'organizationsPolicyId'/],
  ];
  test.each(generateCases)('GenerateOrganizationsAccessReport: %s', async (_name, input, message) => {
    await start();
    const e = await generate(input).catch((x) => x);
    expect(e.name).toBe('ValidationError');
    expect(e.$metadata.httpStatusCode).toBe(400);
    expect(e.message).toMatch(message);
  });

  test('legal boundary values are accepted', async () => {
    await start({ maxConcurrentJobs: 10 });
    await expect(generate({ EntityPath: `${ROOT_PATH}${'a'.repeat(408)}` })).resolves.toHaveProperty('JobId');
    await expect(generate({ EntityPath: `o-${'a'.repeat(32)}/r-${'b'.repeat(32)}/ou-x-y/123456789012` })).resolves.toHaveProperty('JobId');
    await expect(generate({ OrganizationsPolicyId: 'p-abcd_EF9' })).resolves.toHaveProperty('JobId');
    await expect(generate({ OrganizationsPolicyId: `p-${'Z'.repeat(128)}` })).resolves.toHaveProperty('JobId');
    const JobId = await finishedJob();
    await expect(get({ JobId, MaxItems: 1000, SortKey: 'LAST_AUTHENTICATED_TIME_DESCENDING' })).resolves.toMatchObject({ IsTruncated: false });
  });
});

describe('errors', () => {
  test('a 36-character JobId that was never issued is 404 NoSuchEntity naming the job', async () => {
    await start();
    await finishedJob();
    const e = await get({ JobId: UNKNOWN_JOB, MaxItems: 10, SortKey: 'SERVICE_NAMESPACE_DESCENDING' }).catch((x) => x);
    expect(e.name).toBe('NoSuchEntityException');
    expect(e.$metadata.httpStatusCode).toBe(404);
    expect(e.$fault).toBe('client');
    expect(e.message).toContain(UNKNOWN_JOB);
    const raw = await post({ ...V, Action: 'GetOrganizationsAccessReport', JobId: 'zzzzzzzz-1234-b567-cde8-90fg123abcd4' });
    expect(raw.status).toBe(404);
    expect(raw.doc.ErrorResponse.Error).toMatchObject({ Type: 'Sender', Code: 'NoSuchEntity' });
  });

  test('a JobId with characters XML cannot carry still gets a well-formed 404 the SDK parses', async () => {
    await start();
    const JobId = `${'x'.repeat(33)}\u0000\r\u0007`;
    const raw = await post({ ...V, Action: 'GetOrganizationsAccessReport', JobId });
    expect(raw.status).toBe(404);
    expect(raw.wellFormed).toBe(true);
    await expect(get({ JobId })).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  test.each<[string, Record<string, string>, { method?: string; path?: string; headers?: Record<string, string> }, number, string]>([
    ['an unknown Action', { ...V, Action: 'ListUsers' }, {}, 400, 'InvalidAction'],
    ['no Action', { ...V }, {}, 400, 'MissingAction'],
    ['no Version', { Action: 'GetOrganizationsAccessReport', JobId: UNKNOWN_JOB }, {}, 400, 'MissingParameter'],
    ['another Version', { Action: 'GetOrganizationsAccessReport', Version: '2006-03-01', JobId: UNKNOWN_JOB }, {}, 400, 'InvalidParameterValue'],
    ['GET /', {}, { method: 'GET' }, 400, 'InvalidAction'],
    ['another path', { ...V, Action: 'GetOrganizationsAccessReport', JobId: UNKNOWN_JOB }, { path: '/iam' }, 404, 'NotFound'],
    ['a JSON body', { ...V }, { headers: { 'content-type': 'application/json' } }, 400, 'MissingAction'],
  ])('%s is refused with the awsQuery error envelope', async (_name, params, init, status, code) => {
    await start();
    const r = await post(params, init);
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toBe('text/xml');
    expect(r.wellFormed).toBe(true);
    expect(r.doc.ErrorResponse['@_xmlns']).toBe(NS);
    expect(r.doc.ErrorResponse.Error).toMatchObject({ Type: 'Sender', Code: code, Message: expect.any(String) });
    expect(r.doc.ErrorResponse.RequestId).toBe(r.headers.get('x-amzn-requestid'));
  });

  test('an unexpected exception is 500 ServiceFailure, Type Receiver', async () => {
    await start({
      onRequest: () => {
        throw new Error('boom');
      },
    });
    const r = await post({ ...V, Action: 'GenerateOrganizationsAccessReport', EntityPath: ROOT_PATH });
    expect(r.status).toBe(500);
    expect(r.doc.ErrorResponse.Error).toMatchObject({ Type: 'Receiver', Code: 'ServiceFailure' });
    await expect(generate()).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 }, $fault: 'server' });
  });

  test('options out of range are refused at start', async () => {
    await expect(startReferenceTarget({ pageCap: 0 })).rejects.toThrow(/pageCap/);
    await expect(startReferenceTarget({ pollsBeforeComplete: -1 })).rejects.toThrow(/pollsBeforeComplete/);
    await expect(startReferenceTarget({ maxConcurrentJobs: 1.5 })).rejects.toThrow(/maxConcurrentJobs/);
  });
});

describe('wire format', () => {
  test('success: text/xml, {Op}Response in the IAM namespace with {Op}Result and RequestId, the same id in x-amzn-RequestId', async () => {
    await start({ pollsBeforeComplete: 0 });
    const gen = await post({ ...V, Action: 'GenerateOrganizationsAccessReport', EntityPath: ROOT_PATH }, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=garbage' } });
    expect(gen.status).toBe(200);
    expect(gen.headers.get('content-type')).toBe('text/xml');
    expect(gen.body).toMatch(new RegExp(`^<GenerateOrganizationsAccessReportResponse xmlns="${NS}"><GenerateOrganizationsAccessReportResult><JobId>[^<]{36}</JobId></GenerateOrganizationsAccessReportResult><ResponseMetadata><RequestId>[0-9a-f-]{36}</RequestId></ResponseMetadata></GenerateOrganizationsAccessReportResponse>$`));
    const JobId = gen.doc.GenerateOrganizationsAccessReportResponse.GenerateOrganizationsAccessReportResult.JobId;
    const page = await post({ ...V, Action: 'GetOrganizationsAccessReport', JobId, MaxItems: '3' });
    const root = page.doc.GetOrganizationsAccessReportResponse;
    expect(root['@_xmlns']).toBe(NS);
    expect(root.ResponseMetadata.RequestId).toBe(page.headers.get('x-amzn-requestid'));
    const result = root.GetOrganizationsAccessReportResult;
    expect(result).toMatchObject({ JobStatus: 'COMPLETED', IsTruncated: 'true', NumberOfServicesAccessible: '130', NumberOfServicesNotAccessed: '43' });
    expect(result.JobCreationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(result.AccessDetails.member).toHaveLength(3);
    expect(page.body).toContain('<AccessDetails><member><ServiceName>Alexa for Business</ServiceName><ServiceNamespace>a4b</ServiceNamespace>');
    const last = await post({ ...V, Action: 'GetOrganizationsAccessReport', JobId, MaxItems: '1000' });
    expect(last.body).toContain('<IsTruncated>false</IsTruncated>');
    expect(last.body).not.toContain('<Marker>');
  });

  test('text is XML-escaped and comes back unchanged through the SDK; the SDK sees the header request id', async () => {
    const services: ServiceEntry[] = [{ ServiceName: 'R&D <Tools> "quoted" \'single\' ]]>', ServiceNamespace: 'rnd', TotalAuthenticatedEntities: 0 }];
    await start({ services, pollsBeforeComplete: 0 });
    const out = await get({ JobId: (await generate()).JobId });
    expect(out.AccessDetails).toEqual(services);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('the request counter counts every HTTP request', async () => {
    await start();
    expect(target!.requests).toBe(0);
    await generate();
    await post({ ...V, Action: 'Nope' });
    expect(target!.requests).toBe(2);
  });
});

const hasAws = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasAws) console.warn('The AWS CLI (botocore) is not on PATH: the botocore parsing test is skipped.');

(hasAws ? test : test.skip)('botocore (AWS CLI v1) parses generate, a page, and a 404 NoSuchEntity', async () => {
  await start();
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_MAX_ATTEMPTS: '1',
  };
  const aws = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('aws', ['iam', ...args, '--endpoint-url', target!.url, '--output', 'json'], { env, timeout: 30_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
      );
    });
  const gen = await aws('generate-organizations-access-report', '--entity-path', ROOT_PATH);
  expect(gen.code).toBe(0);
  const jobId = JSON.parse(gen.stdout).JobId as string;
  expect(jobId).toHaveLength(36);
  expect(JSON.parse((await aws('get-organizations-access-report', '--job-id', jobId)).stdout)).toEqual({ JobStatus: 'IN_PROGRESS', JobCreationDate: expect.any(String) });
  const page = await aws('get-organizations-access-report', '--job-id', jobId, '--max-items', '3', '--sort-key', 'LAST_AUTHENTICATED_TIME_DESCENDING');
  expect(page.code).toBe(0);
  const parsed = JSON.parse(page.stdout);
  expect(parsed).toMatchObject({ JobStatus: 'COMPLETED', IsTruncated: true, NumberOfServicesAccessible: 130, NumberOfServicesNotAccessed: 43, Marker: expect.any(String) });
  expect(parsed.AccessDetails).toHaveLength(3);
  expect(parsed.AccessDetails[0]).toEqual({
    ServiceName: expect.any(String),
    ServiceNamespace: expect.any(String),
    Region: expect.any(String),
    EntityPath: expect.stringMatching(ENTITY_PATH),
    LastAuthenticatedTime: expect.any(String),
    TotalAuthenticatedEntities: expect.any(Number),
  });
  const missing = await aws('get-organizations-access-report', '--job-id', UNKNOWN_JOB);
  expect([254, 255]).toContain(missing.code);
  expect(missing.stderr).toMatch(/\(NoSuchEntity\)/);
});
