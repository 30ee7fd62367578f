// writeJUnit: one <testcase> per case through jest-junit, each verdict in its JUnit form, reasons on the
// right testcases, and a run that checked nothing never reads as green.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { XMLValidator } from 'fast-xml-parser';
import os from 'node:os';
import path from 'node:path';
import { writeJUnit } from '../../src/report/junit';
import { exitCodeOf, type CaseEntry, type ResultsDocument } from '../../src/report/document';

function entry(caseId: string, verdict: CaseEntry['verdict'], extra: Partial<CaseEntry> = {}): CaseEntry {
  return {
    caseId, title: `title of ${caseId}`, file: 'cases/x.yaml', loc: 'cases/x.yaml:3:5', rules: ['R1'], operation: 'GetOrganizationsAccessReport',
    tags: [], status: verdict === 'pass' ? 'passed' : verdict === 'not-checked' ? 'not-checked' : 'failed', operations: [], checks: [],
    evidence: [], requests: 1, durationMs: 12.3456, verdict, ...extra,
  };
}

function doc(cases: CaseEntry[]): ResultsDocument {
  const n = (v: string) => cases.filter((c) => c.verdict === v).length;
  return {
    schemaVersion: 1, tool: { name: 'iam-conformance', version: '0' }, target: { label: 'live http://127.0.0.1:1', kind: 'live', description: 'd' },
    startedAt: '2026-01-02T03:04:05.000Z', finishedAt: '2026-01-02T03:04:06.000Z', problems: [], rules: [], cases,
    summary: { total: cases.length, pass: n('pass'), fail: n('fail'), 'expected-failure': n('expected-failure'), 'unexpected-pass': n('unexpected-pass'), 'not-checked': n('not-checked'), notImplemented: 0, generated: 0 },
  };
}

async function junitOf(d: ResultsDocument): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'junit-'));
  return readFileSync(writeJUnit(d, dir), 'utf8');
}

/** The XML of the testcase whose name starts with the case id. */
const testcase = (xml: string, id: string) => xml.match(new RegExp(`<testcase [^>]*name="${id}:[\\s\\S]*?</testcase>`))?.[0] ?? '';

test('each verdict has its JUnit form, and each expected failure carries its own reason', async () => {
  const xml = await junitOf(doc([
    entry('a-pass', 'pass'),
    entry('b-xfail', 'expected-failure', { expected: 'first reason (x.yaml:1:1)' }),
    entry('c-fail', 'fail'),
    entry('d-xfail', 'expected-failure', { expected: 'second reason (x.yaml:2:1)' }),
    entry('e-infra', 'not-checked', { notChecked: { reason: 'throttled', detail: 'HTTP 429' } }),
  ]));
  expect(xml).toContain('<testsuite name="live http://127.0.0.1:1"');
  expect(testcase(xml, 'a-pass')).not.toMatch(/<failure|<error|<skipped/);
  expect(testcase(xml, 'b-xfail')).toMatch(/<skipped message="expected failure: first reason/);
  expect(testcase(xml, 'd-xfail')).toMatch(/<skipped message="expected failure: second reason/);
  expect(testcase(xml, 'c-fail')).toMatch(/<failure>c-fail \(cases\/x\.yaml:3:5\) does not conform/);
  expect(testcase(xml, 'e-infra')).toMatch(/<error message="not checked: the target kept throttling through every retry">e-infra .*not checked: the target kept throttling/);
  expect(testcase(xml, 'a-pass')).toMatch(/classname="GetOrganizationsAccessReport \(cases\/x\.yaml\)"/);
  // case times in seconds, to the millisecond; the run's time is the sum of its cases
  expect(testcase(xml, 'a-pass')).toMatch(/time="0\.012"/);
  expect(xml).toMatch(/<testsuites [^>]*time="0\.062"/);
  // an <error> is counted as an error, not as a failure
  expect(xml).toMatch(/<testsuites [^>]*tests="5" failures="1" errors="1"/);
  expect(xml).toMatch(/<testsuite [^>]*errors="1" failures="1" skipped="2"[^>]*tests="5"/);
});

test('an unexpected pass is a failure that says to remove the expectation', async () => {
  const xml = await junitOf(doc([entry('u-pass', 'unexpected-pass', { status: 'passed', expected: 'old gap (x.yaml:1:1)' })]));
  expect(testcase(xml, 'u-pass')).toMatch(/<failure>u-pass \(cases\/x\.yaml:3:5\) conforms, but the expectations said it would fail: old gap .*Remove that expectation/);
  expect(xml).toMatch(/<testsuites [^>]*failures="1" errors="0"/);
});

test('hostile text (template syntax, markup, control characters) stays well-formed and intact', async () => {
  const hostile = 'a $& b $\' {displayName} <skipped/> <error> </failure> & "q" \u0001 ✗ —';
  const xml = await junitOf(doc([
    entry('h-fail', 'fail', { title: hostile, setupProblem: hostile }),
    entry('h-xfail', 'expected-failure', { title: hostile, expected: hostile }),
  ]));
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).toContain('name="h-fail: a $&amp; b $&apos; {displayName} &lt;skipped/&gt; &lt;error&gt; &lt;/failure&gt; &amp; &quot;q&quot; \uFFFD ✗ —"');
  expect(xml.match(/<skipped /g)).toHaveLength(1);
  expect(xml.match(/<error /g)).toBeNull();
  expect(testcase(xml, 'h-xfail')).toMatch(/<skipped message="expected failure: a \$&amp; b/);
});

test('jest-junit settings from outside (JEST_JUNIT_* variables, package.json, property hooks) neither move nor change the report', async () => {
  const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'junit-elsewhere-'));
  const userFolder = mkdtempSync(path.join(os.tmpdir(), 'junit-user-'));
  writeFileSync(path.join(userFolder, 'package.json'), JSON.stringify({ name: 'emulator', 'jest-junit': { outputDirectory: elsewhere, titleTemplate: 'x' } }));
  writeFileSync(path.join(userFolder, 'junitProperties.js'), 'throw new Error("a property hook ran");');
  const saved = { cwd: process.cwd(), dir: process.env.JEST_JUNIT_OUTPUT_DIR, name: process.env.JEST_JUNIT_OUTPUT_NAME };
  process.env.JEST_JUNIT_OUTPUT_DIR = elsewhere;
  process.env.JEST_JUNIT_OUTPUT_NAME = 'other.xml';
  process.chdir(userFolder);
  try {
    const xml = await junitOf(doc([entry('a-pass', 'pass')]));
    expect(xml).toMatch(/name="a-pass: title of a-pass"/);
  } finally {
    process.chdir(saved.cwd);
    if (saved.dir === undefined) delete process.env.JEST_JUNIT_OUTPUT_DIR; else process.env.JEST_JUNIT_OUTPUT_DIR = saved.dir;
    if (saved.name === undefined) delete process.env.JEST_JUNIT_OUTPUT_NAME; else process.env.JEST_JUNIT_OUTPUT_NAME = saved.name;
  }
  expect(existsSync(path.join(elsewhere, 'other.xml'))).toBe(false);
  expect(existsSync(path.join(elsewhere, 'junit.xml'))).toBe(false);
});

test('a run that checked nothing is a failing testcase and exit 1, not an empty green report', async () => {
  const empty = doc([]);
  const xml = await junitOf(empty);
  expect(xml).toMatch(/<testcase [^>]*name="no cases selected"[^>]*>\s*<failure>no case matched the selection/);
  expect(exitCodeOf(empty)).toBe(1);
});
