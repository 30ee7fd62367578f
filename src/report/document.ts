// The results of a run as one stable, documented document (results.json; schema in
// docs/results.schema.json). Every report people read (summary.md, report.html) is rendered from it.
import type { CaseSet } from '../cases/model';
import type { Contract } from '../contract';
import type { RunResults } from '../runner/run';
import type { CaseResult } from '../runner/results';

export const RESULTS_SCHEMA_VERSION = 1;

export type Verdict = NonNullable<CaseResult['verdict']>;

export interface CaseEntry extends CaseResult {
  operation: string;
  tags: string[];
  verdict: Verdict;
}

export interface ResultsDocument {
  schemaVersion: number;
  tool: { name: string; version: string };
  target: RunResults['target'];
  startedAt: string;
  finishedAt: string;
  summary: Record<Verdict, number> & { total: number; notImplemented: number; generated: number };
  problems: string[];
  rules: { id: string; title: string; testable: boolean; cases: string[]; failing: string[] }[];
  cases: CaseEntry[];
}

export function resultsDocument(run: RunResults, set: CaseSet, contract: Contract, version: string): ResultsDocument {
  const meta = new Map(set.cases.map((c) => [c.id, c]));
  const cases: CaseEntry[] = run.cases.map((r) => ({
    ...r,
    operation: meta.get(r.caseId)?.operation ?? 'unknown',
    tags: meta.get(r.caseId)?.tags ?? [],
    verdict: r.verdict ?? (r.status === 'passed' ? 'pass' : 'fail'),
  }));
  const count = (v: Verdict) => cases.filter((c) => c.verdict === v).length;
  const bad = (c: CaseEntry) => c.verdict === 'fail' || c.verdict === 'unexpected-pass';
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: 'iam-conformance', version },
    target: run.target,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    summary: {
      total: cases.length, pass: count('pass'), fail: count('fail'), 'expected-failure': count('expected-failure'),
      'unexpected-pass': count('unexpected-pass'), infrastructure: count('infrastructure'),
      notImplemented: cases.filter((c) => c.status === 'not-implemented').length,
      generated: cases.filter((c) => c.tags.includes('generated')).length,
    },
    problems: run.problems,
    rules: Object.values(contract.rules).map((r) => {
      const mine = cases.filter((c) => c.rules.includes(r.id));
      return { id: r.id, title: r.title, testable: r.testable, cases: mine.map((c) => c.caseId), failing: mine.filter(bad).map((c) => c.caseId) };
    }),
    cases,
  };
}

/** The exit code a document means: 0 all fine (expected failures allowed), 1 otherwise. */
export function exitCodeOf(doc: ResultsDocument): number {
  return doc.summary.fail + doc.summary['unexpected-pass'] + doc.summary.infrastructure > 0 ? 1 : 0;
}
