// The JSON Schemas the suite compiles are valid against their meta-schemas: those generated from the
// contract (draft 2020-12), and those of case files, check arguments and expectation files (draft-07).
// The validators skip this check at run time (each meta-schema compile costs 15-45 ms per run).
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { loadContract } from '../../src/contract';
import { shapeToJsonSchema } from '../../src/contract/schema';
import { caseFileSchema, stepSchemas } from '../../src/cases/schema';
import { specFileSchema } from '../../src/contract/spec-schema';
import { allChecks } from '../../src/checks/registry';
import { expectationFileSchema } from '../../src/expectations/expectations';

const contract = loadContract();
const checker = new Ajv2020({ strict: true, unicodeRegExp: true });
addFormats(checker, ['date-time']);

test.each(Object.keys(contract.shapes))('the schema of shape %s is a valid 2020-12 schema', (name) => {
  const schema = shapeToJsonSchema(contract, name);
  expect(checker.validateSchema(schema) ? [] : checker.errors).toEqual([]);
});

test('the meta-schema check is not a rubber stamp: a malformed schema is refused', () => {
  const broken = { ...shapeToJsonSchema(contract, Object.keys(contract.shapes)[0]), minLength: -1, required: 'JobId' };
  expect(checker.validateSchema(broken)).toBe(false);
});

describe('the schemas the case and expectation loaders compile are valid draft-07 schemas', () => {
  const draft7 = new Ajv({ strict: false });
  const schemas: [string, object][] = [
    ['case file (loose)', caseFileSchema(false)],
    ['case file (published, strict)', caseFileSchema(true)],
    ...Object.entries(stepSchemas(false)).map(([kind, s]) => [`step "${kind}"`, s] as [string, object]),
    ...allChecks().filter((c) => c.args).map((c) => [`arguments of check ${c.name}`, c.args!] as [string, object]),
    ['expectations file', expectationFileSchema],
    ['contract file (specs/*.yaml)', specFileSchema()],
  ];
  test.each(schemas)('%s', (_name, schema) => {
    expect(draft7.validateSchema(schema) ? [] : draft7.errors).toEqual([]);
  });
  test('a malformed one is refused', () => {
    expect(draft7.validateSchema({ ...caseFileSchema(false), type: 'no-such-type' })).toBe(false);
  });
});
