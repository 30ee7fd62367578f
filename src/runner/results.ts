// The outcome of one case, and how it reads in a failure message.
import type { Case } from '../cases/model';
import { formatLoc } from '../cases/model';
import type { CheckResult } from '../checks/types';

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
  status: 'passed' | 'failed' | 'not-implemented' | 'infrastructure';
  /** For infrastructure: why the case could not be checked (the target kept throttling). */
  infrastructure?: string;
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
  /** The verdict once the target's expectations are applied (src/expectations); without them, pass or fail. */
  verdict?: 'pass' | 'fail' | 'expected-failure' | 'unexpected-pass' | 'infrastructure';
  /** The expectation that applied, as "reason (file:line:col)". */
  expected?: string;
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

export function finish(result: CaseResult, notImplemented?: { operation: string; answer: string }, throttled?: string): CaseResult {
  const bad = result.setupProblem !== undefined || result.checks.some((c) => c.status !== 'passed');
  result.status = !bad ? 'passed' : throttled ? 'infrastructure' : notImplemented ? 'not-implemented' : 'failed';
  if (result.status === 'infrastructure') result.infrastructure = throttled;
  if (result.status === 'not-implemented') result.notImplemented = notImplemented;
  return result;
}

/** One line on why an expected failure is expected, and what was seen. */
export function describeExpectedFailure(r: CaseResult): string {
  const seen = r.notImplemented ? `${r.notImplemented.operation} not implemented (${r.notImplemented.answer})` : `${r.checks.filter((c) => c.status !== 'passed').map((c) => c.check).join(', ') || 'setup failed'}`;
  return `expected failure: ${r.expected}; observed: ${seen}`;
}

/** The failure text shown in the console and in JUnit: every failed check, expected vs actual, rule and location. */
export function describeFailure(r: CaseResult): string {
  if (r.verdict === 'unexpected-pass') {
    return `${r.caseId} (${r.loc}) conforms, but the expectations said it would fail: ${r.expected}. Remove that expectation.`;
  }
  if (r.status === 'infrastructure') {
    return `${r.caseId} (${r.loc}) could not be checked: the target kept throttling (${r.infrastructure}). An infrastructure problem, not a conformance verdict.`;
  }
  if (r.notImplemented) {
    return `${r.caseId} (${r.loc}): operation ${r.notImplemented.operation} not implemented by this target — it answered ${r.notImplemented.answer}`;
  }
  const lines: string[] = [`${r.caseId} (${r.loc}) does not conform — rules ${r.rules.join(', ')}`];
  if (r.setupProblem) lines.push(`  ✗ setup: ${r.setupProblem}`);
  for (const c of r.checks) {
    if (c.status === 'passed') continue;
    const rules = c.rules.length ? c.rules : r.rules;
    lines.push(`  ✗ ${c.check} [${rules.join(', ')}] at ${c.loc} (step ${c.stepIndex + 1})${c.auto ? ' — runs on every step' : ''}`);
    if (c.status === 'crashed') lines.push(`      the check itself crashed: ${c.crash}`);
    const shown = c.findings.slice(0, 8);
    for (const f of shown) {
      lines.push(`      ${f.path ? `${f.path}: ` : ''}${f.message}${f.rule ? ` [${f.rule}]` : ''}`);
      if (f.expected !== undefined) lines.push(`        expected: ${f.expected}`);
      if (f.actual !== undefined) lines.push(`        actual:   ${f.actual}`);
    }
    if (c.findings.length > shown.length) lines.push(`      ... and ${c.findings.length - shown.length} more finding(s) of this check`);
  }
  return lines.join('\n');
}
