// "Not implemented" is an outcome of its own, and an expectations file turns known gaps into expected
// failures: green while the gap stays as described, red when it changes (a regression or a fix).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startScriptedTarget, type ScriptedTarget } from '../support/scripted-target';
import { correctOrder, ENTITY, reportModel, MODEL_CASES } from '../support/report-model';
import { errorXml } from '../support/awsquery-xml';
import { runCli } from '../support/cli';

let target: ScriptedTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

// How answers are classified (not implemented, service unavailable) is tested in test/transport/not-implemented.test.ts.

function expectationsFile(text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'exp-')), 'target.yaml');
  writeFileSync(file, text);
  return file;
}

const notImplementedGet = (req: { action: string }, normal: { status?: number; body: string }) =>
  req.action === 'GetOrganizationsAccessReport' ? { status: 501, body: errorXml('NotImplemented', 'GetOrganizationsAccessReport is not supported', 'Receiver') } : normal;

test('an emulator lacking an operation: exit 1 naming it; with the gap declared, exit 0 and JUnit skipped with the reason', async () => {
  target = await startScriptedTarget(reportModel({ reply: notImplementedGet }));
  const bare = await runCli(['run', '--endpoint', target.url, '--cases', ...MODEL_CASES, '--entity-path', ENTITY, '--quiet']);
  expect(bare.code).toBe(1);
  expect(readFileSync(path.join(bare.reports, 'junit.xml'), 'utf8')).toMatch(/operation GetOrganizationsAccessReport not implemented by this target — it answered HTTP 501 NotImplemented/);
  const file = expectationsFile('target: a test emulator\nexpectations:\n  - operation: GetOrganizationsAccessReport\n    outcome: not-implemented\n    reason: not built yet\n');
  const gated = await runCli(['run', '--endpoint', target.url, '--cases', ...MODEL_CASES, '--entity-path', ENTITY, '--quiet', '--expectations', file]);
  expect(gated.code).toBe(0);
  const results = JSON.parse(readFileSync(path.join(gated.reports, 'results.json'), 'utf8'));
  const verdicts = new Set(results.cases.map((c: { verdict: string }) => c.verdict));
  // Cases that never touch GetOrganizationsAccessReport (Generate's input checks) still pass.
  expect([...verdicts].sort()).toEqual(['expected-failure', 'pass']);
  expect(readFileSync(path.join(gated.reports, 'junit.xml'), 'utf8')).toMatch(/<skipped message="expected failure: not built yet \([^)]*target\.yaml:3:5\); observed: GetOrganizationsAccessReport not implemented \(HTTP 501 NotImplemented: GetOrganizationsAccessReport is not supported\)"\/>/);
});

test('an operation expected "not implemented" that answers wrongly is a failure (a regression), not an expected one', async () => {
  target = await startScriptedTarget(reportModel({ order: (l, k) => correctOrder(l, k ?? 'SERVICE_NAMESPACE_DESCENDING') }));
  const file = expectationsFile('target: t\nexpectations:\n  - operation: GetOrganizationsAccessReport\n    outcome: not-implemented\n    reason: not built yet\n');
  const run = await runCli(['run', '--endpoint', target.url, '--cases', ...MODEL_CASES, '--entity-path', ENTITY, '--quiet', '--expectations', file]);
  expect(run.code).toBe(1);
  const byId = Object.fromEntries(JSON.parse(readFileSync(path.join(run.reports, 'results.json'), 'utf8')).cases.map((c: { caseId: string; verdict: string }) => [c.caseId, c.verdict]));
  expect(byId['default-order-is-namespace-ascending']).toBe('fail');
  expect(byId['job-lifecycle']).toBe('unexpected-pass');
});

test('a case expected to fail that conforms is reported as an unexpected pass: exit 1', async () => {
  target = await startScriptedTarget(reportModel());
  const file = expectationsFile('target: t\nexpectations:\n  - case: default-order-is-namespace-ascending\n    outcome: fail\n    reason: known sort bug\n');
  const run = await runCli(['run', '--endpoint', target.url, '--cases', ...MODEL_CASES, '--entity-path', ENTITY, '--quiet', '--expectations', file]);
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/^Does not match its expectations: 1 case declared to fail conforms \(update the expectations file\): \d+ conform, 0 do not conform, (\d+ with nothing judged, )?1 unexpected pass\b/m);
  expect(readFileSync(path.join(run.reports, 'junit.xml'), 'utf8')).toMatch(/conforms, but the expectations said it would fail: known sort bug/);
});

test.each([
  ['an unknown case id', 'target: t\nexpectations:\n  - case: no-such-case\n    outcome: fail\n    reason: r\n', /target\.yaml:3:5: no case has the id "no-such-case"/],
  ['two selectors in one entry', 'target: t\nexpectations:\n  - case: job-lifecycle\n    tag: sort\n    outcome: fail\n    reason: r\n', /target\.yaml:3:5: each expectation names exactly one of case, tag or operation/],
  ['a bad outcome', 'target: t\nexpectations:\n  - tag: sort\n    outcome: maybe\n    reason: r\n', /target\.yaml:4:14: must be equal to one of the allowed values: not-implemented, fail \(not "maybe"\)/],
  ['an answer: that is not a regular expression', 'target: t\nexpectations:\n  - tag: sort\n    outcome: not-implemented\n    answer: "(unclosed"\n    reason: r\n', /target\.yaml:5:13: answer: is not a regular expression/],
  ['an answer: with outcome fail', 'target: t\nexpectations:\n  - tag: sort\n    outcome: fail\n    answer: "501"\n    reason: r\n', /target\.yaml:5:13: answer: pins what a target that does not implement an operation says; it needs outcome: not-implemented/],
  ['an unknown key', 'target: t\nexpectations:\n  - tag: sort\n    outcome: fail\n    because: r\n', /target\.yaml:3:5: unknown key "because"/],
])('a bad expectations file (%s): exit 2 with file:line', async (_name, text, message) => {
  const run = await runCli(['run', '--expectations', expectationsFile(text as string)]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message as RegExp);
});
