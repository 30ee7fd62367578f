// Loads case files: YAML -> validated, located case objects. Every problem is reported as
// file:line:col with a readable sentence, all of them at once, before anything runs.
import { readFileSync } from 'node:fs';
import { hint, newAjv, yamlFiles, YamlSource, type YamlPath } from '../contract/source';
import { resolvePath } from '../contract/paths';
import { requestProblems, valueProblem, type Scope } from './requests';
import path from 'node:path';
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { contractFingerprint, PROJECT_ROOT, type Contract } from '../contract';
import { exampleOf, getCheck } from '../checks/registry';
import type { CheckDefinition } from '../checks/types';
// The case-file schema and the generated inputs are needed only to read case files (a run from the
// build's snapshot reads none): loaded then.
const schemas = () => require('./schema') as typeof import('./schema');
const generated = () => require('./generate-inputs') as typeof import('./generate-inputs');
import type { Case, CaseSet, CheckUse, Fixture, Loc, RunInput, Step } from './model';
import { fixtureStepRefs, splitFixtureStep, stepArgOf } from './model';
import { keyOf, localPath, portablePath, snapshotted } from '../snapshot';

export class CaseFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`${problems.length} problem(s) in the case files:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

// validateSchema off: these schemas are ours, checked against their meta-schema by
// test/contract/generated-schemas.test.ts instead of on every run.
// Loaded and compiled on first use: a run whose case set comes from the build's snapshot (src/snapshot) needs none.
let ajvInstance: Ajv | undefined;
const ajv = () => (ajvInstance ??= newAjv({ allErrors: true, strict: false, validateSchema: false }));
let compiled: { file: ValidateFunction<any>; steps: Record<string, ValidateFunction<any>> } | undefined;
const validators = () => (compiled ??= {
  file: ajv().compile<any>(schemas().caseFileSchema(false)),
  steps: Object.fromEntries(Object.entries(schemas().stepSchemas(false)).map(([k, s]) => [k, ajv().compile<any>(s)])) as Record<string, ValidateFunction<any>>,
});
const argValidators = new Map<string, ValidateFunction>();

/** Case files named by the paths: files as given, folders searched for *.yaml / *.yml (sorted). */
export function findCaseFiles(paths: string[]): string[] {
  const { files, missing } = yamlFiles(paths);
  if (missing.length) throw new CaseFileError(missing.map((p) => `${p}: no such file or folder`));
  return files;
}

class FileReader extends YamlSource {
  readonly problems: string[] = [];

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

export function loadCases(paths: string[], contract: Contract, options: { relativeTo?: string; /** where snapshots are (tests) */ snapshotDir?: string } = {}): CaseSet {
  const files = findCaseFiles(paths);
  // The build loaded the default case files already (src/snapshot): the same files, texts, contract and
  // options give that very case set; anything else is loaded here. Paths are kept relative to the project,
  // and the ones shown (every `file`) are made again for this run's folder.
  const { relativeTo } = options;
  const key = () => keyOf(relativeTo ? 'shown-relative' : 'shown-absolute', contractFingerprint(contract), ...files.flatMap((f) => [portablePath(f, PROJECT_ROOT), readFileSync(f)]));
  const shown = (absolute: string) => shownPath(absolute, relativeTo);
  return snapshotted('cases', key, () => loadCaseFiles(files, contract, options), {
    dir: options.snapshotDir,
    portable: {
      keep: (set) => withPaths(structuredClone(set), (f) => portablePath(f, PROJECT_ROOT), (f) => portablePath(path.resolve(relativeTo || '/', f), PROJECT_ROOT)),
      restore: (set) => withPaths(set, (f) => localPath(f, PROJECT_ROOT), once((f) => shown(localPath(f, PROJECT_ROOT)))),
    },
  });
}

/** f, asked once per distinct argument: the thousand locations of a case set name a dozen files. */
function once(f: (file: string) => string): (file: string) => string {
  const known = new Map<string, string>();
  return (file) => {
    let shown = known.get(file);
    if (shown === undefined) known.set(file, (shown = f(file)));
    return shown;
  };
}

/** A case file as failures show it: relative to the folder given (the run's), else absolute. */
function shownPath(absolute: string, relativeTo: string | undefined): string {
  return relativeTo ? path.relative(relativeTo, absolute) || absolute : absolute;
}

/**
 * The case set with its files (absolute paths) and the shown file of every case and location mapped: the
 * places the model keeps them (a Loc shared by several cases, as generated ones share theirs, once).
 * Nothing else is touched, whatever it is called (`save: { file: ... }` is a variable, not a path).
 */
function withPaths(set: CaseSet, files: (f: string) => string, shown: (f: string) => string): CaseSet {
  const seen = new Set<Loc>();
  const loc = (l: Loc) => {
    if (seen.has(l)) return;
    seen.add(l);
    l.file = shown(l.file);
  };
  const steps = (list: Step[]) => {
    for (const s of list) {
      loc(s.loc);
      for (const k of s.checks) loc(k.loc);
    }
  };
  set.files = set.files.map(files);
  for (const c of set.cases) {
    c.file = shown(c.file);
    loc(c.loc);
    steps(c.steps);
  }
  for (const f of Object.values(set.fixtures)) {
    loc(f.loc);
    steps(f.steps);
  }
  for (const i of Object.values(set.inputs)) loc(i.loc);
  return set;
}

function loadCaseFiles(files: string[], contract: Contract, options: { relativeTo?: string }): CaseSet {
  const problems: string[] = [];
  const cases: Case[] = [];
  const fixtures: Record<string, Fixture> = {};
  const inputs: Record<string, RunInput> = {};
  const idLocs = new Map<string, Loc>();
  const readers: { r: FileReader; data: any }[] = [];
  for (const absolute of files) {
    const display = shownPath(absolute, options.relativeTo);
    let text: string;
    try {
      text = readFileSync(absolute, 'utf8');
    } catch (e) {
      problems.push(`${display}: cannot read: ${(e as Error).message}`);
      continue;
    }
    const r = new FileReader(display, text);
    if (r.syntaxErrors.length) {
      problems.push(...r.syntaxErrors);
      continue;
    }
    const data = r.data as any;
    const fileValidator = validators().file;
    if (!fileValidator(data)) {
      r.ajvProblems(fileValidator.errors, []);
      problems.push(...r.problems);
      continue;
    }
    readers.push({ r, data });
  }

  // First what every case may refer to, whatever file it is in: run inputs, then fixtures (their saved values).
  for (const { r, data } of readers) {
    for (const [name, d] of Object.entries<any>(data.inputs ?? {})) {
      const loc = r.keyLoc(['inputs'], name);
      if (Object.hasOwn(inputs, name)) {
        r.problem(loc, `input "${name}" is also declared at ${fmt(inputs[name].loc)}`);
        continue;
      }
      const [shapeName, memberName] = d.member.split('.');
      const structure = contract.shapes[shapeName];
      const ref = structure?.type === 'structure' ? structure.members[memberName] : undefined;
      if (!ref) {
        r.problem(r.locOf(['inputs', name, 'member']), `input ${name}: ${structure ? `${shapeName} has no member ${memberName}${hint(memberName, structure.type === 'structure' ? Object.keys(structure.members) : [])}` : `unknown shape "${shapeName}"${hint(shapeName, Object.keys(contract.shapes))}`}`);
        continue;
      }
      const wrong = valueProblem(contract, ref.shape, d.default, new Map());
      if (wrong) r.problem(r.locOf(['inputs', name, 'default']), `input ${name}: the default is out of contract: ${wrong}`);
      inputs[name] = { name, member: d.member, shape: ref.shape, default: d.default, description: d.description, loc };
    }
  }
  const runScope: Scope = new Map(Object.values(inputs).map((i) => [`input.${i.name}`, { shape: i.shape }]));
  const caseScope: Scope = new Map(runScope);
  for (const { r, data } of readers) {
    for (const [name, f] of Object.entries<any>(data.fixtures ?? {})) {
      const loc = r.keyLoc(['fixtures'], name);
      if (Object.hasOwn(fixtures, name)) r.problem(loc, `fixture "${name}" is also defined at ${fmt(fixtures[name].loc)}`);
      const scope: Scope = new Map(runScope);
      fixtures[name] = { name, title: f.title, loc, steps: readSteps(r, f.steps, ['fixtures', name, 'steps'], contract, scope) };
      // What a fixture saves, cases read as ${fixture.name}.
      for (const [k, v] of scope) if (!runScope.has(k)) caseScope.set(`${name}.${k}`, v);
    }
  }

  for (const { r, data } of readers) {
    (data.generate as any[] | undefined)?.forEach((g, i) => {
      const loc = r.locOf(['generate', i]);
      if (!contract.operations[g.operation]) return r.problem(r.locOf(['generate', i, 'operation']), `unknown operation "${g.operation}"`);
      g.rules.forEach((rule: string, j: number) => {
        if (!contract.rules[rule]) r.problem(r.locOf(['generate', i, 'rules', j]), `unknown rule "${rule}" (see specs/rules.yaml)`);
      });
      // The valid request every generated input starts from must itself be in contract.
      const before = r.problems.length;
      requestProblemsAt(r, ['generate', i, 'valid'], ['generate', i], contract, g.operation, g.valid, caseScope, false);
      if (r.problems.length > before) return;
      for (const c of generated().expandGenerated(contract, { id: g.id, operation: g.operation, valid: g.valid, rules: g.rules, tags: g.tags ?? [], loc, file: r.file })) {
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
      const steps = readSteps(r, c.steps, [...base, 'steps'], contract, new Map(caseScope));
      const operation = data.operation ?? steps.find((s) => s.kind !== 'use' && 'operation' in s)?.['operation' as never] ?? 'unknown';
      cases.push({ id: c.id, title: c.title, rules: c.rules, basis: c.basis, tags: c.tags ?? [], tolerates: c.tolerates, operation, steps, file: r.file, loc });
    });
  }
  for (const { r } of readers) problems.push(...r.problems);
  // References that cross files: fixture steps used by cases, or named by their checks (step: report.poll).
  const fixtureStep = (ref: string, loc: Loc, what: string): Step | undefined => {
    const { fixture, step } = splitFixtureStep(ref);
    const found = Object.hasOwn(fixtures, fixture) ? fixtures[fixture].steps.find((t) => t.id === step) : undefined;
    if (!Object.hasOwn(fixtures, fixture)) problems.push(`${fmt(loc)}: ${what}unknown fixture "${fixture}"`);
    else if (!found) problems.push(`${fmt(loc)}: ${what}fixture "${fixture}" has no step "${step}"`);
    return found;
  };
  for (const c of cases) {
    for (const { ref, loc, step, check } of fixtureStepRefs(c.steps)) {
      const used = fixtureStep(ref, loc, check ? `check ${check} refers to step "${ref}": ` : '');
      // A use step's checks are checked against the contract here, with the operation of the step it uses.
      if (!check && used && 'operation' in used) problems.push(...checkArgProblems(step.checks, used.operation, contract));
    }
  }
  if (problems.length) throw new CaseFileError(problems);
  return { files, cases, fixtures, inputs };
}

/** The value of a run input given as text (--input NAME=VALUE), or why it cannot be used. */
export function parseRunInput(contract: Contract, input: RunInput, text: string): { value: unknown } | { problem: string } {
  const shape = contract.shapes[input.shape];
  const value = shape?.type === 'integer' ? Number(text) : shape?.type === 'boolean' ? (text === 'true' ? true : text === 'false' ? false : text) : text;
  const wrong = valueProblem(contract, input.shape, value, new Map());
  return wrong ? { problem: `input ${input.name} (${input.member}) is out of contract: ${wrong}` } : { value };
}

function fmt(loc: Loc): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

/** Reports the problems of one request (see requests.ts) at the parameter they concern. */
function requestProblemsAt(r: FileReader, paramsPath: YamlPath, stepPath: YamlPath, contract: Contract, operation: string, params: Record<string, unknown>, scope: Scope, outOfContract: boolean): void {
  for (const p of requestProblems(contract, operation, params, scope, outOfContract)) {
    const loc = p.at === 'key' ? r.keyLoc(paramsPath, p.param!) : p.at === 'value' ? r.locOf([...paramsPath, p.param!]) : r.doc.getIn(paramsPath, true) ? r.locOf(paramsPath) : r.locOf(stepPath);
    r.problem(loc, `${operation} request: ${p.message}`);
  }
}

function readSteps(r: FileReader, raw: any[], base: (string | number)[], contract: Contract, scope: Scope): Step[] {
  const steps: Step[] = [];
  const ids = new Set<string>();
  const allIds = new Set(raw.flatMap((s) => (typeof s?.id === 'string' ? [s.id] : [])));
  raw.forEach((s, i) => {
    const segs = [...base, i];
    const loc = r.locOf(segs);
    const { STEP_KINDS } = schemas();
    const kinds = STEP_KINDS.filter((k) => k in (s ?? {}));
    if (typeof s !== 'object' || s === null || kinds.length !== 1) {
      r.problem(loc, `a step needs exactly one of ${STEP_KINDS.join(', ')}${kinds.length > 1 ? ` (found ${kinds.join(', ')})` : ''}`);
      return;
    }
    const kind = kinds[0];
    const v = validators().steps[kind];
    if (!v(s)) {
      r.ajvProblems(v.errors, segs);
      return;
    }
    if (s.id) {
      if (ids.has(s.id)) r.problem(r.locOf([...segs, 'id']), `step id "${s.id}" is used twice in this case`);
      ids.add(s.id);
    }
    const known = kind !== 'use' && Boolean(contract.operations[s[kind]]);
    if (kind !== 'use' && !known) {
      r.problem(r.locOf([...segs, kind]), `unknown operation "${s[kind]}"${hint(s[kind], Object.keys(contract.operations))}`);
    }
    if (known) {
      // expect: error sends what the contract refuses: its values are not held to the contract.
      const outOfContract = s.outOfContract === true || s.expect === 'error';
      requestProblemsAt(r, [...segs, 'params'], segs, contract, s[kind], s.params ?? {}, scope, outOfContract);
      for (const [name, memberPath] of Object.entries<string>(s.save ?? {})) {
        const op = contract.operations[s[kind]];
        const found = resolvePath((n) => contract.shapes[n], op.output, memberPath, { indexes: true });
        if (!found.ok) r.problem(r.locOf([...segs, 'save', name]), `save ${name}: the ${s[kind]} answer has no ${memberPath}: ${found.problem}`);
        scope.set(name, { shape: found.ok ? found.shapeName : undefined });
      }
    }
    const checks = readChecks(r, s.checks ?? [], [...segs, 'checks'], kind, kind === 'use' ? undefined : s[kind], contract);
    // Checks that name another step must name an earlier one of this list, or a fixture step (a dotted
    // name that is no id here: checked once every file is read; step ids may hold dots too).
    for (const c of checks) {
      const refStep = stepArgOf(c);
      if (refStep !== undefined && !ids.has(refStep) && (allIds.has(refStep) || !refStep.includes('.'))) {
        r.problem(c.loc, `check ${c.name} refers to step "${refStep}", which is not an earlier step of this case`);
      }
    }
    const common = { id: s.id, checks, loc };
    if (kind === 'call') steps.push({ ...common, kind, operation: s.call, params: s.params ?? {}, expect: s.expect ?? 'success', outOfContract: s.outOfContract === true || s.expect === 'error', save: s.save ?? {} });
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
  });
  return steps;
}

/** Arguments, or the operation itself, against the contract (a sort key it has; counts it defines...). */
function contractProblem(def: CheckDefinition, args: unknown, operation: string, contract: Contract): string | undefined {
  const wrong = Object.hasOwn(contract.operations, operation) ? def.validateArgs?.(args as never, operation, contract) : undefined;
  if (!wrong) return undefined;
  return def.args ? `bad arguments for check ${def.name}: ${wrong}` : `check ${def.name} cannot run here: ${wrong}`;
}

/** The checks of a use step, against the operation of the fixture step it uses (known once every file is read). */
function checkArgProblems(checks: CheckUse[], operation: string, contract: Contract): string[] {
  return checks.flatMap((u) => {
    const def = getCheck(u.name);
    const wrong = def ? contractProblem(def, u.args, operation, contract) : undefined;
    return wrong ? [`${fmt(u.loc)}: ${wrong}`] : [];
  });
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
      if (!v) argValidators.set(name, (v = ajv().compile(def.args)));
      if (args === undefined || !v(args)) {
        const why = args === undefined ? 'it needs arguments' : (v.errors ?? []).map((e) => `${e.instancePath || 'argument'} ${e.message}`).join('; ');
        r.problem(loc, `bad arguments for check ${name}: ${why} (example: ${exampleOf(def, contract) ?? name})`);
        return;
      }
    } else if (args !== undefined && args !== null) {
      r.problem(loc, `check ${name} takes no arguments`);
      return;
    }
    const wrong = operation ? contractProblem(def, args, operation, contract) : undefined;
    if (wrong) {
      r.problem(loc, wrong);
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
