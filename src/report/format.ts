// How judged results read, in one place: the console, junit.xml, summary.md, report.html and the matrix
// all use these words, so a verdict never reads one way in CI and another in the browser.
import { NOT_CHECKED_REASONS } from '../runner/results';
import type { CheckEntry, FindingEntry, JudgedCase, Overall, ResultsDocument, RuleOutcome, Verdict } from '../judge/types';

/** A case's verdict in words. */
export const VERDICT_LABEL: Record<Verdict, string> = {
  pass: 'conforms', 'nothing-judged': 'conforms, nothing judged', fail: 'does not conform', 'expected-failure': 'expected failure',
  'unexpected-pass': 'unexpected pass', 'not-checked': 'not checked',
};

/** Short marks for the console and the matrix. */
export const VERDICT_MARK: Record<Verdict, string> = {
  pass: 'pass', 'nothing-judged': 'n/j', fail: 'FAIL', 'expected-failure': 'xfail', 'unexpected-pass': 'XPASS', 'not-checked': 'n/c',
};

export const RULE_LABEL: Record<RuleOutcome, string> = {
  fail: 'broken', 'expected-failure': 'broken (expected)', pass: 'passes', 'nothing-judged': 'nothing judged', 'not-checked': 'not checked',
  'not-run': 'not exercised', 'not-testable': 'not testable black-box',
};

export const RULE_MARK: Record<RuleOutcome, string> = {
  fail: 'FAIL', 'expected-failure': 'xfail', pass: 'pass', 'nothing-judged': 'n/j', 'not-checked': 'n/c', 'not-run': '–', 'not-testable': '·',
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Verdicts that keep a gate red. */
export const isBad = (v: Verdict) => v === 'fail' || v === 'unexpected-pass' || v === 'not-checked';

/** "the target kept throttling through every retry (HTTP 429 ...)". */
export function notCheckedText(n: { reason: keyof typeof NOT_CHECKED_REASONS; detail: string }): string {
  return `${(Object.hasOwn(NOT_CHECKED_REASONS, n.reason) ? NOT_CHECKED_REASONS[n.reason] : undefined) ?? n.reason}${n.detail ? ` (${n.detail})` : ''}`;
}

const failedChecks = (c: JudgedCase) => c.checks.filter((k) => k.status === 'failed' || k.status === 'crashed');

/** What a check failed on: its findings less the warnings (which never fail a check). */
const failuresOf = (k: CheckEntry) => k.findings.filter((f) => !f.warning);

const findingLine = (f: FindingEntry) => `${f.path ? `${f.path}: ` : ''}${f.message}`;

/**
 * A case's warnings (`--wire lenient`, the default against AWS): elements and members the contract does
 * not define, reported on checks that still pass or fail on everything else. "check: where: what".
 */
export function warningsOf(c: JudgedCase): string[] {
  return c.checks.flatMap((k) => k.findings.filter((f) => f.warning).map((f) => `${k.check}: ${findingLine(f)}`));
}

/** One line counting the run's warnings, with the first few; undefined when there are none. */
export function warningsLine(doc: Pick<ResultsDocument, 'cases'>): string | undefined {
  const each = doc.cases.map((c) => ({ c, w: warningsOf(c) })).filter((x) => x.w.length);
  const n = each.reduce((sum, x) => sum + x.w.length, 0);
  if (!n) return undefined;
  const first = doc.cases.flatMap((c) => c.checks.flatMap((k) => k.findings.filter((f) => f.warning).map((f) => `${f.path ?? f.message} (${c.caseId})`))).slice(0, 2);
  return `${plural(n, 'warning', 'warnings')} in ${plural(each.length, 'case', 'cases')}, not failures (--wire lenient): ` +
    `the contract does not define ${first.join('; ')}${n > first.length ? '; …' : ''}`;
}

/** The rules a check speaks for in this case: those of its rules the case names, else all of its own, else the case's. */
const rulesOf = (k: CheckEntry, c: JudgedCase) => {
  const named = k.rules.filter((r) => c.rules.includes(r));
  return named.length ? named : k.rules.length ? k.rules : c.rules;
};

/** One line: what happened to the case first (the headline of a JUnit failure, a row of summary.md). */
export function firstFinding(c: JudgedCase): string {
  if (c.verdict === 'unexpected-pass') return `conforms, but the expectations said it would fail: ${c.expected}`;
  if (c.notChecked) return `not checked: ${notCheckedText(c.notChecked)}`;
  if (c.notImplemented) {
    const base = `operation ${c.notImplemented.operation} not implemented by this target — it answered ${c.notImplemented.answer}`;
    return c.expectation && !c.expectation.matched && c.expectation.why ? `${base}; expectation not met: ${c.expectation.why}` : base;
  }
  if (c.setupProblem !== undefined) return `setup: ${c.setupProblem}`;
  const k = failedChecks(c)[0];
  if (!k) return c.verdict === 'nothing-judged' ? `nothing judged: ${nothingJudgedNotes(c)[0] ?? ''}` : VERDICT_LABEL[c.verdict];
  if (k.status === 'crashed') return `${k.check}: the check itself crashed: ${k.crash}`;
  const f = failuresOf(k)[0];
  return `${k.check}: ${f ? findingLine(f) : 'failed'}`;
}

/** The JUnit type of a failure or error: the check and its rule, or the kind of outcome. */
export function failureType(c: JudgedCase): string {
  if (c.verdict === 'unexpected-pass') return 'unexpected-pass';
  if (c.notChecked) return `not-checked: ${c.notChecked.reason}`;
  if (c.notImplemented) return 'not-implemented';
  if (c.setupProblem !== undefined && !failedChecks(c).length) return 'setup';
  const k = failedChecks(c)[0];
  if (!k) return c.verdict;
  const rules = failuresOf(k).find((f) => f.rule)?.rule ?? rulesOf(k, c).join(', ');
  return `${k.check} [${rules}]`;
}

/** "check at file:line (step n): what it lacked", for each check that had nothing to judge. */
export function nothingJudgedNotes(c: JudgedCase): string[] {
  return c.checks.filter((k) => k.status === 'nothing-to-judge').map((k) => `${k.check} at ${k.loc} (step ${k.stepIndex + 1}): ${k.note ?? 'nothing to judge'}`);
}

/** Every failed check with its findings, expected vs actual, rule and location (console and JUnit body). */
function findingsText(c: JudgedCase): string[] {
  const lines: string[] = [];
  if (c.setupProblem !== undefined) lines.push(`  ✗ setup: ${c.setupProblem}`);
  for (const k of failedChecks(c)) {
    lines.push(`  ✗ ${k.check} [${rulesOf(k, c).join(', ')}] at ${k.loc} (step ${k.stepIndex + 1})${k.auto ? ' — runs on every step' : ''}`);
    if (k.status === 'crashed') lines.push(`      the check itself crashed: ${k.crash}`);
    const failures = failuresOf(k);
    const shown = failures.slice(0, 8);
    for (const f of shown) {
      lines.push(`      ${findingLine(f)}${f.rule ? ` [${f.rule}]` : ''}`);
      if (f.expected !== undefined) lines.push(`        expected: ${f.expected}`);
      if (f.actual !== undefined) lines.push(`        actual:   ${f.actual}`);
    }
    if (failures.length > shown.length) lines.push(`      ... and ${failures.length - shown.length} more finding(s) of this check`);
  }
  const warnings = warningsOf(c);
  for (const w of warnings.slice(0, 5)) lines.push(`  ! warning, not a failure (--wire lenient): ${w}`);
  if (warnings.length > 5) lines.push(`  ! ... and ${warnings.length - 5} more warning(s)`);
  return lines;
}

/** The full text of a case that keeps the gate red (or of an expected failure, for its details). */
export function describeCase(c: JudgedCase): string {
  const head = `${c.caseId} (${c.loc})`;
  if (c.verdict === 'unexpected-pass') return `${head} conforms, but the expectations said it would fail: ${c.expected}. Remove that expectation.`;
  if (c.notChecked) return `${head} not checked: ${notCheckedText(c.notChecked)}. No conformance verdict either way.${c.expectation ? ` (The expectation at ${c.expectation.at} does not apply: a case that was not checked has no verdict.)` : ''}`;
  if (c.notImplemented) {
    const lines = [`${head}: operation ${c.notImplemented.operation} not implemented by this target — it answered ${c.notImplemented.answer}`];
    if (c.expectation && !c.expectation.matched && c.expectation.why) lines.push(`  expectation at ${c.expectation.at} not met: ${c.expectation.why}`);
    return lines.join('\n');
  }
  if (c.verdict === 'nothing-judged') return [`${head} conforms, but nothing was judged: every check it asks for had nothing to judge`, ...nothingJudgedNotes(c).map((n) => `  · ${n}`)].join('\n');
  if (c.verdict === 'pass') return `${head} conforms`;
  const lines = [`${head} ${c.verdict === 'expected-failure' ? 'does not conform (expected)' : 'does not conform'} — rules ${(c.brokenRules.length ? c.brokenRules : c.rules).join(', ')}`];
  if (c.expectation && !c.expectation.matched && c.expectation.why) lines.push(`  expectation at ${c.expectation.at} not met: ${c.expectation.why}`);
  lines.push(...findingsText(c));
  return lines.join('\n');
}

/** One line on why an expected failure is expected, and what was seen. */
export function describeExpectedFailure(c: JudgedCase): string {
  const seen = c.notImplemented ? `${c.notImplemented.operation} not implemented (${c.notImplemented.answer})` : failedChecks(c).map((k) => k.check).join(', ') || 'setup failed';
  return `expected failure: ${c.expected}; observed: ${seen}`;
}

/** The overall verdict as a headline: what a person reads first. */
export function headline(doc: Pick<ResultsDocument, 'overall' | 'summary' | 'merged'>): string {
  const s = doc.summary;
  const nj = s['nothing-judged'] ? `, ${plural(s['nothing-judged'], 'case', 'cases')} with nothing judged` : '';
  const words: Record<Overall, string> = {
    conforms: `conforms${nj}`,
    'conforms-except-expected': `conforms except ${plural(s['expected-failure'], 'expected failure', 'expected failures')}${nj}`,
    // Only unexpected passes: every case conforms or fails as declared, but the expectations are out of date.
    'does-not-conform': s.fail === 0 && s['unexpected-pass'] > 0
      ? `does not match its expectations: ${plural(s['unexpected-pass'], 'case declared to fail conforms', 'cases declared to fail conform')} (update the expectations file)`
      : 'does not conform',
    'not-checked': `not checked: ${plural(s['not-checked'], 'case', 'cases')} could not be checked`,
    incomplete: `incomplete: shard(s) ${(doc.merged?.missing ?? []).map((i) => `${i}/${doc.merged!.count}`).join(', ')} missing from the merge`,
    'nothing-checked': s.total ? `nothing checked: ${plural(s.total, 'case', 'cases')} ran, and none judged anything` : 'nothing checked: no case ran',
  };
  return words[doc.overall];
}

/** Whether the headline is a green one. */
export const isGreen = (o: Overall) => o === 'conforms' || o === 'conforms-except-expected';

/** What happened, counted: "62 conform, 1 does not conform, 2 expected failures, 1 not checked (throttled)". */
export function countsLine(doc: Pick<ResultsDocument, 'summary'>): string {
  const s = doc.summary;
  const reasons = Object.entries(s.notCheckedReasons ?? {}).map(([r, n]) => `${n} ${r}`).join(', ');
  const parts = [
    `${s.pass} conform`,
    `${s.fail} do not conform`,
    s['nothing-judged'] ? `${s['nothing-judged']} with nothing judged` : '',
    s['expected-failure'] ? plural(s['expected-failure'], 'expected failure', 'expected failures') : '',
    s['unexpected-pass'] ? plural(s['unexpected-pass'], 'unexpected pass', 'unexpected passes') : '',
    s['not-checked'] ? `${s['not-checked']} not checked${reasons ? ` (${reasons})` : ''}` : '',
  ].filter(Boolean);
  const notes = [
    s.notImplemented ? `${s.notImplemented} need an operation the target does not implement` : '',
    s.generated ? `${s.generated} of the ${s.total} cases are generated inputs` : '',
  ].filter(Boolean);
  return `${parts.join(', ')}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

/** Rules a check of which never judged anything against this target (nothing to judge, or no case ran). */
export function rulesNotExercised(doc: Pick<ResultsDocument, 'rules'>) {
  return doc.rules.filter((r) => r.testable && (r.outcome === 'nothing-judged' || r.outcome === 'not-run'));
}

/** "expectations/moto.yaml, for moto 5.2.1 server". */
export function expectationsLine(doc: Pick<ResultsDocument, 'expectations'>): string | undefined {
  return doc.expectations ? `expectations ${doc.expectations.file}, written for: ${doc.expectations.target}` : undefined;
}

/** A line saying that a differential comparison ran (results.json "comparison", src/runner/run.ts), when the run has one. */
export function comparisonLine(doc: Pick<ResultsDocument, 'comparison'>): string | undefined {
  const c = doc.comparison as { against?: string; recordedFrom?: string; recordedAt?: string; fieldsCompared?: number; differences?: number } | undefined;
  if (!c || typeof c !== 'object') return undefined;
  const from = c.recordedFrom ? ` (recorded from ${c.recordedFrom}${c.recordedAt ? ` on ${c.recordedAt.slice(0, 10)}` : ''})` : '';
  const counts = c.fieldsCompared !== undefined ? `: ${c.fieldsCompared} field(s) compared, ${c.differences ?? 0} differing` : '';
  return `compared with the recording ${c.against ?? 'of unknown origin'}${from}${counts}`;
}
