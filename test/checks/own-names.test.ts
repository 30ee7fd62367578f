// Member names in case files are looked up in answers as their own members: `constructor` or `toString`
// (which every JavaScript object has) are in no answer, so `absent` holds and `present` fails.
import { loadContract } from '../../src/contract';
import { valueAtPath } from '../../src/contract/paths';
import { getCheck } from '../../src/checks/registry';
import type { Observation } from '../../src/checks/types';
import type { Exchange } from '../../src/transport/exchange';

const contract = loadContract();
const OP = 'GetOrganizationsAccessReport';
const body = `<${OP}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${OP}Result><JobStatus>IN_PROGRESS</JobStatus>` +
  `<JobCreationDate>2026-12-01T10:00:00Z</JobCreationDate></${OP}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></${OP}Response>`;
const observation: Observation = {
  kind: 'call', operation: OP, params: {}, ended: 'single',
  exchanges: [{ operation: OP, params: {}, durationMs: 1, output: { JobStatus: 'IN_PROGRESS', JobCreationDate: new Date('2026-12-01T10:00:00Z') }, response: { status: 200, headers: { 'content-type': 'text/xml' }, body } } as Exchange],
};
const members = (args: Record<string, unknown>) => getCheck('members')!.evaluate({ contract, observation, step: {} as never, ref: () => observation, options: { lenientWire: false } }, args);

test('absent: constructor and toString are absent from an answer that does not have them', () => {
  expect(members({ absent: ['constructor', 'toString', '__proto__'] })).toEqual([]);
});

test('present: toString is missing from an answer that does not have it (and JobStatus is there)', () => {
  expect(members({ present: ['toString', 'JobStatus'] })).toEqual([expect.objectContaining({ message: 'toString is missing', expected: 'present', actual: 'absent' })]);
});

test('a saved value path finds own members only', () => {
  expect(valueAtPath({ JobId: 'j' }, 'JobId')).toBe('j');
  expect(valueAtPath({ JobId: 'j' }, 'constructor')).toBeUndefined();
  expect(valueAtPath({ JobId: 'j' }, 'toString')).toBeUndefined();
});
