// Runs cases through the real runner, SDK and HTTP stack against a test endpoint, and reads results.
import { writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { loadContract, PROJECT_ROOT } from '../../src/contract';
import { loadCases } from '../../src/cases/loader';
import { LiveTarget } from '../../src/transport';
import { DEFAULT_SETTINGS, Session, type RunSettings } from '../../src/runner/session';
import type { CaseResult } from '../../src/runner/results';
import { Judge } from '../../src/judge/judge';
import { describeCase } from '../../src/report/format';
import { ENTITY } from './report-model';
import { tempDir } from './tmp';

export const TEST_SETTINGS: RunSettings = { ...DEFAULT_SETTINGS, inputs: { EntityPath: ENTITY }, pollIntervalMs: 1, pollMaxIntervalMs: 5, pollBudgetMs: 3000 };

export function session(url: string, casePaths = [path.join(PROJECT_ROOT, 'cases')], settings: Partial<RunSettings> = {}): { session: Session; close: () => Promise<void> } {
  const contract = loadContract();
  const set = loadCases(casePaths, contract, { relativeTo: PROJECT_ROOT });
  const target = new LiveTarget({ endpoint: url, requestTimeoutMs: 3000 });
  return { session: new Session(contract, target, set, { ...TEST_SETTINGS, ...settings }), close: () => target.close() };
}

/** Runs the project's case with this id (from cases/) against the endpoint. */
export async function runProjectCase(url: string, id: string, settings: Partial<RunSettings> = {}): Promise<CaseResult> {
  const s = session(url, undefined, settings);
  try {
    const c = s.session.caseSet.cases.find((x) => x.id === id);
    if (!c) throw new Error(`no case ${id} in cases/`);
    return await s.session.runCase(c);
  } finally {
    await s.close();
  }
}

/** Runs one case written inline (YAML with a `cases:` list), with the project's fixtures available. */
export async function runInlineCase(url: string, yamlText: string, settings: Partial<RunSettings> = {}): Promise<CaseResult> {
  const dir = tempDir('iam-case-');
  writeFileSync(path.join(dir, 'inline.yaml'), yamlText);
  copyFileSync(path.join(PROJECT_ROOT, 'cases', 'fixtures.yaml'), path.join(dir, 'fixtures.yaml'));
  const s = session(url, [dir], settings);
  try {
    return await s.session.runCase(s.session.caseSet.cases[0]);
  } finally {
    await s.close();
  }
}

/** Names of the checks that did not pass (failed or crashed). */
export function failedChecks(r: CaseResult): string[] {
  return [...new Set(r.checks.filter((c) => c.status === 'failed' || c.status === 'crashed').map((c) => c.check))];
}

/** Finding rules of a failed check, for asserting which rule a break is reported against. */
export function findingRules(r: CaseResult, check: string): string[] {
  return r.checks.filter((c) => c.check === check && (c.status === 'failed' || c.status === 'crashed')).flatMap((c) => c.findings.map((f) => f.rule ?? c.rules.join('+')));
}

/** For readable test failures: the text a user would see. */
export function explain(r: CaseResult): string {
  return r.status === 'passed' ? `${r.caseId} passed` : describeCase(new Judge(undefined, loadContract()).judgeCase(r));
}
