// Recordings: the bundled ones replay offline and pass; a recording replays to the same verdict as the
// live run it came from; a request nothing was recorded for fails, naming it; no credential is recorded.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/contract';
import { readRecording } from '../../src/transport/recording';
import { startScriptedTarget, type ScriptedTarget } from '../support/scripted-target';
import { correctOrder, ENTITY, reportModel } from '../support/report-model';
import { runCli } from '../support/cli';

let target: ScriptedTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

const results = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as { cases: { caseId: string; status: string; notChecked?: { reason: string } }[] };
const failedIds = (dir: string) => results(dir).cases.filter((c) => c.status === 'failed').map((c) => c.caseId).sort();
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'rec-'));

test.each(['reference', 'aws-doc-example'])('the bundled recording %s says where it was recorded and replays offline to a pass', async (name) => {
  const dir = path.join(PROJECT_ROOT, 'recordings', name);
  expect(readRecording(dir).meta.recordedFrom).toMatch(/reference target/);
  const run = await runCli(['run', '--replay', dir, '--quiet']);
  expect(run.stdout).toMatch(/\d+ conform, 0 do not/);
  expect(run.code).toBe(0);
  expect(readFileSync(path.join(run.reports, 'junit.xml'), 'utf8')).toMatch(new RegExp(`<testsuite name="replay [^"]*${name} \\(recorded from `));
});

test('with no endpoint configured, run replays the bundled reference recording', async () => {
  const run = await runCli(['run', '--quiet']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^replay recordings\/reference \(recorded from the reference target/m);
});

test('a recording of a non-conforming target replays to the same verdict, and holds no credential', async () => {
  target = await startScriptedTarget(reportModel({ order: (l, k) => correctOrder(l, k ?? 'SERVICE_NAMESPACE_DESCENDING') }));
  const out = path.join(tmp(), 'broken');
  const secrets = { AWS_ACCESS_KEY_ID: 'AKIAABCDEFGHIJKLMNOP', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzSECRET', AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEXAMPLETOKENtoken' };
  const live = await runCli(['record', '--endpoint', target.url, '--out', out, '--entity-path', ENTITY, '--quiet'], secrets);
  expect(live.code).toBe(1);
  const replay = await runCli(['run', '--replay', out, '--quiet']);
  expect(replay.code).toBe(1);
  expect(failedIds(replay.reports)).toEqual(failedIds(live.reports));
  expect(failedIds(replay.reports)).toContain('default-order-is-namespace-ascending');
  const recorded = readFileSync(path.join(out, 'fixtures.json'), 'utf8') + readFileSync(path.join(out, 'meta.json'), 'utf8');
  for (const secret of [...Object.values(secrets), 'AKIA', 'Signature=', 'X-Amz-Date', 'x-amz-security-token']) expect(recorded).not.toContain(secret);
});

test('a request the recording has no answer for leaves its case not checked (not-recorded), naming the request: a gap in the recording is no verdict on the target', async () => {
  const copy = path.join(tmp(), 'reference');
  cpSync(path.join(PROJECT_ROOT, 'recordings', 'reference'), copy, { recursive: true });
  const fixtures = JSON.parse(readFileSync(path.join(copy, 'fixtures.json'), 'utf8')) as { body: string }[];
  // Only the Organizations report's unknown JobId (the service last accessed cases send the same JobId to their own operations).
  writeFileSync(path.join(copy, 'fixtures.json'), JSON.stringify(fixtures.filter((f) => !(f.body.includes('00000000dead') && f.body.includes('Action=GetOrganizationsAccessReport')))));
  const run = await runCli(['run', '--replay', copy, '--quiet']);
  expect(run.code).toBe(1);
  expect(failedIds(run.reports)).toEqual([]);
  expect(results(run.reports).cases.filter((c) => c.status === 'not-checked')).toEqual([expect.objectContaining({ caseId: 'unknown-job-id-is-no-such-entity', notChecked: expect.objectContaining({ reason: 'not-recorded' }) })]);
  expect(run.stdout).toMatch(/^Not checked: 1 case could not be checked: \d+ conform, 0 do not conform, 1 not checked \(1 not-recorded\)/m);
  expect(readFileSync(path.join(run.reports, 'junit.xml'), 'utf8')).toMatch(/the recording has no response for POST \/ Action=&quot;GetOrganizationsAccessReport&quot; JobId=&quot;00000000-0000-4000-8000-00000000dead&quot;/);
});

test('a recording whose answers were tampered with (items reordered) fails the replay', async () => {
  const copy = path.join(tmp(), 'reference');
  cpSync(path.join(PROJECT_ROOT, 'recordings', 'reference'), copy, { recursive: true });
  const file = path.join(copy, 'fixtures.json');
  // Swap the first two services of every page: sort order breaks, nothing else does.
  const text = readFileSync(file, 'utf8').replace(/<AccessDetails>(<member>.*?<\/member>)(<member>.*?<\/member>)/g, '<AccessDetails>$2$1');
  writeFileSync(file, text);
  const run = await runCli(['run', '--replay', copy, '--quiet']);
  expect(run.code).toBe(1);
  expect(failedIds(run.reports)).toEqual(expect.arrayContaining(['default-order-is-namespace-ascending', 'sort-time-descending']));
});
