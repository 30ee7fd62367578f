// Run inputs from the command line: --input NAME=VALUE (and its alias --entity-path) are checked against the
// declared member's shape before anything runs; a recording keeps them in meta.settings and its replay uses them.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startReferenceTarget, type RunningTarget } from '../../src/reference-target';
import { OU_PATHS } from '../../src/reference-target/data';
import { runCli } from '../support/cli';

let target: RunningTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

test.each<[string, string[], RegExp]>([
  ['an input no case file declares', ['--input', 'PolicyArn=arn:aws:iam::111122223333:policy/x'], /--input PolicyArn: no case file declares an input PolicyArn \(declared: EntityPath, Arn\)/],
  ['a value outside the member\'s shape', ['--input', 'EntityPath=root'], /--input EntityPath: input EntityPath \(GenerateOrganizationsAccessReportRequest\.EntityPath\) is out of contract: expected length >= 19/],
  ['the alias with a bad value', ['--entity-path', 'O-A1B2C3D4E5/R-F6G7'], /input EntityPath .* is out of contract: expected whole value matching/],
  ['no NAME=', ['--input', 'EntityPath'], /--input takes NAME=VALUE, got "EntityPath"/],
  ['an input named constructor (every JavaScript object has one)', ['--input', 'constructor=x'], /--input constructor: no case file declares an input constructor \(declared: EntityPath, Arn\)/],
])('%s is refused before anything runs: exit 2', async (_name, flags, expected) => {
  const r = await runCli(['run', ...flags]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(expected);
});

test('a recording keeps the run inputs, and its replay sends them again', async () => {
  target = await startReferenceTarget();
  const out = mkdtempSync(path.join(os.tmpdir(), 'rec-inputs-'));
  const ou = OU_PATHS[0];
  const rec = await runCli(['record', '--endpoint', target.url, '--out', out, '--quiet', '--input', `EntityPath=${ou}`, '--tag', 'sort']);
  expect(rec.code).toBe(0);
  const meta = JSON.parse(readFileSync(path.join(out, 'meta.json'), 'utf8'));
  // Every run input is kept, those left at their default (Arn) too.
  expect(meta.settings).toEqual({ 'input.EntityPath': ou, 'input.Arn': 'arn:aws:iam::123456789012:policy/conformance/DeveloperAccess' });
  expect(readFileSync(path.join(out, 'fixtures.json'), 'utf8')).toContain(encodeURIComponent(ou));
  // The replay matches requests by body: it only conforms if it sends the recorded EntityPath again.
  const replay = await runCli(['run', '--replay', out, '--quiet']);
  expect({ code: replay.code, out: replay.stdout }).toEqual({ code: 0, out: expect.stringMatching(/^Conforms/m) });
  // Another value cannot be replayed: refused before anything runs.
  const other = await runCli(['run', '--replay', out, '--quiet', '--entity-path', 'o-a1b2c3d4e5/r-f6g7']);
  expect(other.code).toBe(2);
  expect(other.stderr).toMatch(/--entity-path o-a1b2c3d4e5\/r-f6g7: this run replays .*, which was recorded with EntityPath o-a1b2c3d4e5\/r-f6g7\/ou-f6g7-aaaa1111; a replay can only answer what was recorded/);
});
