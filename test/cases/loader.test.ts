// A bad case file is refused before anything runs, with file:line:col and a readable reason.
import path from 'node:path';
import { loadContract, PROJECT_ROOT } from '../../src/contract';
import { loadCases } from '../../src/cases/loader';
import { caseFileProblems } from '../support/case-files';

const contract = loadContract();

const problemsOf = (files: Record<string, string>) => caseFileProblems(files);

const good = (body: string) => `cases:
  - id: one
    title: A case
    rules: [R2]
    basis: model
    steps:
${body}`;

test('the project case files load, with at least 30 cases and unique ids', () => {
  const set = loadCases([path.join(PROJECT_ROOT, 'cases')], contract);
  expect(set.cases.length).toBeGreaterThanOrEqual(30);
  expect(new Set(set.cases.map((c) => c.id)).size).toBe(set.cases.length);
});

test.each([
  ['a YAML syntax error', { 'a.yaml': 'cases:\n  - id: x\n    title: [unclosed\n' }, /^a\.yaml:\d+:\d+: YAML syntax/],
  ['an unknown key in a case', { 'a.yaml': good('      - call: GetOrganizationsAccessReport\n').replace('basis: model', 'basis: model\n    colour: red') }, /^a\.yaml:6:5: unknown key "colour" in cases\[0\]/],
  ['a wrong type', { 'a.yaml': good('      - call: GetOrganizationsAccessReport\n').replace('rules: [R2]', 'rules: R2') }, /^a\.yaml:4:12: cases\[0\]\.rules must be array/],
  ['a missing title', { 'a.yaml': good('      - call: GetOrganizationsAccessReport\n').replace('    title: A case\n', '') }, /^a\.yaml:2:5: missing "title" in cases\[0\]/],
  ['an unknown check', { 'a.yaml': good('      - call: GetOrganizationsAccessReport\n        checks: [sorted_by]\n') }, /^a\.yaml:8:18: unknown check "sorted_by" \(did you mean sorted-by\?\)/],
  ['bad check arguments', { 'a.yaml': good('      - call: GetOrganizationsAccessReport\n        expect: error\n        checks:\n          - error-code: { status: "404" }\n') }, /^a\.yaml:10:13: bad arguments for check error-code/],
  ['a check on the wrong kind of step', { 'a.yaml': good('      - call: GetOrganizationsAccessReport\n        checks: [job-lifecycle]\n') }, /check job-lifecycle does not apply to a call step/],
  ['an unknown rule', { 'a.yaml': good('      - call: GetOrganizationsAccessReport\n').replace('[R2]', '[R2, R99]') }, /^a\.yaml:4:17: unknown rule "R99"/],
  ['an unknown operation', { 'a.yaml': good('      - call: GetReport\n') }, /^a\.yaml:7:15: unknown operation "GetReport"/],
  // Names every JavaScript object has are no operation, rule or member of the contract.
  ['an operation named toString', { 'a.yaml': good('      - call: toString\n') }, /^a\.yaml:7:15: unknown operation "toString"/],
  ['a rule named constructor', { 'a.yaml': good('      - call: GetOrganizationsAccessReport\n').replace('[R2]', '[R2, constructor]') }, /^a\.yaml:4:17: unknown rule "constructor"/],
  ['a step with two kinds', { 'a.yaml': good('      - call: GetOrganizationsAccessReport\n        walk: GetOrganizationsAccessReport\n') }, /^a\.yaml:7:9: a step needs exactly one of call, walk, poll, use \(found call, walk\)/],
  ['a reference to a later or unknown step', { 'a.yaml': good('      - walk: GetOrganizationsAccessReport\n        checks:\n          - walk-equals: { step: nowhere }\n') }, /refers to step "nowhere"/],
  ['a sort key the operation does not have', { 'a.yaml': good('      - walk: GetOrganizationsAccessReport\n        checks:\n          - sorted-by: NAME_ASCENDING\n') }, /^a\.yaml:9:13: bad arguments for check sorted-by: GetOrganizationsAccessReport has no sort key NAME_ASCENDING/],
  ['a sort key named constructor', { 'a.yaml': good('      - walk: GetOrganizationsAccessReport\n        checks:\n          - sorted-by: constructor\n') }, /^a\.yaml:9:13: bad arguments for check sorted-by: GetOrganizationsAccessReport has no sort key constructor/],
  ['a misspelt member to be present', { 'a.yaml': good('      - call: GetOrganizationsAccessReport\n        checks:\n          - members: { present: [Jobstatus] }\n') }, /^a\.yaml:9:13: bad arguments for check members: present: GetOrganizationsAccessReportResponse has no member Jobstatus \(did you mean JobStatus\?\)/],
  ['a misspelt member to be absent', { 'a.yaml': good('      - call: GetOrganizationsAccessReport\n        checks:\n          - members: { absent: [JobTyp] }\n') }, /^a\.yaml:9:13: bad arguments for check members: absent: no shape of the contract has a member JobTyp \(did you mean JobType\?\)/],
  ['a misspelt member path to be equal', { 'a.yaml': good('      - call: GetOrganizationsAccessReport\n        checks:\n          - members: { equal: { "AccessDetails[*].Regoin": x } }\n') }, /^a\.yaml:9:13: bad arguments for check members: equal: AccessDetail has no member Regoin \(did you mean Region\?\)/],
  ['an absent member under a misspelt parent', { 'a.yaml': good('      - call: GetOrganizationsAccessReport\n        checks:\n          - members: { absent: [ErrorDetals.Code] }\n') }, /^a\.yaml:9:13: bad arguments for check members: absent: GetOrganizationsAccessReportResponse has no member ErrorDetals \(did you mean ErrorDetails\?\)/],
  ['an absent member under a string', { 'a.yaml': good('      - call: GetOrganizationsAccessReport\n        checks:\n          - members: { absent: [JobStatus.Code] }\n') }, /^a\.yaml:9:13: bad arguments for check members: absent: JobStatus is a string, it has no members/],
  ['an unknown fixture', { 'a.yaml': good('      - use: nothing.here\n') }, /^a\.yaml:7:9: unknown fixture "nothing"/],
  ['a fixture named constructor, never defined', { 'a.yaml': good('      - use: constructor.poll\n') }, /^a\.yaml:7:9: unknown fixture "constructor"/],
  ['duplicate ids across files', { 'a.yaml': good('      - call: GetOrganizationsAccessReport\n'), 'b.yaml': good('      - call: GetOrganizationsAccessReport\n') }, /^b\.yaml:2:9: case id "one" is also used at a\.yaml:2:9/],
  ['a typo in a poll step\'s usable status', { 'a.yaml': good('      - poll: GetOrganizationsAccessReport\n        params: { JobId: "${report.JobId}" }\n        usable: [COMPLETE]\n') }, /^a\.yaml:9:18: usable: "COMPLETE" is not a status GetOrganizationsAccessReport's job can end in \(COMPLETED, FAILED\)$/],
  ['a typo in the usable key of a poll step', { 'a.yaml': good('      - poll: GetOrganizationsAccessReport\n        params: { JobId: "${report.JobId}" }\n        usabl: [COMPLETED]\n') }, /^a\.yaml:9:9: unknown key "usabl" in cases\[0\]\.steps\[0\]/],
  ['a duplicate key', { 'a.yaml': good('      - call: GetOrganizationsAccessReport\n').replace('title: A case', 'title: A case\n    title: Again') }, /^a\.yaml:4:5: YAML syntax: Map keys must be unique/],
])('%s is reported with file:line:col', (_name, files, pattern) => {
  expect(problemsOf(files)).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
});

test('the checks of a use step are checked against the operation of the fixture step it uses', () => {
  const text = good('      - use: report.poll\n        checks:\n          - members: { present: [Jobstatus] }\n');
  expect(caseFileProblems({ 'a.yaml': text }, { withFixtures: true })).toEqual([
    expect.stringMatching(/^a\.yaml:9:13: bad arguments for check members: present: GetOrganizationsAccessReportResponse has no member Jobstatus \(did you mean JobStatus\?\)/),
  ]);
  expect(caseFileProblems({ 'a.yaml': good('      - use: report.poll\n        checks:\n          - members: { present: [JobStatus] }\n') }, { withFixtures: true })).toEqual([]);
});

test('every problem of every file is reported at once', () => {
  const problems = problemsOf({
    'a.yaml': good('      - call: GetOrganizationsAccessReport\n        checks: [nope]\n').replace('[R2]', '[R77]'),
    'b.yaml': 'cases: [}',
  });
  expect(problems.length).toBeGreaterThanOrEqual(3);
});

// Checks name no rule ids (they name roles, which the spec maps to rules): an unknown rule id in a role is
// a contract error (test/contract/spec-validation.test.ts), a case's rules are checked above.
