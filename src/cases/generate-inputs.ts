// Negative (and boundary) inputs generated from the contract: for every constrained input member of an
// operation, values just outside its constraints, each of which must be refused with a 4xx; and, for read
// operations, the values just inside, which must be accepted. Each input becomes a case of its own, so a
// report says exactly which value a target mishandled.
import type { Contract, Shape } from '../contract';
import { fullMatchPattern } from '../contract';
import type { Case, CheckUse, Loc } from './model';

export interface GenerateBlock {
  id: string;
  operation: string;
  /** A valid request; each generated input changes exactly one member of it. May use ${...} variables. */
  valid: Record<string, unknown>;
  rules: string[];
  tags: string[];
  loc: Loc;
  file: string;
}

interface Input {
  member: string;
  variant: string;
  title: string;
  /** undefined: leave the member out. */
  value: unknown;
  accept: boolean;
}

// Characters tried, in order, to break a pattern (outside printable ASCII, control, punctuation, upper case).
const BREAKERS = ['\u0100', '\u0007', '!', 'A', '.', ' '];
const PAD = ['a', '0', '_', '-', 'm'];

function matches(shape: Shape & { pattern?: string }, value: string): boolean {
  return !shape.pattern || new RegExp(fullMatchPattern(shape.pattern), 'u').test(value);
}

/** The valid starting value of a member: the request's own, else the shape's example, else a padded string. */
function baseValue(block: GenerateBlock, member: string, shape: Shape & { length?: [number, number]; example?: string }): unknown {
  if (Object.hasOwn(block.valid, member)) return block.valid[member];
  if (shape.example !== undefined) return shape.example;
  return 'a'.repeat(shape.length?.[0] ?? 1);
}

/**
 * A value of exactly `length` characters, starting from the base, that still matches the pattern where it
 * can (so it breaks the length alone); where no such value exists (too short for the pattern), the plain cut.
 */
function resize(shape: Shape & { pattern?: string }, base: unknown, length: number, mustMatch: boolean): unknown {
  if (typeof base !== 'string') return undefined;
  const whole = /^\$\{([^}|]+)\}$/.exec(base);
  if (whole) return `\${${whole[1]}|size:${length}:a}`; // resolved at run time: a variable's value is unknown now
  const candidates = PAD.map((c) => (length <= base.length ? base.slice(0, length) : base + c.repeat(length - base.length)));
  return candidates.find((v) => matches(shape, v)) ?? (mustMatch ? undefined : candidates[0]);
}

/** "1 character", "36 characters": titles read as English. */
const characters = (n: number) => `${n} character${n === 1 ? '' : 's'}`;

function inputsFor(contract: Contract, block: GenerateBlock): Input[] {
  const op = contract.operation(block.operation);
  const input = contract.shape(op.input);
  if (input.type !== 'structure') return [];
  const acceptBoundaries = op.kind === 'read'; // accepting a boundary of a job-start operation would start jobs
  const out: Input[] = [];
  for (const [member, ref] of Object.entries(input.members)) {
    const shape = contract.shape(ref.shape);
    if (ref.required) out.push({ member, variant: 'missing', title: `no ${member} (a required member)`, value: undefined, accept: false });
    if (shape.type === 'integer' && shape.range) {
      const [min, max] = shape.range;
      out.push({ member, variant: 'below-range', title: `${member} ${min - 1} (below ${min}..${max})`, value: min - 1, accept: false });
      out.push({ member, variant: 'above-range', title: `${member} ${max + 1} (above ${min}..${max})`, value: max + 1, accept: false });
      out.push({ member, variant: 'not-a-number', title: `${member} "ten" (not an integer)`, value: 'ten', accept: false });
      if (acceptBoundaries) {
        out.push({ member, variant: 'range-min', title: `${member} ${min} (lowest legal value)`, value: min, accept: true });
        out.push({ member, variant: 'range-max', title: `${member} ${max} (highest legal value)`, value: max, accept: true });
      }
    }
    if (shape.type !== 'string') continue;
    const base = baseValue(block, member, shape);
    if (shape.enum) {
      const first = shape.enum[0];
      const misses: [string, string][] = [['lower-case', first.toLowerCase()], ['truncated', first.slice(0, -1)], ['suffixed', `${first}_X`], ['padded', ` ${first}`]];
      for (const [variant, value] of misses) out.push({ member, variant: `enum-${variant}`, title: `${member} "${value}" (near ${first}, not in the enum)`, value, accept: false });
    }
    if (shape.length) {
      const [min, max] = shape.length;
      if (min > 0) {
        const v = min === 1 ? '' : resize(shape, base, min - 1, false);
        if (v !== undefined) out.push({ member, variant: 'too-short', title: `${member} of ${characters(min - 1)} (minimum ${min})`, value: v, accept: false });
      }
      const long = resize(shape, base, max + 1, false);
      if (long !== undefined) out.push({ member, variant: 'too-long', title: `${member} of ${characters(max + 1)} (maximum ${max})`, value: long, accept: false });
      if (acceptBoundaries) {
        for (const [variant, n] of [['length-min', min], ['length-max', max]] as const) {
          const v = resize(shape, base, n, true);
          if (v !== undefined && !(min === max && variant === 'length-max')) out.push({ member, variant, title: `${member} of exactly ${characters(n)}`, value: v, accept: true });
        }
      }
    }
    // A variable's value is unknown until run time: break the shape's example instead.
    const literal = typeof base === 'string' && !base.includes('${') ? base : shape.example;
    if (shape.pattern && literal !== undefined) {
      const broken = BREAKERS.map((c) => literal.slice(0, Math.max(1, literal.length - 1)) + c).find((v) => !matches(shape, v));
      if (broken !== undefined) out.push({ member, variant: 'pattern', title: `${member} ${JSON.stringify(broken)} (outside the pattern)`, value: broken, accept: false });
    }
  }
  return out;
}

function ruleFor(contract: Contract, operation: string, member: string): string | undefined {
  const key = `${contract.operation(operation).input}.${member}`;
  return Object.values(contract.rules).find((r) => r.members?.includes(key))?.id;
}

export function expandGenerated(contract: Contract, block: GenerateBlock): Case[] {
  const op = contract.operation(block.operation);
  return inputsFor(contract, block).map((input) => {
    const params = { ...block.valid };
    if (input.value === undefined) delete params[input.member];
    else params[input.member] = input.value;
    const inputShape = contract.shape(op.input);
    const memberShape = inputShape.type === 'structure' ? contract.shape(inputShape.members[input.member].shape) : undefined;
    // A token only the target mints may be refused when it is one of ours, not when it is the target's own
    // (a value taken from a variable, such as ${report.JobId} at its legal length).
    const ours = !(typeof input.value === 'string' && input.value.startsWith('${'));
    const opaque = ours && memberShape !== undefined && 'opaque' in memberShape && memberShape.opaque === true;
    const check: CheckUse = input.accept
      ? { name: 'accepted-input', args: opaque ? { tolerateRefusal: true } : {}, loc: block.loc }
      : { name: 'client-error', args: undefined, loc: block.loc };
    const rule = ruleFor(contract, block.operation, input.member);
    return {
      id: `${block.id}-${input.member.toLowerCase()}-${input.variant}`,
      title: `${block.operation} with ${input.title} is ${input.accept ? 'accepted' : 'refused with a 4xx'}`,
      rules: [...new Set([...block.rules, ...(rule ? [rule] : [])])],
      basis: `generated from the contract: ${op.input}.${input.member}`,
      tags: [...block.tags, 'generated'],
      tolerates: input.accept && opaque ? `${input.member} is a token only the target mints: a well-formed one of ours may be refused with a 4xx (R7), never a 5xx.` : undefined,
      operation: block.operation,
      steps: [{ kind: 'call', operation: block.operation, params, expect: input.accept ? 'any' : 'error', outOfContract: !input.accept, save: {}, checks: [check], loc: block.loc }],
      file: block.file,
      loc: block.loc,
    };
  });
}
