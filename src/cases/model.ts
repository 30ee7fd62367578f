// The loaded form of case files: what the runner executes. Every element keeps its source location,
// so that a failure can say which line of which file asked for it.
export interface Loc {
  file: string;
  line: number;
  col: number;
}

export function formatLoc(loc: Loc): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

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
  /** Variables to take from the output: name -> output member. */
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

export interface CaseSet {
  files: string[];
  cases: Case[];
  fixtures: Record<string, Fixture>;
}
