// The loaded form of case files: what the runner executes. Every element keeps its source location,
// so that a failure can say which line of which file asked for it.
import type { Loc } from '../contract/source';

export { formatLoc, type Loc } from '../contract/source';

export interface CheckUse {
  name: string;
  args: unknown;
  loc: Loc;
}

interface StepBase {
  /** Optional name, so later checks can refer to this step's observation. */
  id?: string;
  checks: CheckUse[];
  loc: Loc;
}

export interface CallStep extends StepBase {
  kind: 'call';
  operation: string;
  params: Record<string, unknown>;
  /** success: a 2xx answer the SDK parses; error: an error response; any: no expectation of its own. */
  expect: 'success' | 'error' | 'any';
  /** The request breaks the contract on purpose (outOfContract: true, or expect: error): its values were not held to the input shape. */
  outOfContract: boolean;
  /** Variables to take from the output: name -> member path (`JobId`, `Items[0].Name`). */
  save: Record<string, string>;
}

export interface WalkStep extends StepBase {
  kind: 'walk';
  operation: string;
  params: Record<string, unknown>;
  /** Upper bound on pages, so a target that never stops truncating fails instead of hanging. */
  maxPages?: number;
}

export interface PollStep extends StepBase {
  kind: 'poll';
  operation: string;
  params: Record<string, unknown>;
  budgetMs?: number;
  /** name -> member path of the last poll's answer. */
  save: Record<string, string>;
  /**
   * In a fixture: the job statuses in which what the fixture provides can be used (e.g. [COMPLETED]). When
   * the job ends in another status of the contract (FAILED), or is still running at the budget, the cases
   * that read the fixture are not checked (report-job-incomplete); cases that look at the poll step itself
   * still judge it.
   */
  usable?: string[];
}

export interface UseStep extends StepBase {
  kind: 'use';
  /** "<fixture>.<step id>" */
  ref: string;
}

export type Step = CallStep | WalkStep | PollStep | UseStep;

/** The step a check compares with (`step:` in its arguments), if it names one. */
export function stepArgOf(u: CheckUse): string | undefined {
  const step = (u.args as { step?: unknown } | undefined)?.step;
  return typeof step === 'string' ? step : undefined;
}

/**
 * The fixture steps ("report.poll") steps refer to: the ones they use, and the ones their checks compare
 * with when that is no step of the list itself (step ids may hold dots too).
 */
export function fixtureStepRefs(steps: Step[]): { ref: string; loc: Loc; step: Step; check?: string }[] {
  const own = new Set(steps.flatMap((s) => (s.id ? [s.id] : [])));
  return steps.flatMap((step) => [
    ...(step.kind === 'use' ? [{ ref: step.ref, loc: step.loc, step }] : []),
    ...step.checks.flatMap((u) => {
      const ref = stepArgOf(u);
      return ref?.includes('.') && !own.has(ref) ? [{ ref, loc: u.loc, step, check: u.name }] : [];
    }),
  ]);
}

/** "report.poll" as fixture and step: fixture names have no dot, step ids may. */
export function splitFixtureStep(ref: string): { fixture: string; step: string } {
  const dot = ref.indexOf('.');
  return { fixture: ref.slice(0, dot), step: ref.slice(dot + 1) };
}

export interface Case {
  id: string;
  title: string;
  rules: string[];
  basis: string;
  tags: string[];
  /** What legal variation the case tolerates, in words; shown in reports. */
  tolerates?: string;
  operation: string;
  steps: Step[];
  file: string;
  loc: Loc;
}

export interface Fixture {
  name: string;
  title: string;
  steps: Step[];
  loc: Loc;
}

/** A value the run is given (--input NAME=VALUE), read by cases as ${input.NAME}; declared under inputs:. */
export interface RunInput {
  name: string;
  /** "Shape.Member" of the contract whose shape its values must fit. */
  member: string;
  /** That member's shape. */
  shape: string;
  default: unknown;
  description?: string;
  loc: Loc;
}

export interface CaseSet {
  files: string[];
  cases: Case[];
  fixtures: Record<string, Fixture>;
  /** Run inputs declared by the case files, by name. */
  inputs: Record<string, RunInput>;
}
