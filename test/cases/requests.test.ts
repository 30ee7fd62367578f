// Case requests are validated against the contract before anything runs: a parameter that is not an input
// member, or (in a request that is not out of contract on purpose) a value that does not fit its shape, is
// an error with file:line:col. Deliberately bad inputs (expect: error, outOfContract: true) stay allowed.
import path from 'node:path';
import { Contract, loadContract, PROJECT_ROOT } from '../../src/contract';
import { requestProblems } from '../../src/cases/requests';
import { loadCases } from '../../src/cases/loader';
import { caseFileProblems } from '../support/case-files';

const contract = loadContract();

/** Problems of an inline case file loaded with the project's fixtures (and its inputs). */
const problemsOf = (text: string) => caseFileProblems({ 'a.yaml': text }, { withFixtures: true });

const one = (step: string) => `cases:
  - id: one
    title: A case
    rules: [R3]
    basis: model
    steps:
${step}`;

const refused: [string, string, RegExp][] = [
  ['a parameter name typo (MaxItem)', '      - walk: GetOrganizationsAccessReport\n        params: { JobId: "${report.JobId}", MaxItem: 7 }\n',
    /^a\.yaml:8:45: GetOrganizationsAccessReport request: GetOrganizationsAccessReportRequest has no member MaxItem \(did you mean MaxItems\?\)$/],
  ['a name typo even in an error case', '      - call: GetOrganizationsAccessReport\n        params: { JobId: "${report.JobId}", maxitems: 0 }\n        expect: error\n',
    /^a\.yaml:8:45: GetOrganizationsAccessReport request: GetOrganizationsAccessReportRequest has no member maxitems \(did you mean MaxItems\?\)$/],
  ['an enum typo in a success case', '      - walk: GetOrganizationsAccessReport\n        params: { JobId: "${report.JobId}", SortKey: LAST_AUTHENTICATED_TIME_DESCENDNG }\n',
    /^a\.yaml:8:54: GetOrganizationsAccessReport request: SortKey is out of contract: expected one of SERVICE_NAMESPACE_ASCENDING, .*, got "LAST_AUTHENTICATED_TIME_DESCENDNG" \(sortKeyType\) \(did you mean LAST_AUTHENTICATED_TIME_DESCENDING\?\); a step that sends it on purpose says expect: error or outOfContract: true$/],
  ['a value above the range', '      - walk: GetOrganizationsAccessReport\n        params: { JobId: "${report.JobId}", MaxItems: 1001 }\n',
    /^a\.yaml:8:55: GetOrganizationsAccessReport request: MaxItems is out of contract: expected <= 1000, got 1001 \(maxItemsType\)/],
  ['a value of the wrong type', '      - walk: GetOrganizationsAccessReport\n        params: { JobId: "${report.JobId}", MaxItems: "ten" }\n',
    /MaxItems is out of contract: expected a integer, got "ten" \(maxItemsType\)/],
  ['a length checked after rendering repeat()', '      - call: GetOrganizationsAccessReport\n        params: { JobId: "${repeat(\\"a\\", 35)}" }\n',
    /^a\.yaml:8:26: GetOrganizationsAccessReport request: JobId is out of contract: expected length >= 36, got length 35: "a+" \(jobIDType\)/],
  ['a pattern', '      - call: GenerateOrganizationsAccessReport\n        params: { EntityPath: "o-A1B2C3D4E5/r-F6G7" }\n',
    /EntityPath is out of contract: expected whole value matching \/.*\/, got "o-A1B2C3D4E5\/r-F6G7" \(organizationsEntityPathType\)/],
  ['a missing required member', '      - walk: GetOrganizationsAccessReport\n        params: { MaxItems: 10 }\n',
    /^a\.yaml:8:17: GetOrganizationsAccessReport request: GetOrganizationsAccessReportRequest\.JobId is required and missing/],
  ['a missing required member without params', '      - call: GenerateOrganizationsAccessReport\n',
    /^a\.yaml:7:9: GenerateOrganizationsAccessReport request: GenerateOrganizationsAccessReportRequest\.EntityPath is required and missing/],
  ['an unknown variable', '      - walk: GetOrganizationsAccessReport\n        params: { JobId: "${report.JobID}" }\n',
    /^a\.yaml:8:26: GetOrganizationsAccessReport request: JobId: unknown variable \$\{report\.JobID\} \(did you mean report\.JobId\?\)$/],
  ['an unknown variable even in an error case', '      - call: GetOrganizationsAccessReport\n        params: { JobId: "${reprt.JobId}x" }\n        expect: error\n',
    /unknown variable \$\{reprt\.JobId\} \(did you mean report\.JobId\?\)$/],
  ['a reference of the wrong type', '      - walk: GetOrganizationsAccessReport\n        params: { JobId: "${report.JobId}", MaxItems: "${report.JobId}" }\n',
    /MaxItems is out of contract: \$\{report\.JobId\} is a string \(jobIDType\), the member takes a integer \(maxItemsType\)/],
  ['text into an integer', '      - walk: GetOrganizationsAccessReport\n        params: { JobId: "${report.JobId}", MaxItems: "1${report.JobId}" }\n',
    /MaxItems is out of contract: a text with \$\{\.\.\.\} in it, but the member takes a integer \(maxItemsType\)/],
  ['an unknown run input', '      - call: GenerateOrganizationsAccessReport\n        params: { EntityPath: "${input.EntityPth}" }\n',
    /unknown variable \$\{input\.EntityPth\} \(did you mean input\.EntityPath\?\)/],
  ['a run setting that does not exist (run inputs replaced ${run.entityPath})', '      - call: GenerateOrganizationsAccessReport\n        params: { EntityPath: "${run.entityPath}" }\n',
    /EntityPath: unknown variable \$\{run\.entityPath\} \(did you mean input\.EntityPath\?\)$/],
  ['a save of a member the answer does not have', '      - call: GenerateOrganizationsAccessReport\n        params: { EntityPath: "${input.EntityPath}" }\n        save: { Id: JobID }\n',
    /^a\.yaml:9:21: save Id: the GenerateOrganizationsAccessReport answer has no JobID: GenerateOrganizationsAccessReportResponse has no member JobID \(did you mean JobId\?\)$/],
  ['a save of a list member without an index', '      - call: GetOrganizationsAccessReport\n        params: { JobId: "${report.JobId}" }\n        save: { First: AccessDetails.ServiceNamespace }\n',
    /save First: the GetOrganizationsAccessReport answer has no AccessDetails\.ServiceNamespace: AccessDetails is a list, it has no member ServiceNamespace \(index it first: \[0\]\)$/],
  ['a save path into an item that does not exist', '      - call: GetOrganizationsAccessReport\n        params: { JobId: "${report.JobId}" }\n        save: { First: "AccessDetails[0].Namespace" }\n',
    /AccessDetail has no member Namespace \(expected one of ServiceName, ServiceNamespace, Region, EntityPath, LastAuthenticatedTime, TotalAuthenticatedEntities\)$/],
];

test.each(refused)('%s is refused with file:line:col', (_name, step, expected) => {
  expect(problemsOf(one(step))).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
});

const allowed: [string, string][] = [
  ['an out-of-contract enum value in an expect: error step', '      - call: GetOrganizationsAccessReport\n        params: { JobId: "${report.JobId}", SortKey: SERVICE_NAME_ASCENDING }\n        expect: error\n'],
  ['a missing required member in an expect: error step', '      - call: GetOrganizationsAccessReport\n        params: {}\n        expect: error\n'],
  ['an out-of-contract value marked outOfContract: true', '      - call: GetOrganizationsAccessReport\n        params: { JobId: "${report.JobId}", MaxItems: 0 }\n        expect: any\n        outOfContract: true\n'],
  ['a saved item member, by path, used later', '      - call: GetOrganizationsAccessReport\n        params: { JobId: "${report.JobId}", MaxItems: 1 }\n        save: { First: "AccessDetails[0].ServiceNamespace", Code: ErrorDetails.Code }\n      - call: GetOrganizationsAccessReport\n        params: { JobId: "${report.JobId}", Marker: "${First}" }\n        expect: any\n'],
  ['a run input', '      - call: GenerateOrganizationsAccessReport\n        params: { EntityPath: "${input.EntityPath}" }\n'],
  ['a run setting', '      - walk: GetOrganizationsAccessReport\n        params: { JobId: "${report.JobId}", MaxItems: "${run.maxPages}" }\n'],
  ['a long literal that fits', '      - call: GetOrganizationsAccessReport\n        params: { JobId: "${repeat(\\"a\\", 36)}" }\n        expect: any\n'],
];

test.each(allowed)('%s is allowed', (_name, step) => {
  expect(problemsOf(one(step))).toEqual([]);
});

test('outOfContract is only a call step\'s', () => {
  expect(problemsOf(one('      - walk: GetOrganizationsAccessReport\n        params: { JobId: "${report.JobId}" }\n        outOfContract: true\n'))).toEqual([expect.stringMatching(/^a\.yaml:9:9: unknown key "outOfContract" in cases\[0\]\.steps\[0\]$/)]);
});

test('the valid request of a generate: block is held to the contract', () => {
  const text = 'generate:\n  - id: gen\n    operation: GetOrganizationsAccessReport\n    valid: { JobID: "${report.JobId}" }\n    rules: [W1]\ncases: []\n';
  expect(problemsOf(text)).toEqual([
    'a.yaml:4:14: GetOrganizationsAccessReport request: GetOrganizationsAccessReportRequest has no member JobID (did you mean JobId?)',
    'a.yaml:4:12: GetOrganizationsAccessReport request: GetOrganizationsAccessReportRequest.JobId is required and missing; a step that leaves it out on purpose says expect: error or outOfContract: true',
  ]);
});

describe('run inputs are declared with the contract member they fill', () => {
  const declare = (body: string) => `inputs:\n${body}cases: []\n`;
  test.each<[string, string, RegExp]>([
    ['an unknown member', '  Arn:\n    member: GenerateOrganizationsAccessReportRequest.Arn\n    default: x\n', /^a\.yaml:3:13: input Arn: GenerateOrganizationsAccessReportRequest has no member Arn/],
    ['an unknown shape', '  Arn:\n    member: GenerateRequest.Arn\n    default: x\n', /^a\.yaml:3:13: input Arn: unknown shape "GenerateRequest"/],
    ['a default out of contract', '  Path:\n    member: GenerateOrganizationsAccessReportRequest.EntityPath\n    default: root\n', /^a\.yaml:4:14: input Path: the default is out of contract: expected length >= 19/],
    ['a name declared twice', '  EntityPath:\n    member: GenerateOrganizationsAccessReportRequest.EntityPath\n    default: o-a1b2c3d4e5/r-f6g7\n', /input "EntityPath" is also declared at /],
  ])('%s is refused', (_name, body, expected) => {
    expect(problemsOf(declare(body))).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  test('an input named like a member of every JavaScript object (constructor) is declared like any other', () => {
    expect(problemsOf(declare('  constructor:\n    member: GenerateOrganizationsAccessReportRequest.EntityPath\n    default: o-a1b2c3d4e5/r-f6g7\n'))).toEqual([]);
  });

  test('the project declares EntityPath, with the reference target\'s root as its default', () => {
    const set = loadCases([path.join(PROJECT_ROOT, 'cases')], contract);
    expect(set.inputs.EntityPath).toMatchObject({ member: 'GenerateOrganizationsAccessReportRequest.EntityPath', shape: 'organizationsEntityPathType', default: 'o-a1b2c3d4e5/r-f6g7' });
  });
});

test('a required member named valueOf (a name every JavaScript object has) is missing when the request lacks it', () => {
  const base = loadContract();
  const request = base.shape('GetOrganizationsAccessReportRequest') as Extract<ReturnType<Contract['shape']>, { type: 'structure' }>;
  const shapes = { ...base.shapes, GetOrganizationsAccessReportRequest: { ...request, members: { ...request.members, valueOf: { shape: 'markerType', required: true } } } };
  const contract = new Contract(base.service, base.operations, shapes, base.rules);
  const problems = requestProblems(contract, 'GetOrganizationsAccessReport', { JobId: 'a'.repeat(36) }, new Map(), false);
  expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^GetOrganizationsAccessReportRequest\.valueOf is required and missing/)]);
});
