// What a check sees and what it says. Checks are pure functions of observations: no I/O, no target access.
import type { Contract } from '../contract';
import type { Step } from '../cases/model';
import type { Exchange } from '../transport/exchange';
import type { RuleRole } from './rules';

export type StepKind = 'call' | 'walk' | 'poll';

/** Everything one step observed: one exchange for a call, every page of a walk, every poll of a job. */
export interface Observation {
  kind: StepKind;
  operation: string;
  /** The parameters of the first request, after variables were filled in. */
  params: Record<string, unknown>;
  exchanges: Exchange[];
  /** How a walk or poll ended. */
  ended: 'complete' | 'error' | 'max-pages' | 'marker-repeated' | 'marker-missing' | 'budget' | 'single';
  /** Human detail on how it ended (budget spent, pages walked...). */
  endedDetail?: string;
}

export interface Finding {
  /** What went wrong, in one sentence. */
  message: string;
  expected?: string;
  actual?: string;
  /** Where in the response (e.g. "page 3: List[4].Member"). */
  path?: string;
  /** Rule this finding breaks when it is narrower than the check's rules. */
  rule?: string;
  /** Reported, but does not fail the check (e.g. a member the contract does not define, against AWS: `--wire lenient`). */
  warning?: boolean;
}

export interface CheckContext {
  contract: Contract;
  observation: Observation;
  step: Step;
  /** The observation of another step of the same case, by step id (or "<fixture>.<step>"). */
  ref(stepId: string): Observation;
  options: CheckOptions;
}

export interface CheckOptions {
  /** Elements and members the contract does not define are not failures (`--wire lenient`). */
  lenientWire: boolean;
}

export interface CheckDefinition<A = any> {
  name: string;
  /** One line for listings. */
  summary: string;
  /** Longer explanation for the checks reference page: what passes, what fails, what it tolerates. */
  description: string;
  /** Where the spec names the rules this check enforces (roles, resolved per operation: src/checks/rules.ts). */
  rules: RuleRole[];
  /** Rules that depend on the arguments too (error-code: the code's rule); overrides `rules` when given. */
  rulesFor?: (contract: Contract, operation: string, args: A) => (string | undefined)[];
  appliesTo: StepKind[];
  /** JSON Schema of the arguments; absent means the check takes none. */
  args?: Record<string, unknown>;
  /** Runs on every applicable step without being listed in the case. */
  auto?: (step: Step, observation: Observation, contract: Contract) => boolean;
  /** Checks arguments against the contract at load time; returns why they are wrong. */
  validateArgs?: (args: A, operation: string, contract: Contract) => string | undefined;
  /** Example use in a case file (YAML), for the reference page; a function picks names from the contract. */
  example?: string | ((contract: Contract) => string | undefined);
  /** How the contract instantiates this check for an operation (members, values), for the reference page. */
  inContract?: (contract: Contract, operation: string) => string | undefined;
  /**
   * Findings (none: passed), or why there was nothing to judge (e.g. a sort check on fewer than two items),
   * or findings with how many values were judged (differential mode counts the fields it compared).
   */
  evaluate(ctx: CheckContext, args: A): Finding[] | NothingToJudge | JudgedFindings;
}

/** Findings, and how many values the check compared to reach them (for the run's totals). */
export interface JudgedFindings {
  findings: Finding[];
  judged: number;
}

/** What a check says when the observation gave it nothing to compare: not a pass, not a failure. */
export interface NothingToJudge {
  nothingToJudge: string;
}

export function isNothingToJudge(v: Finding[] | NothingToJudge | JudgedFindings): v is NothingToJudge {
  return !Array.isArray(v) && 'nothingToJudge' in v;
}

export interface CheckResult {
  check: string;
  rules: string[];
  /** Where the check was asked for (or the step, for automatic checks). */
  loc: string;
  stepIndex: number;
  auto: boolean;
  /** nothing-to-judge: the check ran but the observation held nothing it could judge (see `note`). */
  status: 'passed' | 'failed' | 'crashed' | 'nothing-to-judge';
  findings: Finding[];
  /** For nothing-to-judge: what was missing. */
  note?: string;
  /** How many values the check compared, where it counts them (matches-recording: fields). */
  judged?: number;
  crash?: string;
}
