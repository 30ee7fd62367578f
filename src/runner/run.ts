// A whole run: make the target, run every selected case in order on one session, close the target.
// The results are plain data; reporters (jest-junit, results.json) take it from here.
import type { Contract } from '../contract';
import type { CaseSet } from '../cases/model';
import { LiveTarget, ReplayTarget, type Target } from '../transport';
import type { RecordingRef } from '../transport/target';
import { comparisonTotals } from '../checks/compare';
import type { RunPlan } from './plan';
import { Session } from './session';
import type { CaseResult, NotChecked } from './results';

export interface RunResults {
  target: { label: string; kind: 'live' | 'replay'; description: string };
  startedAt: string;
  finishedAt: string;
  /** Problems the target itself reported (e.g. replay requests that nothing was recorded for). */
  problems: string[];
  /** Differential mode (--compare): the recording compared with, and how many fields were compared and differed. */
  comparison?: ComparisonSummary;
  /**
   * Why the run stopped sending (the target unreachable or its service unavailable), or stopped sending an
   * operation (throttled through every retry): one headline each, instead of one line per case.
   */
  halted?: NotChecked[];
  cases: CaseResult[];
}

export interface ComparisonSummary {
  /** The recording's folder. */
  against: string;
  recordedFrom: string;
  recordedAt: string;
  fieldsCompared: number;
  /** Fields (and requests) that differ from the recording, known deviations not counted. */
  differences: number;
}

export function createTarget(plan: RunPlan, contract: Contract): Target {
  const t = plan.target;
  if (t.kind === 'replay') return new ReplayTarget(t.recording ?? t.dir, { requestTimeoutMs: plan.requestTimeoutMs, contract });
  return new LiveTarget({
    contract, endpoint: t.endpoint, region: t.region, requestTimeoutMs: plan.requestTimeoutMs, throttleRetries: t.throttleRetries,
    retryBudgetMs: t.retryBudgetMs, idleTimeoutMs: t.idleTimeoutMs, maxResponseBytes: t.maxResponseBytes,
    recordTo: t.recordTo, recordName: t.recordName, recordSettings: recordedInputs(plan.settings.inputs), recordCases: plan.caseIds,
    normalizeIds: t.normalizeIds, compareWith: t.compareWith, knownDeviations: t.knownDeviations,
  });
}

/** Run inputs as a recording's meta.settings keeps them: "input.NAME" -> the value as text. */
function recordedInputs(inputs: Record<string, unknown> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`input.${k}`, String(v)]));
}

export interface RunHooks {
  /** After each case. */
  onCase?: (r: CaseResult, index: number, total: number) => void;
  /** Stop after this case (--bail); the cases after it are not run. */
  stopAfter?: (r: CaseResult) => boolean;
  /** What a long step is waiting for (polling a job). */
  onProgress?: (message: string) => void;
}

export async function runSuite(plan: RunPlan, contract: Contract, caseSet: CaseSet, hooks: RunHooks = {}): Promise<RunResults> {
  const startedAt = new Date().toISOString();
  const target = createTarget(plan, contract);
  const selected = plan.caseIds ? caseSet.cases.filter((c) => plan.caseIds!.includes(c.id)) : caseSet.cases;
  const session = new Session(contract, target, caseSet, plan.settings, hooks.onProgress);
  const cases: CaseResult[] = [];
  // A case's checks run while the next case's first request is out (Session.startCase), and the case is
  // reported then, in order. With --bail each case is settled before the next one starts: it may be the last.
  // Settling a case first settles every case queued before it, so the last one left settles them all.
  let last: (() => CaseResult) | undefined;
  let hookFailed: { error: unknown } | undefined;
  let stop = false;
  const reported = (i: number) => (r: CaseResult) => {
    try {
      cases.push(r);
      hooks.onCase?.(r, i, selected.length);
      if (hooks.stopAfter?.(r)) stop = true;
    } catch (error) {
      hookFailed ??= { error }; // thrown from here, not from inside another case's request
    }
  };
  try {
    for (const [i, c] of selected.entries()) {
      const settle = await session.startCase(c, reported(i));
      if (hooks.stopAfter) settle();
      if (hookFailed) throw hookFailed.error;
      if (stop) break;
      last = settle;
    }
    last?.();
    if (hookFailed) throw hookFailed.error;
  } finally {
    await target.close();
  }
  const halted = [...(session.halted ? [session.halted] : []), ...session.heldOperations];
  return {
    target: { label: target.label, kind: target.kind, description: target.description },
    startedAt, finishedAt: new Date().toISOString(), problems: target.problems(), cases,
    ...(target.comparedWith ? { comparison: comparisonOf(target.comparedWith, cases) } : {}),
    ...(halted.length ? { halted } : {}),
  };
}

function comparisonOf(rec: RecordingRef, cases: CaseResult[]): ComparisonSummary {
  return { against: rec.dir, recordedFrom: rec.recordedFrom, recordedAt: rec.recordedAt, ...comparisonTotals(cases.flatMap((c) => c.checks)) };
}
