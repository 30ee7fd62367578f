// writeJUnit: one <testcase> per case through jest-junit, each verdict in its JUnit form, reasons on the
// right testcases, and a run that checked nothing never reads as green.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeJUnit } from '../../src/report/junit';
import { exitCodeOf, type CaseEntry, type ResultsDocument } from '../../src/report/document';

function entry(caseId: string, verdict: CaseEntry['verdict'], extra: Partial<CaseEntry> = {}): CaseEntry {
  return {
    caseId, title: `title of ${caseId}`, file: 'cases/x.yaml', loc: 'cases/x.yaml:3:5', rules: ['R1'], operation: 'GetOrganizationsAccessReport',
    tags: [], status: verdict === 'pass' ? 'passed' : verdict === 'infrastructure' ? 'infrastructure' : 'failed', operations: [], checks: [],
    evidence: [], requests: 1, durationMs: 12.3456, verdict, ...extra,
  };
}

function doc(cases: CaseEntry[]): ResultsDocument {
  const n = (v: string) => cases.filter((c) => c.verdict === v).length;
  return {
    schemaVersion: 1, tool: { name: 'iam-conformance', version: '0' }, target: { label: 'live http://127.0.0.1:1', kind: 'live', description: 'd' },
    startedAt: '2026-01-02T03:04:05.000Z', finishedAt: '2026-01-02T03:04:06.000Z', problems: [], rules: [], cases,
    summary: { total: cases.length, pass: n('pass'), fail: n('fail'), 'expected-failure': n('expected-failure'), 'unexpected-pass': n('unexpected-pass'), infrastructure: n('infrastructure'), notImplemented: 0, generated: 0 },
  };
}

async function junitOf(d: ResultsDocument): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'junit-'));
  return readFileSync(await writeJUnit(d, dir), 'utf8');
}

/** The XML of the testcase whose name starts with the case id. */
const testcase = (xml: string, id: string) => xml.match(new RegExp(`<testcase [^>]*name="${id}:[\\s\\S]*?</testcase>`))?.[0] ?? '';

test('each verdict has its JUnit form, and each expected failure carries its own reason', async () => {
  const xml = await junitOf(doc([
    entry('a-pass', 'pass'),
    entry('b-xfail', 'expected-failure', { expected: 'first reason (x.yaml:1:1)' }),
    entry('c-fail', 'fail'),
    entry('d-xfail', 'expected-failure', { expected: 'second reason (x.yaml:2:1)' }),
    entry('e-infra', 'infrastructure', { infrastructure: 'HTTP 429' }),
  ]));
  expect(xml).toContain('<testsuite name="live http://127.0.0.1:1"');
  expect(testcase(xml, 'a-pass')).not.toMatch(/<failure|<error|<skipped/);
  expect(testcase(xml, 'b-xfail')).toMatch(/<skipped message="expected failure: first reason/);
  expect(testcase(xml, 'd-xfail')).toMatch(/<skipped message="expected failure: second reason/);
  expect(testcase(xml, 'c-fail')).toMatch(/<failure>c-fail \(cases\/x\.yaml:3:5\) does not conform/);
  expect(testcase(xml, 'e-infra')).toMatch(/<error message="infrastructure problem: the target kept throttling">e-infra .*could not be checked/);
  expect(testcase(xml, 'a-pass')).toMatch(/classname="GetOrganizationsAccessReport \(cases\/x\.yaml\)"/);
  // case times in seconds, to the millisecond; the run's time is the sum of its cases
  expect(testcase(xml, 'a-pass')).toMatch(/time="0\.012"/);
  expect(xml).toMatch(/<testsuites [^>]*time="0\.062"/);
});

test('a run that checked nothing is a failing testcase and exit 1, not an empty green report', async () => {
  const empty = doc([]);
  const xml = await junitOf(empty);
  expect(xml).toMatch(/<testcase [^>]*name="no cases selected"[^>]*>\s*<failure>no case matched the selection/);
  expect(exitCodeOf(empty)).toBe(1);
});
