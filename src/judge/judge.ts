// The judge: between the runner and the reporters. It takes the runner's plain results (never changing
// them), the cases' metadata and the target's expectations, and gives each case its verdict, the
// operation it exercises and the rules it shows broken; then the run's summary, per-rule outcomes and
// overall verdict. Reporters read only what the judge produces.
import path from 'node:path';
import type { Case, CaseSet, Step } from '../cases/model';
import type { Contract } from '../contract';
import type { CheckResult } from '../checks/types';
import type { CaseResult } from '../runner/results';
import type { RunResults } from '../runner/run';
import { expectationFor, judgeOutcome, type ExpectationFile } from '../expectations/expectations';
import {
  RESULTS_SCHEMA_VERSION, type CheckEntry, type JudgedCase, type Overall, type ResultsDocument, type RuleEntry, type RuleOutcome, type Summary, type Verdict,
} from './types';

export interface JudgeOptions {
  expectations?: ExpectationFile;
  /** Paths in reports are shown relative to this folder (default: the working directory). */
  relativeTo?: string;
}

/**
 * The rules a check speaks for when it fails: its own, else those of the case that uses it. A check that
 * names no rule (the automatic `outcome` check) passing says nothing about the case's rules: for passes and
 * nothing-to-judge only the check's own rules count (ruleOutcomes).
 */
const rulesOf = (k: { rules: string[] }, c: { rules: string[] }) => (k.rules.length ? k.rules : c.rules);

/**
 * The rules a check that passed (or had nothing to judge) speaks for: those of its own rules the case names
 * (sorted-by in a default-order case speaks for the default order), else all of its own. The case's rules
 * that no check names are credited in ruleOutcomes.
 */
function creditedBy(k: { rules: string[] }, c: { rules: string[] }): string[] {
  const named = k.rules.filter((r) => c.rules.includes(r));
  return named.length ? named : k.rules;
}

/** The rules a failed check shows broken: its findings' narrower rules where they name one, else its own (warnings break none). */
function brokenBy(k: CheckEntry, c: { rules: string[] }): string[] {
  if (k.status === 'crashed') return rulesOf(k, c);
  const named = k.findings.filter((f) => !f.warning).map((f) => f.rule);
  const out = named.filter((r): r is string => Boolean(r));
  if (named.some((r) => !r) || out.length === 0) out.push(...rulesOf(k, c));
  return out;
}

const unique = <T>(xs: T[]) => [...new Set(xs)];

function copyCheck(k: CheckResult): CheckEntry {
  return {
    check: k.check, rules: [...k.rules], loc: k.loc, stepIndex: k.stepIndex, auto: k.auto, status: k.status,
    findings: k.findings.map((f) => ({ ...f })),
    ...(k.note !== undefined ? { note: k.note } : {}), ...(k.crash !== undefined ? { crash: k.crash } : {}),
  };
}

/**
 * Whether every check the case asks for had nothing to judge: then the case is not "conforms" (its point
 * was never exercised against this target). Automatic checks (schema, wire format) judge every answer,
 * so they count only for a case that lists no check of its own.
 */
function nothingJudged(checks: CheckEntry[]): boolean {
  const own = checks.some((k) => !k.auto) ? checks.filter((k) => !k.auto) : checks;
  return own.length > 0 && own.every((k) => k.status === 'nothing-to-judge');
}

/** The operation a case exercises: that of its last step (a fixture's step for `use:`). */
export function exercisedOperation(c: Case, set: CaseSet): string {
  const opOf = (s: Step): string | undefined => {
    if (s.kind !== 'use') return s.operation;
    const [fixture, stepId] = s.ref.split('.');
    const target = set.fixtures[fixture]?.steps.find((x) => x.id === stepId);
    return target && target.kind !== 'use' ? target.operation : undefined;
  };
  for (const s of [...c.steps].reverse()) {
    const op = opOf(s);
    if (op) return op;
  }
  return c.operation;
}

export class Judge {
  private readonly meta: Map<string, Case>;

  /** Without a case set (tests judging one runner result), the operation is the last one the case sent. */
  constructor(private readonly set: CaseSet | undefined, private readonly contract: Contract, private readonly options: JudgeOptions = {}) {
    this.meta = new Map((set?.cases ?? []).map((c) => [c.id, c]));
  }

  private rel(p: string): string {
    return path.relative(this.options.relativeTo ?? process.cwd(), p) || p;
  }

  /** One case: a new object; the runner's result is left as it was. */
  judgeCase(r: CaseResult): JudgedCase {
    const meta = this.meta.get(r.caseId);
    const tags = meta?.tags ?? [];
    const operation = meta && this.set ? exercisedOperation(meta, this.set) : r.operations[r.operations.length - 1] ?? 'unknown';
    const checks = r.checks.map(copyCheck);
    const judgedNothing = r.status === 'passed' && nothingJudged(checks);
    const expectation = expectationFor(r, tags, this.options.expectations, operation);
    // A case that judged nothing is neither a pass nor an unexpected pass: no expectation changes that.
    const outcome = judgedNothing
      ? { verdict: 'nothing-judged' as const, matched: false, ...(expectation ? { why: 'every check the case asks for had nothing to judge: it neither conforms nor fails as expected' } : {}) }
      : judgeOutcome(r, expectation);
    const verdict: Verdict = outcome.verdict;
    const failed = checks.filter((k) => k.status === 'failed' || k.status === 'crashed');
    const brokenRules = r.status === 'passed' || r.status === 'not-checked' ? []
      : r.status === 'not-implemented' || (failed.length === 0 && r.setupProblem !== undefined) ? [...r.rules]
      : unique(failed.flatMap((k) => brokenBy(k, r)));
    const at = expectation ? this.rel(expectation.loc) : undefined;
    return {
      caseId: r.caseId, title: r.title, file: r.file, loc: r.loc,
      operation,
      operations: [...r.operations], rules: [...r.rules], tags: [...tags],
      status: r.status, verdict, brokenRules,
      ...(expectation ? {
        expected: `${expectation.reason} (${at})`,
        expectation: {
          outcome: expectation.outcome, reason: expectation.reason, at: at!, matched: outcome.matched,
          ...(expectation.answer !== undefined ? { answer: expectation.answer } : {}), ...(outcome.why ? { why: outcome.why } : {}),
        },
      } : {}),
      ...(r.notImplemented ? { notImplemented: { ...r.notImplemented } } : {}),
      ...(r.notChecked ? { notChecked: { ...r.notChecked } } : {}),
      ...(r.setupProblem !== undefined ? { setupProblem: r.setupProblem } : {}),
      checks, requests: r.requests, durationMs: r.durationMs, evidence: r.evidence.map((e) => ({ ...e })),
    };
  }

  /** The whole run as one document (results.json), from the run and the cases judged one by one. */
  document(run: RunResults, judged: JudgedCase[], extra: { version: string; label?: string; shard?: { index: number; count: number }; problems?: string[]; internalErrors?: string[]; wire?: 'strict' | 'lenient' }): ResultsDocument {
    const comparison = (run as { comparison?: unknown }).comparison;
    return finishDocument({
      schemaVersion: RESULTS_SCHEMA_VERSION,
      tool: { name: 'iam-conformance', version: extra.version },
      target: { ...run.target, ...(extra.label ? { label: extra.label } : {}) },
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      problems: [...run.problems, ...(extra.problems ?? [])],
      ...(extra.internalErrors?.length ? { internalErrors: extra.internalErrors } : {}),
      ...(this.options.expectations ? { expectations: { file: this.rel(this.options.expectations.file), target: this.options.expectations.target } } : {}),
      ...(extra.shard ? { shard: extra.shard } : {}),
      ...(extra.wire ? { wire: extra.wire } : {}),
      ...(comparison !== undefined ? { comparison } : {}),
      cases: judged,
    }, this.contract);
  }
}

type Unfinished = Omit<ResultsDocument, 'summary' | 'rules' | 'overall'>;

/** Summary, rules and overall verdict, derived from the judged cases (also after a merge). */
export function finishDocument(doc: Unfinished, contract: Contract): ResultsDocument {
  const summary = summarise(doc.cases);
  const withRules = { ...doc, summary, rules: ruleOutcomes(doc.cases, contract) };
  return { ...withRules, overall: overallOf(withRules) };
}

function summarise(cases: JudgedCase[]): Summary {
  const count = (v: Verdict) => cases.filter((c) => c.verdict === v).length;
  const counted = new Map<string, number>();
  for (const c of cases) if (c.verdict === 'not-checked' && c.notChecked) counted.set(c.notChecked.reason, (counted.get(c.notChecked.reason) ?? 0) + 1);
  const reasons = Object.fromEntries(counted) as Summary['notCheckedReasons'];
  return {
    total: cases.length, pass: count('pass'), 'nothing-judged': count('nothing-judged'), fail: count('fail'),
    'expected-failure': count('expected-failure'), 'unexpected-pass': count('unexpected-pass'), 'not-checked': count('not-checked'),
    notCheckedReasons: reasons,
    notImplemented: cases.filter((c) => c.status === 'not-implemented').length,
    generated: cases.filter((c) => c.tags.includes('generated')).length,
    warnings: cases.reduce((n, c) => n + c.checks.reduce((m, k) => m + k.findings.filter((f) => f.warning).length, 0), 0),
  };
}

/**
 * Each rule's outcome. A rule is broken by the failed checks of it (not by every rule of a failing case),
 * and passes only if a check of it ran and judged something.
 */
function ruleOutcomes(cases: JudgedCase[], contract: Contract): RuleEntry[] {
  const everyAnswer = new Set([contract.service.rules?.wireFormat, contract.service.rules?.sdkAgreement].filter((r): r is string => Boolean(r)));
  // One pass over the cases and their checks, indexed by rule (in case order, then check order).
  const casesOf = new Map<string, JudgedCase[]>();
  const credited = { passed: new Map<string, { c: JudgedCase; k: CheckEntry }[]>(), 'nothing-to-judge': new Map<string, { c: JudgedCase; k: CheckEntry }[]>() };
  const push = <T>(map: Map<string, T[]>, id: string, v: T) => {
    const list = map.get(id);
    if (list) list.push(v);
    else map.set(id, [v]);
  };
  for (const c of cases) {
    const ids = new Set([...c.rules, ...c.brokenRules, ...c.checks.flatMap((k) => rulesOf(k, c))]);
    for (const id of ids) push(casesOf, id, c);
    // A pass (or nothing to judge) counts for the rules the check itself names. The case's rules that no check
    // of it names (G1 for a missing EntityPath, refused under client-error's generic W1; whatever a listed
    // `members` or `error-code` check, which name no rule, is there for) have the case's own checks (those it
    // lists, else the automatic ones) as their only judges: those speak for them too. The automatic outcome
    // check, which names no rule, says nothing about them.
    // Only a case that conforms speaks for them, and never through the checks every answer gets whatever it
    // holds (wire format, SDK agreement): those say nothing about the case's point.
    const named = new Set(c.checks.flatMap((k) => k.rules));
    const subject = c.status === 'passed' ? c.rules.filter((r) => !named.has(r)) : [];
    const own = (c.checks.some((k) => !k.auto) ? c.checks.filter((k) => !k.auto) : c.checks).filter((k) => !k.auto || k.rules.some((r) => !everyAnswer.has(r)));
    for (const k of c.checks) {
      if (k.status !== 'passed' && k.status !== 'nothing-to-judge') continue;
      const ids = new Set(creditedBy(k, c));
      if (own.includes(k)) for (const id of subject) ids.add(id);
      for (const id of ids) push(credited[k.status], id, { c, k });
    }
  }
  return Object.values(contract.rules).map((rule) => {
    const id = rule.id;
    const mine = casesOf.get(id) ?? [];
    const failing = mine.filter((c) => c.verdict === 'fail' && c.brokenRules.includes(id)).map((c) => c.caseId);
    const expectedFailing = mine.filter((c) => c.verdict === 'expected-failure' && c.brokenRules.includes(id)).map((c) => c.caseId);
    const passed = credited.passed.get(id) ?? [];
    const empty = credited['nothing-to-judge'].get(id) ?? [];
    let outcome: RuleOutcome;
    let note: string | undefined;
    if (!rule.testable) outcome = 'not-testable';
    else if (failing.length) outcome = 'fail';
    else if (expectedFailing.length) outcome = 'expected-failure';
    else if (passed.length) outcome = 'pass';
    else if (empty.length) {
      outcome = 'nothing-judged';
      note = unique(empty.map(({ c, k }) => `${k.check} in ${c.caseId}: ${k.note ?? 'nothing to judge'}`)).slice(0, 3).join('; ');
    } else if (mine.some((c) => c.verdict === 'not-checked')) outcome = 'not-checked';
    else {
      outcome = 'not-run';
      note = mine.length ? 'its cases ran no check of it' : 'no case of it ran';
    }
    return { id, title: rule.title, testable: rule.testable, cases: mine.map((c) => c.caseId), failing, expectedFailing, outcome, ...(note ? { note } : {}) };
  });
}

function overallOf(doc: Omit<ResultsDocument, 'overall'>): Overall {
  const s = doc.summary;
  if (s.total === 0) return 'nothing-checked';
  if (s.fail + s['unexpected-pass'] > 0) return 'does-not-conform';
  if (s['not-checked'] > 0) return 'not-checked';
  if (doc.merged && doc.merged.missing.length) return 'incomplete';
  // Cases ran, but none conformed with something judged (each had nothing to judge): nothing was checked.
  if (s.pass === 0 && s['expected-failure'] === 0) return 'nothing-checked';
  if (s['expected-failure'] > 0) return 'conforms-except-expected';
  return 'conforms';
}

/** 0: conforms (expected failures allowed); 1: does not conform, not checked, incomplete, or nothing checked (no case ran, or none judged anything). */
export function exitCodeOf(doc: Pick<ResultsDocument, 'overall'>): number {
  return doc.overall === 'conforms' || doc.overall === 'conforms-except-expected' ? 0 : 1;
}

export class MergeError extends Error {}

/**
 * One document from the documents of shards of one run (`run --shard i/n`). The shards must have run
 * against the same target, with the same shard count; a shard or case present twice is refused. A merge
 * that lacks shards is kept (CI still gets its reports) but marked incomplete, which never reads as green.
 */
export function mergeDocuments(docs: ResultsDocument[], contract: Contract): ResultsDocument {
  if (docs.length === 0) throw new MergeError('nothing to merge');
  const labels = unique(docs.map((d) => d.target.label));
  if (labels.length > 1) throw new MergeError(`the shards ran against different targets: ${labels.join(' | ')}`);
  const sharded = docs.filter((d) => d.shard);
  let merged: ResultsDocument['merged'];
  if (sharded.length) {
    if (sharded.length !== docs.length) throw new MergeError('some of these reports come from sharded runs (--shard) and some do not');
    const counts = unique(sharded.map((d) => d.shard!.count));
    if (counts.length > 1) throw new MergeError(`the shards split the selection differently (into ${counts.join(' and ')} parts)`);
    const indices = sharded.map((d) => d.shard!.index);
    const twice = indices.find((i, k) => indices.indexOf(i) !== k);
    if (twice !== undefined) throw new MergeError(`shard ${twice}/${counts[0]} is given more than once`);
    const all = Array.from({ length: counts[0] }, (_, k) => k + 1);
    merged = { count: counts[0], shards: [...indices].sort((a, b) => a - b), missing: all.filter((i) => !indices.includes(i)) };
  }
  const seen = new Set<string>();
  for (const c of docs.flatMap((d) => d.cases)) {
    if (seen.has(c.caseId)) throw new MergeError(`case ${c.caseId} is in more than one shard`);
    seen.add(c.caseId);
  }
  const cases = docs.flatMap((d) => d.cases).sort((a, b) => a.file.localeCompare(b.file) || a.loc.localeCompare(b.loc, 'en', { numeric: true }));
  const problems = unique(docs.flatMap((d) => d.problems));
  if (merged?.missing.length) problems.unshift(`incomplete merge: shard(s) ${merged.missing.map((i) => `${i}/${merged!.count}`).join(', ')} missing; their cases are not in these reports`);
  const first = docs[0];
  return finishDocument({
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: first.tool,
    target: first.target,
    startedAt: docs.map((d) => d.startedAt).sort()[0],
    finishedAt: docs.map((d) => d.finishedAt).sort().reverse()[0],
    problems,
    ...(first.expectations ? { expectations: first.expectations } : {}),
    ...(merged ? { merged } : {}),
    ...(first.wire ? { wire: first.wire } : {}),
    ...(first.comparison !== undefined ? { comparison: first.comparison } : {}),
    cases,
  }, contract);
}
