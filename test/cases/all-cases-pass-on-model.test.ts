// Every project case of the operations the test model serves passes against it (a correct endpoint written
// apart from the reference target), including its legal variations. The test model implements the
// Organizations access report only; every case of every operation (the service last accessed reports
// included) is also run against the reference target in test/reference-target/reference-target.test.ts.
import { startScriptedTarget, type ScriptedTarget } from '../support/scripted-target';
import { MODEL_OPERATIONS, reportModel } from '../support/report-model';
import { session, explain } from '../support/run-case';
import { exercisedOperation } from '../../src/judge/judge';

let target: ScriptedTarget;
afterEach(() => target?.close());

test('all cases of the operations the test model serves conform against it', async () => {
  target = await startScriptedTarget(reportModel());
  const s = session(target.url);
  try {
    const set = s.session.caseSet;
    const served = set.cases.filter((c) => MODEL_OPERATIONS.includes(exercisedOperation(c, set)));
    expect(served.length).toBeGreaterThanOrEqual(30);
    const results = [];
    for (const c of served) results.push(await s.session.runCase(c));
    const failures = results.filter((r) => r.status !== 'passed').map(explain);
    expect(failures).toEqual([]);
  } finally {
    await s.close();
  }
});
