// What one conformance run should do, as the CLI resolved it from flags and environment.
import type { RunSettings } from './session';
import type { Recording } from '../transport/recording';

export type TargetPlan =
  | {
      kind: 'live'; endpoint?: string; region?: string;
      /** Retries of throttled answers and transient server errors, and the run's budget for their waits. */
      throttleRetries?: number; retryBudgetMs?: number;
      /** Cut a request after this long without a byte; refuse bodies beyond this size. */
      idleTimeoutMs?: number; maxResponseBytes?: number;
      recordTo?: string; recordName?: string; normalizeIds?: boolean;
      compareWith?: string; knownDeviations?: string[];
    }
  /** The recording as the CLI read (and refused, if broken) it before anything ran: read once. */
  | { kind: 'replay'; dir: string; recording?: Recording };

export interface RunPlan {
  target: TargetPlan;
  /** Only these case ids (e.g. those a recording covers); absent means all. */
  caseIds?: string[];
  settings: RunSettings;
  requestTimeoutMs: number;
  reportsDir: string;
}
