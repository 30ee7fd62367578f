// The contract in specs/ agrees with the model @aws-sdk/client-iam was generated from; and the
// comparison is real: each kind of drift, planted in a copy of the contract, is reported.
import { Contract, loadContract, type Shape } from '../../src/contract';
import { compareWithSdk } from './sdk-schema';

const contract = loadContract();

function altered(change: (shapes: Record<string, any>, ops: Record<string, any>) => void): Contract {
  const shapes = structuredClone(contract.shapes) as Record<string, Shape>;
  const operations = structuredClone(contract.operations);
  change(shapes, operations);
  return new Contract(contract.service, operations, shapes, contract.rules);
}

test('the contract matches the SDK: members, required flags, scalar kinds, enums and errors', () => {
  expect(compareWithSdk(contract)).toEqual([]);
});

test.each<[string, (s: Record<string, any>, o: Record<string, any>) => void, RegExp]>([
  ['a member dropped', (s) => delete s.AccessDetail.members.Region, /AccessDetail\.Region: in the SDK, not in the contract/],
  ['a member invented', (s) => (s.GetOrganizationsAccessReportResponse.members.JobType = { shape: 'stringType' }), /JobType: in the contract, not in the SDK/],
  ['a required flag flipped', (s) => (s.GetOrganizationsAccessReportRequest.members.JobId.required = false), /JobId: required false in the contract, true in the SDK/],
  ['a scalar kind changed', (s) => (s.AccessDetail.members.TotalAuthenticatedEntities.shape = 'stringType'), /TotalAuthenticatedEntities: string in the contract, integer in the SDK/],
  ['an enum value changed', (s) => (s.sortKeyType.enum = ['SERVICE_NAMESPACE_ASCENDING', 'SERVICE_NAMESPACE_DESCENDING', 'LAST_AUTHENTICATED_TIME_ASCENDING', 'NAME']), /enum sortKeyType is/],
  ['an error status changed', (s) => (s.NoSuchEntityException.error.httpStatus = 400), /NoSuchEntityException: HTTP 400 in the contract, 404 in the SDK/],
  ['an error code changed', (s) => (s.ReportGenerationLimitExceededException.error.code = 'LimitExceeded'), /code LimitExceeded in the contract, ReportGenerationLimitExceeded/],
  ['a nested member dropped', (s) => delete s.ErrorDetails.members.Code, /ErrorDetails\.Code: in the SDK, not in the contract/],
  ['an unknown operation', (_s, o) => (o.GetReport = { ...o.GetOrganizationsAccessReport, name: 'GetReport' }), /GetReport: the SDK has no such operation/],
])('%s is reported', (_name, change, pattern) => {
  expect(compareWithSdk(altered(change))).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
});
