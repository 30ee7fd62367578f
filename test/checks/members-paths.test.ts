// The members check on paths into lists and on values, as the service last accessed cases use it: a break
// of each kind fails with the element and the value named, and the conforming answer passes.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
import { startReferenceTarget, type RunningTarget } from '../../src/reference-target';
import { behaviourNamed } from '../../src/reference-target/behaviours';
import { runProjectCase } from '../support/run-case';

jest.setTimeout(60_000);

let target: RunningTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

async function membersFindings(caseId: string, behaviour?: string) {
  target = await startReferenceTarget(behaviour ? { behaviour: behaviourNamed(behaviour)! } : {});
  const r = await runProjectCase(target.url, caseId, { pollBudgetMs: 2000 });
  return { status: r.status, findings: r.checks.filter((c) => c.check === 'members' && !c.auto).flatMap((c) => c.findings) };
}

test.each(['sla-no-tracked-actions-at-service-level', 'sla-job-type-is-the-granularity'])('%s passes against the reference target', async (id) => {
  expect(await membersFindings(id)).toEqual({ status: 'passed', findings: [] });
});

test('absent: a path with [*] names the element that has the member', async () => {
  const { status, findings } = await membersFindings('sla-no-tracked-actions-at-service-level', 'sla-tracked-actions-at-service-level');
  expect(status).toBe('failed');
  expect(findings[0]).toMatchObject({ path: expect.stringMatching(/ServicesLastAccessed\[\d+\]\.TrackedActionsLastAccessed$/), expected: 'absent' });
});

test('equal: a member with another value fails, naming both', async () => {
  const { status, findings } = await membersFindings('sla-job-type-is-the-granularity', 'sla-job-type-always-action');
  expect(status).toBe('failed');
  expect(findings).toEqual([expect.objectContaining({ path: 'response: JobType', expected: '"SERVICE_LEVEL"', actual: '"ACTION_LEVEL"' }), expect.objectContaining({ path: 'response: JobType', expected: '"SERVICE_LEVEL"', actual: '"ACTION_LEVEL"' })]);
});

test('equal: a member left out is tolerated (JobType is optional)', async () => {
  expect(await membersFindings('sla-job-type-is-the-granularity', 'sla-no-job-type')).toEqual({ status: 'passed', findings: [] });
});
