// The JSON Schemas generated from the contract are valid draft 2020-12 schemas. The validators skip this
// meta-schema check at run time (it costs a compile of the meta-schema on every run), so it is made here.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { loadContract } from '../../src/contract';
import { shapeToJsonSchema } from '../../src/contract/schema';

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
