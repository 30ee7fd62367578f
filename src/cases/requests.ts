// Case requests are validated against the contract, as Smithy validates a protocol test's params against its
// operation's input: every parameter must be a member of the input, and (unless the step says the request is
// out of contract on purpose) every value must fit its member's shape and every required member be there.
// ${...} values are checked once rendered when they are known at load (repeat(...)), otherwise by the type of
// what they refer to (the shape of a saved member, of a declared run input).
import type { Contract, Shape } from '../contract';
import { validateShape } from '../contract/validate';
import { hint } from '../contract/source';
import { MissingVariable, referencesIn, render } from './templates';
import type { RunSettings } from '../runner/session';

/** What the loader knows about a variable before the run: the shape its values have. */
export interface VarInfo {
  /** Shape name; undefined when the type is not known before the run (run settings). */
  shape?: string;
}

/** Variables in scope for a step: name (as written inside ${...}) -> what is known of it. */
export type Scope = Map<string, VarInfo>;

export interface RequestProblem {
  /** The parameter concerned (undefined: the request as a whole). */
  param?: string;
  /** Locate at the parameter's key (a name problem) or its value. */
  at: 'key' | 'value' | 'params';
  message: string;
}

// Run settings a case may read as ${run.NAME}; their values are known only when the run starts.
const RUN_SETTINGS = ['pollBudgetMs', 'pollIntervalMs', 'pollMaxIntervalMs', 'maxPages', 'runBudgetMs', 'lenientWire'] as const satisfies readonly Exclude<keyof RunSettings, 'inputs'>[];

/** Why a variable cannot be resolved in this scope (undefined: it can). */
function unknownVariable(name: string, scope: Scope): string | undefined {
  if (scope.has(name) || RUN_SETTINGS.some((s) => name === `run.${s}`)) return undefined;
  return `unknown variable \${${name}}${hint(name, [...scope.keys(), ...RUN_SETTINGS.map((s) => `run.${s}`)])}`;
}

const kindOf = (s: Shape | undefined) => s?.type;

/** Why `value` cannot be a value of shape `shapeName`, or undefined when it fits (or cannot be known before the run). */
export function valueProblem(contract: Contract, shapeName: string, value: unknown, scope: Scope): string | undefined {
  const target = contract.shapes[shapeName];
  if (typeof value === 'string') {
    const refs = referencesIn(value);
    if (refs.length) {
      let rendered: unknown;
      try {
        rendered = render(value, {});
      } catch (e) {
        if (!(e instanceof MissingVariable)) throw e;
        // Known only at run time: judge by the type of what it refers to.
        const [only] = refs;
        if (refs.length === 1 && only.whole && only.variable && only.expression === only.variable) {
          const from = scope.get(only.variable)?.shape;
          if (from && from !== shapeName && kindOf(contract.shapes[from]) !== kindOf(target)) {
            return `\${${only.variable}} is a ${kindOf(contract.shapes[from])} (${from}), the member takes a ${kindOf(target)} (${shapeName})`;
          }
          return undefined;
        }
        return target?.type === 'string' || target?.type === 'timestamp' ? undefined : `a text with \${...} in it, but the member takes a ${target?.type} (${shapeName})`;
      }
      return describeViolations(contract, shapeName, rendered);
    }
  }
  return describeViolations(contract, shapeName, value);
}

function describeViolations(contract: Contract, shapeName: string, value: unknown): string | undefined {
  const violations = validateShape(contract, shapeName, value);
  if (!violations.length) return undefined;
  const shape = contract.shapes[shapeName];
  const enumHint = shape?.type === 'string' && shape.enum && typeof value === 'string' ? hint(value, shape.enum).replace(/ \(expected one of .*\)$/, '') : '';
  return `${violations.map((v) => `expected ${v.expected}, got ${v.actual}`).join('; ')} (${shapeName})${enumHint}`;
}

/**
 * Every problem of a request to `operation`. Names are always checked (a typo in a name makes a case test
 * something else, in or out of contract); values and required members only when `outOfContract` is false.
 */
export function requestProblems(contract: Contract, operation: string, params: Record<string, unknown>, scope: Scope, outOfContract: boolean): RequestProblem[] {
  const op = contract.operations[operation];
  const input = op ? contract.shapes[op.input] : undefined;
  if (!input || input.type !== 'structure') return [];
  const out: RequestProblem[] = [];
  const members = Object.keys(input.members);
  for (const [name, value] of Object.entries(params)) {
    const ref = input.members[name];
    if (!ref) {
      out.push({ param: name, at: 'key', message: `${op.input} has no member ${name}${hint(name, members)}` });
      continue;
    }
    const unknown = typeof value === 'string' ? referencesIn(value).map((r) => r.variable && unknownVariable(r.variable, scope)).find(Boolean) : undefined;
    if (unknown) {
      out.push({ param: name, at: 'value', message: `${name}: ${unknown}` });
      continue;
    }
    if (outOfContract) continue;
    const problem = valueProblem(contract, ref.shape, value, scope);
    if (problem) out.push({ param: name, at: 'value', message: `${name} is out of contract: ${problem}; a step that sends it on purpose says expect: error or outOfContract: true` });
  }
  if (!outOfContract) {
    for (const [name, ref] of Object.entries(input.members)) {
      if (ref.required && !Object.hasOwn(params, name)) out.push({ at: 'params', message: `${op.input}.${name} is required and missing; a step that leaves it out on purpose says expect: error or outOfContract: true` });
    }
  }
  return out;
}
