// The CLI end to end, in a child process: exit codes, the JUnit report, and readable failures.
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startScriptedTarget, type ScriptedTarget } from '../support/scripted-target';
import { reportModel, correctOrder, MODEL_CASES } from '../support/report-model';
import { runCli } from '../support/cli';
import { tempDir } from '../support/tmp';
import { ENTITY } from '../support/report-model';

let target: ScriptedTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

const junit = (dir: string) => readFileSync(path.join(dir, 'junit.xml'), 'utf8');
const count = (xml: string, re: RegExp) => (xml.match(re) ?? []).length;

test('a conforming endpoint: exit 0, one JUnit testcase per case, the suite named after the target', async () => {
  target = await startScriptedTarget(reportModel());
  const run = await runCli(['run', '--endpoint', target.url, '--cases', ...MODEL_CASES, '--entity-path', ENTITY, '--quiet']);
  expect(run.stdout).toMatch(/^Conforms(, \d+ cases? with nothing judged)?: \d+ conform, 0 do not conform/m); // 24 services: the default page of 100 is never filled
  expect(run.code).toBe(0);
  const xml = junit(run.reports);
  expect(count(xml, /<testcase /g)).toBeGreaterThanOrEqual(30);
  expect(xml).toContain(`<testsuite name="live ${target.url}"`);
  expect(xml).toMatch(/classname="GetOrganizationsAccessReport \(cases\/sorting\.yaml\)" name="default-order-is-namespace-ascending: /);
  const results = JSON.parse(readFileSync(path.join(run.reports, 'results.json'), 'utf8'));
  expect(results.cases.every((c: { status: string }) => c.status === 'passed')).toBe(true);
});

test('a non-conforming endpoint: exit 1, failures name the check, rule, file:line, expected and actual, with no stack trace', async () => {
  target = await startScriptedTarget(reportModel({ order: (l, k) => correctOrder(l, k ?? 'SERVICE_NAMESPACE_DESCENDING') }));
  const run = await runCli(['run', '--endpoint', target.url, '--cases', ...MODEL_CASES, '--entity-path', ENTITY, '--quiet']);
  expect(run.code).toBe(1);
  const xml = junit(run.reports);
  const failure = xml.slice(xml.indexOf('name="default-order-is-namespace-ascending'));
  expect(failure).toMatch(/<failure message="sorted-by: [^"]*ServiceNamespace is not in ascending order" type="sorted-by \[R9\]">default-order-is-namespace-ascending \(cases\/sorting\.yaml:\d+:\d+\) does not conform — rules R9/);
  expect(failure).toMatch(/✗ sorted-by \[R9\] at cases\/sorting\.yaml:\d+:\d+/); // the rule of it the case names (the default order), as its finding says
  expect(failure).toMatch(/expected: after &quot;\w[\w-]*&quot; comes a value &gt;= it/);
  expect(xml).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
});

test('a bad case file: exit 2 naming file:line, and nothing runs', async () => {
  const dir = tempDir('bad-cases-');
  writeFileSync(path.join(dir, 'bad.yaml'), 'cases:\n  - id: x\n    title: t\n    rules: [R2]\n    basis: b\n    steps:\n      - call: GetOrganizationsAccessReport\n        checks: [no-such-check]\n');
  const run = await runCli(['run', '--endpoint', 'http://127.0.0.1:9', '--cases', dir]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/bad\.yaml:8:18: unknown check "no-such-check"/);
  expect(run.stderr).not.toMatch(/\n\s+at /);
});

test.each([
  [['run', '--no-such-flag'], /unknown option/],
  [['run', '--endpoint', 'not a url'], /"not a url" is not a URL/],
  [['run', '--endpoint', 'http://127.0.0.1:99999'], /"http:\/\/127\.0\.0\.1:99999": port 99999 is out of range \(1 to 65535\)/],
  [['run', '--endpoint', 'http://127.0.0.1:9', '--replay', 'recordings/reference'], /exclude each other/],
  [['run', '--replay', '/nonexistent/recording'], /is not a recording: meta\.json is missing/],
  [['run', '--poll-budget', 'soon'], /--poll-budget needs a positive number/],
  [['run', '--case-id', 'no-such-case'], /no case has the id no-such-case/],
  [['run', '--tag', 'sortt'], /--tag: no case has the tag sortt \(did you mean sort\?\); the tags: .*\bsort\b/],
  [['run', '--tag', 'sort', '--grep', 'zzzz-nothing'], /no case matches the selection \(--tag sort, --grep zzzz-nothing\): nothing to run/],
  [['run', '--wire', 'bogus', '--list'], /--wire is strict or lenient, not "bogus"/],
  [['run', '--budget', 'soon', '--list'], /--budget needs a positive number/],
])('usage error %j: exit 2 with a clear message', async (args, message) => {
  const run = await runCli(args as string[]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message);
});

test('case files that hold no case: exit 2, saying so', async () => {
  const dir = tempDir('iam-no-cases-');
  const run = await runCli(['run', '--cases', dir, '--quiet']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(`the case files hold no case (--cases ${dir})`);
});

test('an endpoint that refuses connections: exit 1, every case not checked (JUnit <error>), JUnit written', async () => {
  const run = await runCli(['run', '--endpoint', 'http://127.0.0.1:9', '--quiet', '--request-timeout', '2']);
  expect(run.code).toBe(1);
  const xml = junit(run.reports);
  expect(count(xml, /<error /g)).toBe(count(xml, /<testcase /g));
  expect(count(xml, /<failure[ >]/g)).toBe(0);
  expect(xml).toMatch(/ECONNREFUSED/);
});

test('an endpoint given through AWS_ENDPOINT_URL_IAM is used, and the verdict says where it came from', async () => {
  target = await startScriptedTarget(reportModel());
  const run = await runCli(['run', '--entity-path', ENTITY, '--quiet', '--case-id', 'unknown-job-id-is-no-such-entity'], { AWS_ENDPOINT_URL_IAM: target.url });
  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(/^the endpoint http:\/\/127\.0\.0\.1:\d+ comes from AWS_ENDPOINT_URL_IAM \(unset it, or pass --replay DIR, to replay a recording\)$/m);
  expect(run.stdout).toMatch(/^live http:\/\/127\.0\.0\.1:\d+$/m);
  expect(target.requests.length).toBeGreaterThan(0);
  expect(existsSync(path.join(run.reports, 'junit.xml'))).toBe(true);
});

test('an endpoint that never answers: the run stops sending after 3 requests without an answer, exit 1, JUnit written', async () => {
  const net = await import('node:net');
  const sockets: import('node:net').Socket[] = [];
  const server = net.createServer((s) => sockets.push(s)); // accept, never answer
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as import('node:net').AddressInfo).port;
  try {
    const started = Date.now();
    const run = await runCli(['run', '--endpoint', `http://127.0.0.1:${port}`, '--quiet', '--request-timeout', '1', '--budget', '4']);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(run.code).toBe(1);
    const xml = junit(run.reports);
    expect(xml).toMatch(/no complete response within 1000 ms|no data for 1000 ms/);
    expect(xml).toMatch(/gave no HTTP answer to 3 requests in a row/);
    expect(count(xml, /<failure/g)).toBe(0);
  } finally {
    sockets.forEach((s) => s.destroy());
    server.close();
  }
});

test('a target that keeps throttling: those cases are not checked (JUnit <error>), not failures', async () => {
  const { errorXml } = await import('../support/awsquery-xml');
  target = await startScriptedTarget(reportModel({ reply: (req, n) => (req.params.SortKey ? { status: 400, body: errorXml('Throttling', 'Rate exceeded') } : n) }));
  const run = await runCli(['run', '--endpoint', target.url, '--cases', ...MODEL_CASES, '--entity-path', ENTITY, '--quiet', '--throttle-retries', '0']);
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/^Not checked: \d+ cases could not be checked: \d+ conform, 0 do not conform, (\d+ with nothing judged, )?\d+ not checked \(\d+ throttled\)/m);
  const xml = junit(run.reports);
  expect(xml).toMatch(/<error message="not checked: the target kept throttling through every retry \([^"]*HTTP 400 Throttling, still after 0 retries with backoff[^"]*\)" type="not-checked: throttled">sort-time-descending \(cases\/sorting\.yaml:\d+:\d+\) not checked: the target kept throttling through every retry \([^)]*HTTP 400 Throttling, still after 0 retries with backoff/);
  expect(xml).not.toMatch(/<failure>sort-time-descending/);
});

test('--replay wins over --allow-aws: a replay never goes to AWS', async () => {
  const run = await runCli(['run', '--replay', 'recordings/reference', '--allow-aws', '--quiet', '--case', 'job-lifecycle']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^replay recordings\/reference/m);
});
