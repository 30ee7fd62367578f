// The contract's constraints (lengths, ranges, patterns, enums) and required members must match botocore's
// IAM model, the second parser this project uses. A drift planted on either side must be reported exactly.
import { Contract, loadContract } from '../../src/contract';
import { compareWithBotocore, installedBotocore, type BotocoreModel } from './botocore-model';

const full = loadContract();
const boto = installedBotocore();
// The planted drifts are written for the two Organizations access report operations (other operations share
// jobIDType, maxItemsType, ... and would add lines of their own); the whole contract is compared first.
const ORGANIZATIONS_OPERATIONS = ['GenerateOrganizationsAccessReport', 'GetOrganizationsAccessReport'];
const contract = new Contract(full.service, Object.fromEntries(ORGANIZATIONS_OPERATIONS.map((n) => [n, full.operations[n]])), full.shapes, full.rules, full.comparison);

type Shapes = Record<string, any>;
function altered(change: (shapes: Shapes) => void, base: Contract = contract): Contract {
  const shapes = structuredClone(base.shapes) as Shapes;
  change(shapes);
  return new Contract(base.service, base.operations, shapes, base.rules, base.comparison);
}
function doctored(change: (shapes: Record<string, any>) => void): BotocoreModel {
  const shapes = structuredClone(boto.shapes);
  change(shapes);
  return { ...boto, shapes };
}

test(`the contract's lengths, ranges, patterns, enums and required members match botocore (installed: ${boto.version})`, () => {
  expect(compareWithBotocore(full, boto)).toEqual([]);
});

test('the comparison reaches every constrained shape of the contract', () => {
  const constrained = Object.entries(full.shapes).filter(([, s]) => 'length' in s || 'range' in s || 'pattern' in s || 'enum' in s).map(([n]) => n).sort();
  const reached: string[] = [];
  for (const name of constrained) {
    const lines = compareWithBotocore(altered((s) => (s[name].enum ? s[name].enum.push('X') : s[name].pattern !== undefined ? (s[name].pattern += 'x') : s[name].length ? (s[name].length = [0, 9999]) : (s[name].range = [-1, 9999])), full), boto);
    if (lines.length) reached.push(name);
  }
  expect(reached).toEqual(constrained);
});

describe('a drift planted in the contract is reported', () => {
  test.each<[string, (s: Shapes) => void, string[]]>([
    ['a length (of a shape two members use)', (s) => (s.jobIDType.length = [36, 37]), [
      'GenerateOrganizationsAccessReportResponse.JobId: length 36..37 in the contract (jobIDType), 36..36 in botocore',
      'GetOrganizationsAccessReportRequest.JobId: length 36..37 in the contract (jobIDType), 36..36 in botocore',
    ]],
    ['a range', (s) => (s.maxItemsType.range = [1, 100]), ['GetOrganizationsAccessReportRequest.MaxItems: range 1..100 in the contract (maxItemsType), 1..1000 in botocore']],
    ['a pattern', (s) => (s.organizationsPolicyIdType.pattern = '^p-[0-9a-z_]{8,128}$'), ['GenerateOrganizationsAccessReportRequest.OrganizationsPolicyId: pattern ^p-[0-9a-z_]{8,128}$ in the contract (organizationsPolicyIdType), ^p-[0-9a-zA-Z_]{8,128}$ in botocore']],
    ['a length dropped', (s) => delete s.serviceNamespaceType.length, ['AccessDetail.ServiceNamespace: length none in the contract (serviceNamespaceType), 1..64 in botocore']],
    ['an enum value', (s) => s.jobStatusType.enum.pop(), ['GetOrganizationsAccessReportResponse.JobStatus: enum [IN_PROGRESS,COMPLETED] in the contract (jobStatusType), [IN_PROGRESS,COMPLETED,FAILED] in botocore']],
    ['a required flag', (s) => (s.ErrorDetails.members.Code.required = false), ['ErrorDetails.Code: optional in the contract, required in botocore']],
  ])('%s', (_name, change, expected) => {
    expect(compareWithBotocore(altered(change), boto)).toEqual(expected);
  });
});

describe('a model change in a botocore upgrade is reported', () => {
  test.each<[string, (s: Record<string, any>) => void, string[]]>([
    ['a longer marker', (s) => (s.markerType.max = 640), [
      'GetOrganizationsAccessReportRequest.Marker: length 1..320 in the contract (markerType), 1..640 in botocore',
      'GetOrganizationsAccessReportResponse.Marker: length 1..320 in the contract (markerType), 1..640 in botocore',
    ]],
    ['a wider page', (s) => (s.maxItemsType.max = 5000), ['GetOrganizationsAccessReportRequest.MaxItems: range 1..1000 in the contract (maxItemsType), 1..5000 in botocore']],
    ['a new pattern', (s) => (s.organizationsPolicyIdType.pattern = '^p-[0-9a-z]{8,128}$'), ['GenerateOrganizationsAccessReportRequest.OrganizationsPolicyId: pattern ^p-[0-9a-zA-Z_]{8,128}$ in the contract (organizationsPolicyIdType), ^p-[0-9a-z]{8,128}$ in botocore']],
    ['a new enum value', (s) => s.sortKeyType.enum.push('SERVICE_NAME_ASCENDING'), ['GetOrganizationsAccessReportRequest.SortKey: enum [SERVICE_NAMESPACE_ASCENDING,SERVICE_NAMESPACE_DESCENDING,LAST_AUTHENTICATED_TIME_ASCENDING,LAST_AUTHENTICATED_TIME_DESCENDING] in the contract (sortKeyType), [SERVICE_NAMESPACE_ASCENDING,SERVICE_NAMESPACE_DESCENDING,LAST_AUTHENTICATED_TIME_ASCENDING,LAST_AUTHENTICATED_TIME_DESCENDING,SERVICE_NAME_ASCENDING] in botocore']],
    ['a new member', (s) => (s.AccessDetail.members.Partition = { shape: 'stringType' }), ['AccessDetail.Partition: in botocore, not in the contract']],
  ])('%s', (_name, change, expected) => {
    expect(compareWithBotocore(contract, doctored(change))).toEqual(expected);
  });
});
