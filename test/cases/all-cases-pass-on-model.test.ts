// Every project case passes against a correct endpoint (the test model), including its legal variations.
import { startScriptedTarget, type ScriptedTarget } from '../support/scripted-target';
import { reportModel } from '../support/report-model';
import { session, explain } from '../support/run-case';

let target: ScriptedTarget;
afterEach(() => target?.close());

test('all cases conform against a correct endpoint', async () => {
  target = await startScriptedTarget(reportModel());
  const s = session(target.url);
  try {
    const results = [];
    for (const c of s.session.caseSet.cases) results.push(await s.session.runCase(c));
    const failures = results.filter((r) => r.status !== 'passed').map(explain);
    expect(failures).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(30);
  } finally {
    await s.close();
  }
});
