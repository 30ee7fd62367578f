// Loads case files: YAML -> validated, located case objects. Every problem is reported as
// file:line:col with a readable sentence, all of them at once, before anything runs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Contract } from '../contract';
import { exampleOf, getCheck } from '../checks/registry';
import { caseFileSchema, stepSchemas, STEP_KINDS } from './schema';
import type { Case, CaseSet, CheckUse, Fixture, Loc, Step } from './model';
import { expandGenerated } from './generate-inputs';

export class CaseFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`${problems.length} problem(s) in the case files:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

// validateSchema off: these schemas are ours, checked against their meta-schema by
// test/contract/generated-schemas.test.ts instead of on every run.
const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
const fileValidator: ValidateFunction<any> = ajv.compile<any>(caseFileSchema(false));
const stepValidators = Object.fromEntries(Object.entries(stepSchemas(false)).map(([k, s]) => [k, ajv.compile<any>(s)])) as Record<string, ValidateFunction<any>>;
const argValidators = new Map<string, ValidateFunction>();

/** Case files named by the paths: files as given, folders searched for *.yaml / *.yml (sorted). */
export function findCaseFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new CaseFileError([`${p}: no such file or folder`]);
    }
    if (st.isDirectory()) {
      for (const f of readdirSync(p).sort()) if (/\.ya?ml$/.test(f)) out.push(path.join(p, f));
    } else out.push(p);
  }
  return out;
}

class FileReader {
  readonly problems: string[] = [];
  readonly lines = new LineCounter();
  doc!: Document;

  constructor(readonly file: string) {}

  locOf(segments: (string | number)[]): Loc {
    // Walk down as far as the path exists, so a missing member points at its parent.
    for (let n = segments.length; n >= 0; n--) {
      const node = (n === 0 ? this.doc.contents : this.doc.getIn(segments.slice(0, n), true)) as Node | undefined;
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) {
        const { line, col } = this.lines.linePos(range[0]);
        return { file: this.file, line, col };
      }
    }
    return { file: this.file, line: 1, col: 1 };
  }

  /** The location of a map key (better than its value for "unknown key" messages). */
  keyLoc(segments: (string | number)[], key: string): Loc {
    const parent = (segments.length ? this.doc.getIn(segments, true) : this.doc.contents) as any;
    const pair: any = isMap(parent) ? parent.items.find((p: any) => p.key?.value === key) : undefined;
    if (pair?.key?.range) {
      const { line, col } = this.lines.linePos(pair.key.range[0]);
      return { file: this.file, line, col };
    }
    return this.locOf(segments);
  }

  problem(loc: Loc, message: string): void {
    this.problems.push(`${loc.file}:${loc.line}:${loc.col}: ${message}`);
  }

  ajvProblems(errors: ErrorObject[] | null | undefined, base: (string | number)[]): void {
    for (const e of errors ?? []) {
      const segs = [...base, ...e.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s))];
      const p = e.params as Record<string, any>;
      if (e.keyword === 'additionalProperties') this.problem(this.keyLoc(segs, p.additionalProperty), `unknown key "${p.additionalProperty}"${where(segs)}`);
      else if (e.keyword === 'required') this.problem(this.locOf(segs), `missing "${p.missingProperty}"${where(segs)}`);
      else if (e.keyword === 'enum') this.problem(this.locOf(segs), `${where(segs, true)} must be one of ${p.allowedValues.join(', ')}`);
      else this.problem(this.locOf(segs), `${where(segs, true)} ${e.message}`);
    }
  }
}

function where(segs: (string | number)[], bare = false): string {
  const text = segs.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
  if (bare) return text || 'the file';
  return text ? ` in ${text}` : '';
}

export function loadCases(paths: string[], contract: Contract, options: { relativeTo?: string } = {}): CaseSet {
  const files = findCaseFiles(paths);
  const problems: string[] = [];
  const cases: Case[] = [];
  const fixtures: Record<string, Fixture> = {};
  const idLocs = new Map<string, Loc>();
  for (const absolute of files) {
    const display = options.relativeTo ? path.relative(options.relativeTo, absolute) || absolute : absolute;
    const r = new FileReader(display);
    let text: string;
    try {
      text = readFileSync(absolute, 'utf8');
    } catch (e) {
      problems.push(`${display}: cannot read: ${(e as Error).message}`);
      continue;
    }
    r.doc = parseDocument(text, { lineCounter: r.lines, prettyErrors: false, uniqueKeys: true });
    if (r.doc.errors.length) {
      for (const e of r.doc.errors) {
        const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
        r.problem({ file: display, line: pos.line, col: pos.col }, `YAML syntax: ${e.message.split('\n')[0]}`);
      }
      problems.push(...r.problems);
      continue;
    }
    const data = r.doc.toJS() as any;
    if (!fileValidator(data)) {
      r.ajvProblems(fileValidator.errors, []);
      problems.push(...r.problems);
      continue;
    }
    for (const [name, f] of Object.entries<any>(data.fixtures ?? {})) {
      const loc = r.keyLoc(['fixtures'], name);
      if (fixtures[name]) r.problem(loc, `fixture "${name}" is also defined at ${fmt(fixtures[name].loc)}`);
      fixtures[name] = { name, title: f.title, loc, steps: readSteps(r, f.steps, ['fixtures', name, 'steps'], contract, data.operation) };
    }
    (data.generate as any[] | undefined)?.forEach((g, i) => {
      const loc = r.locOf(['generate', i]);
      if (!contract.operations[g.operation]) return r.problem(r.locOf(['generate', i, 'operation']), `unknown operation "${g.operation}"`);
      g.rules.forEach((rule: string, j: number) => {
        if (!contract.rules[rule]) r.problem(r.locOf(['generate', i, 'rules', j]), `unknown rule "${rule}" (see specs/rules.yaml)`);
      });
      for (const c of expandGenerated(contract, { id: g.id, operation: g.operation, valid: g.valid, rules: g.rules, tags: g.tags ?? [], loc, file: display })) {
        const prior = idLocs.get(c.id);
        if (prior) r.problem(loc, `generated case id "${c.id}" is also used at ${fmt(prior)}`);
        idLocs.set(c.id, loc);
        cases.push(c);
      }
    });
    (data.cases as any[]).forEach((c, i) => {
      const base = ['cases', i];
      const loc = r.locOf(base);
      const prior = idLocs.get(c.id);
      if (prior) r.problem(r.locOf([...base, 'id']), `case id "${c.id}" is also used at ${fmt(prior)}`);
      idLocs.set(c.id, r.locOf([...base, 'id']));
      c.rules.forEach((rule: string, j: number) => {
        if (!contract.rules[rule]) r.problem(r.locOf([...base, 'rules', j]), `unknown rule "${rule}" (see specs/rules.yaml)`);
      });
      const steps = readSteps(r, c.steps, [...base, 'steps'], contract, data.operation);
      const operation = data.operation ?? steps.find((s) => s.kind !== 'use' && 'operation' in s)?.['operation' as never] ?? 'unknown';
      cases.push({ id: c.id, title: c.title, rules: c.rules, basis: c.basis, tags: c.tags ?? [], tolerates: c.tolerates, operation, steps, file: display, loc });
    });
    problems.push(...r.problems);
  }
  // References that cross files: fixtures used by cases.
  for (const c of cases) {
    for (const s of c.steps) {
      if (s.kind === 'use') {
        const [fx, stepId] = s.ref.split('.');
        if (!fixtures[fx]) problems.push(`${fmt(s.loc)}: unknown fixture "${fx}"`);
        else if (!fixtures[fx].steps.some((t) => t.id === stepId)) problems.push(`${fmt(s.loc)}: fixture "${fx}" has no step "${stepId}"`);
      }
    }
  }
  if (problems.length) throw new CaseFileError(problems);
  return { files, cases, fixtures };
}

function fmt(loc: Loc): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

function readSteps(r: FileReader, raw: any[], base: (string | number)[], contract: Contract, fileOperation?: string): Step[] {
  const steps: Step[] = [];
  const ids = new Set<string>();
  raw.forEach((s, i) => {
    const segs = [...base, i];
    const loc = r.locOf(segs);
    const kinds = STEP_KINDS.filter((k) => k in (s ?? {}));
    if (typeof s !== 'object' || s === null || kinds.length !== 1) {
      r.problem(loc, `a step needs exactly one of ${STEP_KINDS.join(', ')}${kinds.length > 1 ? ` (found ${kinds.join(', ')})` : ''}`);
      return;
    }
    const kind = kinds[0];
    const v = stepValidators[kind];
    if (!v(s)) {
      r.ajvProblems(v.errors, segs);
      return;
    }
    if (s.id) {
      if (ids.has(s.id)) r.problem(r.locOf([...segs, 'id']), `step id "${s.id}" is used twice in this case`);
      ids.add(s.id);
    }
    if (kind !== 'use' && !contract.operations[s[kind]]) {
      r.problem(r.locOf([...segs, kind]), `unknown operation "${s[kind]}" (the contract has ${Object.keys(contract.operations).join(', ')})`);
    }
    const checks = readChecks(r, s.checks ?? [], [...segs, 'checks'], kind, kind === 'use' ? undefined : s[kind], contract);
    // Checks that name another step must name an earlier one of this case, or a fixture step.
    for (const c of checks) {
      const refStep = (c.args as any)?.step;
      if (typeof refStep === 'string' && !refStep.includes('.') && !ids.has(refStep)) {
        r.problem(c.loc, `check ${c.name} refers to step "${refStep}", which is not an earlier step of this case`);
      }
    }
    const common = { id: s.id, checks, loc };
    if (kind === 'call') steps.push({ ...common, kind, operation: s.call, params: s.params ?? {}, expect: s.expect ?? 'success', save: s.save ?? {} });
    else if (kind === 'walk') steps.push({ ...common, kind, operation: s.walk, params: s.params ?? {}, maxPages: s.maxPages });
    else if (kind === 'poll') {
      // usable: statuses the contract's job can end in (a typo would silently make every case not checked).
      const job = contract.operations[s.poll]?.job;
      for (const [j, status] of (s.usable ?? []).entries()) {
        if (job && !job.terminal.includes(status)) r.problem(r.locOf([...segs, 'usable', j]), `usable: "${status}" is not a status ${s.poll}'s job can end in (${job.terminal.join(', ')})`);
      }
      steps.push({ ...common, kind, operation: s.poll, params: s.params ?? {}, budgetMs: s.budgetSeconds !== undefined ? s.budgetSeconds * 1000 : undefined, save: s.save ?? {}, usable: s.usable });
    }
    else steps.push({ ...common, kind, ref: s.use });
    void fileOperation;
  });
  return steps;
}

function readChecks(r: FileReader, raw: any[], base: (string | number)[], stepKind: string, operation: string | undefined, contract: Contract): CheckUse[] {
  const out: CheckUse[] = [];
  raw.forEach((entry, i) => {
    const segs = [...base, i];
    const name = typeof entry === 'string' ? entry : Object.keys(entry)[0];
    const args = typeof entry === 'string' ? undefined : entry[name];
    const loc = r.locOf(segs);
    const def = getCheck(name);
    if (!def) {
      r.problem(loc, `unknown check "${name}"${suggest(name)}`);
      return;
    }
    if (stepKind !== 'use' && !def.appliesTo.includes(stepKind as never)) {
      r.problem(loc, `check ${name} does not apply to a ${stepKind} step (it applies to ${def.appliesTo.join(', ')})`);
      return;
    }
    if (def.args) {
      let v = argValidators.get(name);
      if (!v) argValidators.set(name, (v = ajv.compile(def.args)));
      if (args === undefined || !v(args)) {
        const why = args === undefined ? 'it needs arguments' : (v.errors ?? []).map((e) => `${e.instancePath || 'argument'} ${e.message}`).join('; ');
        r.problem(loc, `bad arguments for check ${name}: ${why} (example: ${exampleOf(def, contract) ?? name})`);
        return;
      }
    } else if (args !== undefined && args !== null) {
      r.problem(loc, `check ${name} takes no arguments`);
      return;
    }
    // Arguments, or the operation itself, against the contract (a sort key it has; counts it defines...).
    const wrong = operation && contract.operations[operation] ? def.validateArgs?.(args, operation, contract) : undefined;
    if (wrong) {
      r.problem(loc, def.args ? `bad arguments for check ${name}: ${wrong}` : `check ${name} cannot run here: ${wrong}`);
      return;
    }
    out.push({ name, args, loc });
  });
  return out;
}

function suggest(name: string): string {
  const { allChecks } = require('../checks/registry') as typeof import('../checks/registry');
  const close = allChecks().map((c) => c.name).filter((n) => n.replace(/[-_]/g, '') === name.replace(/[-_]/g, '') || n.startsWith(name.slice(0, 4)));
  return close.length ? ` (did you mean ${close.join(' or ')}?)` : ` (see docs/checks.md)`;
}
