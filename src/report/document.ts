// The results of a run as one stable, documented document (results.json; schema in
// docs/results.schema.json). Every report people read (summary.md, report.html) is rendered from it.
import type { CaseSet } from '../cases/model';
import type { Contract } from '../contract';
import type { RunResults } from '../runner/run';
import type { CaseResult } from '../runner/results';

export const RESULTS_SCHEMA_VERSION = 2; // 2: infrastructure became not-checked with a reason; checks may have nothing to judge

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
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: 'iam-conformance', version },
    target: run.target,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    problems: run.problems,
    ...tally(cases, contract),
  };
}

/** The summary and the per-rule view, derived from the cases. */
function tally(cases: CaseEntry[], contract: Contract): Pick<ResultsDocument, 'summary' | 'rules' | 'cases'> {
  const count = (v: Verdict) => cases.filter((c) => c.verdict === v).length;
  const bad = (c: CaseEntry) => c.verdict === 'fail' || c.verdict === 'unexpected-pass';
  return {
    summary: {
      total: cases.length, pass: count('pass'), fail: count('fail'), 'expected-failure': count('expected-failure'),
      'unexpected-pass': count('unexpected-pass'), 'not-checked': count('not-checked'),
      notImplemented: cases.filter((c) => c.status === 'not-implemented').length,
      generated: cases.filter((c) => c.tags.includes('generated')).length,
    },
    rules: Object.values(contract.rules).map((r) => {
      const mine = cases.filter((c) => c.rules.includes(r.id));
      return { id: r.id, title: r.title, testable: r.testable, cases: mine.map((c) => c.caseId), failing: mine.filter(bad).map((c) => c.caseId) };
    }),
    cases,
  };
}

export class MergeError extends Error {}

/**
 * One document from the documents of shards of one run (`run --shard i/n`). The shards must have run
 * against the same target; a case that appears twice is refused rather than silently counted twice.
 */
export function mergeDocuments(docs: ResultsDocument[], contract: Contract): ResultsDocument {
  if (docs.length === 0) throw new MergeError('nothing to merge');
  const labels = [...new Set(docs.map((d) => d.target.label))];
  if (labels.length > 1) throw new MergeError(`the shards ran against different targets: ${labels.join(' | ')}`);
  const seen = new Set<string>();
  for (const c of docs.flatMap((d) => d.cases)) {
    if (seen.has(c.caseId)) throw new MergeError(`case ${c.caseId} is in more than one shard`);
    seen.add(c.caseId);
  }
  const cases = docs.flatMap((d) => d.cases).sort((a, b) => a.file.localeCompare(b.file) || a.loc.localeCompare(b.loc, 'en', { numeric: true }));
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: docs[0].tool,
    target: docs[0].target,
    startedAt: docs.map((d) => d.startedAt).sort()[0],
    finishedAt: docs.map((d) => d.finishedAt).sort().reverse()[0],
    problems: [...new Set(docs.flatMap((d) => d.problems))],
    ...tally(cases, contract),
  };
}

/** The exit code a document means: 0 all fine (expected failures allowed), 1 otherwise, or when nothing was checked. */
export function exitCodeOf(doc: ResultsDocument): number {
  if (doc.summary.total === 0) return 1;
  return doc.summary.fail + doc.summary['unexpected-pass'] + doc.summary['not-checked'] > 0 ? 1 : 0;
}
