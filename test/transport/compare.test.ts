// Differential mode compares every live answer with the recorded one, field by field, after JobIds and
// markers are replaced by placeholders; dates count for presence only; known deviations silence paths.
// Recordings can replace account, organization and OU ids with placeholders and still replay.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/contract';
import { startReferenceTarget, type RunningTarget } from '../../src/reference-target';
import { seedServices, ROOT_PATH } from '../../src/reference-target/data';
import { runCli } from '../support/cli';

let target: RunningTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

const REFERENCE = path.join(PROJECT_ROOT, 'recordings', 'reference');
const results = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8'));

test('the reference target, with other JobIds, dates and poll counts, matches its recording', async () => {
  target = await startReferenceTarget({ jobIdSeed: 'another-run', pollsBeforeComplete: 1 });
  const run = await runCli(['run', '--endpoint', target.url, '--compare', REFERENCE, '--quiet']);
  expect(run.stdout).toMatch(/\d+ conform, 0 do not/);
  expect(run.code).toBe(0);
  const checks = results(run.reports).cases.flatMap((c: { checks: { check: string; status: string }[] }) => c.checks.filter((k) => k.check === 'matches-recording'));
  expect(checks.length).toBeGreaterThan(40);
  expect(checks.every((k: { status: string }) => k.status === 'passed')).toBe(true);
});

function changedRegion(): { services: ReturnType<typeof seedServices>; namespace: string } {
  const services = seedServices();
  const i = services.findIndex((s) => s.Region);
  services[i] = { ...services[i], Region: 'eu-central-1' };
  return { services, namespace: services[i].ServiceNamespace };
}

test('a changed field is caught, naming its path', async () => {
  const { services, namespace } = changedRegion();
  target = await startReferenceTarget({ services });
  const run = await runCli(['run', '--endpoint', target.url, '--compare', REFERENCE, '--quiet']);
  expect(run.code).toBe(1);
  const xml = readFileSync(path.join(run.reports, 'junit.xml'), 'utf8');
  expect(xml).toMatch(/✗ matches-recording .*\n\s+response: AccessDetails\[\d+\]\.Region: AccessDetails\[\d+\]\.Region differs from the recording\n\s+expected: &quot;[a-z0-9-]+&quot;\n\s+actual:   &quot;eu-central-1&quot;/);
  void namespace;
});

test('known deviations silence the paths they list', async () => {
  const { services } = changedRegion();
  target = await startReferenceTarget({ services });
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dev-')), 'deviations.yaml');
  writeFileSync(file, 'paths:\n  - AccessDetails[*].Region\n');
  const run = await runCli(['run', '--endpoint', target.url, '--compare', REFERENCE, '--known-deviations', file, '--quiet']);
  expect(run.code).toBe(0);
});

test('a recording with --normalize-ids holds no organization or account id, and replays to a pass', async () => {
  target = await startReferenceTarget();
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'norm-')), 'rec');
  const rec = await runCli(['record', '--endpoint', target.url, '--out', out, '--normalize-ids', '--quiet', '--entity-path', ROOT_PATH]);
  expect(rec.code).toBe(0);
  const text = readFileSync(path.join(out, 'fixtures.json'), 'utf8') + readFileSync(path.join(out, 'meta.json'), 'utf8');
  for (const id of ['o-a1b2c3d4e5', 'r-f6g7', '111122223333', '123456789012', 'ou-f6g7-aaaa1111']) expect(text).not.toContain(id);
  expect(text).toContain('o-0000000001/r-0001');
  // JobIds and markers are placeholders too, consistently in requests and answers.
  expect(text).toMatch(/JobId=00000000-0000-4000-8000-000000000001/);
  expect(text).toMatch(/Marker=marker-0001/);
  const replay = await runCli(['run', '--replay', out, '--quiet']);
  expect(replay.stdout).toMatch(/\d+ conform, 0 do not/);
  expect(replay.code).toBe(0);
});
