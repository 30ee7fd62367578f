// The validators the build compiles ahead of time (src/contract/validate.ts, written by scripts/snapshot.ts)
// judge exactly as the ones compiled at run time, and are only ever used for the very schema they came from.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { Contract, loadContract, PROJECT_ROOT, precompiledValidatorsModule, schemaKey, shapeToJsonSchema, validatorFor } from '../../src/contract';
import { SNAPSHOT_DIR } from '../../src/snapshot';
import { readAwsQueryResponse } from '../../src/wire/awsquery';

const contract = loadContract();

/** The generated module's exports, evaluated as if it sat where the build writes it (its requires resolve from there). */
function evaluate(code: string): Record<string, ValidateFunction> {
  const exports: Record<string, ValidateFunction> = {};
  const requireFrom = (id: string) => require(id.startsWith('.') ? path.join(SNAPSHOT_DIR, id) : id);
  new Function('exports', 'require', code)(exports, requireFrom);
  return exports;
}

const precompiled = evaluate(precompiledValidatorsModule(contract));

/** Values of a shape worth judging: the recorded answers' results and, from two of each operation, breaks of every kind. */
function samples(): { shape: string; value: unknown }[] {
  const fixtures = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'recordings', 'reference', 'fixtures.json'), 'utf8')) as { body: string; response: unknown; status: number }[];
  const out: { shape: string; value: unknown }[] = [];
  const broken = new Map<string, number>();
  for (const f of fixtures) {
    if (f.status >= 300 || typeof f.response !== 'string') continue;
    const action = new URLSearchParams(f.body).get('Action')!;
    const view = readAwsQueryResponse(contract, action, f.response);
    if (view.kind !== 'result') continue;
    const shape = contract.operation(action).output;
    out.push({ shape, value: view.result });
    if ((broken.get(action) ?? 0) >= 2) continue;
    broken.set(action, (broken.get(action) ?? 0) + 1);
    for (const b of breaks(view.result)) out.push({ shape, value: b });
  }
  return out;
}

/** Copies of a value with one thing changed at each place: a wrong type, a bad text, a member gone, one too many. */
function* breaks(value: unknown): Generator<unknown> {
  const copy = () => structuredClone(value) as Record<string, unknown>;
  const places: (string | number)[][] = [];
  const walk = (v: unknown, at: (string | number)[]) => {
    if (at.length) places.push(at);
    if (Array.isArray(v)) v.slice(0, 2).forEach((x, i) => walk(x, [...at, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
  };
  walk(value, []);
  for (const at of places) {
    for (const replacement of [42, 'not-a-value \u00e9', '', '2026-13-01T00:00:00Z', null, true, [], {}]) {
      const c = copy();
      let parent: any = c;
      for (const seg of at.slice(0, -1)) parent = parent[seg];
      parent[at[at.length - 1]] = replacement;
      yield c;
    }
    const gone = copy();
    let parent: any = gone;
    for (const seg of at.slice(0, -1)) parent = parent[seg];
    if (Array.isArray(parent)) parent.splice(Number(at[at.length - 1]), 1);
    else delete parent[at[at.length - 1]];
    yield gone;
  }
  yield { ...copy(), NotAMember: 'x' };
}

describe('validators compiled ahead of time', () => {
  it('hold a validator for every shape of the contract', () => {
    for (const name of Object.keys(contract.shapes)) expect(precompiled[schemaKey(shapeToJsonSchema(contract, name))]).toBeInstanceOf(Function);
  });

  it('give the verdict and the errors of the validators compiled at run time, on recorded answers and their breaks', () => {
    const all = samples();
    let failing = 0;
    for (const { shape, value } of all) {
      const ahead = precompiled[schemaKey(shapeToJsonSchema(contract, shape))];
      const now = validatorFor(contract, shape);
      const verdict = now(value);
      expect({ shape, verdict: ahead(value), errors: ahead.errors ?? null }).toEqual({ shape, verdict, errors: now.errors ?? null });
      if (!verdict) failing++;
    }
    // both sides of the comparison are exercised: answers that pass, and many that fail
    expect(all.length - failing).toBeGreaterThan(50);
    expect(failing).toBeGreaterThan(300);
  });

  it('judge date-time as awsQuery writes it, with the same format the run-time validators use', () => {
    const shape = Object.keys(contract.shapes).find((n) => contract.shapes[n].type === 'timestamp')!;
    const ahead = precompiled[schemaKey(shapeToJsonSchema(contract, shape))];
    expect(ahead('2026-12-01T10:00:05Z')).toBe(true);
    expect(ahead('2026-12-01 10:00:05Z')).toBe(false);
    expect(ahead('2026-12-01T10:00:05+0000')).toBe(false);
  });

  it('are used only for a schema identical to the one they were compiled from', () => {
    const changed = structuredClone(contract) as Contract;
    Object.setPrototypeOf(changed, Contract.prototype);
    const name = Object.keys(changed.shapes).find((n) => changed.shapes[n].type === 'string' && (changed.shapes[n] as { pattern?: string }).pattern)!;
    (changed.shapes[name] as { pattern?: string }).pattern = 'x+';
    expect(precompiled[schemaKey(shapeToJsonSchema(changed, name))]).toBeUndefined();
    // the shapes that do not reach the changed one keep their validators
    const untouched = Object.keys(changed.shapes).filter((n) => !JSON.stringify(shapeToJsonSchema(changed, n)).includes(`"${name}"`));
    expect(untouched.length).toBeGreaterThan(5);
    for (const n of untouched) expect(precompiled[schemaKey(shapeToJsonSchema(changed, n))]).toBeInstanceOf(Function);
  });
});
