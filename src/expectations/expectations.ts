// Per-target expectations: known gaps of a target (an emulator that lacks an operation, a known bug)
// turned into expected failures, so a CI gate stays green until the target regresses, and says so
// when a gap closes (an unexpected pass).
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { newAjv, yaml, yamlErrorText } from '../contract/source';
import type { CaseResult } from '../runner/results';

/** not-implemented matches only a case that needs an operation the target does not implement; fail only non-conformance. */
export const EXPECTED_OUTCOMES = ['not-implemented', 'fail'] as const;
export type ExpectedOutcome = (typeof EXPECTED_OUTCOMES)[number];

export interface Expectation {
  case?: string;
  tag?: string;
  operation?: string;
  outcome: ExpectedOutcome;
  reason: string;
  /** For not-implemented: a regular expression the target's answer must match (what it must say). */
  answer?: string;
  loc: string;
}

export interface ExpectationFile {
  file: string;
  target: string;
  expectations: Expectation[];
}

export class ExpectationFileError extends Error {}

export const expectationFileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['target', 'expectations'],
  properties: {
    target: { type: 'string', description: 'which target (and version) these expectations describe' },
    expectations: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['outcome', 'reason'],
        properties: {
          case: { type: 'string' }, tag: { type: 'string' }, operation: { type: 'string' },
          outcome: { enum: [...EXPECTED_OUTCOMES], description: 'not-implemented: the target lacks an operation the case needs; fail: the case does not conform' },
          reason: { type: 'string', minLength: 1 },
          answer: { type: 'string', minLength: 1, description: 'with outcome not-implemented: a regular expression the target\'s answer must match' },
        },
      },
    },
  },
};
// Compiled on first use: most runs have no expectations file. The schema is checked against its
// meta-schema by test/contract/generated-schemas.test.ts.
let validator: ValidateFunction<any> | undefined;
const validatorOf = () => (validator ??= newAjv({ allErrors: true, validateSchema: false }).compile<any>(expectationFileSchema));

export function loadExpectations(file: string, known: { caseIds: string[]; tags: string[]; operations: string[] }): ExpectationFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ExpectationFileError(`${file}: cannot read: ${(e as Error).message}`);
  }
  const lines = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: lines });
  const at = (path: (string | number)[]) => {
    const node = (path.length ? doc.getIn(path, true) : doc.contents) as { range?: [number] } | undefined;
    const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length) throw new ExpectationFileError(doc.errors.map((e) => `${file}:${e.linePos?.[0].line ?? 1}:${e.linePos?.[0].col ?? 1}: YAML syntax: ${yamlErrorText(e.message)}`).join('\n'));
  const data = doc.toJS();
  const validate = validatorOf();
  if (!validate(data)) {
    throw new ExpectationFileError((validate.errors ?? []).map((e) => {
      const segs = e.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const what = e.keyword === 'enum' ? `${e.message}: ${(e.params as { allowedValues: string[] }).allowedValues.join(', ')} (not ${JSON.stringify(segs.reduce<any>((v, k) => v?.[k], data))})`
        : e.keyword === 'additionalProperties' ? `unknown key "${(e.params as { additionalProperty: string }).additionalProperty}" (allowed: case, tag or operation; outcome, reason, answer)`
        : e.message;
      return `${at(segs)}: ${what}`;
    }).join('\n'));
  }
  const problems: string[] = [];
  const expectations = (data.expectations as Omit<Expectation, 'loc'>[]).map((x, i) => {
    const loc = at(['expectations', i]);
    const selectors = (['case', 'tag', 'operation'] as const).filter((k) => x[k] !== undefined);
    if (selectors.length !== 1) problems.push(`${loc}: each expectation names exactly one of case, tag or operation (this one: ${selectors.join(', ') || 'none'})`);
    if (x.answer !== undefined) {
      if (x.outcome !== 'not-implemented') problems.push(`${at(['expectations', i, 'answer'])}: answer: pins what a target that does not implement an operation says; it needs outcome: not-implemented`);
      try {
        new RegExp(x.answer);
      } catch (e) {
        problems.push(`${at(['expectations', i, 'answer'])}: answer: is not a regular expression: ${(e as Error).message}`);
      }
    }
    if (x.case !== undefined && !known.caseIds.includes(x.case)) problems.push(`${loc}: no case has the id "${x.case}"`);
    if (x.tag !== undefined && !known.tags.includes(x.tag)) problems.push(`${loc}: no case has the tag "${x.tag}"`);
    if (x.operation !== undefined && !known.operations.includes(x.operation)) problems.push(`${loc}: the contract has no operation "${x.operation}"`);
    return { ...x, loc };
  });
  if (problems.length) throw new ExpectationFileError(problems.join('\n'));
  return { file, target: data.target, expectations };
}

/**
 * The expectation for a case: the most specific entry that concerns it, whatever the order of the file.
 * By case id, then by tag, then by operation. An `operation:` entry with outcome not-implemented concerns
 * every case that needs that operation (its fixtures included); one with outcome fail concerns only the cases
 * that exercise it (`exercised`, the operation of their last step), not every case that sends it on the way.
 * Among entries of the same rank, the one the observed outcome matches wins (a case not implemented because
 * of Generate takes the Generate entry, wherever the Get entry stands).
 */
export function expectationFor(result: CaseResult, tags: string[], file: ExpectationFile | undefined, exercised?: string): Expectation | undefined {
  if (!file) return undefined;
  const x = file.expectations;
  const concerns = (e: Expectation) => e.operation !== undefined
    && (e.outcome === 'not-implemented' ? result.operations.includes(e.operation) || e.operation === exercised : e.operation === (exercised ?? result.operations[result.operations.length - 1]));
  for (const rank of [x.filter((e) => e.case === result.caseId), x.filter((e) => e.tag !== undefined && tags.includes(e.tag)), x.filter(concerns)]) {
    if (rank.length) return rank.find((e) => judgeOutcome(result, e).matched) ?? rank[0];
  }
  return undefined;
}

/** What an expectation makes of a case's outcome: whether it applies (the outcome is the one it describes), and why not. */
export interface ExpectationMatch {
  verdict: 'pass' | 'fail' | 'expected-failure' | 'unexpected-pass' | 'not-checked';
  matched: boolean;
  why?: string;
}

/**
 * The verdict of one case under its expectation. A case that was not checked has no verdict, and no
 * expectation changes that. `not-implemented` matches only a not-implemented case (and its `answer:`
 * pattern, if any); `fail` only non-conformance. An expectation that does not match is news: a failure.
 */
export function judgeOutcome(result: Pick<CaseResult, 'status' | 'notImplemented'>, expectation: Expectation | undefined): ExpectationMatch {
  if (result.status === 'not-checked') return { verdict: 'not-checked', matched: false, why: expectation ? 'the case was not checked: no expectation applies to a case without a verdict' : undefined };
  if (!expectation) return { verdict: result.status === 'passed' ? 'pass' : 'fail', matched: false };
  if (result.status === 'passed') return { verdict: 'unexpected-pass', matched: false, why: 'the case conforms' };
  if (expectation.outcome === 'fail') {
    if (result.status === 'failed') return { verdict: 'expected-failure', matched: true };
    return { verdict: 'fail', matched: false, why: `outcome: fail matches only non-conformance, and the target does not implement ${result.notImplemented?.operation ?? 'an operation the case needs'} (it answered ${result.notImplemented?.answer ?? '?'}): declare outcome: not-implemented` };
  }
  // Expected "not implemented", but the operation answered, and answered wrongly: that is news.
  if (result.status !== 'not-implemented') return { verdict: 'fail', matched: false, why: 'the expectations say the operation is not implemented, but it answered (and the case does not conform)' };
  if (expectation.operation !== undefined && result.notImplemented && result.notImplemented.operation !== expectation.operation) {
    return { verdict: 'fail', matched: false, why: `the expectation is for ${expectation.operation}, and the operation this target does not implement is ${result.notImplemented.operation}` };
  }
  if (expectation.answer !== undefined && !new RegExp(expectation.answer).test(result.notImplemented?.answer ?? '')) {
    return { verdict: 'fail', matched: false, why: `the target answered ${result.notImplemented?.answer ?? '?'}, which does not match answer: /${expectation.answer}/` };
  }
  return { verdict: 'expected-failure', matched: true };
}
