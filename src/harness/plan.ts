// What one conformance run should do; the CLI writes it, the jest harness reads it.
import { readFileSync } from 'node:fs';
import type { RunSettings } from '../runner/session';

export type TargetPlan =
  | { kind: 'live'; endpoint?: string; region?: string; recordTo?: string; recordName?: string }
  | { kind: 'replay'; dir: string };

export interface RunPlan {
  target: TargetPlan;
  casePaths: string[];
  /** Only these case ids (e.g. those a recording covers); absent means all. */
  caseIds?: string[];
  settings: RunSettings;
  requestTimeoutMs: number;
  reportsDir: string;
  /** Paths in messages are shown relative to this folder. */
  cwd: string;
}

export const PLAN_ENV = 'IAM_CONFORMANCE_PLAN';

export function readPlan(): RunPlan {
  const file = process.env[PLAN_ENV];
  if (!file) throw new Error(`${PLAN_ENV} is not set: run the suite through "iam-conformance run"`);
  return JSON.parse(readFileSync(file, 'utf8')) as RunPlan;
}
