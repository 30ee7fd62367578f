// awsQuery timestamps are RFC 3339 date-time as the protocol writes them; ajv-formats' date-time is looser.
import { isAwsQueryDateTime } from '../../src/wire/timestamp';
import { loadContract, validateShape } from '../../src/contract';

const accepted = [
  '2019-06-18T19:47:35.241Z', // the docs' form
  '2026-11-24T10:00:05Z', // no fraction
  '2026-11-24T10:00:05.1Z', '2026-11-24T10:00:05.123456789Z', // any number of fraction digits
  '2019-12-16T22:48:18-01:00', '2019-12-16T22:48:18+05:30', '2026-11-24T11:00:05.000+01:00', // offsets (Smithy protocol tests)
  '2024-02-29T00:00:00Z', // a leap day
  '2016-12-31T23:59:60Z', // RFC 3339's leap second
];
const refused = [
  '2026-11-24 10:00:05Z', // a space for the T: ajv-formats takes it
  '2026-11-24T10:00:05+0000', // an offset without the colon: ajv-formats takes it
  '2026-11-24t10:00:05z', // lowercase t and z: RFC 3339 allows them, awsQuery never writes them
  '2026-11-24T10:00:05', // no zone
  '2026-11-24 10:00:05', '2026-11-24', '10:00:05Z', '2026-11-24T10:00Z', // not a date-time
  '2026-11-24T10:00:05.Z', '2026-11-24T10:00:05+01', '2026-11-24T10:00:05+1:00', // malformed fraction or offset
  '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-11-24T24:00:00Z', '2026-11-24T10:60:00Z', '2026-11-24T10:00:61Z', '2026-11-24T10:00:00+24:00',
  '1574598005', 'Tue, 24 Nov 2026 10:00:05 GMT', '', ' 2026-11-24T10:00:05Z',
];

test.each(accepted)('%s is an awsQuery date-time', (t) => expect(isAwsQueryDateTime(t)).toBe(true));
test.each(refused)('%j is not an awsQuery date-time', (t) => expect(isAwsQueryDateTime(t)).toBe(false));

test('the response schema uses it for every timestamp member, and says what it expects', () => {
  const contract = loadContract();
  const page = (created: string) => ({ JobStatus: 'IN_PROGRESS', JobCreationDate: created });
  expect(validateShape(contract, 'GetOrganizationsAccessReportResponse', page('2026-11-24T10:00:05+01:00'))).toEqual([]);
  const [v] = validateShape(contract, 'GetOrganizationsAccessReportResponse', page('2026-11-24 10:00:05Z'));
  expect(v).toMatchObject({ path: 'JobCreationDate', keyword: 'format', actual: '"2026-11-24 10:00:05Z"' });
  expect(v.expected).toMatch(/RFC 3339 date-time as awsQuery writes it/);
});
