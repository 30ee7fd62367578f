// Loads the contract (specs/*.yaml) into typed objects. The contract is data: adding an operation means
// adding shapes and an operation entry there, not code here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

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
export const DEFAULT_SPEC_FILE = path.join(PROJECT_ROOT, 'specs', 'iam-organizations-access-report.yaml');
export const DEFAULT_RULES_FILE = path.join(PROJECT_ROOT, 'specs', 'rules.yaml');

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
  /** Shape members whose schema violations break this rule, as "Shape.Member". */
  members?: string[];
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

export class Contract {
  constructor(
    readonly service: ServiceSpec,
    readonly operations: Record<string, OperationSpec>,
    readonly shapes: Record<string, Shape>,
    readonly rules: Record<string, Rule>,
    readonly comparison: ComparisonSpec = { presenceOnly: [] },
    readonly volatile: VolatileSpec = { envelope: [], headers: [], idKinds: {} },
  ) {}

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
    for (const [name, s] of Object.entries(this.shapes)) {
      if (s.type === 'structure' && s.error?.code === code) return { name, trait: s.error };
    }
    return undefined;
  }
}

let cached: Contract | undefined;

/** The project's contract, parsed once per process. */
export function loadContract(specFile = DEFAULT_SPEC_FILE, rulesFile = DEFAULT_RULES_FILE): Contract {
  if (cached && specFile === DEFAULT_SPEC_FILE && rulesFile === DEFAULT_RULES_FILE) return cached;
  const spec = parse(readFileSync(specFile, 'utf8'));
  const rulesDoc = parse(readFileSync(rulesFile, 'utf8'));
  const operations: Record<string, OperationSpec> = {};
  for (const [name, op] of Object.entries<any>(spec.operations)) operations[name] = { name, errors: [], ...op };
  const rules: Record<string, Rule> = {};
  for (const [id, r] of Object.entries<any>(rulesDoc.rules)) rules[id] = { id, testable: r.testable !== false, ...r };
  const contract = new Contract(spec.service, operations, spec.shapes, rules, spec.comparison, spec.volatile);
  if (specFile === DEFAULT_SPEC_FILE && rulesFile === DEFAULT_RULES_FILE) cached = contract;
  return contract;
}
