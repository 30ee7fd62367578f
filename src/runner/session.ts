// A run: one target, one contract, the loaded cases, and the fixtures they share. Fixtures (such as the
// one report job a run generates) run once, on first use, and every case sees the same outcome.
import type { Contract } from '../contract';
import type { Case, CaseSet, Fixture, Step } from '../cases/model';
import { formatLoc } from '../cases/model';
import { allChecks, getCheck } from '../checks/registry';
import { rulesOf } from '../checks/rules';
import { isNothingToJudge, type CheckResult, type Observation } from '../checks/types';
import type { Target } from '../transport/target';
import { describeOutcome, type Exchange } from '../transport/exchange';
import { notImplementedReason } from '../transport/not-implemented';
import { finish, newResult, type CaseResult, type Evidence } from './results';
import { MissingVariable, referencedFixtures, render, type Vars } from './variables';

export interface RunSettings {
  /** EntityPath for the shared report (GenerateOrganizationsAccessReport). */
  entityPath: string;
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
}

export const DEFAULT_SETTINGS: RunSettings = {
  entityPath: 'o-a1b2c3d4e5/r-f6g7',
  pollBudgetMs: 300_000, // real AWS reports can take minutes for a large organization
  pollIntervalMs: 250,
  pollMaxIntervalMs: 5_000,
  maxPages: 200,
  runBudgetMs: 30 * 60_000,
};

interface FixtureOutcome {
  vars: Vars;
  observations: Map<string, Observation>;
  /** Why the fixture could not provide what cases need. */
  problem?: string;
}

export class Session {
  private readonly fixtureRuns = new Map<string, Promise<FixtureOutcome>>();
  private readonly startedAt = performance.now();
  /** Operations this target showed it does not implement, with what it answered. */
  private readonly missing = new Map<string, string>();
  /** Operations the current case sent requests for. */
  private touched = new Set<string>();
  /** The first throttling the current case could not get past. */
  private throttled?: string;
  requests = 0;

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
    const vars: Vars = this.baseVars();
    const observations = new Map<string, Observation>();
    for (const step of f.steps) {
      let obs: Observation;
      try {
        obs = await this.execute(step, vars);
      } catch (e) {
        return { vars, observations, problem: `fixture ${f.name}, step ${step.id ?? step.kind}: ${(e as Error).message}` };
      }
      if (step.id) observations.set(step.id, obs);
      const failed = obs.exchanges.find((x) => x.error || x.transportError);
      if (failed) {
        return { vars, observations, problem: `fixture ${f.name} (${formatLoc(f.loc)}), step ${step.id ?? step.kind} (${step.kind} ${'operation' in step ? step.operation : ''}): ${describeOutcome(failed)}` };
      }
      const saved = 'save' in step ? step.save : {};
      const last = obs.exchanges[obs.exchanges.length - 1];
      for (const [name, member] of Object.entries(saved)) {
        if (last?.output?.[member] === undefined) return { vars, observations, problem: `fixture ${f.name}: the ${step.kind} answer has no ${member} to save as ${name}` };
        vars[name] = last.output[member];
      }
    }
    return { vars, observations };
  }

  private baseVars(): Vars {
    return Object.fromEntries(Object.entries(this.settings).map(([k, v]) => [`run.${k}`, v]));
  }

  async runCase(c: Case): Promise<CaseResult> {
    const started = performance.now();
    const before = this.requests;
    const result = newResult(c);
    this.touched = new Set();
    this.throttled = undefined;
    const vars = this.baseVars();
    const observations = new Map<string, Observation>();
    const fixtureNames = Object.keys(this.caseSet.fixtures);
    try {
      // Fixture variables (${report.JobId}) and fixture steps (use: report.poll) both pull the fixture in.
      const byVariable = new Set(referencedFixtures(c.steps, fixtureNames));
      const needed = new Set(byVariable);
      for (const s of c.steps) if (s.kind === 'use') needed.add(s.ref.split('.')[0]);
      for (const name of needed) {
        const own = this.touched;
        this.touched = new Set(); // the fixture's requests are not this case's own
        const out = await this.fixture(name);
        this.touched = own;
        // A case that uses a fixture's variables needs all of it; one that only looks at a step needs that step.
        for (const st of this.caseSet.fixtures[name].steps) {
          const looked = c.steps.some((s) => s.kind === 'use' && s.ref === `${name}.${st.id}`);
          if ('operation' in st && (byVariable.has(name) || looked)) this.touched.add(st.operation);
        }
        for (const [k, v] of Object.entries(out.vars)) if (!k.startsWith('run.')) vars[`${name}.${k}`] = v;
        for (const [k, o] of out.observations) observations.set(`${name}.${k}`, o);
        if (out.problem && c.steps.some((s) => s.kind !== 'use')) throw new SetupProblem(out.problem);
      }
      for (const [index, step] of c.steps.entries()) {
        const obs = step.kind === 'use' ? observations.get(step.ref) : await this.execute(step, vars);
        if (!obs) throw new SetupProblem(`fixture step ${step.kind === 'use' ? step.ref : ''} produced nothing (its fixture failed earlier)`);
        if (step.id) observations.set(step.id, obs);
        if ('save' in step) {
          const last = obs.exchanges[obs.exchanges.length - 1];
          for (const [name, member] of Object.entries(step.save)) if (last?.output?.[member] !== undefined) vars[name] = last.output[member];
        }
        const checks = this.evaluate(step, index, obs, observations);
        result.checks.push(...checks);
        // Keep the raw exchanges of a step that failed, for people reading the report.
        if (checks.some((k) => k.status === 'failed' || k.status === 'crashed')) result.evidence.push(...obs.exchanges.slice(-MAX_EVIDENCE).map((x) => evidenceOf(index, x)));
      }
    } catch (e) {
      if (e instanceof SetupProblem || e instanceof MissingVariable) result.setupProblem = e.message;
      else result.setupProblem = `the runner failed: ${(e as Error).message}`;
    }
    result.requests = this.requests - before;
    result.durationMs = performance.now() - started;
    result.operations = [...this.touched];
    const missing = result.operations.find((op) => this.missing.has(op));
    return finish(result, missing ? { operation: missing, answer: this.missing.get(missing)! } : undefined, this.throttled ? { reason: 'throttled', detail: this.throttled } : undefined);
  }

  /** Each check on its own: one that throws is reported as crashed and the others still run. */
  private evaluate(step: Step, index: number, observation: Observation, observations: Map<string, Observation>): CheckResult[] {
    const results: CheckResult[] = [];
    const ctx = {
      contract: this.contract, observation, step, options: { lenientWire: Boolean(this.settings.lenientWire) },
      ref: (id: string) => {
        const o = observations.get(id);
        if (!o) throw new Error(`no observation of step "${id}"`);
        return o;
      },
    };
    // A case may list an automatic check to name it; it then runs once, with the case's location.
    const listedNames = new Set(step.checks.map((u) => u.name));
    const autos = allChecks().filter((c) => c.auto && !listedNames.has(c.name) && c.appliesTo.includes(observation.kind) && c.auto(step, observation, this.contract));
    const listed = step.checks.map((u) => ({ def: getCheck(u.name)!, use: u }));
    for (const { def, use } of [...autos.map((def) => ({ def, use: undefined })), ...listed]) {
      const base = { check: def.name, rules: rulesOf(def, this.contract, observation.operation, use?.args), loc: formatLoc(use?.loc ?? step.loc), stepIndex: index, auto: !use };
      if (!def.appliesTo.includes(observation.kind)) {
        results.push({ ...base, status: 'crashed', findings: [], crash: `${def.name} does not apply to a ${observation.kind} observation` });
        continue;
      }
      try {
        const said = def.evaluate(ctx, use?.args);
        if (isNothingToJudge(said)) results.push({ ...base, status: 'nothing-to-judge', findings: [], note: said.nothingToJudge });
        else {
          const findings = Array.isArray(said) ? said : said.findings;
          results.push({ ...base, status: findings.length ? 'failed' : 'passed', findings, ...(Array.isArray(said) ? {} : { judged: said.judged }) });
        }
      } catch (e) {
        results.push({ ...base, status: 'crashed', findings: [], crash: (e as Error).message });
      }
    }
    return results;
  }

  private async send(operation: string, params: Record<string, unknown>): Promise<Exchange> {
    if (performance.now() - this.startedAt > this.settings.runBudgetMs) {
      throw new SetupProblem(`the run's time budget (${this.settings.runBudgetMs / 1000} s) is spent; the request was not sent`);
    }
    this.requests++;
    this.touched.add(operation);
    const x = await this.target.send(operation, params);
    this.throttled ??= x.throttled;
    const missing = notImplementedReason(x);
    if (missing && !this.missing.has(operation)) this.missing.set(operation, missing);
    return x;
  }

  async execute(step: Step, vars: Vars): Promise<Observation> {
    if (step.kind === 'use') throw new Error('a fixture step cannot be executed directly');
    const params = render(step.params, vars) as Record<string, unknown>;
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
