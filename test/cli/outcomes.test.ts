// What a run says about itself: our own failures exit 3 with their stack and still write junit.xml;
// options that only mean something live are refused without a live target; a selection a recording cannot
// answer is reported; a merge records and checks its shard set; an expectations file for another target is
// refused. Usage errors stay exit 2 without a stack.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { PROJECT_ROOT } from '../../src/contract';
import { runCli } from '../support/cli';

const STACK = /\n\s+at .*\.(ts|js):\d+/;
const read = (dir: string, f: string) => readFileSync(path.join(dir, f), 'utf8');
const XSD = readFileSync(path.join(__dirname, '..', 'report', 'junit.xsd'), 'utf8');
const xsdErrors = async (xml: string) => (await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: XSD }] })).errors;

test('a reporter that crashes: exit 3, its stack on stderr and in results.json, junit.xml and the other reports still written', async () => {
  const run = await runCli(['run', '--quiet', '--case', 'job-lifecycle', 'sort-time-descending'], { IAM_CONFORMANCE_TEST_FAULT: 'report.html' });
  expect(run.code).toBe(3);
  expect(run.stderr).toMatch(/internal error writing report\.html \(the other reports were written\):\nError: fault injected into report\.html/);
  expect(run.stderr).toMatch(STACK);
  expect(existsSync(path.join(run.reports, 'report.html'))).toBe(false);
  for (const f of ['junit.xml', 'summary.md', 'results.json']) expect(existsSync(path.join(run.reports, f))).toBe(true);
  const xml = read(run.reports, 'junit.xml');
  expect((xml.match(/<testcase /g) ?? []).length).toBe(2);
  expect(await xsdErrors(xml)).toEqual([]);
  const results = JSON.parse(read(run.reports, 'results.json'));
  expect(results.internalErrors[0]).toMatch(/^report\.html: Error: fault injected into report\.html[\s\S]*\n\s+at /);
  expect(results.problems).toContain('internal error writing report.html: fault injected into report.html (IAM_CONFORMANCE_TEST_FAULT)');
});

test('a crash during the run: exit 3, the stack on stderr, junit.xml written with the cases that ran and the error', async () => {
  const run = await runCli(['run', '--quiet', '--case', 'job-lifecycle', 'sort-time-descending'], { IAM_CONFORMANCE_TEST_FAULT: 'run' });
  expect(run.code).toBe(3);
  expect(run.stderr).toMatch(/internal error during the run \(a bug of iam-conformance, not a verdict on the target; junit\.xml was still written\):\nError: fault injected into run/);
  expect(run.stderr).toMatch(STACK);
  const xml = read(run.reports, 'junit.xml');
  expect(xml).toMatch(/name="job-lifecycle: /);
  expect(xml).toMatch(/<testcase classname="iam-conformance" name="internal error 1"[^>]*>\s*<error message="internal error of iam-conformance" type="internal-error">/);
  expect(await xsdErrors(xml)).toEqual([]);
  expect(JSON.parse(read(run.reports, 'results.json')).internalErrors[0]).toMatch(/fault injected into run[\s\S]*\n\s+at /);
});

test('--help documents the exit codes and where output goes', async () => {
  const help = await runCli(['run', '--help']);
  expect(help.stdout).toMatch(/Exit codes:\n\s+0 .*\n\s+1 .*\n\s+2 .*\n\s+3 +internal error of iam-conformance/);
  expect(help.stdout).toMatch(/The verdict goes to stdout; progress and diagnostics to stderr/);
});

test.each([
  [['run', '--allowed-accounts', '111122223333', '--entity-path', 'o-abc1234567/r-ab12'], /--allowed-accounts only applies to a live target, and no live target is configured .* so this run would replay recordings\/reference/],
  [['run', '--throttle-retries', '2'], /--throttle-retries only applies to a live target/],
  [['run', '--compare', 'recordings/reference'], /--compare only applies to a live target/],
  [['run', '--replay', 'recordings/reference', '--region', 'eu-west-1'], /--region only applies to a live target, and this run replays recordings\/reference/],
  [['run', '--entity-path', 'o-abc1234567/r-ab12'], /--entity-path o-abc1234567\/r-ab12: .* recorded with EntityPath o-a1b2c3d4e5\/r-f6g7; a replay can only answer what was recorded/],
])('live-only options without a live target: %j exits 2 saying why, and nothing runs', async (args, message) => {
  const run = await runCli(args as string[]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message as RegExp);
  expect(run.stderr).not.toMatch(STACK);
  expect(existsSync(path.join(run.reports, 'junit.xml'))).toBe(false);
});

test('the entity path a recording was made with is accepted in a replay; JUnit classname is the operation each case exercises', async () => {
  const run = await runCli(['run', '--quiet', '--entity-path', 'o-a1b2c3d4e5/r-f6g7', '--case', 'job-lifecycle', 'generate-returns-job-id']);
  expect(run.code).toBe(0);
  const xml = read(run.reports, 'junit.xml');
  expect(xml).toMatch(/classname="GenerateOrganizationsAccessReport \(cases\/lifecycle\.yaml\)" name="generate-returns-job-id: /);
  expect(xml).toMatch(/classname="GetOrganizationsAccessReport \(cases\/lifecycle\.yaml\)" name="job-lifecycle: /);
});

describe('a partial recording', () => {
  const recording = path.join(mkdtempSync(path.join(os.tmpdir(), 'partial-')), 'rec');
  beforeAll(() => {
    cpSync(path.join(PROJECT_ROOT, 'recordings', 'reference'), recording, { recursive: true });
    const meta = JSON.parse(readFileSync(path.join(recording, 'meta.json'), 'utf8'));
    writeFileSync(path.join(recording, 'meta.json'), JSON.stringify({ ...meta, cases: ['job-lifecycle', 'sort-time-descending'] }));
  });

  test('a --case it does not hold is refused, naming --case', async () => {
    const run = await runCli(['run', '--replay', recording, '--case', 'job-lifecycle', 'sort-time-ascending']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--case sort-time-ascending: not in the recording .*rec \(it holds 2 case\(s\)\)/);
  });

  test('cases a --tag selects that it lacks are reported, not silently dropped', async () => {
    const run = await runCli(['run', '--replay', recording, '--tag', 'sort', '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/\d+ selected case\(s\) are not in the recording .*rec and cannot run: /);
    const results = JSON.parse(read(run.reports, 'results.json'));
    expect(results.cases.map((c: { caseId: string }) => c.caseId)).toEqual(['sort-time-descending']);
    expect(results.problems.join('\n')).toMatch(/selected case\(s\) are not in the recording/);
  });
});

test('merge records the shard set: 2 of 3 shards is marked incomplete and exits 1; shards of different splits are refused', async () => {
  const [one, two, half] = await Promise.all([
    runCli(['run', '--quiet', '--shard', '1/3', '--tag', 'sort']), runCli(['run', '--quiet', '--shard', '2/3', '--tag', 'sort']), runCli(['run', '--quiet', '--shard', '1/2', '--tag', 'sort']),
  ]);
  expect(JSON.parse(read(one.reports, 'results.json')).shard).toEqual({ index: 1, count: 3 });
  const out = path.join(one.reports, 'merged');
  const merged = await runCli(['merge', one.reports, two.reports, '--reports', out]);
  expect(merged.code).toBe(1);
  expect(merged.stdout).toMatch(/^Incomplete: shard\(s\) 3\/3 missing from the merge: /m);
  expect(merged.stderr).toMatch(/incomplete merge: shard\(s\) 3\/3 missing/);
  expect(JSON.parse(read(out, 'results.json'))).toMatchObject({ overall: 'incomplete', merged: { count: 3, shards: [1, 2], missing: [3] } });
  expect(read(out, 'summary.md')).toMatch(/^## .*❌ incomplete/m);
  expect(read(out, 'junit.xml')).toMatch(/type="incomplete-merge"/);
  const mixed = await runCli(['merge', one.reports, half.reports, '--reports', path.join(one.reports, 'mixed')]);
  expect(mixed.code).toBe(2);
  expect(mixed.stderr).toMatch(/cannot merge: the shards split the selection differently \(into 3 and 2 parts\)/);
}, 240_000);

test('an expectations file written for another target is refused when --target-name says which target this is', async () => {
  const run = await runCli(['run', '--expectations', 'expectations/moto.yaml', '--target-name', 'LocalStack 4.14']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/the expectations file expectations\/moto\.yaml is written for "moto [^"]*", and this run is for --target-name "LocalStack 4\.14"/);
  // A name found inside another target's line ("IAM backed by moto") is not that target.
  const inside = await runCli(['run', '--expectations', 'expectations/localstack.yaml', '--target-name', 'moto']);
  expect(inside.code).toBe(2);
  expect(inside.stderr).toMatch(/written for "LocalStack 4\.14 \(IAM backed by moto\)", and this run is for --target-name "moto" \(it does not begin with that name\)/);
});

test('a usage error stays exit 2 with no stack trace', async () => {
  const run = await runCli(['run', '--case', 'no-such-case']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^iam-conformance: --case: no case has the id no-such-case$/m);
  expect(run.stderr).not.toMatch(STACK);
});
