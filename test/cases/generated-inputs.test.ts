// Generated inputs cover every constrained input member of the contract; a conforming endpoint passes
// them all, and an endpoint that accepts everything fails every negative one (and only those).
import path from 'node:path';
import { loadContract, PROJECT_ROOT } from '../../src/contract';
import { loadCases } from '../../src/cases/loader';
import { startScriptedTarget, type ScriptedTarget } from '../support/scripted-target';
import { answerXml, generateXml, reportXml } from '../support/awsquery-xml';
import { exercisedOperation } from '../../src/judge/judge';
import { JOB_ID, MODEL_OPERATIONS, reportModel } from '../support/report-model';
import { session } from '../support/run-case';

const contract = loadContract();
const set = loadCases([path.join(PROJECT_ROOT, 'cases')], contract);
const generated = set.cases.filter((c) => c.tags.includes('generated'));
const positive = (id: string) => generated.find((c) => c.id === id)!.steps[0].checks[0].name === 'accepted-input';

let target: ScriptedTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

// Every operation the case files exercise: an operation whose spec has landed before its cases (the contract
// is every specs/*.yaml) is held to this once it has cases.
const exercised = new Set([...set.cases, ...Object.values(set.fixtures)].flatMap((c) => c.steps.flatMap((st) => ('operation' in st ? [st.operation] : []))));

test('every constrained input member of every operation with cases has generated negative inputs', () => {
  const constrained: string[] = [];
  expect([...exercised]).toEqual(expect.arrayContaining(['GenerateOrganizationsAccessReport', 'GetOrganizationsAccessReport']));
  for (const op of Object.values(contract.operations).filter((o) => exercised.has(o.name))) {
    const input = contract.shape(op.input);
    if (input.type !== 'structure') continue;
    for (const [member, ref] of Object.entries(input.members)) {
      const s = contract.shape(ref.shape) as { length?: unknown; range?: unknown; pattern?: unknown; enum?: unknown };
      if (ref.required || s.length || s.range || s.pattern || s.enum) constrained.push(`${op.name}.${member}`);
    }
  }
  const covered = new Set(generated.filter((c) => !positive(c.id)).map((c) => `${c.operation}.${c.basis.split('.').pop()}`));
  expect(constrained.filter((m) => !covered.has(m))).toEqual([]);
  expect(generated.length).toBeGreaterThanOrEqual(20);
});

async function runGenerated(url: string, cases = generated) {
  const s = session(url);
  try {
    const out: Record<string, string> = {};
    for (const c of cases) out[c.id] = (await s.session.runCase(c)).status;
    return out;
  } finally {
    await s.close();
  }
}

// The test model is a second implementation of the Organizations access report only: the generated inputs
// of the other operations are held to "a conforming endpoint passes" by the reference target
// (test/reference-target/reference-target.test.ts runs every case, generated ones included).
test('a conforming endpoint passes every generated input of the operations the test model serves', async () => {
  const served = generated.filter((c) => MODEL_OPERATIONS.includes(exercisedOperation(c, set)));
  expect(served.length).toBeGreaterThanOrEqual(20);
  target = await startScriptedTarget(reportModel());
  const statuses = await runGenerated(target.url, served);
  expect(Object.entries(statuses).filter(([, st]) => st !== 'passed')).toEqual([]);
});

test('an endpoint that accepts everything fails every negative input and passes the legal boundaries', async () => {
  const page = reportXml({ JobStatus: 'COMPLETED', JobCreationDate: '2026-11-24T10:00:00Z', JobCompletionDate: '2026-11-24T10:00:05Z', IsTruncated: false, AccessDetails: [] });
  // Every operation answers success, whatever it is sent: a finished report with one item.
  const done = { JobStatus: 'COMPLETED', JobCreationDate: '2026-11-24T10:00:00Z', JobCompletionDate: '2026-11-24T10:00:05Z', IsTruncated: false };
  const answers: Record<string, string> = {
    GenerateOrganizationsAccessReport: generateXml(JOB_ID),
    GetOrganizationsAccessReport: page,
    GenerateServiceLastAccessedDetails: answerXml('GenerateServiceLastAccessedDetails', { JobId: JOB_ID }),
    GetServiceLastAccessedDetails: answerXml('GetServiceLastAccessedDetails', { ...done, JobType: 'SERVICE_LEVEL', ServicesLastAccessed: [{ ServiceName: 'AWS Identity and Access Management', ServiceNamespace: 'iam', TotalAuthenticatedEntities: 0 }] }),
    GetServiceLastAccessedDetailsWithEntities: answerXml('GetServiceLastAccessedDetailsWithEntities', { ...done, EntityDetailsList: [] }),
  };
  expect(Object.keys(answers).sort()).toEqual([...exercised].sort());
  target = await startScriptedTarget((req) => ({ body: answers[req.action] ?? page }));
  const statuses = await runGenerated(target.url);
  for (const [id, status] of Object.entries(statuses)) expect([id, status]).toEqual([id, positive(id) ? 'passed' : 'failed']);
});
