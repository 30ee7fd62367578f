// Checks on the shape of every answer: did the step get the kind of answer it expected, and does each
// successful response follow the contract's output shape.
import type { Contract } from '../contract';
import { validateShape, type SchemaViolation } from '../contract';
import { resolvePath } from '../contract/paths';
import { hint } from '../contract/source';
import { wireViewOf } from '../wire/awsquery';
import { describeOutcome } from '../transport/exchange';
import type { CheckDefinition, Finding } from './types';
import { pageLabel, show, succeeded, valuesAt } from './util';
import { ruleFor } from './rules';

const outcome: CheckDefinition = {
  name: 'outcome',
  summary: 'The step got the kind of answer it expects: a parsed success, or an error response',
  description:
    'Runs on every step. A `call` with `expect: success` (the default), and every request of a `walk` or `poll`, must get an HTTP 2xx ' +
    'response that the AWS SDK parses. A `call` with `expect: error` must get an HTTP error response. A request with no HTTP response at ' +
    'all (refused, reset, timed out) always fails this check. Its failures count against the rules of the case.',
  rules: [],
  appliesTo: ['call', 'walk', 'poll'],
  auto: () => true,
  evaluate({ contract, observation, step }) {
    const expect = step.kind === 'call' ? step.expect : 'success';
    const findings: Finding[] = [];
    // Reading report data from a job that has not completed proves nothing: say so instead of passing vacuously.
    const job = contract.operations[observation.operation]?.job;
    if (job && observation.kind !== 'poll' && expect === 'success') {
      const x = observation.exchanges[0];
      const status = x && succeeded(x) ? x.output[job.status] : undefined;
      if (status !== undefined && (!job.terminal.includes(status) || job.failed.includes(status))) {
        findings.push({ path: pageLabel(observation, 1), message: `the job is ${status}, so there is no report data to check`, expected: job.terminal.filter((t) => !job.failed.includes(t)).join(' or '), actual: String(status), rule: ruleFor(contract, observation.operation, 'job.status') });
      }
    }
    observation.exchanges.forEach((x, i) => {
      const where = pageLabel(observation, i + 1);
      if (x.transportError) {
        findings.push({ path: where, message: 'no HTTP response', expected: expect === 'error' ? 'an error response' : 'a successful response', actual: x.transportError });
      } else if (expect === 'success' && !succeeded(x)) {
        findings.push({ path: where, message: 'the request failed', expected: 'HTTP 2xx that the SDK parses', actual: describeOutcome(x) });
      } else if (expect === 'error' && succeeded(x)) {
        findings.push({ path: where, message: 'the request was accepted', expected: 'an error response', actual: `HTTP ${x.response?.status ?? '?'} success` });
      }
    });
    return findings;
  },
};

/** Maps "Shape.Member" to the rule that owns it, from the rule catalogue. */
function ruleForMember(contract: Contract, shapeMember: string): string | undefined {
  for (const r of Object.values(contract.rules)) if (r.members?.includes(shapeMember)) return r.id;
  return undefined;
}

/** Resolves a value path such as `List[2].Member` to "ItemShape.Member", the name rules.yaml uses. */
function shapeMemberAt(contract: Contract, rootShape: string, path: string): string | undefined {
  let shapeName = rootShape;
  let last: string | undefined;
  for (const seg of path.split(/\.|(?=\[)/).filter(Boolean)) {
    if (seg.startsWith('[')) continue;
    let shape = contract.shape(shapeName);
    if (shape.type === 'list') {
      shapeName = shape.member;
      shape = contract.shape(shapeName);
    }
    if (shape.type !== 'structure') return last;
    last = `${shapeName}.${seg}`;
    // The name comes from the answer: `toString` is a member no shape has, not Object's method.
    const ref = Object.hasOwn(shape.members, seg) ? shape.members[seg] : undefined;
    if (!ref) return last;
    shapeName = ref.shape;
    const next = contract.shape(shapeName);
    if (next.type === 'list') shapeName = next.member;
  }
  return last;
}

/** A shared wire view (src/wire/awsquery: one per body text) is validated once: validation only reads it. */
const validated = new WeakMap<object, { contract: Contract; shape: string; violations: SchemaViolation[] }>();

function violationsOf(contract: Contract, shapeName: string, result: Record<string, unknown>): SchemaViolation[] {
  let known = validated.get(result);
  if (!known || known.contract !== contract || known.shape !== shapeName) {
    validated.set(result, (known = { contract, shape: shapeName, violations: validateShape(contract, shapeName, result) }));
  }
  return known.violations;
}

const responseSchema: CheckDefinition = {
  name: 'response-schema',
  summary: 'Every successful response follows the output shape: members, types, lengths, ranges, patterns, enums, timestamps',
  description:
    'Runs on every successful response. The raw XML body is read with the contract as a guide and validated with a JSON Schema ' +
    'generated from `specs/` (ajv): required members present, no members the shape does not have, strings within their length and ' +
    'matching their pattern as a whole, integers written as integers and within range, booleans written `true`/`false`, enum values ' +
    'from the enum, timestamps as awsQuery writes them: RFC 3339 date-time with `T`, seconds, an optional fraction and `Z` or a ' +
    '`+hh:mm`/`-hh:mm` offset (a space for `T`, `+0000` or no zone are refused, under the protocol\'s timestamp rule). It reads the ' +
    'raw body because the SDK is lenient (a malformed number becomes NaN, `yes` becomes false). The body must be awsQuery XML with ' +
    'a `<{Operation}Response>` root holding `<{Operation}Result>`. Each other finding names the rule that owns the member ' +
    '(`members:` in specs/rules.yaml), or the output-shape rule. Members the model requires but the docs say are null while a job ' +
    'runs (`job.optionalWhileInProgress`) may be absent from an in-progress answer. With `--wire lenient` (the default against AWS) a ' +
    'member the shape does not have is a warning: reported, without failing the check; everything else still fails it.',
  rules: ['service.outputShape', 'service.timestamps'],
  appliesTo: ['call', 'walk', 'poll'],
  auto: (_s, obs) => obs.exchanges.some((x) => x.response && x.response.status < 300),
  evaluate({ contract, observation, options }) {
    const op = contract.operation(observation.operation);
    const findings: Finding[] = [];
    const job = op.job;
    const shapeRule = ruleFor(contract, op.name, 'service.outputShape');
    const timestampRule = ruleFor(contract, op.name, 'service.timestamps');
    let judged = 0;
    observation.exchanges.forEach((x, i) => {
      if (!x.response || x.response.status >= 300 || x.error?.code) return;
      judged++;
      const where = pageLabel(observation, i + 1);
      const view = wireViewOf(contract, observation.operation, x.response);
      if (view.kind === 'unreadable') {
        findings.push({ path: where, message: 'the body is not an awsQuery XML response', expected: `<${op.name}Response> XML`, actual: view.reason });
        return;
      }
      if (view.kind === 'error') {
        findings.push({ path: where, message: 'an error body came with a success status', expected: `<${op.name}Response>`, actual: `HTTP ${x.response.status} <ErrorResponse> ${view.code ?? ''}` });
        return;
      }
      if (view.root !== `${op.name}Response` || !view.resultElement) {
        findings.push({
          path: where, message: 'the response is not wrapped as awsQuery requires',
          expected: `<${op.name}Response><${op.name}Result>`, actual: `<${view.root}>${view.resultElement ? `<${view.resultElement}>` : ' without a Result element'}`,
        });
        if (!view.resultElement) return;
      }
      const inProgress = job !== undefined && job.inProgress.includes(view.result[job.status] as string);
      for (const v of violationsOf(contract, op.output, view.result)) {
        if (inProgress && v.keyword === 'required' && job!.optionalWhileInProgress?.includes(v.path)) continue;
        const member = shapeMemberAt(contract, op.output, v.path);
        // Lenient (the default against AWS, which adds members over time): a member the shape does not have is reported, not failed.
        const warning = options.lenientWire && v.keyword === 'additionalProperties';
        findings.push({
          ...(warning ? { warning: true } : {}),
          path: `${where}: ${v.path}`, message: warning ? `${v.path} is not a member the contract defines` : `${v.path} breaks the output shape`, expected: v.expected, actual: v.actual,
          rule: v.keyword === 'format' ? timestampRule ?? shapeRule : (member && ruleForMember(contract, member)) ?? shapeRule,
        });
      }
      if (!succeeded(x)) {
        findings.push({ path: where, message: 'the AWS SDK could not parse the response', expected: 'a response the SDK parses', actual: `${x.error?.name}: ${x.error?.message}` });
      }
    });
    if (!judged) return { nothingToJudge: 'no successful answer to read' };
    return findings;
  },
};

const members: CheckDefinition<{ present?: string[]; absent?: string[]; equal?: Record<string, string | number | boolean> }> = {
  name: 'members',
  summary: 'Named output members are present (or absent, or equal to a value) in every successful response of the step',
  description:
    'Arguments: `present` and/or `absent`, lists of output members; a member may be a path, with `[*]` for each element of a list ' +
    '(`Items[*].Member`: in every item). `equal` maps members to the value each must have where it is present. Use it for promises ' +
    'the shape alone does not make, such as a job-start operation returning its job id although the model does not mark it required, ' +
    'an output having no member that a sibling operation has, or a member that echoes the request. An absent member is looked for ' +
    'in the raw XML too: the SDK drops members it does not model.',
  rules: [],
  appliesTo: ['call', 'walk', 'poll'],
  args: {
    type: 'object', additionalProperties: false, minProperties: 1,
    properties: {
      present: { type: 'array', items: { type: 'string' }, minItems: 1 },
      absent: { type: 'array', items: { type: 'string' }, minItems: 1 },
      equal: { type: 'object', minProperties: 1, additionalProperties: { type: ['string', 'number', 'boolean'] } },
    },
  },
  // A misspelt member would make present fail a conforming target and absent pass any: refused at load.
  validateArgs: (args, operation, contract) => {
    const op = contract.operation(operation);
    const lookup = (n: string) => contract.shapes[n];
    const problems: string[] = [];
    for (const [list, paths] of [['present', args.present ?? []], ['equal', Object.keys(args.equal ?? {})]] as const) {
      for (const p of paths) {
        const found = resolvePath(lookup, op.output, p, { indexes: true, each: true });
        if (!found.ok) problems.push(`${list}: ${found.problem}`);
      }
    }
    // absent may name a member this output lacks (a sibling operation's), but one of some shape of the contract.
    const known = [...new Set(Object.values(contract.shapes).flatMap((sh) => (sh.type === 'structure' ? Object.keys(sh.members) : [])))];
    for (const p of args.absent ?? []) {
      if (resolvePath(lookup, op.output, p, { indexes: true, each: true }).ok) continue;
      // The way to the member must be the output's own (a misspelt parent is never present either).
      const dot = p.lastIndexOf('.');
      if (dot > 0) {
        const parent = resolvePath(lookup, op.output, p.slice(0, dot), { indexes: true, each: true });
        if (!parent.ok) problems.push(`absent: ${parent.problem}`);
        else if (parent.shape.type !== 'structure') problems.push(`absent: ${p.slice(0, dot)} is a ${parent.shape.type}, it has no members`);
        if (!parent.ok || parent.shape.type !== 'structure') continue;
      }
      const last = p.slice(dot + 1);
      if (!known.includes(last)) problems.push(`absent: no shape of the contract has a member ${last}${hint(last, known)}`);
    }
    return problems.length ? problems.join('; ') : undefined;
  },
  example: (contract) => {
    const start = Object.values(contract.operations).find((o) => o.kind === 'job-start');
    const out = start && contract.shapes[start.output];
    const first = out?.type === 'structure' ? Object.keys(out.members)[0] : undefined;
    return first && `members: { present: [${first}] }`;
  },
  evaluate({ contract, observation }, args) {
    const findings: Finding[] = [];
    observation.exchanges.forEach((x, i) => {
      if (!succeeded(x)) return;
      const where = pageLabel(observation, i + 1);
      for (const m of args.present ?? []) {
        for (const v of valuesAt(x.output, m)) if (v.value === undefined) findings.push({ path: `${where}: ${v.at}`, message: `${v.at} is missing`, expected: 'present', actual: 'absent' });
      }
      // The wire is checked too: the SDK drops members it does not model (a sibling operation's member, say), the XML keeps them.
      const view = x.response ? wireViewOf(contract, observation.operation, x.response) : undefined;
      const raw = view?.kind === 'result' ? view.result : {};
      for (const m of args.absent ?? []) {
        for (const v of [...valuesAt(x.output, m), ...valuesAt(raw, m)]) {
          if (v.value !== undefined) {
            findings.push({ path: `${where}: ${v.at}`, message: `${v.at} should not be there`, expected: 'absent', actual: show(v.value) });
            break;
          }
        }
      }
      for (const [m, want] of Object.entries(args.equal ?? {})) {
        for (const v of valuesAt(x.output, m)) {
          if (v.value !== undefined && v.value !== want) findings.push({ path: `${where}: ${v.at}`, message: `${v.at} is not ${show(want)}`, expected: show(want), actual: show(v.value) });
        }
      }
    });
    return findings;
  },
};

export const schemaChecks = [outcome, responseSchema, members];
