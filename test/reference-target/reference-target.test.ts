// The reference target follows the contract: the whole case set passes against it over real HTTP, in
// its legal variations too, and both the JS SDK and botocore (the AWS CLI) parse what it sends.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { GenerateOrganizationsAccessReportCommand, GetOrganizationsAccessReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { startReferenceTarget, type ReferenceTargetOptions, type RunningTarget } from '../../src/reference-target';
import { ROOT_PATH, seedServices } from '../../src/reference-target/data';
import { session, explain } from '../support/run-case';

let target: RunningTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

async function runAll(options: ReferenceTargetOptions) {
  target = await startReferenceTarget(options);
  const s = session(target.url, undefined, { entityPath: ROOT_PATH });
  try {
    const results = [];
    for (const c of s.session.caseSet.cases) results.push(await s.session.runCase(c));
    return results;
  } finally {
    await s.close();
  }
}

test('the seed has more than 100 services (the default page truncates), never-accessed ones, and ties', () => {
  const services = seedServices();
  expect(services.length).toBeGreaterThan(100);
  expect(services.filter((s) => !s.LastAuthenticatedTime).length).toBeGreaterThan(20);
  const times = services.map((s) => s.LastAuthenticatedTime).filter(Boolean);
  expect(new Set(times).size).toBeLessThan(times.length);
});

test.each<[string, ReferenceTargetOptions]>([
  ['as seeded', {}],
  ['with pages capped at 5 items', { pageCap: 5 }],
  ['with jobs that stay IN_PROGRESS for 3 polls', { pollsBeforeComplete: 3 }],
  ['with a small organization (3 services)', { services: seedServices(3) }],
])('every case conforms against the reference target %s', async (_name, options) => {
  const results = await runAll(options);
  expect(results.filter((r) => r.status !== 'passed').map(explain)).toEqual([]);
});

test('with failing jobs, the lifecycle conforms and the data cases say there is no report to check', async () => {
  const results = await runAll({ failJobs: true });
  const byId = Object.fromEntries(results.map((r) => [r.caseId, r]));
  expect(byId['job-lifecycle'].status).toBe('passed');
  expect(explain(byId['default-order-is-namespace-ascending'])).toMatch(/the job is FAILED, so there is no report data to check/);
});

test('too many running jobs are refused with ReportGenerationLimitExceeded (409)', async () => {
  target = await startReferenceTarget({ maxConcurrentJobs: 2 });
  const client = new IAMClient({ endpoint: target.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
  const generate = () => client.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: ROOT_PATH }));
  await generate();
  const { JobId } = await generate();
  await expect(generate()).rejects.toMatchObject({ name: 'ReportGenerationLimitExceededException', $metadata: { httpStatusCode: 409 } });
  await client.send(new GetOrganizationsAccessReportCommand({ JobId })); // one poll completes a job
  await expect(generate()).resolves.toHaveProperty('JobId');
  client.destroy();
});

const hasAwsCli = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasAwsCli) console.warn('the AWS CLI (botocore) is not installed: the botocore parsing test is skipped');

(hasAwsCli ? test : test.skip)('botocore (the AWS CLI) parses every answer: a job, a page, a 404', async () => {
  target = await startReferenceTarget();
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_MAX_ATTEMPTS: '1' };
  const aws = (...args: string[]) => promisify(execFile)('aws', ['iam', ...args, '--endpoint-url', target!.url, '--output', 'json'], { env });
  const { stdout: gen } = await aws('generate-organizations-access-report', '--entity-path', ROOT_PATH);
  const jobId = JSON.parse(gen).JobId as string;
  expect(jobId).toHaveLength(36);
  expect(JSON.parse((await aws('get-organizations-access-report', '--job-id', jobId)).stdout).JobStatus).toBe('IN_PROGRESS');
  const page = JSON.parse((await aws('get-organizations-access-report', '--job-id', jobId, '--max-items', '3', '--sort-key', 'LAST_AUTHENTICATED_TIME_DESCENDING')).stdout);
  expect(page).toMatchObject({ JobStatus: 'COMPLETED', IsTruncated: true, NumberOfServicesAccessible: 130 });
  expect(page.AccessDetails).toHaveLength(3);
  expect(page.Marker).toEqual(expect.any(String));
  await expect(aws('get-organizations-access-report', '--job-id', '00000000-0000-4000-8000-00000000dead')).rejects.toMatchObject({ stderr: expect.stringMatching(/\(NoSuchEntity\)/) });
});
