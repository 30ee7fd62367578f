// The reference target's service last accessed reports over real HTTP on 127.0.0.1, driven by the real
// @aws-sdk/client-iam and, once, by botocore through the AWS CLI: the job per granularity, both lists with
// their orders and paging, what never-used services and entities look like, tracked actions, and every
// refusal (ValidationError for the model's constraints, InvalidInput for meaning, NoSuchEntity).
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { execFile, spawnSync } from 'node:child_process';
import {
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsWithEntitiesCommand,
  IAMClient,
  type GetServiceLastAccessedDetailsCommandOutput,
  type GetServiceLastAccessedDetailsWithEntitiesCommandOutput,
} from '@aws-sdk/client-iam';
import { startReferenceTarget, type ReferenceTargetOptions, type RunningTarget } from '../../src/reference-target';
import { DEFAULT_SUBJECT_ARN, GROUPS, POLICIES, ROLES, TRACKED_ACTIONS, USERS, principalsOf } from '../../src/reference-target/iam-entities';

jest.setTimeout(60_000);

const UNKNOWN_JOB = '00000000-0000-4000-8000-00000000dead';
const ID = /^[A-Za-z0-9_]{16,128}$/;
const NAME = /^[\w+=,.@-]{1,64}$/;
const PATH = /^(?:\/|\/[\u0021-\u007E]+\/)$/;

let target: RunningTarget | undefined;
let client: IAMClient | undefined;
afterEach(async () => {
  client?.destroy();
  client = undefined;
  await target?.close();
  target = undefined;
});

async function start(options: ReferenceTargetOptions = {}): Promise<IAMClient> {
  target = await startReferenceTarget(options);
  client = new IAMClient({ endpoint: target.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
  return client;
}

const generate = (Arn: string = DEFAULT_SUBJECT_ARN, Granularity?: string) =>
  client!.send(new GenerateServiceLastAccessedDetailsCommand({ Arn, Granularity: Granularity as 'SERVICE_LEVEL' }));
const details = (input: { JobId: string; MaxItems?: number; Marker?: string }) => client!.send(new GetServiceLastAccessedDetailsCommand(input));
const entities = (input: { JobId: string; ServiceNamespace: string; MaxItems?: number; Marker?: string }) =>
  client!.send(new GetServiceLastAccessedDetailsWithEntitiesCommand(input));

async function errorOf(p: Promise<unknown>): Promise<{ name: string; status?: number; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  throw new Error('the request succeeded');
}

/** A finished job (polled past IN_PROGRESS). */
async function finished(Arn?: string, Granularity?: string): Promise<string> {
  const { JobId } = await generate(Arn, Granularity);
  for (let i = 0; i < 10; i++) if ((await details({ JobId: JobId! })).JobStatus !== 'IN_PROGRESS') return JobId!;
  throw new Error('the job never finished');
}

async function walkServices(JobId: string, MaxItems?: number): Promise<GetServiceLastAccessedDetailsCommandOutput[]> {
  const pages: GetServiceLastAccessedDetailsCommandOutput[] = [];
  let Marker: string | undefined;
  do {
    const page = await details({ JobId, MaxItems, Marker });
    pages.push(page);
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker && pages.length < 500);
  return pages;
}

async function walkEntities(JobId: string, ServiceNamespace: string, MaxItems?: number): Promise<GetServiceLastAccessedDetailsWithEntitiesCommandOutput[]> {
  const pages: GetServiceLastAccessedDetailsWithEntitiesCommandOutput[] = [];
  let Marker: string | undefined;
  do {
    const page = await entities({ JobId, ServiceNamespace, MaxItems, Marker });
    pages.push(page);
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker && pages.length < 500);
  return pages;
}

describe('the seeded account', () => {
  test('ids and ARNs have the model shapes and the IAM prefixes of their kind', () => {
    const prefix = { USER: 'AIDA', GROUP: 'AGPA', ROLE: 'AROA', POLICY: 'ANPA' };
    for (const e of [...USERS, ...GROUPS, ...ROLES, ...POLICIES]) {
      expect(e.id).toMatch(ID);
      expect(e.id).toHaveLength(21);
      expect(e.id.startsWith(prefix[e.type])).toBe(true);
      expect(e.name).toMatch(NAME);
      expect(e.path).toMatch(PATH);
      expect(e.arn).toBe(`arn:aws:iam::123456789012:${e.type.toLowerCase()}${e.path}${e.name}`);
      expect(e.arn.length).toBeGreaterThanOrEqual(20);
    }
    expect(new Set([...USERS, ...GROUPS, ...ROLES, ...POLICIES].map((e) => e.id)).size).toBe(USERS.length + GROUPS.length + ROLES.length + POLICIES.length);
  });

  test('the default subject is a policy of nine principals, users and roles', () => {
    const principals = principalsOf(POLICIES.find((p) => p.arn === DEFAULT_SUBJECT_ARN)!);
    expect(principals).toHaveLength(9);
    expect(new Set(principals.map((p) => p.type))).toEqual(new Set(['USER', 'ROLE']));
  });
});

describe('the job', () => {
  test.each([[undefined, 'SERVICE_LEVEL'], ['SERVICE_LEVEL', 'SERVICE_LEVEL'], ['ACTION_LEVEL', 'ACTION_LEVEL']])('Granularity %s: a 36-character JobId, IN_PROGRESS without JobCompletionDate, then COMPLETED with JobType %s', async (granularity, jobType) => {
    await start();
    const { JobId } = await generate(DEFAULT_SUBJECT_ARN, granularity);
    expect(JobId).toHaveLength(36);
    const first = await details({ JobId: JobId! });
    expect(first).toMatchObject({ JobStatus: 'IN_PROGRESS', JobType: jobType, ServicesLastAccessed: [] });
    expect(first.JobCompletionDate).toBeUndefined();
    const second = await details({ JobId: JobId! });
    expect(second).toMatchObject({ JobStatus: 'COMPLETED', JobType: jobType });
    expect(second.JobCompletionDate!.getTime()).toBeGreaterThanOrEqual(second.JobCreationDate!.getTime());
    expect(second.JobCreationDate).toEqual(first.JobCreationDate);
  });

  test('a poll of either read counts; WithEntities has no JobType', async () => {
    await start({ pollsBeforeComplete: 2 });
    const { JobId } = await generate();
    expect((await entities({ JobId: JobId!, ServiceNamespace: 'a4b' })).JobStatus).toBe('IN_PROGRESS');
    expect((await details({ JobId: JobId! })).JobStatus).toBe('IN_PROGRESS');
    const done = await entities({ JobId: JobId!, ServiceNamespace: 'a4b' });
    expect(done.JobStatus).toBe('COMPLETED');
    expect(done).not.toHaveProperty('JobType');
  });

  test('failing jobs say why in Error, and list nothing', async () => {
    await start({ pollsBeforeComplete: 0, failJobs: { Code: 'Broken', Message: 'on purpose' } });
    const { JobId } = await generate();
    const out = await details({ JobId: JobId! });
    expect(out).toMatchObject({ JobStatus: 'FAILED', Error: { Code: 'Broken', Message: 'on purpose' } });
    expect(out.JobCompletionDate).toBeInstanceOf(Date);
    expect(out.ServicesLastAccessed).toEqual([]);
    expect((await entities({ JobId: JobId!, ServiceNamespace: 'a4b' })).Error).toEqual({ Code: 'Broken', Message: 'on purpose' });
  });
});

describe('GetServiceLastAccessedDetails', () => {
  test('120 services in namespace order; pages of 7 and the default 100 add up to the whole list', async () => {
    await start();
    const JobId = await finished();
    const whole = (await walkServices(JobId, 1000)).flatMap((p) => p.ServicesLastAccessed!);
    expect(whole).toHaveLength(120);
    const namespaces = whole.map((s) => s.ServiceNamespace!);
    expect(namespaces).toEqual([...namespaces].sort());
    const small = await walkServices(JobId, 7);
    expect(small.length).toBe(18);
    expect(small.flatMap((p) => p.ServicesLastAccessed!)).toEqual(whole);
    const byDefault = await walkServices(JobId);
    expect(byDefault.map((p) => p.ServicesLastAccessed!.length)).toEqual([100, 20]);
    expect(byDefault[0]).toMatchObject({ IsTruncated: true, Marker: expect.any(String) });
    expect(byDefault[1].IsTruncated).toBe(false);
    expect(byDefault[1].Marker).toBeUndefined();
  });

  test('never-used services have only name, namespace and a count of 0; used ones name a principal of the report', async () => {
    await start();
    const JobId = await finished(undefined, 'ACTION_LEVEL');
    const all = (await walkServices(JobId, 1000)).flatMap((p) => p.ServicesLastAccessed!);
    const never = all.filter((s) => !s.LastAuthenticated);
    expect(never.length).toBeGreaterThan(10);
    for (const s of never) expect(Object.keys(s).sort()).toEqual(['ServiceName', 'ServiceNamespace', 'TotalAuthenticatedEntities']);
    for (const s of never) expect(s.TotalAuthenticatedEntities).toBe(0);
    const arns = principalsOf(POLICIES[0]).map((p) => p.arn);
    for (const s of all.filter((x) => x.LastAuthenticated)) {
      expect(arns).toContain(s.LastAuthenticatedEntity);
      expect(s.TotalAuthenticatedEntities).toBeGreaterThanOrEqual(1);
      expect(s.TotalAuthenticatedEntities).toBeLessThanOrEqual(9);
      expect(s.LastAuthenticatedRegion).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    }
  });

  test('tracked actions only at ACTION_LEVEL, only for services that track actions, never after the service was last used', async () => {
    await start();
    const serviceLevel = (await walkServices(await finished(undefined, 'SERVICE_LEVEL'), 1000)).flatMap((p) => p.ServicesLastAccessed!);
    expect(serviceLevel.filter((s) => s.TrackedActionsLastAccessed)).toEqual([]);
    const actionLevel = (await walkServices(await finished(undefined, 'ACTION_LEVEL'), 1000)).flatMap((p) => p.ServicesLastAccessed!);
    const tracked = actionLevel.filter((s) => s.TrackedActionsLastAccessed);
    expect(tracked.map((s) => s.ServiceNamespace)).toEqual(Object.keys(TRACKED_ACTIONS).sort());
    for (const s of tracked) {
      expect(s.TrackedActionsLastAccessed!.map((a) => a.ActionName)).toEqual(TRACKED_ACTIONS[s.ServiceNamespace!]);
      for (const a of s.TrackedActionsLastAccessed!) {
        if (a.LastAccessedTime) expect(a.LastAccessedTime.getTime()).toBeLessThanOrEqual(s.LastAuthenticated!.getTime());
        else expect(Object.keys(a)).toEqual(['ActionName']);
      }
    }
    // Apart from the tracked actions, the two granularities report the same.
    expect(actionLevel.map(({ TrackedActionsLastAccessed: _t, ...rest }) => rest)).toEqual(serviceLevel);
  });

  test('a user report names that user; a group report a member; a user without policies lists nothing', async () => {
    await start({ pollsBeforeComplete: 0 });
    const ivan = USERS.find((u) => u.name === 'ivan')!;
    const mine = (await walkServices(await finished(ivan.arn), 1000)).flatMap((p) => p.ServicesLastAccessed!);
    expect(mine.length).toBeGreaterThan(0);
    for (const s of mine.filter((x) => x.LastAuthenticated)) expect(s).toMatchObject({ LastAuthenticatedEntity: ivan.arn, TotalAuthenticatedEntities: 1 });
    const auditors = GROUPS.find((g) => g.name === 'Auditors')!;
    const members = principalsOf(auditors).map((p) => p.arn);
    for (const s of (await walkServices(await finished(auditors.arn), 1000)).flatMap((p) => p.ServicesLastAccessed!).filter((x) => x.LastAuthenticated)) {
      expect(members).toContain(s.LastAuthenticatedEntity);
    }
    const mallory = USERS.find((u) => u.name === 'mallory')!;
    expect((await details({ JobId: await finished(mallory.arn) })).ServicesLastAccessed).toEqual([]);
  });
});

describe('GetServiceLastAccessedDetailsWithEntities', () => {
  test('the entities of a4b: most recent first, ties, the idle one last; pages of 2 add up', async () => {
    await start();
    const JobId = await finished();
    const whole = (await walkEntities(JobId, 'a4b', 1000)).flatMap((p) => p.EntityDetailsList!);
    expect(whole).toHaveLength(9);
    const times = whole.map((e) => e.LastAuthenticated?.getTime());
    expect(times[times.length - 1]).toBeUndefined();
    const timed = times.filter((t): t is number => t !== undefined);
    expect(timed).toEqual([...timed].sort((a, b) => b - a));
    expect(new Set(timed).size).toBeLessThan(timed.length); // a tie
    for (const e of whole) {
      expect(e.EntityInfo!.Id).toMatch(ID);
      expect(e.EntityInfo!.Name).toMatch(NAME);
      expect(e.EntityInfo!.Path).toMatch(PATH);
      expect(['USER', 'ROLE']).toContain(e.EntityInfo!.Type);
    }
    const small = await walkEntities(JobId, 'a4b', 2);
    expect(small).toHaveLength(5);
    expect(small.flatMap((p) => p.EntityDetailsList!)).toEqual(whole);
    expect(small[4].Marker).toBeUndefined();
  });

  test('a namespace the report does not list has no entities; a group report lists its members', async () => {
    await start({ pollsBeforeComplete: 0 });
    const JobId = await finished();
    expect((await entities({ JobId, ServiceNamespace: 'not-a-service' })).EntityDetailsList).toEqual([]);
    const developers = GROUPS.find((g) => g.name === 'Developers')!;
    const list = (await entities({ JobId: await finished(developers.arn), ServiceNamespace: 'a4b' })).EntityDetailsList!;
    expect(list.map((e) => e.EntityInfo!.Name).sort()).toEqual(['alice', 'bob', 'carol', 'dave', 'erin', 'frank']);
  });
});

describe('options', () => {
  test('access times end an hour before the first job was created, whatever the clock says', async () => {
    const start2019 = Date.parse('2019-06-18T19:47:31.466Z');
    await start({ clock: () => new Date(start2019), pollsBeforeComplete: 0 });
    const JobId = await finished(undefined, 'ACTION_LEVEL');
    const times = (await walkServices(JobId, 1000)).flatMap((p) => p.ServicesLastAccessed!).flatMap((s) => [s.LastAuthenticated, ...(s.TrackedActionsLastAccessed ?? []).map((a) => a.LastAccessedTime)]).filter((t): t is Date => t !== undefined);
    expect(times.length).toBeGreaterThan(50);
    expect(Math.max(...times.map((t) => t.getTime()))).toBeLessThanOrEqual(start2019 - 3600_000);
  });

  test('reorderEntities changes the whole entity list before it is paged', async () => {
    await start({ pollsBeforeComplete: 0, reorderEntities: (list) => [...list].reverse() });
    const JobId = await finished();
    const names = (await walkEntities(JobId, 'a4b', 2)).flatMap((p) => p.EntityDetailsList!).map((e) => e.EntityInfo!.Name);
    expect(names[0]).toBe('frank'); // the one that never used it, last in the target's own order
    expect(names).toHaveLength(9);
  });
});

describe('refusals', () => {
  test('NoSuchEntity (404) for an unknown JobId on both reads and for an ARN that names nothing', async () => {
    await start();
    expect(await errorOf(details({ JobId: UNKNOWN_JOB }))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    expect(await errorOf(entities({ JobId: UNKNOWN_JOB, ServiceNamespace: 'iam' }))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    for (const arn of ['arn:aws:iam::123456789012:user/nobody', 'arn:aws:iam::123456789012:policy/conformance/NoSuchPolicy', 'arn:aws:iam::123456789012:role/engineering/alice']) {
      expect(await errorOf(generate(arn))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    }
  });

  test('InvalidInput (400) for an ARN that is not a user, group, role or managed policy, and for markers it did not hand out', async () => {
    await start({ pollsBeforeComplete: 0 });
    for (const arn of ['arn:aws:s3:::my-bucket-conformance', 'arn:aws:iam::123456789012:instance-profile/x', 'not an ARN at all, just text']) {
      expect(await errorOf(generate(arn))).toMatchObject({ name: 'InvalidInputException', status: 400 });
    }
    const JobId = await finished();
    expect(await errorOf(details({ JobId, Marker: 'made-up' }))).toMatchObject({ name: 'InvalidInputException', status: 400 });
    const servicesMarker = (await details({ JobId, MaxItems: 1 })).Marker!;
    expect(await errorOf(entities({ JobId, ServiceNamespace: 'a4b', Marker: servicesMarker }))).toMatchObject({ name: 'InvalidInputException', status: 400 });
    const a4bMarker = (await entities({ JobId, ServiceNamespace: 'a4b', MaxItems: 1 })).Marker!;
    expect(await errorOf(entities({ JobId, ServiceNamespace: 'sts', Marker: a4bMarker }))).toMatchObject({ name: 'InvalidInputException', status: 400 });
  });

  test.each<[string, () => Promise<unknown>, RegExp]>([
    ['Arn missing', () => client!.send(new GenerateServiceLastAccessedDetailsCommand({} as never)), /Value null at 'arn'/],
    ['Arn of 19 characters', () => generate('arn:aws:iam::1:user'), /at 'arn' failed to satisfy constraint: Member must have length greater than or equal to 20/],
    ['Arn of 2049 characters', () => generate(`arn:aws:iam::123456789012:user/${'a'.repeat(2018)}`), /length less than or equal to 2048/],
    ['Granularity outside the enum', () => generate(DEFAULT_SUBJECT_ARN, 'RESOURCE_LEVEL'), /at 'granularity' failed to satisfy constraint: Member must satisfy enum value set: \[SERVICE_LEVEL, ACTION_LEVEL\]/],
    ['JobId of 35 characters', () => details({ JobId: 'a'.repeat(35) }), /length greater than or equal to 36/],
    ['MaxItems 0', () => details({ JobId: UNKNOWN_JOB, MaxItems: 0 }), /at 'maxItems'.*greater than or equal to 1/],
    ['MaxItems 1001', () => entities({ JobId: UNKNOWN_JOB, ServiceNamespace: 'iam', MaxItems: 1001 }), /less than or equal to 1000/],
    ['ServiceNamespace missing', () => client!.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: UNKNOWN_JOB } as never)), /Value null at 'serviceNamespace'/],
    ['ServiceNamespace empty', () => entities({ JobId: UNKNOWN_JOB, ServiceNamespace: '' }), /length greater than or equal to 1/],
    ['ServiceNamespace with a dot', () => entities({ JobId: UNKNOWN_JOB, ServiceNamespace: 'bad.ns' }), /regular expression pattern/],
    ['ServiceNamespace of 65 characters', () => entities({ JobId: UNKNOWN_JOB, ServiceNamespace: 'a'.repeat(65) }), /length less than or equal to 64/],
    ['Marker of 321 characters', () => details({ JobId: UNKNOWN_JOB, Marker: 'm'.repeat(321) }), /length less than or equal to 320/],
  ])('ValidationError (400) for %s, before existence is looked at', async (_name, call, message) => {
    await start();
    const err = await errorOf(call());
    expect(err).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(err.message).toMatch(message);
  });
});

const hasAws = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasAws) console.warn('The AWS CLI (botocore) is not on PATH: the botocore parsing test is skipped.');

(hasAws ? test : test.skip)('botocore (AWS CLI) parses all three operations and their NoSuchEntity and InvalidInput errors', async () => {
  await start();
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_MAX_ATTEMPTS: '1',
  };
  const aws = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('aws', ['iam', ...args, '--endpoint-url', target!.url, '--output', 'json'], { env, timeout: 30_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
      );
    });
  const gen = await aws('generate-service-last-accessed-details', '--arn', DEFAULT_SUBJECT_ARN, '--granularity', 'ACTION_LEVEL');
  expect(gen.code).toBe(0);
  const jobId = JSON.parse(gen.stdout).JobId as string;
  expect(jobId).toHaveLength(36);
  expect(JSON.parse((await aws('get-service-last-accessed-details', '--job-id', jobId)).stdout)).toEqual({ JobStatus: 'IN_PROGRESS', JobType: 'ACTION_LEVEL', JobCreationDate: expect.any(String), ServicesLastAccessed: [] });
  // No MaxItems: the default page of 100 of the 120 services.
  const page = JSON.parse((await aws('get-service-last-accessed-details', '--job-id', jobId)).stdout);
  expect(page).toMatchObject({ JobStatus: 'COMPLETED', JobType: 'ACTION_LEVEL', IsTruncated: true, Marker: expect.any(String), JobCompletionDate: expect.any(String) });
  expect(page.ServicesLastAccessed).toHaveLength(100);
  const lambda = page.ServicesLastAccessed.find((s: { ServiceNamespace: string }) => s.ServiceNamespace === 'lambda');
  expect(lambda).toEqual({
    ServiceName: expect.any(String), ServiceNamespace: 'lambda', LastAuthenticated: expect.any(String), LastAuthenticatedEntity: expect.stringMatching(/^arn:aws:iam::123456789012:/),
    LastAuthenticatedRegion: expect.any(String), TotalAuthenticatedEntities: expect.any(Number), TrackedActionsLastAccessed: expect.arrayContaining([{ ActionName: expect.any(String), LastAccessedEntity: expect.any(String), LastAccessedTime: expect.any(String), LastAccessedRegion: expect.any(String) }]),
  });
  const ents = JSON.parse((await aws('get-service-last-accessed-details-with-entities', '--job-id', jobId, '--service-namespace', 'a4b')).stdout);
  expect(ents.EntityDetailsList).toHaveLength(9);
  expect(ents.EntityDetailsList[0]).toEqual({ EntityInfo: { Arn: expect.any(String), Name: expect.any(String), Type: expect.stringMatching(/^(USER|ROLE)$/), Id: expect.stringMatching(ID), Path: expect.any(String) }, LastAuthenticated: expect.any(String) });
  expect(ents.EntityDetailsList[8].LastAuthenticated).toBeUndefined();
  const missing = await aws('get-service-last-accessed-details', '--job-id', UNKNOWN_JOB);
  expect([254, 255]).toContain(missing.code);
  expect(missing.stderr).toMatch(/\(NoSuchEntity\)/);
  const invalid = await aws('generate-service-last-accessed-details', '--arn', 'arn:aws:s3:::my-bucket-conformance');
  expect(invalid.stderr).toMatch(/\(InvalidInput\)/);
});
