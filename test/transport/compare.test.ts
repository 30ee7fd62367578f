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

test.each([
  ['--known-deviations without a live target', ['run', '--known-deviations', 'x.yaml'], /--known-deviations only applies to a live target/],
  ['--known-deviations without --compare (live)', ['run', '--endpoint', 'http://127.0.0.1:9', '--known-deviations', 'x.yaml'], /--known-deviations only applies with --compare/],
  ['--compare without a live target', ['run', '--compare', 'recordings/reference'], /--compare only applies to a live target/],
])('%s is a usage error (exit 2)', async (_what, args, message) => {
  const run = await runCli([...args, '--quiet']);
  expect(run.stderr).toMatch(message);
  expect(run.code).toBe(2);
});

test('a known-deviations file in bracket form with an unquoted path is refused, saying how to write it', async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dev-')), 'deviations.yaml');
  writeFileSync(file, 'paths: [AccessDetails[*].Region]\n');
  const run = await runCli(['run', '--endpoint', 'http://127.0.0.1:9', '--compare', REFERENCE, '--known-deviations', file, '--quiet']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/deviations\.yaml:1:22: YAML syntax: Missing , or : between flow sequence items\. Write the paths as a block list \("paths:" then one "  - AccessDetails\[\*\]\.Region" per line\)/);
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
  expect(results(run.reports).comparison).toMatchObject({ against: REFERENCE, fieldsCompared: expect.any(Number), differences: expect.any(Number) });
  expect(results(run.reports).comparison.differences).toBeGreaterThan(0);
  expect(run.stdout).toMatch(/differential mode: compared with the recording .*: \d+ field\(s\) compared, [1-9]\d* differing/);
  const xml = readFileSync(path.join(run.reports, 'junit.xml'), 'utf8');
  expect(xml).toMatch(/✗ matches-recording .*\n\s+response: AccessDetails\[\d+\]\.Region: AccessDetails\[\d+\]\.Region differs from the recording\n\s+expected: &quot;[a-z0-9-]+&quot;\n\s+actual:   &quot;eu-central-1&quot;/);
  void namespace;
});

/** The known-deviations example of the README, as a user would copy it. */
function readmeDeviations(): string {
  const block = /```yaml\n(# my-emulator-deviations\.yaml[^]*?)```/.exec(readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8'));
  if (!block) throw new Error('README.md has no my-emulator-deviations.yaml example');
  return block[1];
}

test('known deviations (the README\'s example file) silence the paths they list', async () => {
  const { services } = changedRegion();
  target = await startReferenceTarget({ services });
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dev-')), 'deviations.yaml');
  writeFileSync(file, readmeDeviations());
  const run = await runCli(['run', '--endpoint', target.url, '--compare', REFERENCE, '--known-deviations', file, '--quiet']);
  expect(run.code).toBe(0);
});

test('a known deviation naming a list silences what its items hold; one naming nothing is refused before anything runs (exit 2, file:line)', async () => {
  const { services } = changedRegion();
  target = await startReferenceTarget({ services });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dev-'));
  writeFileSync(path.join(dir, 'whole.yaml'), 'paths:\n  - AccessDetails\n');
  const whole = await runCli(['run', '--endpoint', target.url, '--compare', REFERENCE, '--known-deviations', path.join(dir, 'whole.yaml'), '--quiet']);
  expect(whole.code).toBe(0);
  writeFileSync(path.join(dir, 'typo.yaml'), 'paths:\n  - AccessDetails[*].Regoin\n');
  const typo = await runCli(['run', '--endpoint', target.url, '--compare', REFERENCE, '--known-deviations', path.join(dir, 'typo.yaml'), '--quiet']);
  expect(typo.stderr).toMatch(/typo\.yaml:2:5: "AccessDetails\[\*\]\.Regoin": .*did you mean Region\?/);
  expect(typo.code).toBe(2);
});

test('a recording with --normalize-ids holds no organization or account id, and replays to a pass', async () => {
  target = await startReferenceTarget();
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'norm-')), 'rec');
  const rec = await runCli(['record', '--endpoint', target.url, '--out', out, '--normalize-ids', '--quiet', '--entity-path', ROOT_PATH]);
  expect(rec.code).toBe(0);
  const text = readFileSync(path.join(out, 'fixtures.json'), 'utf8') + readFileSync(path.join(out, 'meta.json'), 'utf8');
  for (const id of ['o-a1b2c3d4e5', 'r-f6g7', '111122223333', '123456789012', 'ou-f6g7-aaaa1111']) expect(text).not.toContain(id);
  // Placeholders keep each id's prefix, length and character class.
  const meta = JSON.parse(readFileSync(path.join(out, 'meta.json'), 'utf8'));
  expect(meta.settings['input.EntityPath']).toMatch(/^o-[a-z][0-9][a-z][0-9][a-z][0-9][a-z][0-9][a-z][0-9]\/r-[a-z][0-9][a-z][0-9]$/);
  expect(meta.normalized).toEqual({ opaque: ['jobIDType', 'markerType', 'responseMarkerType'], envelope: ['RequestId', 'x-amzn-RequestId'], ids: true, idKinds: ['organizationalUnit', 'organization', 'root', 'account'] });
  const replay = await runCli(['run', '--replay', out, '--quiet']);
  expect(replay.stdout).toMatch(/\d+ conform, 0 do not/);
  expect(replay.code).toBe(0);
}, 200_000);

test('a target compared with its own --normalize-ids recording shows no difference, boundary inputs included, for a subset of cases too', async () => {
  target = await startReferenceTarget();
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'norm-')), 'rec');
  expect((await runCli(['record', '--endpoint', target.url, '--out', out, '--normalize-ids', '--quiet'])).code).toBe(0);
  // The boundary requests are recorded at their own length: the root id one character short stays short.
  const bodies = (JSON.parse(readFileSync(path.join(out, 'fixtures.json'), 'utf8')) as { body: string }[]).map((f) => new URLSearchParams(f.body).get('EntityPath')).filter((p): p is string => p !== null);
  expect(bodies.map((p) => p.length)).toEqual(expect.arrayContaining([18, 19, 428]));
  const run = await runCli(['run', '--endpoint', target.url, '--compare', out, '--quiet']);
  expect(run.stdout).toMatch(/\d+ conform, 0 do not/);
  expect(run.code).toBe(0);
  const checks = results(run.reports).cases.flatMap((c: { checks: { check: string; status: string }[] }) => c.checks.filter((k) => k.check === 'matches-recording'));
  expect(checks.length).toBeGreaterThan(40);
  // Every report says that a comparison ran, against what, and how many fields it compared.
  const comparison = results(run.reports).comparison;
  expect(comparison).toEqual({ against: out, recordedFrom: target.url, recordedAt: expect.any(String), fieldsCompared: expect.any(Number), differences: 0 });
  expect(comparison.fieldsCompared).toBeGreaterThan(5000);
  const line = `compared with the recording ${out} (recorded from ${target.url} on ${comparison.recordedAt.slice(0, 10)}): ${comparison.fieldsCompared} field(s) compared, 0 differing`;
  expect(run.stdout).toContain(`differential mode: ${line}`);
  expect(readFileSync(path.join(run.reports, 'summary.md'), 'utf8')).toContain(line);
  expect(readFileSync(path.join(run.reports, 'report.html'), 'utf8')).toContain(line);
  // Another target with other JobIds, and only some of the cases (so tokens come in another order).
  await target.close();
  target = await startReferenceTarget({ jobIdSeed: 'another-run', pollsBeforeComplete: 0 });
  const subset = await runCli(['run', '--endpoint', target.url, '--compare', out, '--tag', 'sort', '--quiet']);
  expect(subset.stdout).toMatch(/[1-9]\d* conform, 0 do not/);
  expect(subset.code).toBe(0);
}, 300_000); // three whole runs; slow on a loaded machine
