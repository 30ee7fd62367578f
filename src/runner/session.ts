// A run: one target, one contract, the loaded cases, and the fixtures they share. Fixtures (such as the
// one report job a run generates) run once, on first use, and every case sees the same outcome.
import type { Contract } from '../contract';
import type { Case, CaseSet, CheckUse, Fixture, Step } from '../cases/model';
import { fixtureStepRefs, formatLoc, splitFixtureStep } from '../cases/model';
import { allChecks, getCheck } from '../checks/registry';
import { rulesOf } from '../checks/rules';
import { isNothingToJudge, type CheckDefinition, type CheckResult, type Observation } from '../checks/types';
import type { Target } from '../transport/target';
import { describeOutcome, type Exchange } from '../transport/exchange';
import { classifyAnswer } from '../transport/not-implemented';
import { finish, newResult, NOT_CHECKED_REASONS, type CaseResult, type Evidence, type NotChecked } from './results';
import { MissingVariable, referencedFixtures, render, type Vars } from './variables';
import { valueAtPath } from '../contract/paths';

export interface RunSettings {
  /** Values of the run inputs the case files declare (${input.NAME}); a declared input not set here takes its default. */
  inputs?: Record<string, unknown>;
  /** How long a poll may wait for a job, unless the step says otherwise. */
  pollBudgetMs: number;
  /** First wait between polls; it doubles up to pollMaxIntervalMs. */
  pollIntervalMs: number;
  pollMaxIntervalMs: number;
  /** Page bound of a walk, unless the step says otherwise. */
  maxPages: number;
  /** The whole run may take this long; later requests are not sent and their cases fail saying so. */
  runBudgetMs: number;
  /** Members and envelope elements the contract does not define are reported but do not fail. */
  lenientWire?: boolean;
  /** The target is AWS itself: a 5xx that persists through the retries is not checked, rather than non-conformance. */
  aws?: boolean;
  /**
   * Target health: after this many requests in a row with no HTTP answer (or answered "service unavailable"),
   * nothing more is sent and every case left is not checked. Also: an operation still throttled after
   * the retries this many requests in a row is no longer sent.
   */
  unreachableAfter: number;
}

/** The checks that decide for themselves whether a step's observation concerns them. */
const AUTOMATIC_CHECKS = allChecks().filter((c) => c.auto);

export const DEFAULT_SETTINGS: RunSettings = {
  pollBudgetMs: 300_000, // real AWS reports can take minutes for a large organization
  // A job that is done at once (an emulator's) is seen 50 ms after its first IN_PROGRESS; one that takes
  // minutes (AWS's) costs a few more polls in the first second, then one every 5 s.
  pollIntervalMs: 50,
  pollMaxIntervalMs: 5_000,
  maxPages: 200,
  runBudgetMs: 30 * 60_000,
  unreachableAfter: 3,
};

interface FixtureOutcome {
  vars: Vars;
  observations: Map<string, Observation>;
  /** Why the fixture could not provide what cases need. */
  problem?: string;
  /** Why the fixture could not be set up, when that says nothing about conformance: its cases carry it. */
  notChecked?: NotChecked;
  /** Steps whose requests met something that leaves them without a verdict: a case looking at one carries it. */
  stepNotChecked: Map<string, NotChecked>;
  /**
   * When the target's answer to a fixture step was wrong: the checks of that step that failed on it, so
   * the cases that need the fixture show the rule the answer broke (not their own rules).
   */
  failedChecks?: CheckResult[];
}

/** What the requests of one case (or one fixture) met that leaves it without a verdict. */
interface Scope {
  /** Operations it sent requests for. */
  touched: Set<string>;
  /** The first reason it cannot be checked. */
  notChecked?: NotChecked;
  /** The first of its own requests answered "this operation is not implemented". */
  notImplemented?: { operation: string; answer: string };
}

/** A request that was not sent, or an answer that says nothing about conformance: the case is not checked. */
class NotCheckedProblem extends Error {
  constructor(readonly notChecked: NotChecked) {
    super(notChecked.detail);
  }
}

export class Session {
  private readonly fixtureRuns = new Map<string, Promise<FixtureOutcome>>();
  private readonly startedAt = performance.now();
  /** Operations this target showed it does not implement, with what it answered. */
  private readonly missing = new Map<string, string>();
  /** Answers that say nothing about conformance (no HTTP answer, throttled, service unavailable...), with why. */
  private readonly unjudgeable = new WeakMap<Exchange, NotChecked>();
  /** The other steps' observations each check result read (ctx.ref), for judgedOnly. */
  private readonly referenced = new WeakMap<CheckResult, Observation[]>();
  /** The step being sent expects an error answer (`expect: error`: an out-of-contract input, a modelled error). */
  private refusalExpected = false;
  /** The case or fixture whose requests are being sent. */
  private scope: Scope = { touched: new Set() };
  /** Target health: requests in a row that got no HTTP answer, or a "service unavailable" one. */
  private noAnswerInRow = 0;
  private unavailableInRow = 0;
  /** Per operation: requests in a row still throttled after the retries. */
  private readonly throttledInRow = new Map<string, number>();
  /** Set once the target is deemed unreachable or unavailable: nothing more is sent. */
  private stopped?: NotChecked;
  /** Operations no longer sent because they stay throttled. */
  private readonly stoppedOperations = new Map<string, NotChecked>();
  requests = 0;
  /** The rules each check reports against, per operation (and per case use, which may have arguments): they never change in a run. */
  private readonly rulesMemo = new WeakMap<object, Map<string, string[]>>();
  /** Test hook (as IAM_CONFORMANCE_TEST_FAULT in src/cli/main.ts): check:<name> makes that check throw, as a bug of ours would. */
  private readonly faultyCheck = /^check:(.+)$/.exec(process.env.IAM_CONFORMANCE_TEST_FAULT ?? '')?.[1];
  /**
   * Checks of steps already answered, not yet run: they run while the next request is out (see send), so
   * that the target's time (a live target's, or nock's answering in this process) is not spent idle, or
   * when their case is settled. Each belongs to its case; they run in the order they were queued.
   */
  private readonly judging: { own: { ms: number }; run: () => void }[] = [];
  /** Time spent running queued checks so far, whichever case's: it is not the time of the case it ran beside. */
  private judgingMs = 0;

  constructor(
    readonly contract: Contract,
    readonly target: Target,
    readonly caseSet: CaseSet,
    readonly settings: RunSettings,
    /** Told what a long step waits for (a job being polled). */
    private readonly onProgress?: (message: string) => void,
  ) {}

  private fixture(name: string): Promise<FixtureOutcome> {
    let run = this.fixtureRuns.get(name);
    if (!run) {
      run = this.runFixture(this.caseSet.fixtures[name]);
      this.fixtureRuns.set(name, run);
    }
    return run;
  }

  private async runFixture(f: Fixture): Promise<FixtureOutcome> {
    // The fixture's requests are not those of the case that first needs it: a scope of its own.
    const outer = this.scope;
    const scope: Scope = { touched: new Set() };
    this.scope = scope;
    try {
      return await this.setUp(f, scope);
    } finally {
      this.scope = outer;
    }
  }

  private async setUp(f: Fixture, scope: Scope): Promise<FixtureOutcome> {
    const vars: Vars = this.baseVars();
    const observations = new Map<string, Observation>();
    const stepNotChecked = new Map<string, NotChecked>();
    const where = `fixture ${f.name} (${formatLoc(f.loc)})`;
    // Why the cases that need the fixture get no verdict: what its requests met (no answer, throttled...),
    // or a failure of the setup itself. When the target's own answer is to blame (wrong, unreadable, "not
    // implemented"), there is a verdict: the cases carry the fixture's failure (or "not implemented").
    const failed = (problem: string, blame: 'answer' | 'setup', step?: Step, index?: number, obs?: Observation): FixtureOutcome => {
      const notChecked = scope.notChecked
        ? { reason: scope.notChecked.reason, detail: `${where}: ${scope.notChecked.detail}` }
        : blame === 'setup' ? { reason: 'fixture-failed' as const, detail: problem } : undefined;
      // The answer was to blame: judge the step like a case step, so the rule it broke is known.
      const failedChecks = !notChecked && step && obs ? this.evaluate(step, index!, obs, observations).filter((k) => k.status === 'failed') : undefined;
      return { vars, observations, problem, notChecked, stepNotChecked, ...(failedChecks?.length ? { failedChecks } : {}) };
    };
    for (const [index, step] of f.steps.entries()) {
      let obs: Observation;
      try {
        obs = await this.execute(step, vars);
      } catch (e) {
        return failed(`${where}, step ${step.id ?? step.kind}: ${(e as Error).message}`, 'setup');
      }
      if (step.id) observations.set(step.id, obs);
      if (step.id && scope.notChecked) stepNotChecked.set(step.id, { reason: scope.notChecked.reason, detail: `${where}: ${scope.notChecked.detail}` });
      const bad = obs.exchanges.find((x) => x.error || x.transportError);
      if (bad) return failed(`${where}, step ${step.id ?? step.kind} (${step.kind} ${'operation' in step ? step.operation : ''}): ${describeOutcome(bad)}`, 'answer', step, index, obs);
      if (step.kind === 'poll' && step.usable) {
        const incomplete = this.jobIncomplete(step.operation, step.usable, obs);
        if (incomplete) return { vars, observations, problem: `${where}: ${incomplete}`, notChecked: { reason: 'report-job-incomplete', detail: `${where}: ${incomplete}` }, stepNotChecked };
      }
      const saved = 'save' in step ? step.save : {};
      const last = obs.exchanges[obs.exchanges.length - 1];
      for (const [name, member] of Object.entries(saved)) {
        const value = valueAtPath(last?.output, member);
        if (value === undefined) return failed(`${where}: the ${step.kind} answer has no ${member} to save as ${name}`, 'answer', step, index, obs);
        vars[name] = value;
      }
    }
    return { vars, observations, stepNotChecked };
  }

  /**
   * Why a polled job cannot serve the cases that read it: it ended in a status of the contract that is
   * not usable (FAILED), or was still in progress at the poll budget. A status outside the contract is
   * no excuse: the cases read it and their checks judge it.
   */
  private jobIncomplete(operation: string, usable: string[], obs: Observation): string | undefined {
    const job = this.contract.operation(operation).job;
    const last = obs.exchanges[obs.exchanges.length - 1]?.output;
    if (!job || !last) return undefined;
    const status = last[job.status];
    if (usable.includes(status) || ![...job.terminal, ...job.inProgress].includes(status)) return undefined;
    const details = job.failureDetails && last[job.failureDetails] !== undefined ? `, ${job.failureDetails} ${JSON.stringify(last[job.failureDetails])}` : '';
    const how = obs.ended === 'budget' && obs.endedDetail ? obs.endedDetail : `ended ${status}${details}`;
    return `the job of ${operation} ${JSON.stringify(obs.params)} ${how}; cases that read it need ${usable.join(' or ')}`;
  }

  /** ${run.<setting>} and ${input.<name>} (the run's value, else the declared default). */
  private baseVars(): Vars {
    const { inputs, ...settings } = this.settings;
    const vars: Vars = Object.fromEntries(Object.entries(settings).map(([k, v]) => [`run.${k}`, v]));
    for (const i of Object.values(this.caseSet.inputs ?? {})) vars[`input.${i.name}`] = (inputs && Object.hasOwn(inputs, i.name) ? inputs[i.name] : undefined) ?? i.default;
    return vars;
  }

  /** A case, run and judged. */
  async runCase(c: Case): Promise<CaseResult> {
    return (await this.startCase(c))();
  }

  /**
   * A case's requests; its checks are queued (they run while a later request is out, of this case or
   * the next), and so is its settling: its result is made, and given to onSettled (which must not throw),
   * once its checks have run. The function returned settles it now (what is left of its checks, then the
   * result; again, the same result). What depends on the target's answers so far (requests, operations
   * found missing) is taken when the requests end; the checks see only this case's observations.
   */
  async startCase(c: Case, onSettled?: (r: CaseResult) => void): Promise<() => CaseResult> {
    const started = performance.now();
    const judgedBefore = this.judgingMs;
    const own = { ms: 0 };
    const before = this.requests;
    const result = newResult(c);
    const later = (run: () => void) => this.judging.push({
      own,
      run: () => {
        try {
          run();
        } catch (e) {
          // As below: our own bug, on the case whose checks it was.
          result.setupProblem ??= `the runner failed: ${(e as Error).message}`;
          result.internalError ??= `the runner failed on case ${c.id}: ${(e as Error).stack ?? (e as Error).message}`;
        }
      },
    });
    const scope: Scope = { touched: new Set() };
    this.scope = scope;
    const vars = this.baseVars();
    const observations = new Map<string, Observation>();
    const fixtureNames = Object.keys(this.caseSet.fixtures);
    try {
      // Fixture variables (${report.JobId}) and fixture steps (use: report.poll, or a check's step:
      // report.poll) all pull the fixture in.
      const byVariable = new Set(referencedFixtures(c.steps, fixtureNames));
      const looked = new Set(fixtureStepRefs(c.steps).map((r) => r.ref));
      const needed = new Set(byVariable);
      for (const ref of looked) needed.add(splitFixtureStep(ref).fixture);
      const failedFixtures = new Map<string, FixtureOutcome>();
      for (const name of needed) {
        const out = await this.fixture(name);
        this.scope = scope;
        // A case that uses a fixture's variables needs all of it; one that only looks at a step needs that
        // step and the steps before it (the poll needs the job that the generate step made).
        const steps = this.caseSet.fixtures[name].steps;
        const lastLooked = Math.max(-1, ...steps.map((st, i) => (looked.has(`${name}.${st.id}`) ? i : -1)));
        for (const [i, st] of steps.entries()) {
          if ('operation' in st && (byVariable.has(name) || i <= lastLooked)) scope.touched.add(st.operation);
        }
        for (const [k, v] of Object.entries(out.vars)) if (!k.startsWith('run.') && !k.startsWith('input.')) vars[`${name}.${k}`] = v;
        for (const [k, o] of out.observations) observations.set(`${name}.${k}`, o);
        // A step the case looks at (use:, or a check's step:) whose requests could not be judged (throttled,
        // no answer...): neither can the case.
        for (const ref of looked) {
          const nc = ref.startsWith(`${name}.`) ? out.stepNotChecked.get(ref.slice(name.length + 1)) : undefined;
          if (nc) scope.notChecked ??= nc;
        }
        if (out.problem) failedFixtures.set(name, out);
        // What the fixture could not provide, the case cannot be checked without: it carries the fixture's
        // outcome, and the checks its wrong answer failed (their rules are what is broken).
        if (out.problem && c.steps.some((s) => s.kind !== 'use')) {
          if (out.notChecked) scope.notChecked ??= out.notChecked;
          later(() => result.checks.push(...(out.failedChecks ?? [])));
          throw new SetupProblem(out.problem);
        }
      }
      for (const [index, step] of c.steps.entries()) {
        const obs = step.kind === 'use' ? observations.get(step.ref) : await this.execute(step, vars);
        if (!obs) {
          const out = step.kind === 'use' ? failedFixtures.get(step.ref.split('.')[0]) : undefined;
          if (out?.notChecked) scope.notChecked ??= out.notChecked;
          later(() => result.checks.push(...(out?.failedChecks ?? [])));
          throw new SetupProblem(`fixture step ${step.kind === 'use' ? step.ref : ''} produced nothing (its fixture failed earlier${out?.problem ? `: ${out.problem}` : ''})`);
        }
        if (step.id) observations.set(step.id, obs);
        if ('save' in step) {
          const last = obs.exchanges[obs.exchanges.length - 1];
          for (const [name, member] of Object.entries(step.save)) {
            const value = valueAtPath(last?.output, member);
            if (value !== undefined) vars[name] = value;
          }
        }
        later(() => {
          const checks = this.judgedOnly(step, index, obs, observations, this.evaluate(step, index, obs, observations));
          result.checks.push(...checks);
          // Keep the raw exchanges of a step that failed, for people reading the report.
          if (checks.some((k) => k.status === 'failed' || k.status === 'crashed')) result.evidence.push(...obs.exchanges.slice(-MAX_EVIDENCE).map((x) => evidenceOf(index, x)));
        });
      }
    } catch (e) {
      if (e instanceof SetupProblem || e instanceof MissingVariable || e instanceof NotCheckedProblem) result.setupProblem = e.message;
      else {
        // Our own bug, not the target's: the case has no verdict and the run exits 3 with the stack.
        result.setupProblem = `the runner failed: ${(e as Error).message}`;
        result.internalError = `the runner failed on case ${c.id}: ${(e as Error).stack ?? (e as Error).message}`;
      }
    }
    result.requests = this.requests - before;
    // The case's time: its requests, without checks of any case that ran beside them, and its own checks.
    const requestsMs = performance.now() - started - (this.judgingMs - judgedBefore);
    result.operations = [...scope.touched];
    const missing = result.operations.find((op) => this.missing.has(op));
    const outcome = {
      ownNotImplemented: scope.notImplemented,
      notImplemented: missing ? { operation: missing, answer: this.missing.get(missing)! } : undefined,
      notChecked: scope.notChecked,
    };
    let settled: CaseResult | undefined;
    const settle = (): CaseResult => {
      if (!settled) {
        result.durationMs = requestsMs + own.ms;
        settled = finish(result, outcome);
        onSettled?.(settled);
      }
      return settled;
    };
    this.judging.push({ own, run: settle });
    return () => {
      this.judgePending(own);
      return settle();
    };
  }

  /**
   * Runs the queued checks in order, each case's time to its case: all of them, or those up to the last of
   * one case (the next case's stay queued for its requests).
   */
  private judgePending(upTo?: { ms: number }): void {
    let count = this.judging.length;
    if (upTo) while (count > 0 && this.judging[count - 1].own !== upTo) count--;
    for (const task of this.judging.splice(0, count)) {
      const t0 = performance.now();
      task.run();
      const ms = performance.now() - t0;
      task.own.ms += ms;
      this.judgingMs += ms;
    }
  }

  /**
   * Checks judge only answers that say something about conformance. When a step's observation holds an
   * answer that does not (no HTTP answer, throttled through the retries, service unavailable), a check that
   * failed is judged again without it: what it still finds in a real answer (a finding with a path: a page,
   * an item) stands, a real failure; a conclusion about the whole walk or poll (items that never came) may
   * be the cut's doing, and what it found only because of that answer is not a verdict either (nothing to
   * judge, saying why).
   */
  private judgedOnly(step: Step, index: number, obs: Observation, observations: Map<string, Observation>, all: CheckResult[]): CheckResult[] {
    // A failure found by comparing with another step whose answers are not all judgeable (an item list cut
    // short) may be that step's doing: what it found in items both steps have (a finding with a path: an
    // item's member) stands; a conclusion about the lists as wholes (missing, extra) is not a verdict.
    const checks = all.map((k) => {
      if (k.status !== 'failed') return k;
      const other = this.referenced.get(k)?.flatMap((o) => o.exchanges).map((x) => this.unjudgeable.get(x)).find((nc) => nc !== undefined);
      if (!other) return k;
      const inItems = k.findings.filter((f) => f.path !== undefined);
      return inItems.some((f) => !f.warning) ? { ...k, findings: inItems } : { ...k, status: 'nothing-to-judge' as const, findings: [], note: `not judged: a step it compares with is incomplete: ${NOT_CHECKED_REASONS[other.reason]} (${other.detail})` };
    });
    const why = obs.exchanges.map((x) => this.unjudgeable.get(x)).find((nc) => nc !== undefined);
    if (!why) return checks;
    const note = `not judged: ${NOT_CHECKED_REASONS[why.reason]} (${why.detail})`;
    const answered = obs.exchanges.filter((x) => !this.unjudgeable.has(x));
    const again = answered.length ? this.evaluate(step, index, { ...obs, exchanges: answered }, observations) : [];
    return checks.map((k) => {
      if (k.status !== 'failed' && !(k.status === 'passed' && answered.length === 0)) return k;
      const real = again.find((a) => a.check === k.check && a.loc === k.loc && a.status === 'failed');
      const inAnswers = real?.findings.filter((f) => f.path !== undefined) ?? [];
      return inAnswers.some((f) => !f.warning) ? { ...real!, findings: inAnswers } : { ...k, status: 'nothing-to-judge' as const, findings: [], note };
    });
  }


  /** Each check on its own: one that throws is reported as crashed and the others still run. */
  private evaluate(step: Step, index: number, observation: Observation, observations: Map<string, Observation>): CheckResult[] {
    const results: CheckResult[] = [];
    let read: Observation[] = [];
    const ctx = {
      contract: this.contract, observation, step, options: { lenientWire: Boolean(this.settings.lenientWire) },
      ref: (id: string) => {
        const o = observations.get(id);
        if (!o) throw new Error(`no observation of step "${id}"`);
        read.push(o);
        return o;
      },
    };
    // A case may list an automatic check to name it; it then runs once, with the case's location.
    const listedNames = new Set(step.checks.map((u) => u.name));
    const autos = AUTOMATIC_CHECKS.filter((c) => !listedNames.has(c.name) && c.appliesTo.includes(observation.kind) && c.auto!(step, observation, this.contract));
    const listed = step.checks.map((u) => ({ def: getCheck(u.name)!, use: u }));
    for (const { def, use } of [...autos.map((def) => ({ def, use: undefined })), ...listed]) {
      const base = { check: def.name, rules: this.rulesOf(def, use, observation.operation), loc: formatLoc(use?.loc ?? step.loc), stepIndex: index, auto: !use };
      if (!def.appliesTo.includes(observation.kind)) {
        results.push({ ...base, status: 'crashed', findings: [], crash: `${def.name} does not apply to a ${observation.kind} observation` });
        continue;
      }
      try {
        if (this.faultyCheck === def.name) throw new Error(`fault injected into check ${def.name} (IAM_CONFORMANCE_TEST_FAULT)`);
        read = [];
        const said = def.evaluate(ctx, use?.args);
        if (isNothingToJudge(said)) results.push({ ...base, status: 'nothing-to-judge', findings: [], note: said.nothingToJudge });
        else {
          const findings = Array.isArray(said) ? said : said.findings;
          const result: CheckResult = { ...base, status: findings.some((f) => !f.warning) ? 'failed' : 'passed', findings, ...(Array.isArray(said) ? {} : { judged: said.judged }) };
          if (read.length) this.referenced.set(result, read);
          results.push(result);
        }
      } catch (e) {
        results.push({ ...base, status: 'crashed', findings: [], crash: (e as Error).stack ?? (e as Error).message });
      }
    }
    return results;
  }

  private rulesOf(def: CheckDefinition, use: CheckUse | undefined, operation: string): string[] {
    const key = use ?? def;
    let perOperation = this.rulesMemo.get(key);
    if (!perOperation) this.rulesMemo.set(key, (perOperation = new Map()));
    let rules = perOperation.get(operation);
    if (!rules) perOperation.set(operation, (rules = rulesOf(def, this.contract, operation, use?.args)));
    return [...rules];
  }

  /** Set once the target was deemed unreachable or unavailable: why nothing more was sent (one headline). */
  get halted(): NotChecked | undefined {
    return this.stopped;
  }

  /** Operations that were no longer sent because the target kept throttling them. */
  get heldOperations(): NotChecked[] {
    return [...this.stoppedOperations.values()];
  }

  private async send(operation: string, params: Record<string, unknown>): Promise<Exchange> {
    const scope = this.scope;
    const refuse = (nc: NotChecked): never => {
      scope.notChecked ??= nc;
      throw new NotCheckedProblem(nc);
    };
    if (performance.now() - this.startedAt > this.settings.runBudgetMs) {
      refuse({ reason: 'run-budget-spent', detail: `the run's time budget (${this.settings.runBudgetMs / 1000} s, --budget) is spent; the request was not sent` });
    }
    if (this.stopped) refuse(this.stopped);
    const held = this.stoppedOperations.get(operation);
    if (held) refuse(held);
    this.requests++;
    scope.touched.add(operation);
    const answer = this.target.send(operation, params);
    if (this.judging.length) {
      answer.catch(() => undefined); // awaited below; meanwhile a rejection is not "unhandled"
      // The SDK's middleware runs in microtasks: once they are done the request is out, and the checks
      // queued run while its answer is on its way.
      await new Promise((resolve) => setImmediate(resolve));
      this.judgePending();
    }
    const x = await answer;
    this.observe(x, scope);
    return x;
  }

  /**
   * Target health, from every answer: what leaves the case without a verdict, and when to stop sending.
   * No HTTP answer, a "service unavailable" answer, throttling that outlasted the retries, and (against
   * AWS) a server error that outlasted them say nothing about conformance.
   */
  private observe(x: Exchange, scope: Scope): void {
    const where = this.target.label.replace(/^live /, '');
    const n = this.settings.unreachableAfter;
    const mark = (nc: NotChecked) => {
      scope.notChecked ??= nc;
      if (!this.unjudgeable.has(x)) this.unjudgeable.set(x, nc);
    };
    // A replayed request nothing was recorded for: no verdict, and no health to judge (the recording is no target).
    if (x.transportFault === 'not-recorded') {
      mark({ reason: 'not-recorded', detail: `${where}: ${x.transportError}` });
      return;
    }
    // Other faults of a replay (a recorded answer over the size cap) come from what was recorded: no health to judge.
    if (x.transportFault && this.target.kind === 'replay') return;
    if (x.transportFault) {
      this.noAnswerInRow++;
      mark({ reason: x.transportFault, detail: `${where}: ${x.transportError}` });
      if (this.noAnswerInRow >= n) this.stopped = { reason: x.transportFault, detail: `${where} gave no HTTP answer to ${n} requests in a row, the last: ${x.transportError}; nothing more was sent` };
      return;
    }
    this.noAnswerInRow = 0;
    const answer = classifyAnswer(x);
    if (answer?.outcome === 'service-unavailable') {
      this.unavailableInRow++;
      mark({ reason: 'service-unavailable', detail: `${where}: ${answer.answer}` });
      if (this.unavailableInRow >= n) this.stopped = { reason: 'service-unavailable', detail: `${where} answered ${n} requests in a row without the service, the last: ${answer.answer}; nothing more was sent` };
    } else {
      this.unavailableInRow = 0;
    }
    if (answer?.outcome === 'not-implemented') {
      // A request that expects a refusal is answered with one: a 4xx refusal says the operation is missing
      // only by its code (InvalidAction...), not by words a refusal of the value may use. Such answers are
      // the case's own: they never mark the operation missing for the rest of the run.
      const own = this.refusalExpected && x.response!.status < 500 && x.error ? classifyAnswer({ ...x, error: { ...x.error, message: '' } }) : answer;
      if (own?.outcome === 'not-implemented') scope.notImplemented ??= { operation: x.operation, answer: answer.answer };
      if (!this.refusalExpected && !this.missing.has(x.operation)) this.missing.set(x.operation, answer.answer);
    }
    if (x.throttled) {
      const inRow = (this.throttledInRow.get(x.operation) ?? 0) + 1;
      this.throttledInRow.set(x.operation, inRow);
      mark({ reason: 'throttled', detail: `${where}: ${x.operation}: ${x.throttled}` });
      if (inRow >= n) this.stoppedOperations.set(x.operation, { reason: 'throttled', detail: `${where} kept throttling ${x.operation} through the retries of ${n} requests in a row, the last: ${x.throttled}; it was not sent again` });
    } else {
      this.throttledInRow.delete(x.operation);
    }
    // An emulator that answers an in-contract request with a 5xx does not conform; AWS doing it is passing.
    if (this.settings.aws && !answer && !x.throttled && x.response && x.response.status >= 500) {
      mark({ reason: 'transient-server-error', detail: `${where}: ${x.transient ?? describeOutcome(x)}` });
    }
  }


  async execute(step: Step, vars: Vars): Promise<Observation> {
    if (step.kind === 'use') throw new Error('a fixture step cannot be executed directly');
    const params = render(step.params, vars) as Record<string, unknown>;
    this.refusalExpected = step.kind === 'call' && step.expect === 'error';
    if (step.kind === 'call') {
      const x = await this.send(step.operation, params);
      return { kind: 'call', operation: step.operation, params, exchanges: [x], ended: 'single' };
    }
    if (step.kind === 'walk') return this.walk(step.operation, params, step.maxPages ?? this.settings.maxPages);
    return this.poll(step.operation, params, step.budgetMs ?? this.settings.pollBudgetMs);
  }

  private async walk(operation: string, params: Record<string, unknown>, maxPages: number): Promise<Observation> {
    const p = this.contract.operation(operation).pagination;
    if (!p) throw new Error(`${operation} is not paginated in the contract; it cannot be walked`);
    const obs: Observation = { kind: 'walk', operation, params, exchanges: [], ended: 'complete' };
    let marker: string | undefined;
    for (let page = 1; ; page++) {
      const x = await this.send(operation, marker === undefined ? params : { ...params, [p.inputToken]: marker });
      obs.exchanges.push(x);
      if (!x.output) {
        obs.ended = 'error';
        return obs;
      }
      if (x.output[p.truncated] !== true) return obs;
      const next = x.output[p.outputToken];
      if (typeof next !== 'string' || next === '') {
        obs.ended = 'marker-missing';
        obs.endedDetail = `page ${page} has ${p.truncated} true and ${p.outputToken} ${JSON.stringify(next)}`;
        return obs;
      }
      if (next === marker) {
        obs.ended = 'marker-repeated';
        obs.endedDetail = `page ${page} returned the Marker it was asked with`;
        return obs;
      }
      if (page >= maxPages) {
        obs.ended = 'max-pages';
        obs.endedDetail = `still truncated after ${page} pages (bound: maxPages ${maxPages})`;
        return obs;
      }
      marker = next;
    }
  }

  private async poll(operation: string, params: Record<string, unknown>, budgetMs: number): Promise<Observation> {
    const job = this.contract.operation(operation).job;
    if (!job) throw new Error(`${operation} has no job lifecycle in the contract; it cannot be polled`);
    const obs: Observation = { kind: 'poll', operation, params, exchanges: [], ended: 'complete' };
    const started = performance.now();
    let wait = this.settings.pollIntervalMs;
    for (;;) {
      const x = await this.send(operation, params);
      obs.exchanges.push(x);
      if (!x.output) {
        obs.ended = 'error';
        return obs;
      }
      const status = x.output[job.status];
      if (job.terminal.includes(status)) return obs;
      const spent = performance.now() - started;
      if (spent + wait > budgetMs || !job.inProgress.includes(status)) {
        obs.ended = job.inProgress.includes(status) ? 'budget' : 'error';
        obs.endedDetail = job.inProgress.includes(status)
          ? `still ${status} after ${obs.exchanges.length} polls in ${(spent / 1000).toFixed(1)} s (budget ${(budgetMs / 1000).toFixed(0)} s)`
          : `unexpected ${job.status} ${JSON.stringify(status)}`;
        // The contract does not bound how long a job may run: one still running at our budget is not a verdict.
        if (obs.ended === 'budget') this.scope.notChecked ??= { reason: 'report-job-incomplete', detail: `the job of ${operation} ${JSON.stringify(params)} is ${obs.endedDetail}` };
        return obs;
      }
      if (this.target.kind === 'live') {
        this.onProgress?.(`waiting for ${operation} ${JSON.stringify(params)} to finish: ${status} after ${obs.exchanges.length} poll(s), ${(spent / 1000).toFixed(0)} s of ${(budgetMs / 1000).toFixed(0)} s`);
      }
      await this.target.pause(wait);
      wait = Math.min(wait * 2, this.settings.pollMaxIntervalMs);
    }
  }
}

class SetupProblem extends Error {}

const MAX_EVIDENCE = 4;
const MAX_BODY = 8 * 1024;

function evidenceOf(stepIndex: number, x: Exchange): Evidence {
  const cut = (body: string) => (body.length > MAX_BODY ? `${body.slice(0, MAX_BODY)}\n… (${body.length - MAX_BODY} more characters)` : body);
  return {
    stepIndex,
    operation: x.operation,
    request: x.request ? `${x.request.method} ${x.request.url}\n\n${cut(x.request.body)}` : '(not sent)',
    response: x.response
      ? `HTTP ${x.response.status}\n${Object.entries(x.response.headers).filter(([k]) => ['content-type', 'x-amzn-requestid'].includes(k)).map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${cut(x.response.body)}`
      : `(no response: ${x.transportError ?? 'none'})`,
  };
}
