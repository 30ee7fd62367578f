// Run inputs reach the requests that use them (default, or the run's value), and save: takes a value by
// path from an answer (the first item's member), over real HTTP and the real SDK.
import { startScriptedTarget, type ScriptedTarget } from '../support/scripted-target';
import { reportModel, SERVICES } from '../support/report-model';
import { runInlineCase } from '../support/run-case';

let target: ScriptedTarget;
beforeEach(async () => {
  target = await startScriptedTarget(reportModel({ pollsInProgress: 0 }));
});
afterEach(() => target.close());

const CASE = `cases:
  - id: saved-by-path
    title: A value saved by path is sent later
    rules: [R7]
    basis: test
    steps:
      - call: GetOrganizationsAccessReport
        params: { JobId: "\${report.JobId}", MaxItems: 1, SortKey: SERVICE_NAMESPACE_DESCENDING }
        save: { First: "AccessDetails[0].ServiceNamespace" }
      - call: GetOrganizationsAccessReport
        params: { JobId: "\${report.JobId}", Marker: "\${First}" }
        expect: any
`;

test('save: with a path takes the first item\'s member, and a later step sends it', async () => {
  const r = await runInlineCase(target.url, CASE);
  expect(r.setupProblem).toBeUndefined();
  const last = [...SERVICES].map((s) => s.ServiceNamespace).sort().reverse()[0];
  const sent = target.requests.filter((q) => q.action === 'GetOrganizationsAccessReport').map((q) => q.params.Marker);
  expect(sent).toContain(last);
});

test('a run input takes its declared default when the run sets none', async () => {
  await runInlineCase(target.url, CASE, { inputs: {} });
  expect(target.requests.filter((q) => q.action === 'GenerateOrganizationsAccessReport').map((q) => q.params.EntityPath)).toEqual(['o-a1b2c3d4e5/r-f6g7']);
});

test('a run input set for the run is what the fixture sends', async () => {
  await runInlineCase(target.url, CASE, { inputs: { EntityPath: 'o-zzzzzzzzzz/r-zzzz/ou-zzzz-zzzzzzzz' } });
  expect(target.requests.filter((q) => q.action === 'GenerateOrganizationsAccessReport').map((q) => q.params.EntityPath)).toEqual(['o-zzzzzzzzzz/r-zzzz/ou-zzzz-zzzzzzzz']);
});
