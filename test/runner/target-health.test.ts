// What the runner makes of answers that say nothing about conformance, through the real SDK over real
// HTTP: a 5xx that persists is non-conformance for an emulator and "not checked" against AWS; transient
// errors are retried within a bounded budget; a fixture's outcome reaches every case that needs it.
import { SdkCaller } from '../../src/transport/sdk-caller';
import { startScriptedTarget, type ScriptedTarget } from '../support/scripted-target';
import { errorXml } from '../support/awsquery-xml';
import { reportModel } from '../support/report-model';
import { explain, runProjectCase } from '../support/run-case';

let target: ScriptedTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

const internalFailure = { status: 500, body: errorXml('InternalFailure', 'We encountered an internal error. Please try again.', 'Receiver') };

test.each([
  ['an emulator', false, 'failed', undefined],
  ['AWS', true, 'not-checked', 'transient-server-error'],
])('a persistent 500 InternalFailure to an in-contract request, from %s: %s', async (_name, aws, status, reason) => {
  target = await startScriptedTarget(reportModel({ reply: (req, n) => (req.action === 'GetOrganizationsAccessReport' && req.params.JobId?.endsWith('dead') ? internalFailure : n) }));
  const r = await runProjectCase(target.url, 'unknown-job-id-is-no-such-entity', { aws });
  expect(r.status).toBe(status);
  expect(r.notChecked?.reason).toBe(reason);
  if (aws) expect(explain(r)).toMatch(/HTTP 500 InternalFailure, still after 0 retries/);
});

test('a fixture throttled for good: every case that reads it is not checked with the fixture\'s reason, not failed', async () => {
  target = await startScriptedTarget(reportModel({ reply: (req, n) => (req.action === 'GenerateOrganizationsAccessReport' ? { status: 409, body: errorXml('ReportGenerationLimitExceeded', 'too many jobs') } : n) }));
  for (const id of ['generate-returns-job-id', 'job-lifecycle', 'default-order-is-namespace-ascending']) {
    const r = await runProjectCase(target.url, id);
    expect([id, r.status, r.notChecked?.reason]).toEqual([id, 'not-checked', 'throttled']);
    expect(r.notChecked?.detail).toMatch(/^fixture report \(cases\/fixtures\.yaml:\d+:\d+\): .*HTTP 409 ReportGenerationLimitExceeded/);
  }
});

describe('retries of transient server errors', () => {
  test.each([
    ['503 ServiceUnavailable', { status: 503, body: errorXml('ServiceUnavailable', 'try again', 'Receiver') }],
    ['500 InternalFailure', internalFailure],
    ['502 from a gateway', { status: 502, body: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' } }],
  ])('%s twice, then an answer: retried, and the answer is used', async (_n, reply) => {
    let calls = 0;
    target = await startScriptedTarget(() => (++calls <= 2 ? reply : { status: 404, body: errorXml('NoSuchEntity', 'no job') }));
    const caller = new SdkCaller({ endpoint: target.url, requestTimeoutMs: 2000, throttleRetries: 3, throttleBaseMs: 5 });
    const x = await caller.call('GetOrganizationsAccessReport', { JobId: 'x'.repeat(36) });
    caller.destroy();
    expect(calls).toBe(3);
    expect(x.error?.code).toBe('NoSuchEntity');
    expect(x.transient).toBeUndefined();
  });

  test('an HTML 500 page (an emulator crashing on the request), a 501 and a 500 InternalFailure saying the operation is missing are not retried', async () => {
    for (const reply of [
      { status: 500, body: '<!doctype html><html><title>500 Internal Server Error</title></html>', headers: { 'content-type': 'text/html' } },
      { status: 501, body: errorXml('InternalFailure', 'The x action has not been implemented', 'Receiver') },
      { status: 500, body: errorXml('InternalFailure', 'The get_organizations_access_report action has not been implemented', 'Receiver') },
    ]) {
      let calls = 0;
      target = await startScriptedTarget(() => (calls++, reply));
      const caller = new SdkCaller({ endpoint: target.url, requestTimeoutMs: 2000, throttleRetries: 3, throttleBaseMs: 5 });
      const x = await caller.call('GetOrganizationsAccessReport', { JobId: 'x'.repeat(36) });
      caller.destroy();
      await target.close();
      target = undefined;
      expect(calls).toBe(1);
      expect(x.transient).toBeUndefined();
    }
  });

  test('the retry budget bounds the waits of a whole run: once spent, answers are taken as they come', async () => {
    let calls = 0;
    target = await startScriptedTarget(() => (calls++, internalFailure));
    const caller = new SdkCaller({ endpoint: target.url, requestTimeoutMs: 2000, throttleRetries: 5, throttleBaseMs: 20, retryBudgetMs: 70 });
    const first = await caller.call('GetOrganizationsAccessReport', { JobId: 'x'.repeat(36) });
    const second = await caller.call('GetOrganizationsAccessReport', { JobId: 'x'.repeat(36) });
    caller.destroy();
    expect(first.transient).toMatch(/HTTP 500 InternalFailure, still after 2 retries with backoff \(the run's retry budget of 0\.07 s is spent\)/);
    expect(second.transient).toMatch(/still after 0 retries/);
    expect(calls).toBe(4);
  });
});
