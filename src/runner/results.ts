// The outcome of one case as the runner found it: plain data. Verdicts (expectations) are the judge's
// (src/judge), and how a result reads in a report is src/report/format.ts's.
import type { Case } from '../cases/model';
import { formatLoc } from '../cases/model';
import type { CheckResult } from '../checks/types';

/**
 * Why a case could not be checked. A small, documented set: a case that was not checked is never
 * counted as conforming nor as not conforming, and it never makes a gate green.
 */
export const NOT_CHECKED_REASONS = {
  'target-unreachable': 'the target gave no HTTP answer (connection refused, reset or cut)',
  'no-answer-in-time': 'the target did not answer within the request deadline',
  'response-too-large': 'an answer was larger than the response size cap',
  'not-recorded': 'the recording has no answer for a request the case sends (record it again, or run the case against a live target)',
  throttled: 'the target kept throttling through every retry',
  'transient-server-error': 'the target kept answering with a transient server error',
  'service-unavailable': 'the service is not available (disabled, or a proxy answered instead of it)',
  'run-budget-spent': "the run's time budget was spent before the case could run",
  'report-job-incomplete': 'the report job it needs did not complete (FAILED, or still running at the poll budget)',
  'fixture-failed': 'a fixture it depends on could not be set up',
  'internal-error': 'iam-conformance itself failed (a check crashed or the runner broke): a bug of ours, not a verdict on the target',
} as const;
export type NotCheckedReason = keyof typeof NOT_CHECKED_REASONS;

export interface NotChecked {
  reason: NotCheckedReason;
  /** What was seen: the URL, the status, the job's ErrorDetails... */
  detail: string;
}

export interface CaseResult {
  caseId: string;
  title: string;
  file: string;
  loc: string;
  rules: string[];
  /**
   * passed / failed: the verdict of the checks. not-implemented: the case did not pass because the target
   * does not implement an operation it needs (an outcome of its own, not a pile of schema errors).
   */
  status: 'passed' | 'failed' | 'not-implemented' | 'not-checked';
  /** For not-checked: why the case could not be checked. */
  notChecked?: NotChecked;
  /** For not-implemented: which operation, and what the target answered. */
  notImplemented?: { operation: string; answer: string };
  /** Operations the case sent requests for, its fixtures included. */
  operations: string[];
  /** Why the case could not run its steps (a fixture failed, a variable was missing...). */
  setupProblem?: string;
  checks: CheckResult[];
  requests: number;
  durationMs: number;
  /** Our own bug met while running the case (a check that crashed, the runner failing), with its stack: the run exits 3. */
  internalError?: string;
  /** Raw requests and responses of the steps that failed (bodies cut at 8 KB), for reports people read. */
  evidence: Evidence[];
}

export interface Evidence {
  stepIndex: number;
  operation: string;
  /** "POST http://host/\n\n<form body>" (no headers: they hold credentials). */
  request: string;
  /** "HTTP 404\ncontent-type: text/xml\n\n<body>". */
  response: string;
}

export function newResult(c: Case): CaseResult {
  return { caseId: c.id, title: c.title, file: c.file, loc: formatLoc(c.loc), rules: c.rules, status: 'passed', operations: [], checks: [], evidence: [], requests: 0, durationMs: 0 };
}

/** What the runner met while sending a case's requests that decides its status besides its checks. */
export interface Outcomes {
  /** The case's own requests were answered "this operation is not implemented". */
  ownNotImplemented?: { operation: string; answer: string };
  /** An operation the case touched was answered "not implemented" (by any case or fixture) earlier in the run. */
  notImplemented?: { operation: string; answer: string };
  /** Why the case cannot be checked: what its own requests (or the fixture steps it needs) met. */
  notChecked?: NotChecked;
}

/**
 * The case's status, from its checks and what its requests met. In order: the case's own answer saying the
 * operation is not implemented; a failure its checks judged on real answers (kept even when another
 * request of the case was left without a verdict); a reason it cannot be checked, which wins over passing
 * checks (a check that passed a throttled or "service unavailable" answer judged nothing); our own bug
 * (a crashed check or runner), never the target's fault; a setup problem; else passed.
 */
export function finish(result: CaseResult, o: Outcomes = {}): CaseResult {
  const failed = result.checks.some((c) => c.status === 'failed');
  const crashed = result.checks.find((c) => c.status === 'crashed');
  const set = (status: CaseResult['status']) => {
    result.status = status;
    if (status === 'not-implemented') result.notImplemented = o.ownNotImplemented ?? o.notImplemented;
  };
  if (crashed && !result.internalError) result.internalError = `check ${crashed.check} at ${crashed.loc} crashed: ${crashed.crash ?? 'no message'}`;
  if (o.ownNotImplemented) set('not-implemented');
  else if (failed) set(o.notImplemented ? 'not-implemented' : 'failed');
  else if (o.notChecked) {
    set('not-checked');
    result.notChecked = o.notChecked;
  } else if (result.internalError) {
    set('not-checked');
    result.notChecked = { reason: 'internal-error', detail: result.internalError.split('\n')[0] };
  } else if (result.setupProblem !== undefined) set(o.notImplemented ? 'not-implemented' : 'failed');
  else set('passed');
  return result;
}
