// junit.xml, built by jest-junit from a finished run. The cases already ran natively (src/runner), so jest
// itself has nothing left to do: the results are put in jest's aggregated-results shape and handed to
// jest-junit's document builder, then serialised with the XML writer jest-junit uses. That keeps the JUnit
// dialect CI tools know from jest, without starting a jest run (a few hundred ms) to carry it.
//
// jest-junit's reporter entry is not used on purpose: it merges JEST_JUNIT_* environment variables and a
// "jest-junit" key of the package.json in the user's folder over the options given, which could send the
// report elsewhere, and it loads junitProperties.js hooks from the working directory. Here the options are
// complete and fixed, and the file always lands in the reports folder.
import { NOT_CHECKED_REASONS } from '../runner/results';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ResultsDocument, CaseEntry } from './document';
import { describeExpectedFailure, describeFailure } from '../runner/results';

// jest-junit (pinned; no "exports" map) ships no type declarations: the parts used here.
type XmlNode = Record<string, any>;
const JEST_JUNIT_DIR = path.dirname(require.resolve('jest-junit/package.json'));
const buildJsonResults: (report: unknown, appDirectory: string, options: Record<string, unknown>, rootDir: null) => { testsuites: XmlNode[] } =
  require('jest-junit/utils/buildJsonResults');
const { DEFAULT_OPTIONS } = require('jest-junit/constants') as { DEFAULT_OPTIONS: Record<string, string> };
const writeXml: (doc: unknown, options: { indent: string; declaration: boolean }) => string = require(require.resolve('xml', { paths: [JEST_JUNIT_DIR] }));

/** Characters XML 1.0 cannot carry at all, even escaped (a target may send them; the report must still parse). */
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD');

function options(suiteName: string): Record<string, unknown> {
  // jest-junit looks for property hooks in these folders; one that cannot exist means none are loaded.
  const nowhere = path.join(JEST_JUNIT_DIR, '(no property hooks)');
  return {
    ...DEFAULT_OPTIONS,
    suiteName: 'iam-conformance',
    // Functions, not "{title}" templates: jest-junit fills templates with String.replace, which would
    // mangle "$&" or "{displayName}" in a case title.
    suiteNameTemplate: () => suiteName,
    classNameTemplate: (v: { classname: string }) => v.classname,
    titleTemplate: (v: { title: string }) => v.title,
    ancestorSeparator: ' › ',
    addFileAttribute: 'false',
    reportTestSuiteErrors: 'true',
    noStackTrace: 'true',
    testCasePropertiesDirectory: nowhere,
    testSuitePropertiesDirectory: nowhere,
  };
}

/** jest's per-test status for each verdict: failed becomes <failure>, error <error>, pending <skipped/>. */
function statusOf(c: CaseEntry): 'passed' | 'failed' | 'error' | 'pending' {
  switch (c.verdict) {
    case 'pass': return 'passed';
    case 'expected-failure': return 'pending';
    case 'not-checked': return 'error';
    default: return 'failed';
  }
}

function testResult(group: string, title: string, status: string, durationMs: number, message?: string) {
  const messages = message === undefined ? [] : [clean(message)];
  // With noStackTrace, jest-junit prints failureDetails[].message: the conformance text, no JavaScript stack.
  return { ancestorTitles: [clean(group)], title: clean(title), status, duration: Math.round(durationMs), failureMessages: messages, failureDetails: messages.map((m) => ({ message: m })) };
}

/** One jest test per case, grouped (as JUnit's classname) by operation and case file. */
function testResultOf(c: CaseEntry) {
  const status = statusOf(c);
  return testResult(`${c.operation} (${c.file})`, `${c.caseId}: ${c.title}`, status, c.durationMs, status === 'failed' || status === 'error' ? describeFailure(c) : undefined);
}

/** A run that selected nothing must not read as green in CI. */
const NOTHING_CHECKED = testResult('iam-conformance', 'no cases selected', 'failed', 0, 'no case matched the selection: nothing was checked');

export function writeJUnit(doc: ResultsDocument, reportsDir: string): string {
  mkdirSync(reportsDir, { recursive: true });
  const junitFile = path.join(reportsDir, 'junit.xml');
  const started = Date.parse(doc.startedAt) || Date.now();
  const totalMs = Math.round(doc.cases.reduce((sum, c) => sum + c.durationMs, 0));
  const tests = doc.cases.length ? doc.cases.map(testResultOf) : [NOTHING_CHECKED];
  const count = (s: string) => tests.filter((t) => t.status === s).length;
  const suite = {
    testFilePath: path.join(reportsDir, 'cases'),
    perfStats: { start: started, end: started + totalMs },
    numFailingTests: count('failed'),
    numPassingTests: count('passed'),
    numPendingTests: count('pending'),
    testResults: tests,
  };
  const json = buildJsonResults({ startTime: started, testResults: [suite] }, reportsDir, options(clean(doc.target.label)), null);
  addDetails(json, doc, count('error'), totalMs);
  writeFileSync(junitFile, writeXml(json, { indent: '  ', declaration: true }));
  return junitFile;
}

/**
 * What jest's result shape cannot say, set on jest-junit's document: why an expected failure is expected
 * (<skipped message>), what an <error> is, errors counted as errors (jest has no such status), and the
 * run's time as the sum of its cases (as for a merged run).
 */
function addDetails(json: { testsuites: XmlNode[] }, doc: ResultsDocument, errors: number, totalMs: number): void {
  const [head, suiteNode] = json.testsuites;
  const [suiteAttrs, ...testcases] = suiteNode.testsuite as XmlNode[];
  const seconds = totalMs / 1000;
  // jest has no "error" status, so jest-junit counts only failing, passing and pending tests.
  Object.assign(head._attr, { tests: testcases.length, errors, time: seconds });
  Object.assign(suiteAttrs._attr, { tests: testcases.length, errors, time: seconds });
  testcases.forEach((node, i) => {
    const c = doc.cases[i];
    if (!c) return;
    const parts = node.testcase as XmlNode[];
    for (const [k, part] of parts.entries()) {
      if ('skipped' in part) parts[k] = { skipped: { _attr: { message: clean(describeExpectedFailure(c)) } } };
      if ('error' in part) parts[k] = { error: [{ _attr: { message: `not checked: ${c.notChecked ? NOT_CHECKED_REASONS[c.notChecked.reason] : 'no verdict'}` } }, part.error] };
    }
  });
}
