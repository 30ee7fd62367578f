// Hand-made judged results for reporter tests: a document is finished (summary, rules, overall) by the
// judge's own code, so the reporters are tested on what the judge would produce.
import { loadContract } from '../../src/contract';
import { finishDocument } from '../../src/judge/judge';
import { RESULTS_SCHEMA_VERSION, type CheckEntry, type JudgedCase, type ResultsDocument } from '../../src/judge/types';

export function entry(caseId: string, verdict: JudgedCase['verdict'], extra: Partial<JudgedCase> = {}): JudgedCase {
  return {
    caseId, title: `title of ${caseId}`, file: 'cases/x.yaml', loc: 'cases/x.yaml:3:5', rules: ['R1'], operation: 'GetOrganizationsAccessReport',
    tags: [], status: verdict === 'pass' || verdict === 'nothing-judged' || verdict === 'unexpected-pass' ? 'passed' : verdict === 'not-checked' ? 'not-checked' : 'failed',
    operations: [], checks: [], brokenRules: verdict === 'fail' || verdict === 'expected-failure' ? ['R1'] : [],
    evidence: [], requests: 1, durationMs: 12.3456, verdict, ...extra,
  };
}

export function check(name: string, status: CheckEntry['status'], extra: Partial<CheckEntry> = {}): CheckEntry {
  return { check: name, rules: ['R8'], loc: 'cases/x.yaml:9:11', stepIndex: 0, auto: false, status, findings: [], ...extra };
}

export function doc(cases: JudgedCase[], extra: Partial<ResultsDocument> = {}): ResultsDocument {
  return finishDocument({
    schemaVersion: RESULTS_SCHEMA_VERSION, tool: { name: 'iam-conformance', version: '0' }, target: { label: 'live http://127.0.0.1:1', kind: 'live', description: 'd' },
    startedAt: '2026-01-02T03:04:05.000Z', finishedAt: '2026-01-02T03:04:06.000Z', problems: [], cases, ...extra,
  }, loadContract());
}
