// The contract in specs/ must describe the same model as the schemas shipped in @aws-sdk/client-iam (pinned
// 3.1169.0): member names, required flags, scalar kinds, enum values, each listed error's code, HTTP status
// and fault, and which errors each operation documents. When an SDK upgrade changes the model, the first test fails and lists the differences.
// The other tests plant a drift, in a copy of the contract or in a doctored copy of the SDK, and check that
// exactly that drift is reported: a comparison that cannot fail would prove nothing.
import { Contract, loadContract } from '../../src/contract';
import { compareWithSdk, installedSdk, type SdkModel } from './sdk-schema';
import type { Shape } from '../../src/contract';

const full = loadContract();
const sdk = installedSdk();
// The planted drifts below are written for the two Organizations access report operations; the other
// operations of the contract share some of their shapes (jobStatusType, NoSuchEntityException) and would
// add lines of their own. The whole contract is compared in the first test and the enum tests.
const ORGANIZATIONS_OPERATIONS = ['GenerateOrganizationsAccessReport', 'GetOrganizationsAccessReport'];
const contract = new Contract(full.service, Object.fromEntries(ORGANIZATIONS_OPERATIONS.map((n) => [n, full.operations[n]])), full.shapes, full.rules, full.comparison);

// Loose typing on purpose: the alterations below write shapes the Shape union would not allow.
type Shapes = Record<string, any>;
type Operations = Record<string, any>;

function alteredContract(change: (shapes: Shapes, operations: Operations) => void, base: Contract = contract): Contract {
  const shapes = structuredClone(base.shapes) as Shapes;
  const operations = structuredClone(base.operations) as Operations;
  change(shapes, operations);
  return new Contract(contract.service, operations, shapes, contract.rules, contract.comparison);
}

/** The SDK with some exports replaced (schemas hold thunks, so they are copied by hand, not cloned). */
function alteredSdk(overrides: Record<string, unknown>): SdkModel {
  return { exports: { ...sdk.exports, ...overrides }, enumOf: (s, m) => sdk.enumOf(s, m), errorsOf: (op) => sdk.errorsOf(op) };
}

/** An SDK whose operation `op` has its input (4) or output (5) structure replaced by `change(copy)`. */
function withStructure(op: string, side: 4 | 5, change: (schema: any[]) => void): SdkModel {
  const opSchema = [...(sdk.exports[`${op}$`] as unknown[])];
  const schema = [...((opSchema[side] as () => unknown[])())];
  schema[4] = [...(schema[4] as string[])];
  schema[5] = [...(schema[5] as unknown[])];
  change(schema);
  opSchema[side] = () => schema;
  return alteredSdk({ [`${op}$`]: opSchema });
}

function withErrorTraits(error: string, traits: object): SdkModel {
  const schema = [...(sdk.exports[`${error}$`] as unknown[])];
  schema[3] = { ...(schema[3] as object), ...traits };
  return alteredSdk({ [`${error}$`]: schema });
}

/** Lines the planted drift added (any real drift already present is not the planted one's doing). */
const baseline = compareWithSdk(full);
const added = (lines: string[]) => lines.filter((l) => !baseline.includes(l));

test('the contract matches the SDK: members, required flags, scalar kinds, enums and errors', () => {
  expect(compareWithSdk(full)).toEqual([]);
});

// What the schemas leave out is read from the SDK's declarations; make sure that reading works.
test('enum members and operation errors are read from the SDK type declarations', () => {
  expect(sdk.enumOf('GetOrganizationsAccessReportRequest', 'SortKey')).toBe('SortKeyType');
  expect(sdk.enumOf('GetOrganizationsAccessReportResponse', 'JobStatus')).toBe('JobStatusType');
  expect(sdk.enumOf('GetOrganizationsAccessReportRequest', 'Marker')).toBeUndefined();
  expect(sdk.errorsOf('GetUser')).toEqual(['NoSuchEntityException', 'ServiceFailureException']);
  expect(sdk.errorsOf('NoSuchOperation')).toBeUndefined();
});

// Every enum shape of the contract must be reached by the walk, or its values would go unchecked.
const enumShapes = Object.entries(contract.shapes).filter(([, s]) => 'enum' in s && s.enum).map(([name]) => name);
test('the contract has the enum shapes this check was written for', () => {
  // The service last accessed operations (specs/iam-service-last-accessed.yaml) bring two more.
  const lastAccessed = 'GenerateServiceLastAccessedDetails' in full.operations ? ['AccessAdvisorUsageGranularityType', 'policyOwnerEntityType'] : [];
  expect([...enumShapes].sort()).toEqual([...lastAccessed, 'jobStatusType', 'sortKeyType'].sort());
});
test.each(enumShapes)('a value added to enum %s is reported (at every member of the contract that uses it)', (name) => {
  const lines = added(compareWithSdk(alteredContract((s) => s[name].enum.push('NOT_A_VALUE'), full)));
  expect(lines.length).toBeGreaterThan(0);
  expect(lines).toEqual(lines.map(() => expect.stringMatching(new RegExp(`enum value\\(s\\) NOT_A_VALUE in the contract \\(${name}\\)`))));
});

describe('a drift planted in the contract is reported', () => {
  test.each<[string, (s: Shapes, o: Operations) => void, string[]]>([
    ['a member dropped (reached through a list)', (s) => delete s.AccessDetail.members.Region, ['AccessDetail.Region: in the SDK, not in the contract']],
    ['a member invented', (s) => (s.GetOrganizationsAccessReportResponse.members.JobType = { shape: 'stringType' }), ['GetOrganizationsAccessReportResponse.JobType: in the contract, not in the SDK']],
    ['an input member made optional', (s) => (s.GetOrganizationsAccessReportRequest.members.JobId.required = false), ['GetOrganizationsAccessReportRequest.JobId: optional in the contract, required in the SDK']],
    ['an output member made required', (s) => (s.GetOrganizationsAccessReportResponse.members.JobCompletionDate.required = true), ['GetOrganizationsAccessReportResponse.JobCompletionDate: required in the contract, optional in the SDK']],
    ['integer -> string', (s) => (s.AccessDetail.members.TotalAuthenticatedEntities.shape = 'stringType'), ['AccessDetail.TotalAuthenticatedEntities: string in the contract, number in the SDK']],
    ['boolean -> integer', (s) => (s.GetOrganizationsAccessReportResponse.members.IsTruncated.shape = 'integerType'), ['GetOrganizationsAccessReportResponse.IsTruncated: number in the contract, boolean in the SDK']],
    ['timestamp -> string', (s) => (s.GetOrganizationsAccessReportResponse.members.JobCreationDate.shape = 'stringType'), ['GetOrganizationsAccessReportResponse.JobCreationDate: string in the contract, timestamp in the SDK']],
    ['list -> structure', (s) => (s.GetOrganizationsAccessReportResponse.members.AccessDetails.shape = 'AccessDetail'), ['GetOrganizationsAccessReportResponse.AccessDetails: structure in the contract, list in the SDK']],
    ['a list element renamed', (s) => { s.AccessDetailX = s.AccessDetail; s.AccessDetails.member = 'AccessDetailX'; }, ['GetOrganizationsAccessReportResponse.AccessDetails[]: shape AccessDetailX in the contract, AccessDetail in the SDK']],
    ['a nested structure member dropped', (s) => delete s.ErrorDetails.members.Code, ['ErrorDetails.Code: in the SDK, not in the contract']],
    ['a timestamp format changed', (s) => (s.dateType.format = 'epoch-seconds'), [
      'GetOrganizationsAccessReportResponse.JobCreationDate: timestamp format epoch-seconds in the contract, date-time in the SDK',
      'GetOrganizationsAccessReportResponse.JobCompletionDate: timestamp format epoch-seconds in the contract, date-time in the SDK',
      'AccessDetail.LastAuthenticatedTime: timestamp format epoch-seconds in the contract, date-time in the SDK',
    ]],
    ['an enum value changed', (s) => (s.sortKeyType.enum[3] = 'NAME'), [
      'GetOrganizationsAccessReportRequest.SortKey: enum value(s) NAME in the contract (sortKeyType), not in the SDK (SortKeyType)',
      'GetOrganizationsAccessReportRequest.SortKey: enum value(s) LAST_AUTHENTICATED_TIME_DESCENDING in the SDK (SortKeyType), not in the contract (sortKeyType)',
    ]],
    ['an enum value dropped', (s) => s.jobStatusType.enum.pop(), ['GetOrganizationsAccessReportResponse.JobStatus: enum value(s) FAILED in the SDK (JobStatusType), not in the contract (jobStatusType)']],
    ['an enum turned into a plain string', (s) => delete s.sortKeyType.enum, ['GetOrganizationsAccessReportRequest.SortKey: enum SortKeyType in the SDK, no enum in the contract (sortKeyType)']],
    ['a plain string turned into an enum', (s) => (s.ErrorDetails.members.Code.shape = 'jobStatusType'), ['ErrorDetails.Code: enum in the contract (jobStatusType), plain string in the SDK']],
    ['an error status changed', (s) => (s.NoSuchEntityException.error.httpStatus = 400), ['NoSuchEntityException: HTTP 400 in the contract, 404 in the SDK']],
    ['an error code changed', (s) => (s.ReportGenerationLimitExceededException.error.code = 'LimitExceeded'), ['ReportGenerationLimitExceededException: code LimitExceeded in the contract, ReportGenerationLimitExceeded in the SDK']],
    ['an error fault flipped', (s) => (s.NoSuchEntityException.error.type = 'Receiver'), ['NoSuchEntityException: Receiver in the contract, Sender in the SDK']],
    ['an error member dropped', (s) => delete s.NoSuchEntityException.members.message, ['NoSuchEntityException.message: in the SDK, not in the contract']],
    ['an error the SDK does not have', (_s, o) => o.GetOrganizationsAccessReport.errors.push('TeapotException'), [
      'GetOrganizationsAccessReport error TeapotException: not an error schema in the SDK',
      'GetOrganizationsAccessReport: error TeapotException in the contract, not in the SDK',
    ]],
    ['an error dropped from an operation', (_s, o) => (o.GenerateOrganizationsAccessReport.errors = []), ['GenerateOrganizationsAccessReport: error ReportGenerationLimitExceededException in the SDK, not in the contract']],
    ['an operation the SDK does not have', (_s, o) => (o.GetReport = { ...o.GetOrganizationsAccessReport, name: 'GetReport' }), ['GetReport: not an operation in the SDK']],
  ])('%s', (_name, change, expected) => {
    expect(added(compareWithSdk(alteredContract(change)))).toEqual(expected);
  });
});

describe('a model change in an SDK upgrade is reported', () => {
  test.each<[string, () => SdkModel, string[]]>([
    ['a member added', () => withStructure('GetOrganizationsAccessReport', 5, (s) => { s[4].push('JobType'); s[5].push(0); }), ['GetOrganizationsAccessReportResponse.JobType: in the SDK, not in the contract']],
    // Required members lead the list; counting one more makes JobCompletionDate (third) required.
    ['a member made required', () => withStructure('GetOrganizationsAccessReport', 5, (s) => (s[6] = 3)), ['GetOrganizationsAccessReportResponse.JobCompletionDate: optional in the contract, required in the SDK']],
    ['a kind changed', () => withStructure('GenerateOrganizationsAccessReport', 5, (s) => (s[5][0] = 1)), ['GenerateOrganizationsAccessReportResponse.JobId: string in the contract, number in the SDK']],
    ['a string turned into a list of strings', () => withStructure('GetOrganizationsAccessReport', 4, (s) => (s[5][2] = 64 | 0)), ['GetOrganizationsAccessReportRequest.Marker: string in the contract, list in the SDK']],
    ['an enum value added', () => alteredSdk({ JobStatusType: { ...(sdk.exports.JobStatusType as object), CANCELLED: 'CANCELLED' } }), ['GetOrganizationsAccessReportResponse.JobStatus: enum value(s) CANCELLED in the SDK (JobStatusType), not in the contract (jobStatusType)']],
    ['an error status changed', () => withErrorTraits('ReportGenerationLimitExceededException', { awsQueryError: ['ReportGenerationLimitExceeded', 400] }), ['ReportGenerationLimitExceededException: HTTP 409 in the contract, 400 in the SDK']],
    ['an error made a server fault', () => withErrorTraits('NoSuchEntityException', { error: 'server' }), ['NoSuchEntityException: Sender in the contract, Receiver in the SDK']],
    ['an operation removed', () => alteredSdk({ GenerateOrganizationsAccessReport$: undefined }), ['GenerateOrganizationsAccessReport: not an operation in the SDK']],
    ['an error added to an operation', () => ({ ...sdk, errorsOf: (op: string) => [...(sdk.errorsOf(op) ?? []), 'ServiceFailureException'] }), [
      'GenerateOrganizationsAccessReport: error ServiceFailureException in the SDK, not in the contract',
      'GetOrganizationsAccessReport: error ServiceFailureException in the SDK, not in the contract',
    ]],
  ])('%s', (_name, doctored, expected) => {
    expect(added(compareWithSdk(contract, doctored()))).toEqual(expected);
  });

  // Wrappers the schema format allows around a member ([schema, traits], a named simple shape, a thunk) change nothing.
  test('member-trait pairs, simple-shape wrappers and thunks are seen through', () => {
    const doctored = withStructure('GetOrganizationsAccessReport', 4, (s) => {
      s[5][0] = [0, 0b1000]; // JobId marked sensitive
      s[5][1] = [0, 'com.amazonaws.iam', 'maxItemsType', {}, 1];
      s[5][2] = () => 0;
    });
    expect(added(compareWithSdk(contract, doctored))).toEqual([]);
  });
});

// Lengths, ranges and patterns: the JS SDK does not ship them. Its static schemas give a constrained member
// only its kind (JobId is plain 0, MaxItems plain 1, no traits), and the constraints appear only as prose in
// the .d.ts doc comments. They are compared with botocore's model instead (botocore-crosscheck.test.ts).
// This test fails when an SDK upgrade starts shipping them, so the comparison can be extended to the SDK.
test('the SDK schemas carry no length, range or pattern for the contract\'s constrained members (see botocore-crosscheck)', () => {
  const carried: string[] = [];
  for (const op of Object.values(full.operations)) {
    const opSchema = sdk.exports[`${op.name}$`] as unknown[];
    for (const [side, shapeName] of [[4, op.input], [5, op.output]] as const) {
      const struct = (opSchema[side] as () => unknown[])();
      const [, , , , names, schemas] = struct as [number, string, string, unknown, string[], unknown[]];
      const mine = contract.shape(shapeName) as Extract<Shape, { type: 'structure' }>;
      for (const [member, ref] of Object.entries(mine.members)) {
        const target = contract.shape(ref.shape);
        if (!('length' in target || 'range' in target || 'pattern' in target)) continue;
        const schema = schemas[names.indexOf(member)];
        const text = JSON.stringify(typeof schema === 'function' ? schema() : schema);
        if (/length|range|pattern|min|max/i.test(text)) carried.push(`${shapeName}.${member}: ${text}`);
        else expect(typeof (typeof schema === 'function' ? schema() : schema)).toBe('number');
      }
    }
  }
  expect(carried).toEqual([]);
});
