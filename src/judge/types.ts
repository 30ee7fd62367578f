// Judged results: what the judge makes of a run (src/runner's plain results, the cases' metadata and the
// target's expectations). Every report reads these, and results.json is this document as JSON
// (docs/results.schema.json). Its types are its own: they copy from the runner's results, never extend them,
// so the runner can change its internals without changing the published document.
import type { NotCheckedReason } from '../runner/results';

export const RESULTS_SCHEMA_VERSION = 2; // 2: infrastructure became not-checked with a reason; checks may have nothing to judge

/**
 * A case's verdict. pass: conforms. nothing-judged: nothing failed, but every check the case asks for had
 * nothing to judge (not a pass, not a failure). fail: does not conform (not-implemented included).
 * expected-failure / unexpected-pass: against the target's expectations. not-checked: no verdict either way.
 */
export type Verdict = 'pass' | 'nothing-judged' | 'fail' | 'expected-failure' | 'unexpected-pass' | 'not-checked';

export const VERDICTS: readonly Verdict[] = ['pass', 'nothing-judged', 'fail', 'expected-failure', 'unexpected-pass', 'not-checked'];

export interface FindingEntry {
  message: string;
  expected?: string;
  actual?: string;
  path?: string;
  rule?: string;
  /** Reported, not failed (--wire lenient, the default against AWS: a member the contract does not define). */
  warning?: boolean;
}

export interface CheckEntry {
  check: string;
  rules: string[];
  loc: string;
  stepIndex: number;
  auto: boolean;
  status: 'passed' | 'failed' | 'crashed' | 'nothing-to-judge';
  findings: FindingEntry[];
  /** For nothing-to-judge: what the observation lacked. */
  note?: string;
  crash?: string;
}

export interface EvidenceEntry {
  stepIndex: number;
  operation: string;
  request: string;
  response: string;
}

export interface ExpectationEntry {
  outcome: 'not-implemented' | 'fail';
  reason: string;
  /** file:line:col of the entry, relative to the working directory. */
  at: string;
  /** The `answer:` pattern, when the entry pins what a not-implemented target must say. */
  answer?: string;
  /** Whether the observed outcome is the one the entry describes; when not, `why` says what differed. */
  matched: boolean;
  why?: string;
}

export interface JudgedCase {
  caseId: string;
  title: string;
  file: string;
  loc: string;
  /** The operation the case exercises (its last step's, a fixture step's for `use:`), not its file's. */
  operation: string;
  /** Every operation it sent requests for, its fixtures included. */
  operations: string[];
  rules: string[];
  tags: string[];
  /** What the runner found (before expectations). */
  status: 'passed' | 'failed' | 'not-implemented' | 'not-checked';
  verdict: Verdict;
  /** The rules of the checks that failed (what this case shows broken); empty when nothing failed. */
  brokenRules: string[];
  /** The expectation that applied, as "reason (file:line:col)" (kept from schema version 1). */
  expected?: string;
  expectation?: ExpectationEntry;
  notImplemented?: { operation: string; answer: string };
  notChecked?: { reason: NotCheckedReason; detail: string };
  setupProblem?: string;
  checks: CheckEntry[];
  requests: number;
  durationMs: number;
  evidence: EvidenceEntry[];
}

/** How a rule fared in this run: broken, expected broken, passed by a check that judged something, or not exercised. */
export type RuleOutcome = 'fail' | 'expected-failure' | 'pass' | 'nothing-judged' | 'not-checked' | 'not-run' | 'not-testable';

export interface RuleEntry {
  id: string;
  title: string;
  testable: boolean;
  /** Cases that name the rule or ran a check of it. */
  cases: string[];
  /** Cases that do not conform (verdict fail) with a failed check of this rule. */
  failing: string[];
  /** Expected failures with a failed check of this rule. */
  expectedFailing: string[];
  outcome: RuleOutcome;
  /** For nothing-judged and not-run: why the rule was not really exercised. */
  note?: string;
}

export interface Summary {
  total: number;
  pass: number;
  'nothing-judged': number;
  fail: number;
  'expected-failure': number;
  'unexpected-pass': number;
  'not-checked': number;
  /** Not-checked cases by reason. */
  notCheckedReasons: Partial<Record<NotCheckedReason, number>>;
  /** Cases (of any verdict) that need an operation the target does not implement. */
  notImplemented: number;
  generated: number;
  /** Findings reported as warnings, not failures (--wire lenient): elements and members the contract does not define. */
  warnings: number;
}

/** The overall verdict of a run, from which the exit code and every headline follow. */
export type Overall = 'conforms' | 'conforms-except-expected' | 'does-not-conform' | 'not-checked' | 'incomplete' | 'nothing-checked';

export interface ResultsDocument {
  schemaVersion: number;
  tool: { name: string; version: string };
  target: { label: string; kind: 'live' | 'replay'; description: string };
  startedAt: string;
  finishedAt: string;
  overall: Overall;
  summary: Summary;
  /** Problems of the target (replayed requests nothing was recorded for), of the selection, and our own errors (with stack). */
  problems: string[];
  /** Our own failures (bugs of iam-conformance), each with its stack trace; the run exits 3. */
  internalErrors?: string[];
  /** The expectations file that applied: its `target:` line and where it is. */
  expectations?: { file: string; target: string };
  /** For `run --shard i/n`: which part of the selection this run is. */
  shard?: { index: number; count: number };
  /** For a merged document: the shards it holds, and those missing (an incomplete merge never reads as green). */
  merged?: { count: number; shards: number[]; missing: number[] };
  /** How elements and members the contract does not define were judged: strict (they fail) or lenient (they warn). */
  wire?: 'strict' | 'lenient';
  /** Differential mode: what the live answers were compared with. */
  comparison?: unknown;
  rules: RuleEntry[];
  cases: JudgedCase[];
}
