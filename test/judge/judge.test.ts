// The judge stage on hand-made runner results: it never changes the runner's objects; verdicts follow the
// expectations' semantics (not-implemented matches only not-implemented, fail only non-conformance, an
// answer: pattern pins what the target says, nothing makes a not-checked case green); the rules a case
// shows broken are those of its failed checks; a rule passes only if a check of it ran and passed.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadContract, PROJECT_ROOT } from '../../src/contract';
import { loadCases } from '../../src/cases/loader';
import { Judge, exitCodeOf } from '../../src/judge/judge';
import { loadExpectations, type ExpectationFile } from '../../src/expectations/expectations';
import type { CaseResult } from '../../src/runner/results';
import type { CheckResult } from '../../src/checks/types';
import type { RunResults } from '../../src/runner/run';

const contract = loadContract();
const set = loadCases([path.join(PROJECT_ROOT, 'cases')], contract, { relativeTo: PROJECT_ROOT });

function result(caseId: string, status: CaseResult['status'], extra: Partial<CaseResult> = {}): CaseResult {
  const c = set.cases.find((x) => x.id === caseId)!;
  return {
    caseId, title: c.title, file: c.file, loc: `${c.file}:1:1`, rules: c.rules, status, operations: ['GenerateOrganizationsAccessReport', 'GetOrganizationsAccessReport'],
    checks: [], requests: 1, durationMs: 1, evidence: [], ...extra,
  };
}
const check = (name: string, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult =>
  ({ check: name, rules: [], loc: 'cases/x.yaml:1:1', stepIndex: 0, auto: false, status, findings: [], ...extra });

function expectations(yaml: string): ExpectationFile {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'judge-exp-')), 'e.yaml');
  writeFileSync(file, yaml);
  return loadExpectations(file, { caseIds: set.cases.map((c) => c.id), tags: [...new Set(set.cases.flatMap((c) => c.tags))], operations: Object.keys(contract.operations) });
}

const run = (cases: CaseResult[]): RunResults => ({ target: { label: 't', kind: 'live', description: 'd' }, startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:01Z', problems: [], cases });

const notImplemented = (answer = 'HTTP 501 InternalFailure') => ({ operation: 'GetOrganizationsAccessReport', answer });

test('the judge gives new objects: the runner result is left as it was', () => {
  const r = result('job-lifecycle', 'failed', { checks: [check('job-lifecycle', 'failed', { findings: [{ message: 'x' }] })] });
  const before = JSON.stringify(r);
  const j = new Judge(set, contract).judgeCase(r);
  expect(JSON.stringify(r)).toBe(before);
  expect(j).not.toBe(r);
  expect(j.verdict).toBe('fail');
  expect(Object.keys(r)).not.toContain('verdict');
});

test('the operation is the one the case exercises, not its file\'s', () => {
  const j = new Judge(set, contract).judgeCase(result('generate-returns-job-id', 'passed'));
  expect(set.cases.find((c) => c.id === 'generate-returns-job-id')!.operation).toBe('GetOrganizationsAccessReport'); // the file's
  expect(j.operation).toBe('GenerateOrganizationsAccessReport');
});

test.each<[string, string, CaseResult['status'], ReturnType<typeof notImplemented> | undefined, string]>([
  ['outcome: not-implemented on a not-implemented case', 'not-implemented', 'not-implemented', notImplemented(), 'expected-failure'],
  ['outcome: not-implemented on a case that answered wrongly', 'not-implemented', 'failed', undefined, 'fail'],
  ['outcome: fail on a non-conforming case', 'fail', 'failed', undefined, 'expected-failure'],
  ['outcome: fail on a not-implemented case (no longer swallowed)', 'fail', 'not-implemented', notImplemented(), 'fail'],
  ['outcome: fail on a case that conforms', 'fail', 'passed', undefined, 'unexpected-pass'],
  ['outcome: fail on a case that was not checked', 'fail', 'not-checked', undefined, 'not-checked'],
  ['outcome: not-implemented on a case that was not checked', 'not-implemented', 'not-checked', undefined, 'not-checked'],
])('%s', (_name, outcome, status, ni, verdict) => {
  const file = expectations(`target: t\nexpectations:\n  - case: job-lifecycle\n    outcome: ${outcome}\n    reason: known\n`);
  const j = new Judge(set, contract, { expectations: file }).judgeCase(result('job-lifecycle', status, {
    ...(ni ? { notImplemented: ni } : {}),
    ...(status === 'not-checked' ? { notChecked: { reason: 'service-unavailable', detail: 'HTTP 503' } } : {}),
    ...(status === 'failed' ? { checks: [check('job-lifecycle', 'failed', { findings: [{ message: 'x' }] })] } : {}),
  }));
  expect(j.verdict).toBe(verdict);
  expect(j.expectation?.matched).toBe(verdict === 'expected-failure');
  if (verdict === 'fail') expect(j.expectation?.why).toBeTruthy();
});

test('answer: pins what a not-implemented target says; another answer is a failure naming both', () => {
  const file = expectations('target: t\nexpectations:\n  - operation: GetOrganizationsAccessReport\n    outcome: not-implemented\n    answer: "501 InternalFailure"\n    reason: not built\n');
  const judge = new Judge(set, contract, { expectations: file });
  expect(judge.judgeCase(result('job-lifecycle', 'not-implemented', { notImplemented: notImplemented() })).verdict).toBe('expected-failure');
  const other = judge.judgeCase(result('job-lifecycle', 'not-implemented', { notImplemented: notImplemented('HTTP 500 with an HTML error page instead of an awsQuery answer') }));
  expect(other.verdict).toBe('fail');
  expect(other.expectation?.why).toMatch(/answered HTTP 500 with an HTML error page.*does not match answer: \/501 InternalFailure\//);
});

test('not-checked reasons are counted by their own names, whatever they are (a results file from elsewhere)', () => {
  const judge = new Judge(set, contract, {});
  const judged = [judge.judgeCase(result('job-lifecycle', 'not-checked', { notChecked: { reason: 'constructor' as never, detail: 'x' } }))];
  expect(judge.document(run([]), judged, { version: '0' }).summary.notCheckedReasons).toEqual({ constructor: 1 });
});

test('no expectation makes a not-checked case green: the run exits 1 and counts it apart', () => {
  const file = expectations('target: t\nexpectations:\n  - operation: GetOrganizationsAccessReport\n    outcome: not-implemented\n    reason: r\n');
  const judge = new Judge(set, contract, { expectations: file });
  const judged = [
    judge.judgeCase(result('job-lifecycle', 'not-checked', { notChecked: { reason: 'service-unavailable', detail: 'HTTP 503 with an HTML page' } })),
    judge.judgeCase(result('sort-time-descending', 'not-implemented', { notImplemented: notImplemented() })),
  ];
  const doc = judge.document(run([]), judged, { version: '0' });
  expect(doc.summary).toMatchObject({ 'not-checked': 1, fail: 0, 'expected-failure': 1, pass: 0, notCheckedReasons: { 'service-unavailable': 1 } });
  expect(doc.overall).toBe('not-checked');
  expect(exitCodeOf(doc)).toBe(1);
  expect(doc.expectations).toEqual({ file: expect.stringMatching(/e\.yaml$/), target: 't' });
});

test('rules broken come from the failed checks (finding rules where narrower), not from every rule of the case', () => {
  const c = set.cases.find((x) => x.id === 'default-order-is-namespace-ascending')!;
  expect(c.rules.length).toBeGreaterThan(0);
  const r = result(c.id, 'failed', {
    rules: ['R7', 'R8'],
    checks: [
      check('schema', 'passed', { rules: ['R1'], auto: true }),
      check('sorted-by', 'failed', { rules: ['R8'], findings: [{ message: 'out of order', rule: 'R9' }] }),
    ],
  });
  const judge = new Judge(set, contract);
  const j = judge.judgeCase(r);
  expect(j.brokenRules).toEqual(['R9']);
  const doc = judge.document(run([r]), [j], { version: '0' });
  const rule = (id: string) => doc.rules.find((x) => x.id === id)!;
  expect(rule('R9')).toMatchObject({ outcome: 'fail', failing: [c.id] });
  expect(rule('R7')).toMatchObject({ failing: [] });
  expect(rule('R7').outcome).not.toBe('fail');
  expect(rule('R1').outcome).toBe('pass');
});

test('a rule passes only if a check of it ran and passed; nothing to judge and not run are said as such', () => {
  const judge = new Judge(set, contract);
  const r = result('sort-time-descending', 'passed', {
    rules: ['R8'],
    checks: [check('schema', 'passed', { rules: ['R1'], auto: true }), check('sorted-by', 'nothing-to-judge', { rules: ['R8'], note: 'fewer than two timed items' })],
  });
  const j = judge.judgeCase(r);
  expect(j.verdict).toBe('nothing-judged');
  const doc = judge.document(run([r]), [j], { version: '0' });
  expect(doc.summary).toMatchObject({ pass: 0, 'nothing-judged': 1, fail: 0 });
  // Not a failure, never counted as conforming; and a run in which no case judged anything checked nothing.
  expect(doc.overall).toBe('nothing-checked');
  expect(exitCodeOf(doc)).toBe(1);
  const R8 = doc.rules.find((x) => x.id === 'R8')!;
  expect(R8).toMatchObject({ outcome: 'nothing-judged' });
  expect(R8.note).toMatch(/sorted-by in sort-time-descending: fewer than two timed items/);
  expect(doc.rules.find((x) => x.id === 'R12')!.outcome).toBe('not-run');
});

describe('the case\'s rules that no check names are judged by the case\'s own checks', () => {
  const outcomeOf = (r: CaseResult, id: string) => {
    const judge = new Judge(set, contract);
    return judge.document(run([r]), [judge.judgeCase(r)], { version: '0' }).rules.find((x) => x.id === id)!.outcome;
  };
  // entity-path-missing (G1, W1): client-error names only the generic W1; members names no rule at all.
  test('a listed check that passed speaks for them (G1 through client-error; the rules of a members check)', () => {
    expect(outcomeOf(result('entity-path-missing', 'passed', { rules: ['G1', 'W1'], checks: [check('outcome', 'passed', { auto: true }), check('client-error', 'passed', { rules: ['W1', 'W3'] })] }), 'G1')).toBe('pass');
    expect(outcomeOf(result('report-has-no-job-type', 'passed', { rules: ['R20'], checks: [check('outcome', 'passed', { auto: true }), check('response-schema', 'passed', { rules: ['W2', 'W5'], auto: true }), check('members', 'passed')] }), 'R20')).toBe('pass');
  });

  test('the request accepted (outcome and client-error fail): the case\'s rules break through the outcome check, W1 through client-error\'s finding', () => {
    const r = result('entity-path-missing', 'failed', { rules: ['G1', 'W1'], checks: [check('outcome', 'failed', { auto: true, findings: [{ message: 'accepted' }] }), check('client-error', 'failed', { rules: ['W1', 'W3'], findings: [{ message: 'accepted', rule: 'W1' }] })] });
    expect(outcomeOf(r, 'G1')).toBe('fail');
    expect(outcomeOf(r, 'W1')).toBe('fail');
  });

  test('the automatic outcome check passing says nothing about them, nor does a check the case does not list when it lists one', () => {
    expect(outcomeOf(result('report-has-no-job-type', 'passed', { rules: ['R20'], checks: [check('outcome', 'passed', { auto: true })] }), 'R20')).toBe('not-run');
    expect(outcomeOf(result('report-has-no-job-type', 'passed', { rules: ['R20'], checks: [check('response-schema', 'passed', { rules: ['W2', 'W5'], auto: true }), check('members', 'nothing-to-judge', { note: 'no answer' })] }), 'R20')).toBe('nothing-judged');
  });

  test('only a case that conforms speaks for them, and never through wire-format or sdk-agrees alone', () => {
    // A failing case: its passing client-error does not credit G1.
    const failing = result('entity-path-missing', 'failed', { rules: ['G1', 'W1'], checks: [check('outcome', 'passed', { auto: true }), check('client-error', 'passed', { rules: ['W1', 'W3'] }), check('members', 'failed', { findings: [{ message: 'x' }] })] });
    expect(outcomeOf(failing, 'G1')).not.toBe('pass');
    // A case with only automatic checks: response-schema speaks for R16, the checks every answer gets do not.
    const auto = (checks: CheckResult[]) => result('entity-paths-are-organization-paths', 'passed', { rules: ['R16'], checks: [check('outcome', 'passed', { auto: true }), ...checks] });
    expect(outcomeOf(auto([check('wire-format', 'passed', { rules: ['W3'], auto: true }), check('sdk-agrees', 'passed', { rules: ['W4'], auto: true })]), 'R16')).toBe('not-run');
    expect(outcomeOf(auto([check('wire-format', 'passed', { rules: ['W3'], auto: true }), check('response-schema', 'passed', { rules: ['W2', 'W5'], auto: true })]), 'R16')).toBe('pass');
  });

  test('a rule a check of the case names is credited by that check only', () => {
    const r = result('sort-time-descending', 'passed', { rules: ['R8'], checks: [check('same-items-as', 'passed', { rules: ['R7'] }), check('sorted-by', 'nothing-to-judge', { rules: ['R8'], note: 'fewer than two timed items' })] });
    expect(outcomeOf(r, 'R8')).toBe('nothing-judged');
  });
});

test('a case with some checks that judged something is a pass, though the empty ones are still reported', () => {
  const r = result('small-pages-add-up', 'passed', { checks: [check('walk-equals', 'passed'), check('page-size', 'nothing-to-judge', { note: 'no page' })] });
  expect(new Judge(set, contract).judgeCase(r).verdict).toBe('pass');
});

test('the expectations file is shown in results.json with its target line', () => {
  const file = expectations('target: moto 5.2.1 server\nexpectations:\n  - tag: sort\n    outcome: fail\n    reason: r\n');
  const judge = new Judge(set, contract, { expectations: file, relativeTo: path.dirname(file.file) });
  const doc = judge.document(run([]), [], { version: '0' });
  expect(doc.expectations).toEqual({ file: 'e.yaml', target: 'moto 5.2.1 server' });
  expect(doc.overall).toBe('nothing-checked');
  expect(readFileSync(file.file, 'utf8')).toMatch(/moto/);
});

describe('verdicts the review found wrong (review-verdicts items 5, 6, 8, 10, 11)', () => {
  const GEN = 'GenerateOrganizationsAccessReport';
  const GET = 'GetOrganizationsAccessReport';
  const lsAnswer = (op: string) => `HTTP 501 InternalFailure: The ${op === GEN ? 'generate' : 'get'}_organizations_access_report action has not been implemented`;
  const lsEntries = (first: string, second: string) => 'target: LocalStack-like\nexpectations:\n' + [first, second].map((op) =>
    `  - operation: ${op}\n    outcome: not-implemented\n    reason: lacks ${op}\n    answer: "^${lsAnswer(op)}"\n`).join('');

  test('item 8: the order of operation entries never decides the gate (the entry for the missing operation applies)', () => {
    const cases = [
      result('default-order-is-namespace-ascending', 'not-implemented', { notImplemented: { operation: GEN, answer: lsAnswer(GEN) } }),
      result('job-id-missing', 'not-implemented', { operations: [GET], notImplemented: { operation: GET, answer: lsAnswer(GET) } }),
    ];
    for (const file of [expectations(lsEntries(GET, GEN)), expectations(lsEntries(GEN, GET))]) {
      const judge = new Judge(set, contract, { expectations: file });
      const judged = cases.map((r) => judge.judgeCase(r));
      expect(judged.map((j) => [j.caseId, j.verdict])).toEqual([['default-order-is-namespace-ascending', 'expected-failure'], ['job-id-missing', 'expected-failure']]);
      expect(exitCodeOf(judge.document(run(cases), judged, { version: '0' }))).toBe(0);
    }
  });

  test('item 8, break still caught: an entry for the other operation does not cover a case whose missing operation is undeclared', () => {
    const file = expectations('target: t\nexpectations:\n  - operation: GetOrganizationsAccessReport\n    outcome: not-implemented\n    reason: lacks get\n');
    const j = new Judge(set, contract, { expectations: file }).judgeCase(result('default-order-is-namespace-ascending', 'not-implemented', { notImplemented: { operation: GEN, answer: lsAnswer(GEN) } }));
    expect(j.verdict).toBe('fail');
    expect(j.expectation?.why).toMatch(/the expectation is for GetOrganizationsAccessReport, and the operation this target does not implement is GenerateOrganizationsAccessReport/);
  });

  test('item 10: an outcome: fail entry for Generate covers the cases that exercise Generate, not every case reading the report', () => {
    const file = expectations('target: t\nexpectations:\n  - operation: GenerateOrganizationsAccessReport\n    outcome: fail\n    reason: Generate does not validate EntityPath length\n');
    const judge = new Judge(set, contract, { expectations: file });
    const reader = judge.judgeCase(result('default-order-is-namespace-ascending', 'passed', { checks: [check('sorted-by', 'passed', { rules: ['R9'] })] }));
    expect([reader.verdict, reader.expectation]).toEqual(['pass', undefined]);
    const generate = judge.judgeCase(result('entity-path-428-characters', 'failed', { operations: [GEN], checks: [check('client-error', 'failed', { rules: ['G1'], findings: [{ message: 'accepted' }] })] }));
    expect(generate.verdict).toBe('expected-failure');
  });

  test('item 11: a case that judged nothing under outcome: fail is nothing-judged, not an unexpected pass', () => {
    const file = expectations('target: thin\nexpectations:\n  - case: default-order-is-namespace-ascending\n    outcome: fail\n    reason: known wrong default order\n');
    const j = new Judge(set, contract, { expectations: file }).judgeCase(result('default-order-is-namespace-ascending', 'passed', { checks: [check('sorted-by', 'nothing-to-judge', { rules: ['R8', 'R9'], note: 'one item to put in order' })] }));
    expect(j.verdict).toBe('nothing-judged');
    expect(j.expectation).toMatchObject({ matched: false, why: expect.stringMatching(/had nothing to judge/) });
  });

  test('item 5: a rule passes only by a check of it; the automatic outcome check passing credits no rule of its case', () => {
    const judge = new Judge(set, contract);
    const r = result('default-order-is-namespace-ascending', 'passed', {
      rules: ['R9'], checks: [check('outcome', 'passed', { rules: [], auto: true }), check('sorted-by', 'nothing-to-judge', { rules: ['R8', 'R9'], note: 'one item to put in order' })],
    });
    const doc = judge.document(run([r]), [judge.judgeCase(r)], { version: '0' });
    expect(doc.rules.find((x) => x.id === 'R9')!.outcome).toBe('nothing-judged');
    // Legal variation: sorted-by passing in a default-order case speaks for the default order (R9), not for R8.
    const ok = result('default-order-is-namespace-ascending', 'passed', { rules: ['R9'], checks: [check('sorted-by', 'passed', { rules: ['R8', 'R9'] })] });
    const okDoc = judge.document(run([ok]), [judge.judgeCase(ok)], { version: '0' });
    expect(okDoc.rules.find((x) => x.id === 'R9')!.outcome).toBe('pass');
    expect(okDoc.rules.find((x) => x.id === 'R8')!.outcome).not.toBe('pass');
  });

  test('item 6: a run where every case judged nothing is "nothing checked" (exit 1); one conforming case among them keeps it green', () => {
    const judge = new Judge(set, contract);
    const empty = (id: string) => result(id, 'passed', { checks: [check('sorted-by', 'nothing-to-judge', { rules: ['R8'], note: 'one item' })] });
    const none = [empty('default-order-is-namespace-ascending'), empty('sort-namespace-descending')];
    const doc = judge.document(run(none), none.map((r) => judge.judgeCase(r)), { version: '0' });
    expect([doc.overall, exitCodeOf(doc)]).toEqual(['nothing-checked', 1]);
    const some = [...none, result('sort-time-ascending', 'passed', { checks: [check('sorted-by', 'passed', { rules: ['R8'] })] })];
    const green = judge.document(run(some), some.map((r) => judge.judgeCase(r)), { version: '0' });
    expect([green.overall, exitCodeOf(green)]).toEqual(['conforms', 0]);
  });
});
