// Gate verdicts end to end, as a user runs them (the real CLI over 127.0.0.1): a run in which nothing was
// judged is not green, and its rules are not "pass"; the order of expectation entries never decides the
// gate; --bail says why it stopped; a check that crashes is our bug (exit 3), not the target's.
import http from 'node:http';
import net from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../support/cli';
import { loadContract } from '../../src/contract';
import { errorXml } from '../support/awsquery-xml';
import { startReferenceTarget, seedServices, ROOT_PATH, type RunningTarget } from '../../src/reference-target';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

async function reference(services?: number): Promise<RunningTarget> {
  const t = await startReferenceTarget(services ? { services: seedServices(services) } : {});
  closers.push(() => t.close());
  return t;
}

/** An endpoint whose answer each test decides from the request's parameters. */
async function endpoint(answer: (params: URLSearchParams) => { status: number; body: string }): Promise<string> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const a = answer(new URLSearchParams(body));
      res.writeHead(a.status, { 'content-type': 'text/xml' });
      res.end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

const results = (reports: string) => JSON.parse(readFileSync(path.join(reports, 'results.json'), 'utf8'));
const SORT_CASES = ['default-order-is-namespace-ascending', 'default-order-holds-across-pages', 'sort-namespace-descending-across-pages'];

describe('item 6 and 5: a one-service report judges no order', () => {
  test('every case nothing judged: "nothing checked", exit 1, a failing JUnit testcase; R7 and R9 are not "pass"', async () => {
    const t = await reference(1);
    const run = await runCli(['run', '--endpoint', t.url, '--entity-path', ROOT_PATH, '--case', ...SORT_CASES]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Nothing checked: 3 cases ran, and none judged anything: 0 conform, 0 do not conform, 3 with nothing judged/m);
    const doc = results(run.reports);
    expect(doc.overall).toBe('nothing-checked');
    const outcome = (id: string) => doc.rules.find((r: { id: string }) => r.id === id).outcome;
    expect([outcome('R7'), outcome('R9')]).toEqual(['nothing-judged', 'nothing-judged']);
    expect(readFileSync(path.join(run.reports, 'junit.xml'), 'utf8')).toMatch(/<testcase[^>]*name="something judged"[\s\S]*?<failure message="3 case\(s\) ran, and none judged anything/);
  }, 120_000);

  test('legal variation: the same cases plus one that judges something (job-lifecycle) conform, exit 0', async () => {
    const t = await reference(1);
    const run = await runCli(['run', '--endpoint', t.url, '--entity-path', ROOT_PATH, '--case', ...SORT_CASES, 'job-lifecycle']);
    expect([run.code, run.stdout]).toEqual([0, expect.stringMatching(/^Conforms, 3 cases with nothing judged: 1 conform/m)]);
  }, 120_000);
});

describe('item 8: the order of expectation entries never decides the gate', () => {
  const snake = (op: string) => op.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const entry = (op: string) => `  - operation: ${op}\n    outcome: not-implemented\n    reason: lacks ${op}\n    answer: "^HTTP 501 InternalFailure: The ${snake(op)} action has not been implemented"\n`;

  // One entry per operation of the contract, readers first or job starters first.
  const operations = Object.keys(loadContract().operations);
  const readersFirst = [...operations].sort((a, b) => Number(a.startsWith('Generate')) - Number(b.startsWith('Generate')));
  test.each([
    ['Get first', readersFirst],
    ['Generate first (as shipped)', [...readersFirst].reverse()],
  ])('a LocalStack-like target (501 naming the action), entries %s: exit 0, every case an expected failure', async (_n, order) => {
    const url = await endpoint((p) => ({ status: 501, body: errorXml('InternalFailure', `The ${snake(p.get('Action') ?? '')} action has not been implemented`).replace(/<Type>[^<]*<\/Type>/, '') }));
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'verdicts-exp-')), 'ls.yaml');
    writeFileSync(file, `target: LocalStack-like\nexpectations:\n${order.map(entry).join('')}`);
    const run = await runCli(['run', '--endpoint', url, '--expectations', file, '--quiet']);
    expect([run.code, run.stdout]).toEqual([0, expect.stringMatching(/Conforms except \d+ expected failures/)]);
    const doc = results(run.reports);
    expect(doc.summary.fail + doc.summary['unexpected-pass']).toBe(0);
  }, 120_000);
});

test('14b: --bail on a case that was not checked says so, naming the case and its verdict', async () => {
  const url = await endpoint((p) => (p.get('Action') === 'GetOrganizationsAccessReport' ? { status: 400, body: errorXml('Throttling', 'Rate exceeded') } : { status: 400, body: errorXml('ValidationError', 'x') }));
  const run = await runCli(['run', '--endpoint', url, '--bail', '--retries', '0', '--case', 'unknown-job-id-is-no-such-entity', 'job-id-missing']);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/stopped after the first case that keeps the gate red \(--bail\): unknown-job-id-is-no-such-entity, not checked; 1 case\(s\) not run/);
}, 120_000);

test('s3: a check that crashes is our bug: exit 3 with its stack, the case not checked (internal-error), no rule broken', async () => {
  const run = await runCli(['run', '--case', 'sort-time-ascending', 'job-lifecycle'], { IAM_CONFORMANCE_TEST_FAULT: 'check:sorted-by' });
  expect(run.code).toBe(3);
  expect(run.stderr).toMatch(/internal error during the run[\s\S]*case sort-time-ascending: check sorted-by at cases\/sorting\.yaml:\d+:\d+ crashed: Error: fault injected into check sorted-by[\s\S]*\n\s+at /);
  const doc = results(run.reports);
  const c = doc.cases.find((x: { caseId: string }) => x.caseId === 'sort-time-ascending');
  expect([c.verdict, c.notChecked.reason, c.brokenRules]).toEqual(['not-checked', 'internal-error', []]);
  expect(doc.rules.find((r: { id: string }) => r.id === 'R8').outcome).not.toBe('fail');
  expect(doc.internalErrors[0]).toMatch(/fault injected into check sorted-by/);
}, 120_000);
