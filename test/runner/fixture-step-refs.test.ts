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
  expect(check).toMatchObject({ status: 'passed' });
  expect(r.operations).toEqual(expect.arrayContaining(['GenerateOrganizationsAccessReport', 'GetOrganizationsAccessReport']));
});

test('a fixture step that does not exist is refused with file:line', () => {
  expect(caseFileProblems({ 'a.yaml': caseComparing('report.pol') }, { withFixtures: true })).toEqual([
    expect.stringMatching(/^a\.yaml:15:13: check same-items-as refers to step "report\.pol": fixture "report" has no step "pol"$/),
  ]);
  expect(caseFileProblems({ 'a.yaml': caseComparing('nothing.poll') }, { withFixtures: true })).toEqual([
    expect.stringMatching(/^a\.yaml:15:13: check same-items-as refers to step "nothing\.poll": unknown fixture "nothing"$/),
  ]);
});
