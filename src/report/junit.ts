// junit.xml, written by jest-junit from a finished run. The cases already ran natively (src/runner), so
// jest itself has nothing left to do: the results are handed to jest-junit through its reporter interface
// (onRunComplete with jest's aggregated-results shape), which is what jest would hand it. That keeps the
// JUnit dialect CI tools know from jest, without starting a jest run (a few hundred ms) to carry it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ResultsDocument, CaseEntry } from './document';
import { describeExpectedFailure, describeFailure } from '../runner/results';

// jest-junit ships no type declarations; this is the part of its reporter interface used here.
type JestJUnitReporter = { onRunComplete(contexts: unknown, results: unknown): Promise<void> };
const JestJUnit: new (globalConfig: { rootDir: string }, options: Record<string, string>) => JestJUnitReporter = require('jest-junit');

/** jest's per-test status for each verdict; jest-junit writes failed as <failure>, error as <error>, pending as <skipped/>. */
function statusOf(c: CaseEntry): 'passed' | 'failed' | 'error' | 'pending' {
  switch (c.verdict) {
    case 'pass': return 'passed';
    case 'expected-failure': return 'pending';
    case 'infrastructure': return 'error';
    default: return 'failed';
  }
}

/** One jest test per case, grouped (as jest-junit's classname) by operation and case file. */
function testResultOf(c: CaseEntry) {
  const status = statusOf(c);
  const messages = status === 'failed' || status === 'error' ? [describeFailure(c)] : [];
  return {
    ancestorTitles: [`${c.operation} (${c.file})`],
    title: `${c.caseId}: ${c.title}`,
    fullName: `${c.caseId}: ${c.title}`,
    status,
    duration: Math.round(c.durationMs),
    failureMessages: messages,
    // With noStackTrace, jest-junit prints failureDetails[].message: the conformance text, no JavaScript stack.
    failureDetails: messages.map((message) => ({ message })),
  };
}

/** A run that selected nothing must not read as green in CI. */
const NOTHING_CHECKED = {
  ancestorTitles: ['iam-conformance'], title: 'no cases selected', fullName: 'no cases selected', status: 'failed' as const, duration: 0,
  failureMessages: ['no case matched the selection: nothing was checked'], failureDetails: [{ message: 'no case matched the selection: nothing was checked' }],
};

export async function writeJUnit(doc: ResultsDocument, reportsDir: string): Promise<string> {
  mkdirSync(reportsDir, { recursive: true });
  const junitFile = path.join(reportsDir, 'junit.xml');
  const started = Date.parse(doc.startedAt) || Date.now();
  const total = Math.round(doc.cases.reduce((sum, c) => sum + c.durationMs, 0));
  const tests = doc.cases.length ? doc.cases.map(testResultOf) : [NOTHING_CHECKED];
  const count = (s: string) => tests.filter((t) => t.status === s).length;
  const suite = {
    testFilePath: path.join(reportsDir, 'cases'),
    displayName: undefined,
    perfStats: { start: started, end: started + total },
    numFailingTests: count('failed') + count('error'),
    numPassingTests: count('passed'),
    numPendingTests: count('pending'),
    testResults: tests,
    testExecError: undefined,
  };
  const reporter = new JestJUnit({ rootDir: reportsDir }, {
    outputDirectory: reportsDir,
    outputName: 'junit.xml',
    suiteName: 'iam-conformance',
    // No placeholder: the <testsuite> is named after the target.
    suiteNameTemplate: doc.target.label.replace(/[{}]/g, ''),
    classNameTemplate: '{classname}',
    titleTemplate: '{title}',
    ancestorSeparator: ' › ',
    addFileAttribute: 'false',
    reportTestSuiteErrors: 'true',
    noStackTrace: 'true',
  });
  await reporter.onRunComplete(new Set(), { startTime: started, testResults: [suite] });
  addDetails(junitFile, doc, total);
  return junitFile;
}

/**
 * What jest's result shape cannot say: why an expected failure is expected (JUnit <skipped message>), the
 * message of an infrastructure <error>, and the run's time as the sum of its cases (as for a merged run).
 */
function addDetails(junitFile: string, doc: ResultsDocument, totalMs: number): void {
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  // <skipped/> elements appear in case order, one for each expected failure.
  const reasons = doc.cases.filter((c) => c.verdict === 'expected-failure').map(describeExpectedFailure);
  let skipped = 0;
  const xml = readFileSync(junitFile, 'utf8')
    .replace(/<skipped\/>/g, () => `<skipped message="${attr(reasons[skipped++] ?? 'expected failure')}"/>`)
    .replace(/<error>/g, '<error message="infrastructure problem: the target kept throttling">')
    .replace(/(<testsuites [^>]*time=")[^"]*(")/, `$1${(totalMs / 1000).toFixed(3)}$2`);
  writeFileSync(junitFile, xml);
}
