// Per-target expectations: known gaps of a target (an emulator that lacks an operation, a known bug)
// turned into expected failures, so a CI gate stays green until the target regresses, and says so
// when a gap closes (an unexpected pass).
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import type { CaseResult } from '../runner/results';

export type ExpectedOutcome = 'not-implemented' | 'fail';

export interface Expectation {
  case?: string;
  tag?: string;
  operation?: string;
  outcome: ExpectedOutcome;
  reason: string;
  loc: string;
}

export interface ExpectationFile {
  file: string;
  target: string;
  expectations: Expectation[];
}

export type Verdict = 'pass' | 'fail' | 'expected-failure' | 'unexpected-pass' | 'not-checked';

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
        minProperties: 3, maxProperties: 3,
        properties: {
          case: { type: 'string' }, tag: { type: 'string' }, operation: { type: 'string' },
          outcome: { enum: ['not-implemented', 'fail'] },
          reason: { type: 'string', minLength: 1 },
        },
      },
    },
  },
};
// Compiled on first use: most runs have no expectations file. The schema is checked against its
// meta-schema by test/contract/generated-schemas.test.ts.
let validator: ValidateFunction<any> | undefined;
const validatorOf = () => (validator ??= new Ajv({ allErrors: true, validateSchema: false }).compile<any>(expectationFileSchema));

export function loadExpectations(file: string, known: { caseIds: string[]; tags: string[]; operations: string[] }): ExpectationFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ExpectationFileError(`${file}: cannot read: ${(e as Error).message}`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const at = (path: (string | number)[]) => {
    const node = (path.length ? doc.getIn(path, true) : doc.contents) as { range?: [number] } | undefined;
    const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length) throw new ExpectationFileError(doc.errors.map((e) => `${file}:${e.linePos?.[0].line ?? 1}:${e.linePos?.[0].col ?? 1}: YAML syntax: ${e.message.split('\n')[0]}`).join('\n'));
  const data = doc.toJS();
  const validate = validatorOf();
  if (!validate(data)) {
    throw new ExpectationFileError((validate.errors ?? []).map((e) => {
      const segs = e.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const what = e.keyword === 'minProperties' || e.keyword === 'maxProperties' ? 'each expectation names exactly one of case, tag or operation, plus outcome and reason' : e.message;
      return `${at(segs)}: ${what}`;
    }).join('\n'));
  }
  const problems: string[] = [];
  const expectations = (data.expectations as Omit<Expectation, 'loc'>[]).map((x, i) => {
    const loc = at(['expectations', i]);
    if (x.case !== undefined && !known.caseIds.includes(x.case)) problems.push(`${loc}: no case has the id "${x.case}"`);
    if (x.tag !== undefined && !known.tags.includes(x.tag)) problems.push(`${loc}: no case has the tag "${x.tag}"`);
    if (x.operation !== undefined && !known.operations.includes(x.operation)) problems.push(`${loc}: the contract has no operation "${x.operation}"`);
    return { ...x, loc };
  });
  if (problems.length) throw new ExpectationFileError(problems.join('\n'));
  return { file, target: data.target, expectations };
}

/** The most specific expectation for a case: by id, then by tag, then by operation. */
export function expectationFor(result: CaseResult, tags: string[], file: ExpectationFile | undefined): Expectation | undefined {
  if (!file) return undefined;
  const x = file.expectations;
  return x.find((e) => e.case === result.caseId) ?? x.find((e) => e.tag !== undefined && tags.includes(e.tag)) ?? x.find((e) => e.operation !== undefined && result.operations.includes(e.operation));
}

export function verdictOf(result: CaseResult, expectation: Expectation | undefined): Verdict {
  if (result.status === 'not-checked') return 'not-checked'; // no verdict either way
  if (!expectation) return result.status === 'passed' ? 'pass' : 'fail';
  if (result.status === 'passed') return 'unexpected-pass';
  if (expectation.outcome === 'fail') return 'expected-failure';
  // Expected "not implemented", but the operation answered and answered wrongly: that is news.
  return result.status === 'not-implemented' ? 'expected-failure' : 'fail';
}
