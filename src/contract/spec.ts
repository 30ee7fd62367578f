// Loads the contract (every specs/*.yaml, merged) into typed objects, validated on load: a JSON Schema per
// file (spec-schema.ts), then cross-references (model-validation.ts); problems name file:line:col. The contract is data: adding an operation means
// adding shapes and an operation entry there, not code here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Origin, RawModel } from './model-validation';
// Needed only to read spec files (a run from the build's snapshot reads none): loaded then.
const specSchema = () => require('./spec-schema') as typeof import('./spec-schema');
const modelValidation = () => require('./model-validation') as typeof import('./model-validation');
import { formatLoc, newAjv, yamlFiles, YamlSource } from './source';
import { keyOf, localPath, portablePath, snapshotted } from '../snapshot';

/** The project folder: the nearest one above this file with our package.json (works from src/ and dist/). */
export const PROJECT_ROOT = findProjectRoot(__dirname);

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      if (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name === 'iam-conformance') return dir;
    } catch {
      // no package.json here
    }
    if (path.dirname(dir) === dir) return path.resolve(from, '..', '..');
  }
}
/** The contract: every *.yaml of this folder, merged. */
export const DEFAULT_SPECS_DIR = path.join(PROJECT_ROOT, 'specs');
/** The rules file of specs/ (loaded with every other file of the folder). */
export const DEFAULT_RULES_FILE = path.join(DEFAULT_SPECS_DIR, 'rules.yaml');

export type ScalarType = 'string' | 'integer' | 'boolean' | 'timestamp';

export interface MemberRef { shape: string; required?: boolean }

export type Shape =
  | { type: 'structure'; members: Record<string, MemberRef>; error?: ErrorTrait }
  | { type: 'list'; member: string }
  | {
      type: ScalarType; length?: [number, number]; range?: [number, number]; pattern?: string; enum?: string[]; format?: string;
      /** A valid value of ours, to derive boundary and negative inputs from. */
      example?: string;
      /** A token only the target can mint (a marker): a well-formed one of ours may be refused. */
      opaque?: boolean;
    };

export interface ErrorTrait { code: string; httpStatus: number; type: 'Sender' | 'Receiver' }

export interface Pagination {
  pageSize: string; defaultPageSize: number; inputToken: string; outputToken: string; truncated: string; items: string;
  /** What identifies an item, as a path inside the item (`ServiceNamespace`, `EntityInfo.Arn`). */
  itemKey: string;
  /** Rules the paging checks report against (see the spec's comments for each role). */
  rules?: PaginationRules;
}
export interface PaginationRules {
  defaultPageSize?: string; pageSize?: string; shortPages?: string; truncation?: string; continuation?: string;
}
/** `by` is a path inside an item. */
export interface SortKeySpec { by: string; order: 'ascending' | 'descending'; compare: 'text' | 'time' }
export interface Sorting {
  /** The request member that picks a sort key; absent for operations with one fixed order (`keys` then has that order). */
  param?: string;
  default: string;
  keys: Record<string, SortKeySpec>;
  rules?: { order?: string; defaultOrder?: string };
}
export interface JobLifecycle {
  status: string; inProgress: string[]; terminal: string[]; failed: string[];
  createdAt: string; completedAt: string;
  /** The member that explains a failed job (its shape's required members must be there). */
  failureDetails: string;
  /** While in progress the completion date must be `absent` (default) or may be either (`optional`). */
  completedAtWhileInProgress?: 'absent' | 'optional';
  /** Output members the model marks required that may be absent while the job is in progress. */
  optionalWhileInProgress?: string[];
  /** Timestamps of the report that cannot be later than its completion: paths from the output (`List[*].Member`). */
  notAfterCompletion?: string[];
  rules?: JobRules;
}
export interface JobRules {
  status?: string; completion?: string; failure?: string;
  completionAfterCreation?: string; creationStable?: string; completionStable?: string; timesBeforeCompletion?: string;
}
/** A count in the output that must equal a number of items of the whole (walked) list. */
export interface CountSpec {
  member: string;
  /** `all` items, or those `without` (or `with`) a member (a path inside the item). */
  count: 'all' | { without: string } | { with: string };
  rule?: string;
}
/** A rule every item (matching `when`) must satisfy. */
export interface ItemRule {
  /** Which items it applies to: those where a member (path) is absent or present; every item when left out. */
  when?: { absent: string } | { present: string };
  /** Apply to the elements of a list inside each item (path) instead of the item itself. */
  each?: string;
  /** Members (paths) that must be absent. */
  absent?: string[];
  /** Members that must be present. */
  present?: string[];
  /** Numeric members that, when present, lie in [min, max] (null: unbounded). */
  range?: Record<string, [number | null, number | null]>;
  rule?: string;
}
export interface OperationSpec {
  name: string; input: string; output: string; errors: string[]; kind: 'read' | 'job-start';
  pagination?: Pagination; job?: JobLifecycle; sorting?: Sorting;
  /** The rule each modelled error is reported against by error-code, by wire code. */
  errorRules?: Record<string, string>;
  /** Counts in the output and the items they count (counts-match-items). */
  counts?: CountSpec[];
  /** What items must satisfy (item-rules). */
  itemRules?: ItemRule[];
}
/** Rules of the protocol, not of one operation, that the generic checks report against. */
export interface ProtocolRules {
  inputConstraints?: string; outputShape?: string; timestamps?: string; wireFormat?: string; sdkAgreement?: string;
}
export interface ServiceSpec {
  name: string; protocol: string; apiVersion: string; xmlNamespace: string; globalEndpoint: string; signingRegion: string;
  rules?: ProtocolRules;
}
export interface Rule {
  id: string; title: string; basis: string; testable: boolean; why?: string;
  /** Shape members whose schema violations break this rule, as "Shape.Member" (absentMembers included). */
  members?: string[];
  /** Members the contract does not have (as written in the spec; also listed in members). */
  absentMembers?: string[];
}

export interface ComparisonSpec {
  /** Members compared for presence only (their values differ between runs of a conforming target). */
  presenceOnly: string[];
}

/** An id of the caller's organization (`volatile.idKinds`), replaced in recordings with --normalize-ids. */
export interface IdKindSpec {
  /** Kept in placeholders (e.g. "o-"). */
  prefix?: string;
  /** Finds an id of this kind in any text, at any length. */
  find: string;
  /** The whole-value pattern of a well-formed id. */
  pattern: string;
}

/** Values that differ from run to run or from account to account, besides the members of `opaque` shapes. */
export interface VolatileSpec {
  /** Protocol elements outside the Result (request ids). */
  envelope: string[];
  /** Response headers (request ids). */
  headers: string[];
  idKinds: Record<string, IdKindSpec>;
}

/** A table by name that finds only its own entries (`toString` is no operation, shape or member). */
function byName<T>(table: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, table);
}

/**
 * The contract's tables as tables of their own names only: names come from case files and from answers,
 * and a plain object would find `constructor` or `toString` in any of them.
 */
function ownNames(c: Pick<Contract, 'operations' | 'shapes' | 'rules'>): Pick<Contract, 'operations' | 'shapes' | 'rules'> {
  const shapes = Object.fromEntries(Object.entries(c.shapes).map(([n, s]) => [n, s.type === 'structure' ? { ...s, members: byName(s.members) } : s]));
  return { operations: byName(c.operations), shapes: byName(shapes), rules: byName(c.rules) };
}

/** Each contract's error shapes by wire code, made on first use (a contract is not changed once loaded). */
const errorShapes = new WeakMap<Contract, Map<string, { name: string; trait: ErrorTrait }>>();

export class Contract {
  constructor(
    readonly service: ServiceSpec,
    readonly operations: Record<string, OperationSpec>,
    readonly shapes: Record<string, Shape>,
    readonly rules: Record<string, Rule>,
    readonly comparison: ComparisonSpec = { presenceOnly: [] },
    readonly volatile: VolatileSpec = { envelope: [], headers: [], idKinds: {} },
    /** The files it was loaded from. */
    readonly files: string[] = [],
  ) {
    Object.assign(this, ownNames(this));
  }

  operation(name: string): OperationSpec {
    const op = this.operations[name];
    if (!op) throw new Error(`unknown operation "${name}" (the contract has: ${Object.keys(this.operations).join(', ')})`);
    return op;
  }

  shape(name: string): Shape {
    const s = this.shapes[name];
    if (!s) throw new Error(`contract refers to an undefined shape "${name}"`);
    return s;
  }

  /** Error shape whose wire code is `code`, if the contract models one. */
  errorByCode(code: string): { name: string; trait: ErrorTrait } | undefined {
    let byCode = errorShapes.get(this);
    if (!byCode) {
      byCode = new Map();
      for (const [name, s] of Object.entries(this.shapes)) {
        if (s.type === 'structure' && s.error && !byCode.has(s.error.code)) byCode.set(s.error.code, { name, trait: s.error });
      }
      errorShapes.set(this, byCode);
    }
    return byCode.get(code);
  }
}

/** A contract file (or several) that cannot be used: every problem, located, all at once. */
export class ContractError extends Error {
  constructor(readonly problems: string[]) {
    super(`${problems.length} problem(s) in the contract:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

// validateSchema off: the schema is ours, checked against its meta-schema by test/contract/spec-validation.test.ts.
// ajv is loaded with the first spec file read: a run from the build's snapshot (src/snapshot) reads none.
let specValidator: ValidateFunction | undefined;
const specFileValidator = () => (specValidator ??= newAjv({ allErrors: true, strict: false, validateSchema: false }).compile(specSchema().specFileSchema()));

/** The contract files a source names: a folder's *.yaml / *.yml (sorted), or the files given. */
export function contractFiles(source: string | string[] = DEFAULT_SPECS_DIR): string[] {
  const { files, missing } = yamlFiles(Array.isArray(source) ? source : [source]);
  if (missing.length) throw new ContractError(missing.map((p) => `${p}: no such file or folder`));
  if (!files.length) throw new ContractError([`${source}: no contract files (*.yaml)`]);
  return files;
}

const cache = new Map<string, Contract>();

/**
 * A contract as the build's snapshot keeps it (its files relative to the project) and as a run gets it
 * back: V8's serialization keeps values, not prototypes, so the class and the own-name tables are given
 * back here (the constructor does not run).
 */
export const CONTRACT_SNAPSHOT = {
  keep: (c: Contract): Contract => ({ ...c, files: c.files.map((f) => portablePath(f, PROJECT_ROOT)) }) as Contract,
  restore: (c: Contract): Contract =>
    Object.assign(Object.setPrototypeOf(c, Contract.prototype) as Contract, ownNames(c), { files: c.files.map((f) => localPath(f, PROJECT_ROOT)) }),
};

/**
 * The contract: every file of specs/ (or of the folder or files given), validated and merged into one.
 * A file may hold any of service, operations, shapes, comparison and rules; a name defined twice is an
 * error. Parsed once per process and source.
 */
export function loadContract(source: string | string[] = DEFAULT_SPECS_DIR): Contract {
  const files = contractFiles(source).map((f) => path.resolve(f));
  const hit = cache.get(files.join('\n'));
  if (hit) return hit;
  // The build read the project's own files already (src/snapshot): the same files and code give that contract.
  const contract = snapshotted('contract', () => keyOf(...files.flatMap((f) => [portablePath(f, PROJECT_ROOT), readFileSync(f)])), () => readContract(source), {
    portable: CONTRACT_SNAPSHOT,
  });
  cache.set(files.join('\n'), contract);
  return contract;
}

/** The contract as text, the same wherever the project is (its files relative to the project's root). */
export function contractFingerprint(contract: Contract): string {
  return JSON.stringify({ ...contract, files: contract.files.map((f) => portablePath(f, PROJECT_ROOT)) });
}

function readContract(source: string | string[]): Contract {
  const files = contractFiles(source).map((f) => path.resolve(f));
  const key = files.join('\n');
  const hit = cache.get(key);
  if (hit) return hit;
  const problems: string[] = [];
  const sources: YamlSource[] = [];
  const validator = specFileValidator();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      problems.push(`${display(file)}: cannot read: ${(e as Error).message}`);
      continue;
    }
    const src = new YamlSource(display(file), text);
    if (src.syntaxErrors.length) {
      problems.push(...src.syntaxErrors);
      continue;
    }
    if (src.data === null || src.data === undefined) continue; // an empty file holds nothing
    if (!validator(src.data)) {
      problems.push(...schemaProblems(src, validator.errors ?? []));
      continue;
    }
    sources.push(src);
  }
  if (problems.length) throw new ContractError(problems);

  // Merge, keeping where each name was defined.
  // Tables of their own names only: a shape may be called constructor, and toString is no shape.
  const raw: RawModel = { operations: byName({}), shapes: byName({}), rules: byName({}), presenceOnly: [], idKinds: byName({}) };
  const volatile: VolatileSpec = { envelope: [], headers: [], idKinds: {} };
  let service: { spec: ServiceSpec; origin: Origin } | undefined;
  for (const src of sources) {
    const data = src.data as any;
    if (data.service) {
      if (!service) service = { spec: data.service, origin: { source: src, path: ['service'] } };
      else if (JSON.stringify(service.spec) !== JSON.stringify(data.service)) {
        problems.push(`${formatLoc(src.locOf(['service']))}: service differs from the one at ${formatLoc(service.origin.source.locOf(['service']))}; files that repeat it must repeat it exactly`);
      }
    }
    for (const section of ['operations', 'shapes', 'rules'] as const) {
      for (const [name, spec] of Object.entries<any>(data[section] ?? {})) {
        const prior = raw[section][name];
        const here = src.keyLoc([section], name);
        if (prior) problems.push(`${formatLoc(here)}: ${section.replace(/s$/, '')} ${name} is also defined at ${formatLoc(prior.origin.source.keyLoc([section], name))}`);
        else raw[section][name] = { spec, origin: { source: src, path: [section, name] } };
      }
    }
    (data.comparison?.presenceOnly ?? []).forEach((member: string, i: number) => raw.presenceOnly.push({ member, origin: { source: src, path: ['comparison', 'presenceOnly', i] } }));
    // volatile: the lists add up; an id kind is defined once.
    for (const k of ['envelope', 'headers'] as const) for (const v of data.volatile?.[k] ?? []) if (!volatile[k].includes(v)) volatile[k].push(v);
    for (const [name, spec] of Object.entries<any>(data.volatile?.idKinds ?? {})) {
      const prior = raw.idKinds[name];
      const here = src.keyLoc(['volatile', 'idKinds'], name);
      if (prior) problems.push(`${formatLoc(here)}: volatile id kind ${name} is also defined at ${formatLoc(prior.origin.source.keyLoc(['volatile', 'idKinds'], name))}`);
      else {
        raw.idKinds[name] = { spec, origin: { source: src, path: ['volatile', 'idKinds', name] } };
        volatile.idKinds[name] = spec;
      }
    }
  }
  if (!service) problems.push(`${files.map(display).join(', ')}: no file defines service: (name, protocol, apiVersion, xmlNamespace, globalEndpoint, signingRegion)`);
  raw.service = service;
  problems.push(...modelValidation().validateModel(raw));
  if (problems.length) throw new ContractError(problems);

  const operations: Record<string, OperationSpec> = {};
  for (const [name, { spec }] of Object.entries(raw.operations)) operations[name] = { ...(spec as Omit<OperationSpec, "name">), errors: spec.errors ?? [], name };
  const shapes: Record<string, Shape> = {};
  for (const [name, { spec }] of Object.entries(raw.shapes)) shapes[name] = spec;
  const rules: Record<string, Rule> = {};
  for (const [id, { spec }] of Object.entries<any>(raw.rules)) {
    // A member that must be absent is attributed to its rule like any other member.
    rules[id] = { id, ...spec, testable: spec.testable !== false, members: [...(spec.members ?? []), ...(spec.absentMembers ?? [])] };
    if (!rules[id].members!.length) delete rules[id].members;
  }
  const presenceOnly = [...new Set(raw.presenceOnly.map((p) => p.member))];
  const contract = new Contract(service!.spec, operations, shapes, rules, { presenceOnly }, volatile, files);
  cache.set(key, contract);
  return contract;
}

function display(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function schemaProblems(src: YamlSource, errors: ErrorObject[]): string[] {
  const out: string[] = [];
  for (const e of errors) {
    if (e.keyword === 'if') continue; // the failing branch reports the real error
    const segs = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const where = segs.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '') || 'the file';
    const p = e.params as Record<string, any>;
    if (e.keyword === 'additionalProperties') {
      out.push(`${formatLoc(src.keyLoc(segs, p.additionalProperty))}: unknown key "${p.additionalProperty}" in ${where}`);
    } else if (e.keyword === 'required') out.push(`${formatLoc(src.locOf(segs))}: missing "${p.missingProperty}" in ${where}`);
    else if (e.keyword === 'enum') out.push(`${formatLoc(src.locOf(segs))}: ${where} must be one of ${p.allowedValues.join(', ')}`);
    else if (e.keyword === 'propertyNames') out.push(`${formatLoc(src.keyLoc(segs, p.propertyName))}: "${p.propertyName}" is not a valid name in ${where}`);
    else if (e.keyword === 'pattern' && e.propertyName === undefined) out.push(`${formatLoc(src.locOf(segs))}: ${where} must match ${p.pattern}`);
    else if (e.propertyName !== undefined) continue; // reported by propertyNames
    else out.push(`${formatLoc(src.locOf(segs))}: ${where} ${e.message}`);
  }
  return [...new Set(out)];
}
