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
  status: 'passed' | 'failed';
  /** Why the case could not run its steps (a fixture failed, a variable was missing...). */
  setupProblem?: string;
  checks: CheckResult[];
  requests: number;
  durationMs: number;
}

export function newResult(c: Case): CaseResult {
  return { caseId: c.id, title: c.title, file: c.file, loc: formatLoc(c.loc), rules: c.rules, status: 'passed', checks: [], requests: 0, durationMs: 0 };
}

export function finish(result: CaseResult): CaseResult {
  const bad = result.setupProblem !== undefined || result.checks.some((c) => c.status !== 'passed');
  result.status = bad ? 'failed' : 'passed';
  return result;
}

/** The failure text shown in the console and in JUnit: every failed check, expected vs actual, rule and location. */
export function describeFailure(r: CaseResult): string {
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
