// writeJUnit: one <testcase> per case through jest-junit, each verdict in its JUnit form, reasons on the
// right testcases, and a run that checked nothing never reads as green.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { XMLValidator } from 'fast-xml-parser';
import os from 'node:os';
import path from 'node:path';
import { writeJUnit } from '../../src/report/junit';
import { exitCodeOf, type ResultsDocument } from '../../src/report/document';
import { check, doc, entry } from '../support/judged';

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
  expect(testcase(xml, 'c-fail')).toMatch(/<failure message="[^"]*" type="[^"]*">c-fail \(cases\/x\.yaml:3:5\) does not conform/);
  expect(testcase(xml, 'e-infra')).toMatch(/<error message="not checked: the target kept throttling through every retry \(HTTP 429\)" type="not-checked: throttled">e-infra .*not checked: the target kept throttling/);
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
  expect(testcase(xml, 'u-pass')).toMatch(/<failure message="conforms, but the expectations said it would fail: old gap \(x\.yaml:1:1\)" type="unexpected-pass">u-pass \(cases\/x\.yaml:3:5\) conforms, but the expectations said it would fail: old gap .*Remove that expectation/);
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
  expect(xml).toMatch(/<testcase [^>]*name="no cases selected"[^>]*>\s*<failure message="no case matched the selection: nothing was checked" type="nothing-checked">no case matched the selection/);
  expect(exitCodeOf(empty)).toBe(1);
});

test('a failure carries its first finding as message and the check and rule as type; the body keeps the full text', async () => {
  const sorted = check('sorted-by', 'failed', {
    findings: [
      { message: 'ServiceNamespace is not in ascending order', path: 'AccessDetails[1].ServiceNamespace', rule: 'R9', expected: 'after "xray"', actual: '"wafv2"' },
      { message: 'a second finding', rule: 'R9' },
    ],
  });
  const xml = await junitOf(doc([
    entry('s-fail', 'fail', { checks: [check('schema', 'passed', { auto: true }), sorted], brokenRules: ['R9'] }),
    entry('n-impl', 'fail', { status: 'not-implemented', notImplemented: { operation: 'GenerateOrganizationsAccessReport', answer: 'HTTP 501 InternalFailure' } }),
  ]));
  const failing = testcase(xml, 's-fail');
  expect(failing).toMatch(/<failure message="sorted-by: AccessDetails\[1\]\.ServiceNamespace: ServiceNamespace is not in ascending order" type="sorted-by \[R9\]">s-fail \(cases\/x\.yaml:3:5\) does not conform — rules R9/);
  expect(failing).toMatch(/a second finding \[R9\]/);
  expect(failing).toMatch(/expected: after &quot;xray&quot;/);
  expect(testcase(xml, 'n-impl')).toMatch(/<failure message="operation GenerateOrganizationsAccessReport not implemented by this target — it answered HTTP 501 InternalFailure" type="not-implemented">/);
});

test('checks with nothing to judge are shown as testcase properties and system-out; a case with nothing judged passes in JUnit', async () => {
  const empty = check('sorted-by', 'nothing-to-judge', { note: 'fewer than two items with a LastAuthenticatedTime' });
  const xml = await junitOf(doc([
    entry('nj', 'nothing-judged', { checks: [check('schema', 'passed', { auto: true }), empty] }),
    entry('part', 'pass', { checks: [check('walk-equals', 'passed'), empty] }),
  ]));
  const nj = testcase(xml, 'nj');
  expect(nj).not.toMatch(/<failure|<error|<skipped/);
  expect(nj).toMatch(/<properties>\s*<property name="verdict" value="conforms, nothing judged"\/>\s*<property name="nothing-to-judge" value="sorted-by at cases\/x\.yaml:9:11 \(step 1\): fewer than two items with a LastAuthenticatedTime"\/>/);
  expect(nj).toMatch(/<system-out>nothing to judge:\nsorted-by at cases\/x\.yaml:9:11/);
  expect(testcase(xml, 'part')).toMatch(/<property name="nothing-to-judge" value="sorted-by at/);
  expect(testcase(xml, 'part')).not.toMatch(/name="verdict"/);
});

test('an incomplete merge and our own errors are testcases of their own: never a green JUnit', async () => {
  const merged = doc([entry('a-pass', 'pass')], { merged: { count: 3, shards: [1, 2], missing: [3] }, internalErrors: ['Error: boom\n    at x (y.ts:1:2)'] });
  expect(merged.overall).toBe('incomplete');
  expect(exitCodeOf(merged)).toBe(1);
  const xml = await junitOf(merged);
  expect(xml).toMatch(/name="merge of all shards"[^>]*>\s*<failure message="incomplete merge: shard\(s\) 3\/3 missing; their cases are not in this report" type="incomplete-merge">/);
  expect(xml).toMatch(/name="internal error 1"[^>]*>\s*<error message="internal error of iam-conformance" type="internal-error">internal error of iam-conformance \(not a verdict on the target\):\nError: boom/);
  expect(xml).toMatch(/<property name="merged" value="1,2 of 3; missing 3"\/>/);
});
