// A check with nothing to compare says so (status nothing-to-judge, with why) instead of passing; the same
// check against a target that gives it something to compare passes or fails as usual.
import { startScriptedTarget, type ScriptedTarget } from '../support/scripted-target';
import { reportModel, SERVICES, type ModelOptions } from '../support/report-model';
import { runProjectCase } from '../support/run-case';
import type { CaseResult } from '../../src/runner/results';
import type { Service } from '../support/awsquery-xml';
import { getCheck } from '../../src/checks/registry';
import { loadContract } from '../../src/contract';
import type { Observation } from '../../src/checks/types';
import type { Exchange } from '../../src/transport/exchange';

let target: ScriptedTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

async function run(caseId: string, options: ModelOptions): Promise<CaseResult> {
  target = await startScriptedTarget(reportModel(options));
  return runProjectCase(target.url, caseId, { pollBudgetMs: 2000, maxPages: 30 });
}

const statusOf = (r: CaseResult, check: string) => r.checks.filter((c) => c.check === check && !c.auto).map((c) => c.status);
const autoStatusOf = (r: CaseResult, check: string, step: number) => r.checks.filter((c) => c.check === check && c.stepIndex === step).map((c) => c.status);
const noteOf = (r: CaseResult, check: string) => r.checks.find((c) => c.check === check && c.status === 'nothing-to-judge')?.note;

const timed = SERVICES.filter((s) => s.LastAuthenticatedTime);
const untimed = SERVICES.filter((s) => !s.LastAuthenticatedTime);
const one: Service[] = [timed[0], ...untimed.slice(0, 3)];

// [what, case, model, check, expected note, model where it judges]
const rows: [string, string, ModelOptions, string, RegExp, ModelOptions][] = [
  ['a time sort with one timed item', 'sort-time-descending', { services: one }, 'sorted-by', /only one item with LastAuthenticatedTime among 4/, {}],
  ['a namespace sort on an empty list', 'sort-namespace-ascending', { services: [] }, 'sorted-by', /no items to put in order/, {}],
  ['a comparison of two empty lists', 'sort-namespace-ascending', { services: [] }, 'same-items-as', /both steps list no items/, {}],
  ['item rules on an empty list', 'never-accessed-services', { services: [] }, 'item-rules', /the list AccessDetails is empty/, {}],
  ['a lifecycle with no IN_PROGRESS poll (the in-progress part)', 'job-lifecycle', { pollsInProgress: 0 }, 'job-in-progress', /no poll saw the job IN_PROGRESS/, { pollsInProgress: 2 }],
  ['a walk that never truncates (walk-equals)', 'small-pages-add-up', { services: SERVICES.slice(0, 5) }, 'walk-equals', /never truncated \(one page of 5 items\)/, {}],
  ['counts the report leaves out', 'counts-match-listed-services', { mutate: (p) => ({ ...p, NumberOfServicesAccessible: undefined, NumberOfServicesNotAccessed: undefined }) }, 'counts-match-items', /no page carried NumberOfServicesAccessible or NumberOfServicesNotAccessed/, {}],
  ['a first page that holds the whole list', 'default-page-size', {}, 'truncated-when-more-remain', /the whole list \(24 items\) fits on this page/, { services: Array.from({ length: 130 }, (_, i) => ({ ServiceName: `S${i}`, ServiceNamespace: `svc-${String(i).padStart(3, '0')}`, TotalAuthenticatedEntities: 0 })) }],
];

test.each(rows)('%s: nothing to judge, with why (%s, %s)', async (_what, caseId, options, check, note, judging) => {
  const r = await run(caseId, options);
  expect(statusOf(r, check)).toEqual(['nothing-to-judge']);
  expect(noteOf(r, check)).toMatch(note);
  // Nothing to judge is not a failure.
  expect(r.status).toBe('passed');
  await target!.close();
  const judged = await run(caseId, judging);
  expect(statusOf(judged, check)).toEqual(['passed']);
});

test('automatic paging checks: a walk that never truncates and a page size never reached are nothing to judge', async () => {
  const r = await run('small-pages-add-up', { services: SERVICES.slice(0, 5) });
  // step 0 walks with MaxItems 1000, step 1 with MaxItems 7: five items fit on one page either way.
  expect(autoStatusOf(r, 'walk-completes', 0)).toEqual(['nothing-to-judge']);
  expect(autoStatusOf(r, 'page-size', 1)).toEqual(['nothing-to-judge']);
  expect(noteOf(r, 'page-size')).toMatch(/no page reached its limit \(the fullest held 5 items\)/);
  await target!.close();
  const judged = await run('small-pages-add-up', {});
  expect(autoStatusOf(judged, 'walk-completes', 1)).toEqual(['passed']);
  expect(autoStatusOf(judged, 'page-size', 1)).toEqual(['passed']);
});

// job-times on observations written out: the dates alone decide.
const contract = loadContract();
const exchange = (output: Record<string, unknown>): Exchange => ({ operation: 'GetOrganizationsAccessReport', params: {}, output, response: { status: 200, headers: {}, body: '' } } as unknown as Exchange);
const observe = (...outputs: Record<string, unknown>[]): Observation => ({ kind: 'call', operation: 'GetOrganizationsAccessReport', params: {}, exchanges: outputs.map(exchange), ended: 'single' });
const jobTimes = (obs: Observation) => getCheck('job-times')!.evaluate({ contract, observation: obs, step: {} as never, ref: () => obs, options: { lenientWire: false } }, undefined);

test('job-times: one in-progress answer has no two dates to compare; a completed one has', () => {
  expect(jobTimes(observe({ JobStatus: 'IN_PROGRESS', JobCreationDate: new Date('2026-11-24T10:00:00Z') }))).toEqual({ nothingToJudge: expect.stringMatching(/no two dates to compare/) });
  expect(jobTimes(observe({ JobStatus: 'COMPLETED', JobCreationDate: new Date('2026-11-24T10:00:00Z'), JobCompletionDate: new Date('2026-11-24T10:00:05Z') }))).toEqual([]);
});
