// The CLI behaves like the tools people already use: help everywhere, selection by id, tag and pattern,
// listing without running, stopping at the first failure, linting case files, colour only on a terminal,
// and progress while it waits for a job.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startScriptedTarget, type ScriptedTarget } from '../support/scripted-target';
import { correctOrder, ENTITY, reportModel, MODEL_CASES } from '../support/report-model';
import { runCli } from '../support/cli';

let target: ScriptedTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

test.each([[['--help']], [['run', '--help']], [['record', '--help']], [['validate', '--help']]])('%j prints help and exits 0', async (args) => {
  const run = await runCli(args);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/Usage: iam-conformance/);
});

test('--list shows the selected cases (by --tag and --grep) without running anything', async () => {
  const run = await runCli(['run', '--endpoint', 'http://127.0.0.1:9', '--list', '--tag', 'sort', '--grep', 'descending']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^sort-time-descending +GetOrganizationsAccessReport +R8 +cases\/sorting\.yaml:\d+:\d+ +SortKey LAST_AUTHENTICATED_TIME_DESCENDING/m);
  expect(run.stdout).not.toMatch(/^sort-time-ascending/m);
  expect(run.stdout).toMatch(/^3 case\(s\)$/m);
});

test('--list names the operation each case exercises, for all five operations', async () => {
  const run = await runCli(['run', '--list']);
  expect(run.code).toBe(0);
  const ops = new Set(run.stdout.split('\n').filter((l) => / cases\//.test(l)).map((l) => l.split(/ +/)[1]));
  expect([...ops].sort()).toEqual(['GenerateOrganizationsAccessReport', 'GenerateServiceLastAccessedDetails', 'GetOrganizationsAccessReport', 'GetServiceLastAccessedDetails', 'GetServiceLastAccessedDetailsWithEntities']);
});

test('a selection that matches nothing is a usage error', async () => {
  const run = await runCli(['run', '--grep', 'no-such-thing-at-all']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/no case matches the selection/);
});

test('--bail stops after the first case that does not conform; the JUnit report holds the cases that ran', async () => {
  target = await startScriptedTarget(reportModel({ order: (l, k) => correctOrder(l, k ?? 'SERVICE_NAMESPACE_DESCENDING') }));
  // The test model serves the Organizations report only: the case files of its operations.
  const run = await runCli(['run', '--endpoint', target.url, '--entity-path', ENTITY, '--cases', ...MODEL_CASES, '--tag', 'sort', '--bail']);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/stopped after the first case that keeps the gate red \(--bail\): default-order-is-namespace-ascending, does not conform; \d+ case\(s\) not run/);
  const xml = readFileSync(path.join(run.reports, 'junit.xml'), 'utf8');
  const testcases = xml.match(/<testcase [^>]*name="([^":]+)/g) ?? [];
  expect(testcases.length).toBeLessThan(8);
  expect((xml.match(/<failure /g) ?? []).length).toBe(1);
  expect(testcases[testcases.length - 1]).toMatch(/default-order-is-namespace-ascending$/);
});

test('progress: each case as it finishes, and what a poll waits for; no colour when not on a terminal', async () => {
  target = await startScriptedTarget(reportModel({ pollsInProgress: 2 }));
  const run = await runCli(['run', '--endpoint', target.url, '--entity-path', ENTITY, '--case', 'job-lifecycle']);
  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(/waiting for GetOrganizationsAccessReport \{"JobId":"[^"]+"\} to finish: IN_PROGRESS after 1 poll\(s\), \d+ s of 300 s/);
  expect(run.stderr).toMatch(/ok +1\/1 job-lifecycle/);
  expect(run.stdout + run.stderr).not.toContain('\u001b[');
});

test('validate lints case files and an expectations file without running: 0 when valid, 2 with file:line', async () => {
  const ok = await runCli(['validate', '--expectations', 'expectations/moto.yaml']);
  expect(ok.code).toBe(0);
  expect(ok.stdout).toMatch(/^the contract \(\d+ files: 5 operations, \d+ shapes, \d+ rules\), \d+ cases \(\d+ generated\) and \d+ fixture\(s\) in \d+ files are valid; expectations\/moto\.yaml is valid/);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lint-'));
  writeFileSync(path.join(dir, 'x.yaml'), 'cases:\n  - id: x\n    title: t\n    rules: [R404]\n    basis: b\n    steps:\n      - call: GetOrganizationsAccessReport\n');
  const bad = await runCli(['validate', '--cases', dir]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/x\.yaml:4:13: unknown rule "R404"/);
});
