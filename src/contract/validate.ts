// ajv validators generated from the contract, compiled once per shape and reused for every response.
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Contract } from './spec';
import { shapeToJsonSchema } from './schema';

export interface SchemaViolation {
  /** JSON path of the offending value, e.g. `AccessDetails[3].ServiceNamespace`. */
  path: string;
  /** What the contract says. */
  expected: string;
  /** What was there. */
  actual: string;
}

const ajv = new Ajv2020({ allErrors: true, strict: true, unicodeRegExp: true });
addFormats(ajv, ['date-time']);
const compiled = new WeakMap<Contract, Map<string, ValidateFunction>>();

function validatorFor(contract: Contract, shapeName: string): ValidateFunction {
  let perContract = compiled.get(contract);
  if (!perContract) compiled.set(contract, (perContract = new Map()));
  let fn = perContract.get(shapeName);
  if (!fn) {
    fn = ajv.compile(shapeToJsonSchema(contract, shapeName));
    perContract.set(shapeName, fn);
  }
  return fn;
}

export function validateShape(contract: Contract, shapeName: string, value: unknown): SchemaViolation[] {
  const fn = validatorFor(contract, shapeName);
  if (fn(value)) return [];
  return (fn.errors ?? []).filter((e) => e.keyword !== '$ref').map((e) => describe(e, value));
}

function pointerToPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(seg) ? `[${seg}]` : out ? `.${seg}` : seg;
  }
  return out;
}

function valueAt(root: unknown, pointer: string): unknown {
  let cur: any = root;
  for (const raw of pointer.split('/').slice(1)) {
    if (cur == null) return undefined;
    cur = cur[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

function show(v: unknown): string {
  if (v === undefined) return 'absent';
  const s = JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

function describe(e: ErrorObject, root: unknown): SchemaViolation {
  const here = pointerToPath(e.instancePath);
  const actual = valueAt(root, e.instancePath);
  const p = e.params as Record<string, any>;
  const child = (name: string) => (here ? `${here}.${name}` : name);
  switch (e.keyword) {
    case 'required':
      return { path: child(p.missingProperty), expected: 'present (required member)', actual: 'absent' };
    case 'additionalProperties':
      return { path: child(p.additionalProperty), expected: 'no such member in the output shape', actual: `present: ${show((actual as any)?.[p.additionalProperty])}` };
    case 'type':
      return { path: here || '(root)', expected: `a ${p.type}`, actual: show(actual) };
    case 'minLength':
      return { path: here, expected: `length >= ${p.limit}`, actual: `length ${String(actual).length}: ${show(actual)}` };
    case 'maxLength':
      return { path: here, expected: `length <= ${p.limit}`, actual: `length ${String(actual).length}: ${show(actual)}` };
    case 'minimum':
    case 'maximum':
      return { path: here, expected: `${e.keyword === 'minimum' ? '>=' : '<='} ${p.limit}`, actual: show(actual) };
    case 'pattern':
      return { path: here, expected: `whole value matching /${String(p.pattern).replace(/^\^\(\?:|\)\$$/g, '')}/`, actual: show(actual) };
    case 'enum':
      return { path: here, expected: `one of ${(p.allowedValues as string[]).join(', ')}`, actual: show(actual) };
    case 'format':
      return { path: here, expected: `an ISO 8601 ${p.format} (RFC 3339, with time zone)`, actual: show(actual) };
    default:
      return { path: here, expected: e.message ?? e.keyword, actual: show(actual) };
  }
}
