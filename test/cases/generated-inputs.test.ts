// Generated inputs cover every constrained input member of the contract; a conforming endpoint passes
// them all, and an endpoint that accepts everything fails every negative one (and only those).
import path from 'node:path';
import { loadContract, PROJECT_ROOT } from '../../src/contract';
import { loadCases } from '../../src/cases/loader';
import { startScriptedTarget, type ScriptedTarget } from '../support/scripted-target';
import { generateXml, reportXml } from '../support/awsquery-xml';
import { JOB_ID, reportModel } from '../support/report-model';
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

async function runGenerated(url: string) {
  const s = session(url);
  try {
    const out: Record<string, string> = {};
    for (const c of generated) out[c.id] = (await s.session.runCase(c)).status;
    return out;
  } finally {
    await s.close();
  }
}

test('a conforming endpoint passes every generated input', async () => {
  target = await startScriptedTarget(reportModel());
  const statuses = await runGenerated(target.url);
  expect(Object.entries(statuses).filter(([, st]) => st !== 'passed')).toEqual([]);
});

test('an endpoint that accepts everything fails every negative input and passes the legal boundaries', async () => {
  const page = reportXml({ JobStatus: 'COMPLETED', JobCreationDate: '2026-11-24T10:00:00Z', JobCompletionDate: '2026-11-24T10:00:05Z', IsTruncated: false, AccessDetails: [] });
  target = await startScriptedTarget((req) => ({ body: req.action === 'GenerateOrganizationsAccessReport' ? generateXml(JOB_ID) : page }));
  const statuses = await runGenerated(target.url);
  for (const [id, status] of Object.entries(statuses)) expect([id, status]).toEqual([id, positive(id) ? 'passed' : 'failed']);
});
