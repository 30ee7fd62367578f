// The JSON Schema of case files. The loader validates with it (structure), then checks names, arguments,
// rule ids and references against the registry and the contract. `npm run generate` publishes the
// strict variant, with each check's arguments, to cases/case-file.schema.json for editors.
import { allChecks } from '../checks/registry';

const identifier = { type: 'string', pattern: '^[a-z0-9][a-z0-9.-]*$' };
const params = { type: 'object', description: 'request parameters; ${...} inserts a variable', additionalProperties: true };
const save = {
  type: 'object', propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
  additionalProperties: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*|\\[[0-9]+\\])*$' },
  description: 'variable name -> member path of the answer: JobId, ErrorDetails.Code, or ServicesLastAccessed[0].ServiceNamespace (the first item\'s member)',
};
const outOfContract = { type: 'boolean', description: 'the request breaks the contract on purpose: its values are not checked against the input shape (expect: error implies it)' };

function checkList(strict: boolean) {
  if (!strict) {
    return { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'object', minProperties: 1, maxProperties: 1 }] } };
  }
  const variants = allChecks().flatMap((c) => {
    const named = { type: 'object', additionalProperties: false, minProperties: 1, maxProperties: 1, properties: { [c.name]: c.args ?? { type: 'null' } }, description: c.summary };
    return c.args ? [named] : [{ const: c.name, description: c.summary }, named];
  });
  return { type: 'array', items: { anyOf: variants } };
}

export const STEP_KINDS = ['call', 'walk', 'poll', 'use'] as const;

/** One schema per step kind; the loader picks the one the step's kind key names, for a readable error. */
export function stepSchemas(strict: boolean): Record<(typeof STEP_KINDS)[number], Record<string, unknown>> {
  const common = { id: identifier, checks: checkList(strict) };
  const call = { type: 'object', additionalProperties: false, required: ['call'], properties: { ...common, call: { type: 'string' }, params, expect: { enum: ['success', 'error', 'any'] }, outOfContract, save } };
  const walk = { type: 'object', additionalProperties: false, required: ['walk'], properties: { ...common, walk: { type: 'string' }, params, maxPages: { type: 'integer', minimum: 1, maximum: 10000 } } };
  const poll = { type: 'object', additionalProperties: false, required: ['poll'], properties: { ...common, poll: { type: 'string' }, params, budgetSeconds: { type: 'number', exclusiveMinimum: 0 }, save, usable: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string' }, description: 'in a fixture: job statuses in which the result can be used (e.g. [COMPLETED]); any other status of the contract leaves the cases that read the fixture not checked' } } };
  const use = { type: 'object', additionalProperties: false, required: ['use'], properties: { ...common, use: { type: 'string', pattern: '^[a-z0-9-]+\\.[a-z0-9-]+$', description: '<fixture>.<step id>' } } };
  return { call, walk, poll, use };
}

function stepSchema(strict: boolean, inFixture: boolean) {
  if (!strict) return { type: 'object' }; // the loader validates each step against its kind's schema
  const s = stepSchemas(true);
  return { oneOf: inFixture ? [s.call, s.walk, s.poll] : [s.call, s.walk, s.poll, s.use] };
}

export function caseFileSchema(strict = false): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://iam-conformance.invalid/case-file.schema.json',
    title: 'iam-conformance case file',
    type: 'object',
    additionalProperties: false,
    required: ['cases'],
    properties: {
      operation: { type: 'string', description: 'the operation the cases are mainly about (JUnit class name)' },
      inputs: {
        type: 'object',
        description: 'values a run is given (--input NAME=VALUE), read as ${input.NAME}; each fits the shape of a contract member',
        propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9]*$' },
        additionalProperties: {
          type: 'object', additionalProperties: false, required: ['member', 'default'],
          properties: {
            member: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*\\.[A-Za-z][A-Za-z0-9_]*$', description: 'Shape.Member whose shape the value must fit' },
            default: { description: 'the value when the run sets none (the reference target\'s)' },
            description: { type: 'string' },
          },
        },
      },
      fixtures: {
        type: 'object',
        description: 'named setups run once per run and shared by every case that uses them',
        additionalProperties: {
          type: 'object', additionalProperties: false, required: ['title', 'steps'],
          properties: { title: { type: 'string' }, steps: { type: 'array', minItems: 1, items: stepSchema(strict, true) } },
        },
        propertyNames: { pattern: '^[a-z0-9-]+$' },
      },
      generate: {
        type: 'array',
        description: 'cases generated from the contract: boundary and out-of-contract values of every constrained input member',
        items: {
          type: 'object', additionalProperties: false, required: ['id', 'operation', 'valid', 'rules'],
          properties: {
            id: identifier,
            operation: { type: 'string' },
            valid: { type: 'object', description: 'a valid request; each generated case changes one member of it' },
            rules: { type: 'array', minItems: 1, items: { type: 'string' } },
            tags: { type: 'array', items: { type: 'string' } },
          },
        },
      },
      cases: {
        type: 'array',
        items: {
          type: 'object', additionalProperties: false, required: ['id', 'title', 'rules', 'basis', 'steps'],
          properties: {
            id: identifier,
            title: { type: 'string', minLength: 1 },
            rules: { type: 'array', minItems: 1, items: { type: 'string' } },
            basis: { type: 'string', minLength: 1, description: 'where the expectation comes from: model, docs, example' },
            tags: { type: 'array', items: { type: 'string' } },
            tolerates: { type: 'string', description: 'legal variations the case accepts, in words' },
            steps: { type: 'array', minItems: 1, items: stepSchema(strict, false) },
          },
        },
      },
    },
  };
}
