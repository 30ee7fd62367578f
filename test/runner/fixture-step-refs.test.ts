// A check may compare with a fixture's step (step: report.poll): that fixture is run for the case even when
// the case reads none of its variables, and a step that is not there is refused when the cases load.
import { startScriptedTarget, type ScriptedTarget } from '../support/scripted-target';
import { reportModel } from '../support/report-model';
import { runInlineCase } from '../support/run-case';
import { caseFileProblems } from '../support/case-files';

let target: ScriptedTarget;
beforeEach(async () => {
  target = await startScriptedTarget(reportModel({ pollsInProgress: 0 }));
});
afterEach(() => target.close());

// The case's own job, walked whole, compared with the shared report's last poll (one page of 100 at most).
const caseComparing = (ref: string) => `cases:
  - id: own-job-against-the-shared-one
    title: A report of the same entity path lists the same services as the shared one
    rules: [R8]
    basis: test
    steps:
      - call: GenerateOrganizationsAccessReport
        params: { EntityPath: "\${input.EntityPath}" }
        save: { Mine: JobId }
      - poll: GetOrganizationsAccessReport
        params: { JobId: "\${Mine}" }
      - call: GetOrganizationsAccessReport
        params: { JobId: "\${Mine}" }
        checks:
          - same-items-as: { step: ${ref} }
`;

test('a check that names a fixture step pulls the fixture in, and compares with it', async () => {
  const r = await runInlineCase(target.url, caseComparing('report.poll'));
  expect(r.setupProblem).toBeUndefined();
  expect(r.internalError).toBeUndefined();
  const check = r.checks.find((c) => c.check === 'same-items-as');
  // passed: the fixture's poll was observed (without it, the check had nothing to compare with and crashed)
  expect(check).toMatchObject({ status: 'passed' });
});

test('a fixture step that does not exist is refused with file:line', () => {
  expect(caseFileProblems({ 'a.yaml': caseComparing('report.pol') }, { withFixtures: true })).toEqual([
    expect.stringMatching(/^a\.yaml:15:13: check same-items-as refers to step "report\.pol": fixture "report" has no step "pol"$/),
  ]);
  expect(caseFileProblems({ 'a.yaml': caseComparing('nothing.poll') }, { withFixtures: true })).toEqual([
    expect.stringMatching(/^a\.yaml:15:13: check same-items-as refers to step "nothing\.poll": unknown fixture "nothing"$/),
  ]);
});

// Step ids may hold dots (^[a-z0-9][a-z0-9.-]*$): a check naming an earlier step of its own case by such an
// id compares with that step, not with a fixture.
const head = `cases:
  - id: one
    title: Walks with a dotted step id
    rules: [R8]
    basis: test
    steps:
`;
const dotted = (ref: string) => head + `      - id: whole.walk
        walk: GetOrganizationsAccessReport
        params: { JobId: "\${report.JobId}" }
      - walk: GetOrganizationsAccessReport
        params: { JobId: "\${report.JobId}", MaxItems: 7 }
        checks:
          - walk-equals: { step: ${ref} }
`;

test('an earlier step of the case with a dot in its id is that step, and the case runs', async () => {
  expect(caseFileProblems({ 'a.yaml': dotted('whole.walk') }, { withFixtures: true })).toEqual([]);
  const r = await runInlineCase(target.url, dotted('whole.walk'));
  expect(r.setupProblem).toBeUndefined();
  expect(r.checks.find((c) => c.check === 'walk-equals')).toMatchObject({ status: 'passed' });
});

test('a fixture step reference is split at its first dot only: report.poll.x is no step of report', () => {
  expect(caseFileProblems({ 'a.yaml': dotted('report.poll.x') }, { withFixtures: true })).toEqual([
    expect.stringMatching(/^a\.yaml:13:13: check walk-equals refers to step "report\.poll\.x": fixture "report" has no step "poll\.x"$/),
  ]);
});

test('a dotted id of a later step of the case is not an earlier step', () => {
  const later = head + `      - walk: GetOrganizationsAccessReport
        params: { JobId: "\${report.JobId}", MaxItems: 7 }
        checks:
          - walk-equals: { step: whole.walk }
      - id: whole.walk
        walk: GetOrganizationsAccessReport
        params: { JobId: "\${report.JobId}" }
`;
  expect(caseFileProblems({ 'a.yaml': later }, { withFixtures: true })).toEqual([
    expect.stringMatching(/^a\.yaml:10:13: check walk-equals refers to step "whole\.walk", which is not an earlier step of this case$/),
  ]);
});
