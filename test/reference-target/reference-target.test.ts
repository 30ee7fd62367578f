// The reference target follows the contract: the whole case set passes against it over real HTTP, in
// its legal variations too. (server.test.ts checks its behaviour call by call, with the SDK and botocore.)
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { startReferenceTarget, type ReferenceTargetOptions, type RunningTarget } from '../../src/reference-target';
import { ROOT_PATH, seedServices } from '../../src/reference-target/data';
import { session, explain } from '../support/run-case';

let target: RunningTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

async function runAll(options: ReferenceTargetOptions) {
  target = await startReferenceTarget(options);
  const s = session(target.url, undefined, { inputs: { EntityPath: ROOT_PATH } });
  try {
    const results = [];
    for (const c of s.session.caseSet.cases) results.push(await s.session.runCase(c));
    return results;
  } finally {
    await s.close();
  }
}

test.each<[string, ReferenceTargetOptions]>([
  ['as seeded', {}],
  ['with pages capped at 5 items', { pageCap: 5 }],
  ['with jobs that stay IN_PROGRESS for 3 polls', { pollsBeforeComplete: 3 }],
  ['with a small organization (8 services, 2 never accessed)', { services: seedServices(8) }],
])('every case conforms against the reference target %s', async (_name, options) => {
  const results = await runAll(options);
  expect(results.filter((r) => r.status !== 'passed').map(explain)).toEqual([]);
});

test('with failing jobs, the lifecycle conforms and the data cases are not checked: the report job did not complete', async () => {
  const results = await runAll({ failJobs: true });
  const byId = Object.fromEntries(results.map((r) => [r.caseId, r]));
  expect(byId['job-lifecycle'].status).toBe('passed');
  expect(byId['default-order-is-namespace-ascending'].status).toBe('not-checked');
  expect(byId['default-order-is-namespace-ascending'].notChecked?.reason).toBe('report-job-incomplete');
  expect(explain(byId['default-order-is-namespace-ascending'])).toMatch(/ended FAILED, ErrorDetails .*PolicyTypeNotEnabled.*; cases that read it need COMPLETED/);
  expect(results.filter((r) => r.status === 'failed').map(explain)).toEqual([]);
});
