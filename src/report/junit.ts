// junit.xml, built by jest-junit from a finished run. The cases already ran natively (src/runner), so jest
// itself has nothing left to do: the results are put in jest's aggregated-results shape and handed to
// jest-junit's document builder, then serialised with the XML writer jest-junit uses. That keeps the JUnit
// dialect CI tools know from jest, without starting a jest run (a few hundred ms) to carry it.
//
// jest-junit's reporter entry is not used on purpose: it merges JEST_JUNIT_* environment variables and a
// "jest-junit" key of the package.json in the user's folder over the options given, which could send the
// report elsewhere, and it loads junitProperties.js hooks from the working directory. Here the options are
// complete and fixed, and the file always lands in the reports folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { JudgedCase, ResultsDocument } from '../judge/types';
import { describeCase, describeExpectedFailure, failureType, firstFinding, nothingJudgedNotes, VERDICT_LABEL, warningsOf } from './format';

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
function statusOf(c: JudgedCase): 'passed' | 'failed' | 'error' | 'pending' {
  switch (c.verdict) {
    case 'pass': case 'nothing-judged': return 'passed';
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

/** One jest test per case, grouped (as JUnit's classname) by the operation it exercises and its case file. */
function testResultOf(c: JudgedCase) {
  const status = statusOf(c);
  return testResult(`${c.operation} (${c.file})`, `${c.caseId}: ${c.title}`, status, c.durationMs, status === 'failed' || status === 'error' ? describeCase(c) : undefined);
}

/** A run that selected nothing must not read as green in CI. */
const NOTHING_CHECKED = testResult('iam-conformance', 'no cases selected', 'failed', 0, 'no case matched the selection: nothing was checked');

export function writeJUnit(doc: ResultsDocument, reportsDir: string): string {
  mkdirSync(reportsDir, { recursive: true });
  const junitFile = path.join(reportsDir, 'junit.xml');
  writeFileSync(junitFile, renderJUnit(doc, reportsDir));
  return junitFile;
}

export function renderJUnit(doc: ResultsDocument, reportsDir: string): string {
  const started = Date.parse(doc.startedAt) || Date.now();
  const totalMs = Math.round(doc.cases.reduce((sum, c) => sum + c.durationMs, 0));
  const tests = doc.cases.length ? doc.cases.map(testResultOf) : [NOTHING_CHECKED];
  // What no case carries but must not read as green: cases that all judged nothing, an incomplete merge, our own errors.
  if (doc.cases.length && doc.overall === 'nothing-checked') tests.push(testResult('iam-conformance', 'something judged', 'failed', 0, `${doc.cases.length} case(s) ran, and none judged anything (every check they ask for had nothing to judge): nothing was checked`));
  if (doc.merged?.missing.length) tests.push(testResult('iam-conformance', 'merge of all shards', 'failed', 0, `incomplete merge: shard(s) ${doc.merged.missing.map((i) => `${i}/${doc.merged!.count}`).join(', ')} missing; their cases are not in this report`));
  for (const [i, e] of (doc.internalErrors ?? []).entries()) tests.push(testResult('iam-conformance', `internal error ${i + 1}`, 'error', 0, `internal error of iam-conformance (not a verdict on the target):\n${e}`));
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
  return writeXml(json, { indent: '  ', declaration: true });
}

/**
 * What jest's result shape cannot say, set on jest-junit's document: the headline (message) and kind (type)
 * of each failure and error, which CI test views show first; why an expected failure is expected
 * (<skipped message>); checks that had nothing to judge (testcase properties); the expectations file and
 * the shard (suite properties); errors counted as errors (jest has no such status); and the run's time as
 * the sum of its cases (as for a merged run).
 */
function addDetails(json: { testsuites: XmlNode[] }, doc: ResultsDocument, errors: number, totalMs: number): void {
  const [head, suiteNode] = json.testsuites;
  const [suiteAttrs, ...testcases] = suiteNode.testsuite as XmlNode[];
  const seconds = totalMs / 1000;
  // jest has no "error" status, so jest-junit counts only failing, passing and pending tests.
  Object.assign(head._attr, { tests: testcases.length, errors, time: seconds });
  Object.assign(suiteAttrs._attr, { tests: testcases.length, errors, time: seconds });
  const suiteProps = [
    ...(doc.expectations ? [['expectations', doc.expectations.file], ['expectations.target', doc.expectations.target]] : []),
    ...(doc.shard ? [['shard', `${doc.shard.index}/${doc.shard.count}`]] : []),
    ...(doc.wire ? [['wire', doc.wire]] : []),
    ...(doc.merged ? [['merged', `${doc.merged.shards.join(',')} of ${doc.merged.count}${doc.merged.missing.length ? `; missing ${doc.merged.missing.join(',')}` : ''}`]] : []),
    ...doc.problems.map((p, i) => [`problem.${i + 1}`, p]),
  ];
  if (suiteProps.length) suiteNode.testsuite.splice(1, 0, { properties: suiteProps.map(([name, value]) => ({ property: { _attr: { name, value: clean(value) } } })) });
  testcases.forEach((node, i) => {
    const c = doc.cases[i];
    if (!c) {
      const parts = node.testcase as XmlNode[];
      const type = String(node.testcase[0]?._attr?.name ?? '').startsWith('merge') ? 'incomplete-merge' : 'nothing-checked';
      for (const [k, part] of parts.entries()) {
        if ('failure' in part) parts[k] = { failure: [{ _attr: { message: clean(String(part.failure).split('\n')[0]), type } }, part.failure] };
        if ('error' in part) parts[k] = { error: [{ _attr: { message: 'internal error of iam-conformance', type: 'internal-error' } }, part.error] };
      }
      return;
    }
    const parts = node.testcase as XmlNode[];
    for (const [k, part] of parts.entries()) {
      const attrs = { message: clean(firstFinding(c)), type: clean(failureType(c)) };
      if ('skipped' in part) parts[k] = { skipped: { _attr: { message: clean(describeExpectedFailure(c)) } } };
      if ('failure' in part) parts[k] = { failure: [{ _attr: attrs }, part.failure] };
      if ('error' in part) parts[k] = { error: [{ _attr: attrs }, part.error] };
    }
    const notes = nothingJudgedNotes(c);
    const warnings = warningsOf(c);
    const props = [
      ...(c.verdict === 'nothing-judged' ? [['verdict', VERDICT_LABEL[c.verdict]]] : []),
      ...notes.map((n) => ['nothing-to-judge', n]),
      ...(c.notChecked ? [['not-checked', c.notChecked.reason]] : []),
      ...(warnings.length ? [['warnings', String(warnings.length)]] : []),
    ];
    // <properties> comes first in a testcase (after its attributes), then the outcome, then one system-out.
    if (props.length) parts.splice(1, 0, { properties: props.map(([name, value]) => ({ property: { _attr: { name, value: clean(value) } } })) });
    // A failure's or error's text already lists the notes and warnings (describeCase); a passing case says them here.
    const out = [
      ...(notes.length && c.verdict !== 'fail' ? [`nothing to judge:\n${notes.join('\n')}`] : []),
      ...(warnings.length && (c.verdict === 'pass' || c.verdict === 'nothing-judged' || c.verdict === 'expected-failure')
        ? [`warnings, not failures (--wire lenient: elements and members the contract does not define):\n${warnings.join('\n')}`] : []),
    ];
    if (out.length) parts.push({ 'system-out': clean(out.join('\n\n')) });
  });
}
