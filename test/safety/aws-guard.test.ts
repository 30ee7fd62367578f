// Runs against real AWS are refused unless asked for, can be pinned to accounts (checked with STS
// before any IAM call), and treat throttling as an infrastructure problem. Every AWS endpoint here is
// nock's: nothing leaves the machine (net connect is disabled for the whole file).
import nock from 'nock';
import { main } from '../../src/cli/main';
import { checkAccount, isRealAws } from '../../src/safety/aws-guard';
import { SdkCaller } from '../../src/transport/sdk-caller';
import { startScriptedTarget, type ScriptedTarget } from '../support/scripted-target';
import { errorXml } from '../support/awsquery-xml';
import { reportModel } from '../support/report-model';

const attempted: string[] = [];
beforeAll(() => {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  nock.emitter.on('no match', (req: Request) => attempted.push(req.url));
  process.env.AWS_ACCESS_KEY_ID = 'AKIDGUARDTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'not-a-secret';
});
afterEach(() => {
  nock.cleanAll();
  attempted.length = 0;
});
afterAll(() => {
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  nock.enableNetConnect();
  nock.restore();
});

function captureStderr(): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (chunks.push(String(c)), true));
  return { text: () => chunks.join(''), restore: () => spy.mockRestore() };
}

const identity = (account: string) =>
  `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${account}:user/ci</Arn><UserId>AIDAEXAMPLEUSERID</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;

test.each([
  [undefined, true], ['https://iam.amazonaws.com', true], ['https://iam.cn-north-1.amazonaws.com.cn', true],
  ['http://127.0.0.1:4566', false], ['http://localhost.localstack.cloud:4566', false],
])('endpoint %s is real AWS: %s', (endpoint, aws) => {
  expect(isRealAws(endpoint)).toBe(aws);
});

test('an AWS endpoint without --allow-aws is refused before any request (exit 2)', async () => {
  const iam = nock('https://iam.amazonaws.com').post('/').reply(200, '');
  const err = captureStderr();
  const code = await main(['run', '--endpoint', 'https://iam.amazonaws.com', '--reports', '/tmp/guard-reports']).finally(err.restore);
  expect(code).toBe(2);
  expect(err.text()).toMatch(/refusing to run against real AWS \(https:\/\/iam\.amazonaws\.com\) without --allow-aws/);
  expect(iam.isDone()).toBe(false);
  expect(attempted).toEqual([]);
});

test('known deviations are refused against AWS, before any request', async () => {
  const err = captureStderr();
  const code = await main(['run', '--allow-aws', '--compare', 'recordings/reference', '--known-deviations', 'expectations/moto.yaml', '--reports', '/tmp/guard-reports']).finally(err.restore);
  expect(code).toBe(2);
  expect(err.text()).toMatch(/known deviations are never applied against AWS/);
  expect(attempted).toEqual([]);
});

test('an account outside --allowed-accounts is refused after STS GetCallerIdentity and before any IAM call', async () => {
  const sts = nock(/sts\.(us-east-1\.)?amazonaws\.com/).post('/').reply(200, identity('999999999999'), { 'content-type': 'text/xml' });
  const iam = nock('https://iam.amazonaws.com').post('/').reply(200, '');
  const err = captureStderr();
  const code = await main(['run', '--allow-aws', '--allowed-accounts', '111122223333, 444455556666', '--reports', '/tmp/guard-reports']).finally(err.restore);
  expect(code).toBe(2);
  expect(err.text()).toMatch(/account 999999999999, which is not in --allowed-accounts \(111122223333, 444455556666\); nothing was called/);
  expect(sts.isDone()).toBe(true);
  expect(iam.isDone()).toBe(false);
  expect(attempted).toEqual([]);
});

test('an allowed account passes the check', async () => {
  nock(/sts\.(us-east-1\.)?amazonaws\.com/).post('/').reply(200, identity('111122223333'), { 'content-type': 'text/xml' });
  await expect(checkAccount(['111122223333'], {})).resolves.toBe('111122223333');
});

test('when STS cannot confirm the account, the run is refused', async () => {
  nock(/sts\.(us-east-1\.)?amazonaws\.com/).post('/').reply(403, errorXml('AccessDenied', 'no'), { 'content-type': 'text/xml' });
  await expect(checkAccount(['111122223333'], {})).rejects.toThrow(/could not confirm the account with STS GetCallerIdentity/);
});

describe('throttling', () => {
  let target: ScriptedTarget | undefined;
  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  test('is retried with bounded backoff, and a later success is used', async () => {
    let calls = 0;
    target = await startScriptedTarget(() => (++calls <= 2 ? { status: 400, body: errorXml('Throttling', 'Rate exceeded') } : { status: 404, body: errorXml('NoSuchEntity', 'no job') }));
    const caller = new SdkCaller({ endpoint: target.url, requestTimeoutMs: 2000, throttleRetries: 3, throttleBaseMs: 5 });
    const x = await caller.call('GetOrganizationsAccessReport', { JobId: 'x'.repeat(36) });
    caller.destroy();
    expect(calls).toBe(3);
    expect(x.error?.code).toBe('NoSuchEntity');
    expect(x.throttled).toBeUndefined();
  });

  test.each([
    ['HTTP 429', { status: 429, body: '<html>slow down</html>', headers: { 'content-type': 'text/html' } }, /HTTP 429/],
    ['ReportGenerationLimitExceeded', { status: 409, body: errorXml('ReportGenerationLimitExceeded', 'too many jobs') }, /409 ReportGenerationLimitExceeded/],
  ])('%s that never stops is marked as throttling after the last retry', async (_n, reply, reason) => {
    let calls = 0;
    target = await startScriptedTarget(() => (calls++, reply));
    const caller = new SdkCaller({ endpoint: target.url, requestTimeoutMs: 2000, throttleRetries: 2, throttleBaseMs: 5 });
    const x = await caller.call('GenerateOrganizationsAccessReport', { EntityPath: 'o-a1b2c3d4e5/r-f6g7' });
    caller.destroy();
    expect(calls).toBe(3);
    expect(x.throttled).toMatch(reason);
    expect(x.throttled).toMatch(/still after 2 retries with backoff/);
  });
});
