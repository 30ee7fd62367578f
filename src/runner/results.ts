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
  throttled: 'the target kept throttling through every retry',
  'transient-server-error': 'the target kept answering with a transient server error',
  'service-unavailable': 'the service is not available (disabled, or a proxy answered instead of it)',
  'run-budget-spent': "the run's time budget was spent before the case could run",
  'report-job-incomplete': 'the report job it needs did not complete (FAILED, or still running at the poll budget)',
  'fixture-failed': 'a fixture it depends on could not be set up',
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

export function finish(result: CaseResult, notImplemented?: { operation: string; answer: string }, notChecked?: NotChecked): CaseResult {
  const bad = result.setupProblem !== undefined || result.checks.some((c) => c.status === 'failed' || c.status === 'crashed');
  result.status = !bad ? 'passed' : notChecked ? 'not-checked' : notImplemented ? 'not-implemented' : 'failed';
  if (result.status === 'not-checked') result.notChecked = notChecked;
  if (result.status === 'not-implemented') result.notImplemented = notImplemented;
  return result;
}
