// A case's checks run while the next request is out (src/runner/session.ts startCase, src/runner/run.ts):
// through the real SDK and HTTP, the first case is judged and settled after the second case's request has
// left and before its answer is in; each case's time is its own; the verdicts are those of each case alone.
import path from 'node:path';
import { loadContract, PROJECT_ROOT } from '../../src/contract';
import { loadCases } from '../../src/cases/loader';
import { LiveTarget } from '../../src/transport';
import { Session } from '../../src/runner/session';
import type { CaseResult } from '../../src/runner/results';
import { startScriptedTarget, type ScriptedTarget } from '../support/scripted-target';
import { reportModel } from '../support/report-model';
import { runProjectCase, TEST_SETTINGS } from '../support/run-case';

let server: ScriptedTarget | undefined;
let target: LiveTarget | undefined;
afterEach(async () => {
  await target?.close();
  await server?.close();
  server = target = undefined;
});

const IDS = ['unknown-job-id-is-no-such-entity', 'unknown-non-hex-job-id-is-no-such-entity'];

/** A session against the model answering over HTTP, its target's requests and answers written to `events`. */
async function watchedSession(events: string[]): Promise<Session> {
  server = await startScriptedTarget(reportModel());
  const contract = loadContract();
  const set = loadCases([path.join(PROJECT_ROOT, 'cases')], contract, { relativeTo: PROJECT_ROOT });
  target = new LiveTarget({ endpoint: server.url, requestTimeoutMs: 3000 });
  const send = target.send.bind(target);
  target.send = async (operation, params) => {
    events.push('request');
    const x = await send(operation, params);
    events.push('answer');
    return x;
  };
  return new Session(contract, target, set, TEST_SETTINGS);
}

const caseOf = (s: Session, id: string) => s.caseSet.cases.find((c) => c.id === id)!;

test('a case is judged and settled while the next case\'s request is out', async () => {
  const events: string[] = [];
  const session = await watchedSession(events);
  const settled: CaseResult[] = [];
  const onSettled = (r: CaseResult) => (events.push(`settled ${r.caseId}`), settled.push(r));
  const first = await session.startCase(caseOf(session, IDS[0]), onSettled);
  expect(events).toEqual(['request', 'answer']); // its checks wait for the next request
  const second = await session.startCase(caseOf(session, IDS[1]), onSettled);
  expect(events).toEqual(['request', 'answer', 'request', `settled ${IDS[0]}`, 'answer']);
  expect(second()).toBe(second()); // settled once
  expect(events[events.length - 1]).toBe(`settled ${IDS[1]}`);
  expect(first()).toBe(settled[0]);
  expect(settled.map((r) => [r.caseId, r.status])).toEqual(IDS.map((id) => [id, 'passed']));
  expect(settled.every((r) => r.checks.length > 0)).toBe(true);
});

test('the time of what runs beside a case\'s request is not that case\'s time', async () => {
  const session = await watchedSession([]);
  const slow = () => {
    const until = performance.now() + 300;
    while (performance.now() < until); // the first case's settling takes 300 ms, during the second's request
  };
  await session.startCase(caseOf(session, IDS[0]), slow);
  const startedSecond = performance.now();
  const second = (await session.startCase(caseOf(session, IDS[1])))();
  const elapsed = performance.now() - startedSecond;
  expect(elapsed).toBeGreaterThanOrEqual(300);
  // The 300 ms that ran beside the second case's request are taken out of its time, however slow the machine.
  expect(second.durationMs).toBeLessThanOrEqual(elapsed - 300);
});

test('judged alongside or alone, each case gets the same verdict and checks', async () => {
  const session = await watchedSession([]);
  const settles = [];
  for (const id of IDS) settles.push(await session.startCase(caseOf(session, id)));
  const together = settles.map((settle) => settle());
  for (const [i, id] of IDS.entries()) {
    const alone = await runProjectCase(server!.url, id);
    const strip = (r: CaseResult) => ({ ...r, durationMs: 0, checks: r.checks.map((k) => ({ ...k })) });
    expect(strip(together[i])).toEqual(strip(alone));
  }
});
