// The contract is validated on load: a typo in specs/ is an error with file:line:col, never a silently
// weaker check. Each test plants one mistake in a copy of the project's specs and expects exactly that
// mistake to be reported, with its location; the project's own specs must load cleanly.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContractError, loadContract, PROJECT_ROOT } from '../../src/contract';

const SPEC = 'iam-organizations-access-report.yaml';
const RULES = 'rules.yaml';

/** A copy of specs/ with text replaced (each `from` must occur) and files added; returns its folder. */
function plant(changes: [file: string, from: string, to: string][] = [], extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'specs-'));
  cpSync(path.join(PROJECT_ROOT, 'specs'), dir, { recursive: true });
  for (const [file, from, to] of changes) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    if (!text.includes(from)) throw new Error(`test setup: "${from}" is not in ${file}`);
    writeFileSync(path.join(dir, file), text.replace(from, () => to));
  }
  for (const [file, text] of Object.entries(extra)) writeFileSync(path.join(dir, file), text);
  return dir;
}

function problemsOf(dir: string): string[] {
  try {
    loadContract(dir);
    return [];
  } catch (e) {
    if (e instanceof ContractError) return e.problems.map((p) => p.replaceAll(`${dir}${path.sep}`, ''));
    throw e;
  }
}

/** The line (1-based) of the first occurrence of `text` in a file of the planted copy. */
function lineOf(dir: string, file: string, text: string): number {
  const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`test setup: "${text}" is not in ${file}`);
  return i + 1;
}

test('the project contract loads from every specs/*.yaml and validates cleanly', () => {
  const c = loadContract();
  const yamlFiles = readdirSync(path.join(PROJECT_ROOT, 'specs')).filter((f) => f.endsWith('.yaml')).sort();
  expect(c.files.map((f) => path.basename(f))).toEqual(yamlFiles);
  expect(yamlFiles).toEqual(expect.arrayContaining([SPEC, RULES]));
  expect(Object.keys(c.operations)).toEqual(expect.arrayContaining(['GenerateOrganizationsAccessReport', 'GetOrganizationsAccessReport']));
  expect(problemsOf(path.join(PROJECT_ROOT, 'specs'))).toEqual([]);
});

// The planted typos of issue 11, and one per validation rule. [name, changes, expected problem (regex)]
const cases: [string, [string, string, string][], RegExp][] = [
  // The four typos the issue planted (each passed validation and made checks pass vacuously before).
  ['itemKey typo', [[SPEC, 'itemKey: ServiceNamespace', 'itemKey: ServiceNamespac']],
    /^iam-organizations-access-report\.yaml:\d+:16: GetOrganizationsAccessReport pagination\.itemKey: AccessDetail has no member ServiceNamespac \(did you mean ServiceNamespace\?\)$/],
  ['items typo', [[SPEC, 'items: AccessDetails', 'items: AccessDetail']],
    /yaml:\d+:14: GetOrganizationsAccessReport pagination\.items: GetOrganizationsAccessReportResponse has no member AccessDetail \(did you mean AccessDetails\?\)$/],
  ['sort key by typo', [[SPEC, 'SERVICE_NAMESPACE_ASCENDING: { by: ServiceNamespace,', 'SERVICE_NAMESPACE_ASCENDING: { by: ServiceNamespac,']],
    /yaml:\d+:\d+: GetOrganizationsAccessReport sorting\.keys\.SERVICE_NAMESPACE_ASCENDING\.by: AccessDetail has no member ServiceNamespac \(did you mean ServiceNamespace\?\)$/],
  ['job status typo', [[SPEC, 'status: JobStatus', 'status: JobStatu']],
    /yaml:\d+:15: GetOrganizationsAccessReport job\.status: GetOrganizationsAccessReportResponse has no member JobStatu \(did you mean JobStatus\?\)$/],

  // Names every JavaScript object has (constructor, toString, valueOf) are no member of a shape.
  ['an itemKey named toString', [[SPEC, 'itemKey: ServiceNamespace', 'itemKey: toString']],
    /^iam-organizations-access-report\.yaml:\d+:16: GetOrganizationsAccessReport pagination\.itemKey: AccessDetail has no member toString/],
  ['a rule member named toString', [[RULES, 'members: [AccessDetail.TotalAuthenticatedEntities]', 'members: [AccessDetail.TotalAuthenticatedEntities, AccessDetail.toString]']],
    /^rules\.yaml:\d+:\d+: rule R\d+ members: AccessDetail has no member toString/],

  // JSON Schema of the file.
  ['a misspelt field', [[SPEC, '      itemKey:', '      itemkey:']], /yaml:\d+:7: unknown key "itemkey" in operations\.GetOrganizationsAccessReport\.pagination$/],
  ['a missing field', [[SPEC, '      defaultPageSize: 100\n', '']], /yaml:\d+:7: missing "defaultPageSize" in operations\.GetOrganizationsAccessReport\.pagination$/],
  ['a value outside an enum', [[SPEC, 'kind: read', 'kind: reed']], /yaml:\d+:11: operations\.GetOrganizationsAccessReport\.kind must be one of read, job-start$/],
  ['a field of another shape type', [[SPEC, '    member: AccessDetail', '    member: AccessDetail\n    length: [1, 2]']], /yaml:\d+:5: unknown key "length" in shapes\.AccessDetails$/],
  ['an unknown shape type', [[SPEC, 'booleanType: { type: boolean }', 'booleanType: { type: bool }']], /yaml:\d+:\d+: shapes\.booleanType\.type must be one of structure, list, string, integer, boolean, timestamp$/],
  ['a rule marked untestable without saying why', [[RULES, '    why: needs controlled traffic in a real organization\n', '']], /^rules\.yaml:\d+:5: missing "why" in rules\.G8$/],
  ['a YAML syntax error', [[SPEC, 'kind: read', 'kind: [read']], /yaml:\d+:\d+: YAML syntax: /],

  // Shape references.
  ['a member of an undefined shape', [[SPEC, 'Region: { shape: stringType }', 'Region: { shape: stringTyp }']], /yaml:\d+:\d+: AccessDetail\.Region: unknown shape "stringTyp" \(did you mean stringType\?\)$/],
  ['a list of an undefined shape', [[SPEC, '    member: AccessDetail', '    member: AccessDetial']], /yaml:\d+:13: AccessDetails: list of unknown shape "AccessDetial" \(did you mean AccessDetail\?\)$/],
  ['an undefined input', [[SPEC, 'input: GetOrganizationsAccessReportRequest', 'input: GetOrganizationsAccessReportRequst']], /yaml:\d+:12: GetOrganizationsAccessReport input: unknown shape "GetOrganizationsAccessReportRequst" \(did you mean GetOrganizationsAccessReportRequest\?\)$/],
  ['an output that is not a structure', [[SPEC, 'output: GetOrganizationsAccessReportResponse', 'output: AccessDetails']], /GetOrganizationsAccessReport output: AccessDetails is a list, not a structure$/],
  ['an error that is not an error shape', [[SPEC, 'errors: [NoSuchEntityException]', 'errors: [ErrorDetails]']], /yaml:\d+:\d+: GetOrganizationsAccessReport error ErrorDetails is not an error shape/],

  // Pagination members and their types.
  ['a page size that is not an integer', [[SPEC, 'pageSize: MaxItems', 'pageSize: Marker']], /pagination\.pageSize: GetOrganizationsAccessReportRequest\.Marker is a string \(markerType\); the page size must be a integer$/],
  ['an input token that is not an input member', [[SPEC, 'inputToken: Marker', 'inputToken: NextToken']], /pagination\.inputToken: GetOrganizationsAccessReportRequest has no member NextToken/],
  ['an input token that is required', [[SPEC, 'inputToken: Marker', 'inputToken: JobId']], /pagination\.inputToken: GetOrganizationsAccessReportRequest\.JobId is required, so the first page could not be asked for without it$/],
  ['an output token that is not a string', [[SPEC, 'outputToken: Marker', 'outputToken: IsTruncated']], /pagination\.outputToken: GetOrganizationsAccessReportResponse\.IsTruncated is a boolean \(booleanType\); the output token must be a string$/],
  ['a truncation flag that is not a boolean', [[SPEC, 'truncated: IsTruncated', 'truncated: Marker']], /pagination\.truncated: GetOrganizationsAccessReportResponse\.Marker is a string \(markerType\); the truncation flag must be a boolean$/],
  ['items that are not a list', [[SPEC, 'items: AccessDetails', 'items: ErrorDetails']], /pagination\.items: GetOrganizationsAccessReportResponse\.ErrorDetails is a structure \(ErrorDetails\); the items must be a list$/],
  ['an item key that is a structure', [[SPEC, '      ServiceName: { shape: serviceNameType, required: true }', '      ServiceName: { shape: serviceNameType, required: true }\n      Info: { shape: ErrorDetails }'], [SPEC, 'itemKey: ServiceNamespace', 'itemKey: Info']], /pagination\.itemKey: AccessDetail\.Info is a structure \(ErrorDetails\); the item key must be a string or integer or timestamp$/],
  ['a default page size outside the range', [[SPEC, 'defaultPageSize: 100', 'defaultPageSize: 1001']], /yaml:\d+:24: GetOrganizationsAccessReport pagination\.defaultPageSize 1001 is outside maxItemsType's range 1\.\.1000$/],

  // Sorting.
  ['a time key on a string member', [[SPEC, 'LAST_AUTHENTICATED_TIME_ASCENDING: { by: LastAuthenticatedTime,', 'LAST_AUTHENTICATED_TIME_ASCENDING: { by: ServiceName,']], /sorting\.keys\.LAST_AUTHENTICATED_TIME_ASCENDING\.by: AccessDetail\.ServiceName is a string \(serviceNameType\); compare: time sorts by must be a timestamp$/],
  ['a text key on a timestamp member', [[SPEC, 'SERVICE_NAMESPACE_DESCENDING: { by: ServiceNamespace,', 'SERVICE_NAMESPACE_DESCENDING: { by: LastAuthenticatedTime,']], /sorting\.keys\.SERVICE_NAMESPACE_DESCENDING\.by: AccessDetail\.LastAuthenticatedTime is a timestamp \(dateType\); compare: text sorts by must be a string$/],
  ['a sort param that is not an input member', [[SPEC, 'param: SortKey', 'param: SortBy']], /sorting\.param: GetOrganizationsAccessReportRequest has no member SortBy/],
  ['a sort param without an enum', [[SPEC, 'param: SortKey', 'param: Marker']], /sorting\.param: GetOrganizationsAccessReportRequest\.Marker \(markerType\) has no enum/],
  ['a sort key that is not an enum value', [[SPEC, 'SERVICE_NAMESPACE_DESCENDING: {', 'SERVICE_NAMESPACE_DESCENDNG: {']], /sorting\.keys: SERVICE_NAMESPACE_DESCENDNG is not a value of sortKeyType's enum \(did you mean SERVICE_NAMESPACE_DESCENDING\?\)$/],
  ['an enum value with no sort key', [[SPEC, 'SERVICE_NAMESPACE_DESCENDING: {', 'SERVICE_NAMESPACE_DESCENDNG: {']], /sorting\.keys: no meaning given for SERVICE_NAMESPACE_DESCENDING of sortKeyType's enum$/],
  ['a default that is not a key', [[SPEC, 'default: SERVICE_NAMESPACE_ASCENDING', 'default: SERVICE_NAMESPACE_ASC']], /sorting\.default: "SERVICE_NAMESPACE_ASC" is not one of the keys/],
  ['sorting without pagination', [[SPEC, '    sorting:\n      param: SortKey', '    sorting:\n      param: SortKey'], [SPEC, 'errors: [ReportGenerationLimitExceededException]', 'errors: [ReportGenerationLimitExceededException]\n    sorting: { param: EntityPath, default: X, keys: { X: { by: EntityPath, order: ascending, compare: text } } }']],
    /GenerateOrganizationsAccessReport sorting needs pagination/],

  // Job lifecycle.
  ['a status that is not an enum value', [[SPEC, 'inProgress: [IN_PROGRESS]', 'inProgress: [IN_PROGRES]']], /yaml:\d+:20: GetOrganizationsAccessReport job\.inProgress: "IN_PROGRES" is not a value of jobStatusType \(did you mean IN_PROGRESS\?\)$/],
  ['a failed status that is not terminal', [[SPEC, 'failed: [FAILED]', 'failed: [IN_PROGRESS]']], /job\.failed: "IN_PROGRESS" is not one of the terminal statuses$/],
  ['a status neither in progress nor terminal', [[SPEC, 'terminal: [COMPLETED, FAILED]', 'terminal: [COMPLETED]'], [SPEC, 'failed: [FAILED]', 'failed: [COMPLETED]']], /job: status FAILED of jobStatusType is neither inProgress nor terminal$/],
  ['a status member without an enum', [[SPEC, 'status: JobStatus', 'status: Marker']], /job\.status: GetOrganizationsAccessReportResponse\.Marker \(markerType\) has no enum/],
  ['a creation date that is not a timestamp', [[SPEC, 'createdAt: JobCreationDate', 'createdAt: JobStatus']], /job\.createdAt: GetOrganizationsAccessReportResponse\.JobStatus is a string \(jobStatusType\); the creation date must be a timestamp$/],
  ['a completion date typo', [[SPEC, 'completedAt: JobCompletionDate', 'completedAt: JobCompletedDate']], /job\.completedAt: GetOrganizationsAccessReportResponse has no member JobCompletedDate \(did you mean JobCompletionDate\?\)$/],
  ['failure details typo', [[SPEC, 'failureDetails: ErrorDetails', 'failureDetails: ErrorDetail']], /job\.failureDetails: GetOrganizationsAccessReportResponse has no member ErrorDetail \(did you mean ErrorDetails\?\)$/],

  // Rule ids and rule members.
  ['an unknown rule id in an operation', [[SPEC, 'defaultOrder: R9', 'defaultOrder: R99']], /yaml:\d+:23: GetOrganizationsAccessReport sorting\.rules\.defaultOrder: unknown rule "R99" \(did you mean R9\?\)/],
  ['a rule naming a member that does not exist', [[RULES, 'members: [GetOrganizationsAccessReportRequest.MaxItems]', 'members: [GetOrganizationsAccessReportRequest.MaxItem]']], /^rules\.yaml:\d+:15: rule R3 members: GetOrganizationsAccessReportRequest has no member MaxItem \(did you mean MaxItems\?\)/],
  ['a rule naming an undefined shape', [[RULES, 'members: [AccessDetail.EntityPath]', 'members: [AccessDetal.EntityPath]']], /rule R16 members: unknown shape "AccessDetal" \(did you mean AccessDetail\?\)$/],
  ['an absent member that the contract has', [[RULES, 'absentMembers: [GetOrganizationsAccessReportResponse.JobType]', 'absentMembers: [GetOrganizationsAccessReportResponse.JobStatus]']], /rule R20 absentMembers: GetOrganizationsAccessReportResponse does have a member JobStatus$/],

  // Comparison.
  ['a presence-only member that does not exist', [[SPEC, 'presenceOnly: [JobCreationDate,', 'presenceOnly: [JobCreatedDate,']], /yaml:\d+:18: comparison\.presenceOnly: no structure of the contract has a member JobCreatedDate/],

  // Scalar constraints.
  ['a length whose minimum is above its maximum', [[SPEC, 'length: [36, 36]', 'length: [37, 36]']], /shape jobIDType: length \[37, 36\]: the minimum is above the maximum$/],
  ['a range whose minimum is above its maximum', [[SPEC, 'range: [1, 1000]', 'range: [1000, 1]']], /shape maxItemsType: range \[1000, 1\]: the minimum is above the maximum$/],
  ['a pattern that is not a regular expression', [[SPEC, "pattern: '[\\w-]*'", "pattern: '[\\w-*'"]], /shape serviceNamespaceType: pattern is not a valid regular expression/],
  ['an example outside its own pattern', [[SPEC, "example: 'p-examplepolicy'", "example: 'p-short'"]], /shape organizationsPolicyIdType: example "p-short" does not match the pattern$/],

  // The fields that drive the checks (issue 12) and normalisation (issue 15): a one-character typo in each
  // is refused, with its location, instead of a check or a recording that silently does less.
  ['a typo in a protocol rule role', [[SPEC, 'inputConstraints: W1', 'inputConstraint: W1']], /yaml:\d+:5: unknown key "inputConstraint" in service\.rules$/],
  ['a typo in a protocol rule id', [[SPEC, 'wireFormat: W3', 'wireFormat: W33']], /yaml:\d+:17: service rules\.wireFormat: unknown rule "W33" \(did you mean W3\?\)/],
  ['a typo in a paging rule role', [[SPEC, 'truncation: R6', 'truncaton: R6']], /yaml:\d+:9: unknown key "truncaton" in operations\.GetOrganizationsAccessReport\.pagination\.rules$/],
  ['a typo in a paging rule id', [[SPEC, 'continuation: R7', 'continuation: R71']], /yaml:\d+:23: GetOrganizationsAccessReport pagination\.rules\.continuation: unknown rule "R71"/],
  ['a typo in a sorting rule role', [[SPEC, 'order: R8 ', 'ordr: R8 ']], /yaml:\d+:9: unknown key "ordr" in operations\.GetOrganizationsAccessReport\.sorting\.rules$/],
  ['a typo in a job rule role', [[SPEC, 'completionStable: R24', 'completionStabl: R24']], /yaml:\d+:9: unknown key "completionStabl" in operations\.GetOrganizationsAccessReport\.job\.rules$/],
  ['a typo in a job rule id', [[SPEC, 'creationStable: R23', 'creationStable: R32']], /yaml:\d+:\d+: GetOrganizationsAccessReport job\.rules\.creationStable: unknown rule "R32"/],
  ['a typo in an error code of errorRules', [[SPEC, 'errorRules: { NoSuchEntity: R2 }', 'errorRules: { NoSuchEntit: R2 }']], /yaml:\d+:\d+: GetOrganizationsAccessReport errorRules: "NoSuchEntit" is not the code of an error the operation documents \(NoSuchEntity\) \(did you mean NoSuchEntity\?\)$/],
  ['a typo in a rule of errorRules', [[SPEC, 'errorRules: { NoSuchEntity: R2 }', 'errorRules: { NoSuchEntity: RR2 }']], /GetOrganizationsAccessReport errorRules\.NoSuchEntity: unknown rule "RR2"/],
  ['a typo in a count member', [[SPEC, '{ member: NumberOfServicesAccessible,', '{ member: NumberOfServicesAccessibl,']], /yaml:\d+:\d+: GetOrganizationsAccessReport counts\.0\.member: GetOrganizationsAccessReportResponse has no member NumberOfServicesAccessibl \(did you mean NumberOfServicesAccessible\?\)$/],
  ['a count member that is not an integer', [[SPEC, '{ member: NumberOfServicesAccessible,', '{ member: JobStatus,']], /counts\.0\.member: GetOrganizationsAccessReportResponse\.JobStatus is a string \(jobStatusType\); a count must be a integer$/],
  ['a typo in what a count counts', [[SPEC, 'count: { without: LastAuthenticatedTime }', 'count: { without: LastAuthenticatedTim }']], /yaml:\d+:\d+: GetOrganizationsAccessReport counts\.1\.count\.without: AccessDetail has no member LastAuthenticatedTim \(did you mean LastAuthenticatedTime\?\)$/],
  ['a typo in how a count counts', [[SPEC, 'count: { without: LastAuthenticatedTime }', 'count: { withou: LastAuthenticatedTime }']], /yaml:\d+:\d+: operations\.GetOrganizationsAccessReport\.counts\[1\]\.count must match exactly one schema in oneOf$/],
  ['a typo in a count rule', [[SPEC, 'count: all, rule: R15 }', 'count: all, rule: R51 }']], /GetOrganizationsAccessReport counts\.0\.rule: unknown rule "R51"/],
  ['a typo in an item rule member', [[SPEC, 'absent: [Region, EntityPath]', 'absent: [Regio, EntityPath]']], /yaml:\d+:\d+: GetOrganizationsAccessReport itemRules\.0\.absent\.0: AccessDetail has no member Regio \(did you mean Region\?\)$/],
  ['a typo in an item rule condition', [[SPEC, '{ when: { present: LastAuthenticatedTime }', '{ when: { present: LastAuthenticatedTim }']], /GetOrganizationsAccessReport itemRules\.2\.when\.present: AccessDetail has no member LastAuthenticatedTim/],
  ['a typo in an item rule range member', [[SPEC, 'range: { TotalAuthenticatedEntities: [0, 0] }', 'range: { TotalAuthenticatedEntitie: [0, 0] }']], /GetOrganizationsAccessReport itemRules\.1\.range\.TotalAuthenticatedEntitie: AccessDetail has no member TotalAuthenticatedEntitie \(did you mean TotalAuthenticatedEntities\?\)$/],
  ['a typo in an item rule field', [[SPEC, 'absent: [Region, EntityPath], rule: R13', 'absnt: [Region, EntityPath], rule: R13']], /unknown key "absnt" in operations\.GetOrganizationsAccessReport\.itemRules\[0\]$/],
  ['a typo in an item rule id', [[SPEC, 'rule: R13 }', 'rule: R31 }']], /GetOrganizationsAccessReport itemRules\.0\.rule: unknown rule "R31"/],
  ['a typo in completedAtWhileInProgress', [[SPEC, 'completedAtWhileInProgress: absent', 'completedAtWhileInProgress: absen']], /operations\.GetOrganizationsAccessReport\.job\.completedAtWhileInProgress must be one of absent, optional$/],
  ['a typo in optionalWhileInProgress', [[SPEC, 'optionalWhileInProgress: []', 'optionalWhileInProgress: [JobCreationDat]']], /GetOrganizationsAccessReport job\.optionalWhileInProgress\.0: GetOrganizationsAccessReportResponse has no member JobCreationDat \(did you mean JobCreationDate\?\)$/],
  ['an optionalWhileInProgress member the model does not require', [[SPEC, 'optionalWhileInProgress: []', 'optionalWhileInProgress: [JobCompletionDate]']], /job\.optionalWhileInProgress: GetOrganizationsAccessReportResponse\.JobCompletionDate is not required/],
  ['a typo in notAfterCompletion', [[SPEC, "notAfterCompletion: ['AccessDetails[*].LastAuthenticatedTime']", "notAfterCompletion: ['AccessDetails[*].LastAuthenticatedTim']"]], /GetOrganizationsAccessReport job\.notAfterCompletion\.0: AccessDetail has no member LastAuthenticatedTim \(did you mean LastAuthenticatedTime\?\)$/],
  ['a notAfterCompletion path that is not a timestamp', [[SPEC, "notAfterCompletion: ['AccessDetails[*].LastAuthenticatedTime']", "notAfterCompletion: ['AccessDetails[*].Region']"]], /job\.notAfterCompletion\.0: GetOrganizationsAccessReportResponse\.AccessDetails\[\*\]\.Region is a string \(stringType\); a time compared with the completion must be a timestamp$/],
  ['a typo in a volatile section', [[SPEC, 'envelope: [RequestId]', 'envelop: [RequestId]']], /yaml:\d+:3: unknown key "envelop" in volatile$/],
  ['a typo in an id kind field', [[SPEC, "root: { prefix: r-, find:", "root: { prefix: r-, fnd:"]], /unknown key "fnd" in volatile\.idKinds\.root$/],
  ['an id kind pattern that is not a regular expression', [[SPEC, "pattern: '^r-[0-9a-z]{4,32}$'", "pattern: '^r-[0-9a-z{4,32}$'"]], /yaml:\d+:\d+: volatile\.idKinds\.root\.pattern is not a valid regular expression/],
  ['a typo in an opaque mark', [[SPEC, 'jobIDType: { type: string, length: [36, 36], opaque: true }', 'jobIDType: { type: string, length: [36, 36], opaqe: true }']], /unknown key "opaqe" in shapes\.jobIDType$/],
  ['an opaque mark that is not a boolean', [[SPEC, 'jobIDType: { type: string, length: [36, 36], opaque: true }', 'jobIDType: { type: string, length: [36, 36], opaque: tru }']], /shapes\.jobIDType\.opaque must be boolean$/],
  ['a typo in a nested item key', [['iam-service-last-accessed.yaml', 'itemKey: EntityInfo.Arn', 'itemKey: EntityInfo.Ar']], /^iam-service-last-accessed\.yaml:\d+:16: GetServiceLastAccessedDetailsWithEntities pagination\.itemKey: EntityInfo has no member Ar \(did you mean Arn\?\)$/],
];

test.each(cases)('%s is refused with file:line:col', (_name, changes, expected) => {
  const problems = problemsOf(plant(changes));
  expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
});

test('the location is the offending value: the line of the planted typo', () => {
  const dir = plant([[SPEC, 'itemKey: ServiceNamespace', 'itemKey: ServiceNamespac']]);
  expect(problemsOf(dir)[0]).toMatch(new RegExp(`^${SPEC.replace(/\./g, '\\.')}:${lineOf(dir, SPEC, 'itemKey: ServiceNamespac')}:16: `));
});

test('every problem of a file is reported at once, not just the first', () => {
  const problems = problemsOf(plant([
    [SPEC, 'itemKey: ServiceNamespace', 'itemKey: ServiceNamespac'],
    [SPEC, 'status: JobStatus', 'status: JobStatu'],
    [SPEC, 'defaultOrder: R9', 'defaultOrder: R99'],
    [RULES, 'members: [GetOrganizationsAccessReportRequest.MaxItems]', 'members: [GetOrganizationsAccessReportRequest.MaxItem]'],
  ]));
  expect(problems).toHaveLength(4);
});

describe('several spec files merge into one contract', () => {
  // A second operation in a file of its own, with an item key that is a path into a nested structure.
  const second = `operations:
  ListEntities:
    input: ListEntitiesRequest
    output: ListEntitiesResponse
    kind: read
    pagination: { pageSize: MaxItems, defaultPageSize: 100, inputToken: Marker, outputToken: Marker, truncated: IsTruncated, items: Entities, itemKey: EntityInfo.Arn }
    sorting:
      param: SortKey
      default: BY_ARN
      keys: { BY_ARN: { by: EntityInfo.Arn, order: ascending, compare: text }, BY_TIME: { by: LastAuthenticated, order: descending, compare: time } }
shapes:
  ListEntitiesRequest:
    type: structure
    members:
      MaxItems: { shape: maxItemsType }
      Marker: { shape: markerType }
      SortKey: { shape: entitySortKeyType }
  ListEntitiesResponse:
    type: structure
    members:
      Entities: { shape: EntityList }
      IsTruncated: { shape: booleanType }
      Marker: { shape: markerType }
  EntityList: { type: list, member: ListedEntity }
  ListedEntity:
    type: structure
    members:
      EntityInfo: { shape: ListedEntityInfo, required: true }
      LastAuthenticated: { shape: dateType }
  ListedEntityInfo:
    type: structure
    members:
      Arn: { shape: stringType, required: true }
  entitySortKeyType: { type: string, enum: [BY_ARN, BY_TIME] }
rules:
  X1:
    title: Entities page
    basis: test
`;

  test('operations, shapes and rules of a second file are loaded, and may use the first file\'s shapes', () => {
    const c = loadContract(plant([], { 'entities.yaml': second }));
    expect(Object.keys(c.operations)).toEqual(expect.arrayContaining(['ListEntities', 'GenerateOrganizationsAccessReport', 'GetOrganizationsAccessReport']));
    expect(c.operation('ListEntities').pagination?.itemKey).toBe('EntityInfo.Arn');
    expect(c.shape('ListedEntityInfo').type).toBe('structure');
    expect(c.rules.X1.title).toBe('Entities page');
    expect(c.rules.R9).toBeDefined();
  });

  test('an operation with one fixed order describes it without a param', () => {
    const fixed = second.replace('      param: SortKey\n', '').replace(', BY_TIME: { by: LastAuthenticated, order: descending, compare: time }', '');
    expect(problemsOf(plant([], { 'entities.yaml': fixed }))).toEqual([]);
    expect(loadContract(plant([], { 'entities.yaml': fixed })).operation('ListEntities').sorting?.param).toBeUndefined();
  });

  test('without a param, more than one key is refused (only the fixed order can be observed)', () => {
    const fixed = second.replace('      param: SortKey\n', '');
    expect(problemsOf(plant([], { 'entities.yaml': fixed }))).toEqual([expect.stringMatching(/^entities\.yaml:9:13: ListEntities sorting: without a param the operation has one fixed order, so keys must hold exactly the default \(BY_ARN\)$/)]);
  });

  test('a path into a nested structure is checked segment by segment', () => {
    const problems = problemsOf(plant([], { 'entities.yaml': second.replace('itemKey: EntityInfo.Arn', 'itemKey: EntityInfo.Arm') }));
    expect(problems).toEqual([expect.stringMatching(/^entities\.yaml:6:\d+: ListEntities pagination\.itemKey: ListedEntityInfo has no member Arm \(did you mean Arn\?\)$/)]);
  });

  test('a name defined twice is an error naming both places', () => {
    const dir = plant([], { 'entities.yaml': second.replace('  ListedEntityInfo:\n    type: structure', '  markerType: { type: string }\n  ListedEntityInfo:\n    type: structure') });
    // Files are read in name order: the later definition is the one reported.
    expect(problemsOf(dir)).toEqual([`${SPEC}:${lineOf(dir, SPEC, '  markerType:')}:3: shape markerType is also defined at entities.yaml:${lineOf(dir, 'entities.yaml', 'markerType: {')}:3`]);
  });

  test('an absent member named constructor is absent', () => {
    const dir = plant([[RULES, 'members: [AccessDetail.TotalAuthenticatedEntities]', 'members: [AccessDetail.TotalAuthenticatedEntities]\n    absentMembers: [AccessDetail.constructor]']]);
    expect(problemsOf(dir).filter((p) => p.includes('constructor'))).toEqual([]);
  });

  test('a name every JavaScript object has (constructor) is a name like any other, defined once', () => {
    expect(problemsOf(plant([], { 'more-shapes.yaml': 'shapes:\n  constructor: { type: string }\n' }))).toEqual([]);
  });

  test('a rule defined in two files is an error naming both places', () => {
    const dir = plant([], { 'more-rules.yaml': 'rules:\n  R9:\n    title: again\n    basis: test\n' });
    expect(problemsOf(dir)).toEqual([`rules.yaml:${lineOf(dir, RULES, '  R9:')}:3: rule R9 is also defined at more-rules.yaml:2:3`]);
  });

  test('a service repeated differently is an error', () => {
    // A file that repeats the service must repeat all of it (here without its rules, and in another region).
    const service = 'service:\n  name: IAM\n  protocol: awsQuery\n  apiVersion: "2010-05-08"\n  xmlNamespace: https://iam.amazonaws.com/doc/2010-05-08/\n  globalEndpoint: https://iam.amazonaws.com\n  signingRegion: eu-west-1\n';
    const dir = plant([], { 'entities.yaml': service + second });
    expect(problemsOf(dir)).toEqual([expect.stringMatching(/^iam-organizations-access-report\.yaml:\d+:3: service differs from the one at entities\.yaml:2:3; files that repeat it must repeat it exactly$/)]);
  });
});
