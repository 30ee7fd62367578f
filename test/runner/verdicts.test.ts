// The verdict of a case from what its requests met, through the real runner, SDK and HTTP stack on
// 127.0.0.1: an answer that says nothing about conformance (service off, throttled, no answer) never reads
// as "conforms"; the case's own "not implemented" answer wins over checks that passed; a judged failure
// survives a later fault; a Generate bug is reported against Generate's rule; a job still running at the
// poll budget is not checked; our own crash is ours. Each defect has its legal variation next to it.
import path from 'node:path';
import { loadContract, PROJECT_ROOT } from '../../src/contract';
import { loadCases } from '../../src/cases/loader';
import { LiveTarget } from '../../src/transport';
import { Session } from '../../src/runner/session';
import type { CaseResult } from '../../src/runner/results';
import { Judge } from '../../src/judge/judge';
import { startScriptedTarget, type ScriptedReply, type ScriptedRequest, type ScriptedTarget } from '../support/scripted-target';
import { errorXml } from '../support/awsquery-xml';
import { correctOrder, reportModel, type ModelOptions } from '../support/report-model';
import { explain, TEST_SETTINGS } from '../support/run-case';
import { tempDir } from '../support/tmp';
import { writeFileSync } from 'node:fs';

const contract = loadContract();
const set = loadCases([path.join(PROJECT_ROOT, 'cases')], contract, { relativeTo: PROJECT_ROOT });

let target: ScriptedTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

/** Runs these project cases, in this order, on one session (fixtures shared) against a scripted endpoint. */
async function run(handler: (req: ScriptedRequest) => ScriptedReply, ids: string[], settings: Partial<typeof TEST_SETTINGS> = {}): Promise<CaseResult[]> {
  target = await startScriptedTarget(handler);
  const live = new LiveTarget({ endpoint: target.url, requestTimeoutMs: 3000, throttleRetries: 0 });
  const session = new Session(contract, live, set, { ...TEST_SETTINGS, ...settings });
  try {
    const out: CaseResult[] = [];
    for (const id of ids) out.push(await session.runCase(set.cases.find((c) => c.id === id)!));
    return out;
  } finally {
    await live.close();
  }
}

const model = (o: ModelOptions = {}) => reportModel(o);
const withReply = (reply: ModelOptions['reply']) => reportModel({ reply });
const statusOf = (r: CaseResult) => [r.caseId, r.status, r.notChecked?.reason ?? r.notImplemented?.operation];
const throttling = { status: 400, body: errorXml('Throttling', 'Rate exceeded') };

describe('item 1: an answer that says nothing about conformance is not checked, even when the checks pass', () => {
  test('every request answered 400 "Service \'iam\' is not enabled": the refusal cases are not checked (service-unavailable)', async () => {
    const off = { status: 400, body: errorXml('InvalidClientTokenId', "Service 'iam' is not enabled.") };
    const rs = await run(() => off, ['entity-path-missing', 'policy-id-bad-pattern']);
    expect(rs.map(statusOf)).toEqual([['entity-path-missing', 'not-checked', 'service-unavailable'], ['policy-id-bad-pattern', 'not-checked', 'service-unavailable']]);
  });

  test('requests with a Marker throttled for good: the marker-length cases are not checked (throttled), not passed by a tolerated refusal', async () => {
    const rs = await run(withReply((req, n) => (req.params.Marker !== undefined ? throttling : n)), ['gen-get-marker-length-min', 'gen-get-marker-length-max']);
    for (const r of rs) expect(statusOf(r)).toEqual([r.caseId, 'not-checked', 'throttled']);
    expect(rs[0].checks.find((k) => k.check === 'accepted-input')).toMatchObject({ status: 'nothing-to-judge', note: expect.stringMatching(/^not judged: the target kept throttling/) });
  });

  test('legal variation: the same cases against a correct target conform; a marker the target did not mint may be refused (tolerated)', async () => {
    const rs = await run(model(), ['entity-path-missing', 'policy-id-bad-pattern', 'gen-get-marker-length-min', 'gen-get-marker-length-max']);
    for (const r of rs) expect([r.caseId, r.status, explain(r)]).toEqual([r.caseId, 'passed', `${r.caseId} passed`]);
  });
});

describe('item 2: an operation answered "InvalidAction" is not implemented, even where a refusal was expected', () => {
  const invalidAction = (req: ScriptedRequest) => ({ status: 400, body: errorXml('InvalidAction', `Could not find operation ${req.action} for version 2010-05-08`) });

  test('the refusal cases and the missing-JobId case are not implemented, not "conforms"', async () => {
    const rs = await run(invalidAction, ['entity-path-missing', 'policy-id-bad-pattern', 'job-id-missing']);
    expect(rs.map(statusOf)).toEqual([
      ['entity-path-missing', 'not-implemented', 'GenerateOrganizationsAccessReport'],
      ['policy-id-bad-pattern', 'not-implemented', 'GenerateOrganizationsAccessReport'],
      ['job-id-missing', 'not-implemented', 'GetOrganizationsAccessReport'],
    ]);
    expect(rs[0].notImplemented?.answer).toMatch(/^HTTP 400 InvalidAction: Could not find operation GenerateOrganizationsAccessReport/);
  });

  test('legal variation: a refusal of an out-of-contract value that uses the words "not supported" is a refusal (the case conforms)', async () => {
    const rs = await run(withReply((req, n) => (n.status === 400 ? { status: 400, body: errorXml('ValidationError', `The value is not supported by ${req.action}.`) } : n)), ['sort-key-unknown', 'entity-path-missing']);
    expect(rs.map(statusOf)).toEqual([['sort-key-unknown', 'passed', undefined], ['entity-path-missing', 'passed', undefined]]);
  });
});

describe('item 7 (runner part): answers to requests that expect a refusal never mark an operation missing for the run', () => {
  test('a refusal saying "… not supported by GetOrganizationsAccessReport", then a real sort break: the break is reported, not "not implemented"', async () => {
    const refuseInWords = (req: ScriptedRequest, n: ScriptedReply) => (n.status === 400 ? { status: 400, body: errorXml('ValidationError', `SortKey is not supported by ${req.action}`) } : n);
    const sortIgnored = (l: Parameters<typeof correctOrder>[0]) => correctOrder(l);
    const rs = await run(reportModel({ reply: refuseInWords, order: sortIgnored }), ['sort-key-unknown', 'sort-time-ascending']);
    expect(rs[1].status).toBe('failed');
    expect(rs[1].notImplemented).toBeUndefined();
    expect(explain(rs[1])).toMatch(/sorted-by/);
  });

  test('legal variation: an in-contract request answered "not implemented" still marks the operation for later cases', async () => {
    const ls = (req: ScriptedRequest) => ({ status: 501, body: errorXml('InternalFailure', `The ${req.action.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()} action has not been implemented`, 'Receiver') });
    const rs = await run(ls, ['generate-returns-job-id', 'entity-path-missing']);
    expect(rs.map(statusOf)).toEqual([['generate-returns-job-id', 'not-implemented', 'GenerateOrganizationsAccessReport'], ['entity-path-missing', 'not-implemented', 'GenerateOrganizationsAccessReport']]);
  });
});

describe('item 9: a case that looks at a fixture step needs the steps before it', () => {
  test('job-lifecycle (use: report.poll) with Generate not implemented: it is not implemented (Generate), and touched Generate', async () => {
    const lsGen = withReply((req, n) => (req.action === 'GenerateOrganizationsAccessReport' ? { status: 501, body: errorXml('InternalFailure', 'The generate_organizations_access_report action has not been implemented', 'Receiver') } : n));
    const [r] = await run(lsGen, ['job-lifecycle']);
    expect(statusOf(r)).toEqual(['job-lifecycle', 'not-implemented', 'GenerateOrganizationsAccessReport']);
    expect(r.operations).toEqual(expect.arrayContaining(['GenerateOrganizationsAccessReport', 'GetOrganizationsAccessReport']));
  });
});

describe('item 13: a wrong Generate answer breaks Generate\'s rule in the cases that need the report, not their own', () => {
  test('Generate answers JobID instead of JobId: the sort cases show the fixture step\'s broken rule (W2, an undefined member), not R8/R9', async () => {
    const renamed = withReply((req, n) => (req.action === 'GenerateOrganizationsAccessReport' && n.status === undefined ? { ...n, body: n.body.replace(/JobId>/g, 'JobID>') } : n));
    const rs = await run(renamed, ['default-order-is-namespace-ascending', 'sort-time-ascending']);
    const judge = new Judge(set, contract);
    for (const r of rs) {
      const j = judge.judgeCase(r);
      expect([r.caseId, j.verdict]).toEqual([r.caseId, 'fail']);
      expect(j.brokenRules).toEqual(['W2']);
      expect(j.checks.find((k) => k.status === 'failed')).toMatchObject({ check: 'response-schema', loc: expect.stringMatching(/^cases\/fixtures\.yaml:/) });
      expect(j.brokenRules).not.toEqual(expect.arrayContaining(['R8']));
      expect(j.brokenRules).not.toEqual(expect.arrayContaining(['R9']));
    }
  });
});

describe('item 14a: a judged failure survives a later request that got no answer', () => {
  const walkCut = (badFirstPage: boolean) => {
    let sevens = 0;
    const handler = model({ mutate: (p, { params }) => (badFirstPage && params.MaxItems === '7' && params.Marker === undefined && p.AccessDetails ? { ...p, AccessDetails: p.AccessDetails.map((x, i) => (i === 0 ? { ...x, ServiceNamespace: 'bad.ns' } : x)) } : p) });
    return (req: ScriptedRequest): ScriptedReply => (req.action === 'GetOrganizationsAccessReport' && req.params.MaxItems === '7' && ++sevens >= 3 ? { body: '', reset: true } : handler(req));
  };

  test('a bad namespace on page 1 of the MaxItems=7 walk, then resets: small-pages-add-up does not conform (W2), not "not checked"', async () => {
    const [r] = await run(walkCut(true), ['small-pages-add-up']);
    expect(r.status).toBe('failed');
    const j = new Judge(set, contract).judgeCase(r);
    expect(j.brokenRules).toContain('W2');
    // The failure found only because of the reset (no HTTP answer on page 3) is not a verdict.
    expect(r.checks.filter((k) => k.status === 'failed').flatMap((k) => k.findings.map((f) => f.message)).join('\n')).not.toMatch(/no HTTP response/);
  });

  test('legal variation: the same walk cut with correct pages before the reset is not checked (target-unreachable)', async () => {
    const [r] = await run(walkCut(false), ['small-pages-add-up']);
    expect(statusOf(r)).toEqual(['small-pages-add-up', 'not-checked', 'target-unreachable']);
    expect(r.checks.some((k) => k.status === 'failed')).toBe(false);
  });
});

describe('a failure found by comparing with a step whose answers were cut is not a verdict', () => {
  // sort-time-descending walks the default order (step "default"), then the time order, and compares the two lists.
  const cutDefault = () => {
    const handler = model();
    return (req: ScriptedRequest): ScriptedReply => (req.action === 'GetOrganizationsAccessReport' && req.params.MaxItems === '1000' && !req.params.SortKey ? { body: '', reset: true } : handler(req));
  };

  test('the default walk gets no answer: same-items-as has nothing to judge, the case is not checked (target-unreachable)', async () => {
    const [r] = await run(cutDefault(), ['sort-time-descending']);
    expect(statusOf(r)).toEqual(['sort-time-descending', 'not-checked', 'target-unreachable']);
    expect(r.checks.find((k) => k.check === 'same-items-as')).toMatchObject({ status: 'nothing-to-judge', note: expect.stringMatching(/^not judged: a step it compares with is incomplete: the target gave no HTTP answer/) });
  });

  test('a break in the step\'s own answers still stands: the time-ordered list is out of order against a cut default walk', async () => {
    const [r] = await run(model({ mutate: (p, { params }) => (params.SortKey && p.AccessDetails ? { ...p, AccessDetails: [...p.AccessDetails].reverse() } : p), reply: (req, n) => (req.params.MaxItems === '1000' && !req.params.SortKey ? { body: '', reset: true } : n) }), ['sort-time-descending']);
    expect(r.status).toBe('failed');
    expect(r.checks.filter((k) => k.status === 'failed').map((k) => k.check)).toEqual(['sorted-by']);
  });

  test('a member that differs in an item both walks delivered still fails, though the whole walk was cut on its second page', async () => {
    // small-pages-add-up: the whole walk (MaxItems 1000, pages of 50 here) against the walk in pages of 7.
    let wholePages = 0;
    const handler = model({
      pageLength: (maxItems) => Math.min(maxItems, 50),
      mutate: (p, { params }) => (params.MaxItems === '7' && params.Marker === undefined && p.AccessDetails ? { ...p, AccessDetails: p.AccessDetails.map((x, i) => (i === 0 ? { ...x, TotalAuthenticatedEntities: (x.TotalAuthenticatedEntities ?? 0) + 1 } : x)) } : p),
    });
    const [r] = await run((req) => (req.action === 'GetOrganizationsAccessReport' && req.params.MaxItems === '1000' && ++wholePages === 2 ? { body: '', reset: true } : handler(req)), ['small-pages-add-up']);
    expect(r.status).toBe('failed');
    const walkEquals = r.checks.find((k) => k.check === 'walk-equals')!;
    expect(walkEquals.status).toBe('failed');
    expect(walkEquals.findings.every((f) => f.path !== undefined)).toBe(true);
    expect(walkEquals.findings.map((f) => f.message).join('\n')).toMatch(/TotalAuthenticatedEntities/);
  });

  test('legal variation and the break itself, with the default walk answered: conforms; a missing item fails same-items-as', async () => {
    const [ok] = await run(model(), ['sort-time-descending']);
    expect(ok.status).toBe('passed');
    await target?.close();
    const [broken] = await run(model({ mutate: (p, { params }) => (params.SortKey && p.AccessDetails ? { ...p, AccessDetails: p.AccessDetails.slice(1) } : p) }), ['sort-time-descending']);
    expect(broken.status).toBe('failed');
    expect(broken.checks.find((k) => k.check === 'same-items-as')?.status).toBe('failed');
  });
});

test('a check that reads a fixture step (step: fixture.step) whose requests got no answer leaves a use-only case not checked, never conforming', async () => {
  const dir = tempDir('iam-fixture-ref-');
  writeFileSync(path.join(dir, 'pages.yaml'), `operation: GetOrganizationsAccessReport
fixtures:
  pages:
    title: one report walked whole and in small pages
    steps:
      - id: generate
        call: GenerateOrganizationsAccessReport
        params: { EntityPath: "\${input.EntityPath}" }
        save: { JobId: JobId }
      - id: poll
        poll: GetOrganizationsAccessReport
        params: { JobId: "\${JobId}" }
        usable: [COMPLETED]
      - id: small
        walk: GetOrganizationsAccessReport
        params: { JobId: "\${JobId}", MaxItems: 7 }
      - id: full
        walk: GetOrganizationsAccessReport
        params: { JobId: "\${JobId}", MaxItems: 1000 }
cases:
  - id: small-pages-like-full
    title: the small-page walk lists what the whole walk lists
    rules: [R7]
    basis: "docs (Marker)"
    steps:
      - use: pages.small
        checks:
          - same-items-as: { step: pages.full }
          - walk-completes
`);
  const own = loadCases([path.join(PROJECT_ROOT, 'cases', 'fixtures.yaml'), dir], contract, { relativeTo: PROJECT_ROOT });
  const handler = model();
  target = await startScriptedTarget((req) => (req.action === 'GetOrganizationsAccessReport' && req.params.MaxItems === '1000' ? { body: '', reset: true } : handler(req)));
  const live = new LiveTarget({ endpoint: target.url, requestTimeoutMs: 3000, throttleRetries: 0 });
  try {
    const r = await new Session(contract, live, own, TEST_SETTINGS).runCase(own.cases.find((c) => c.id === 'small-pages-like-full')!);
    expect(statusOf(r)).toEqual(['small-pages-like-full', 'not-checked', 'target-unreachable']);
  } finally {
    await live.close();
  }
});

describe('s1: a job still running at the poll budget is not checked (the contract bounds no job\'s duration)', () => {
  test('job-lifecycle and a reader: not checked, report-job-incomplete; no R10 failure', async () => {
    const rs = await run(model({ pollsInProgress: 1_000_000 }), ['job-lifecycle', 'default-order-is-namespace-ascending'], { pollBudgetMs: 200 });
    expect(rs.map(statusOf)).toEqual([['job-lifecycle', 'not-checked', 'report-job-incomplete'], ['default-order-is-namespace-ascending', 'not-checked', 'report-job-incomplete']]);
    expect(rs[0].notChecked?.detail).toMatch(/still IN_PROGRESS after \d+ polls/);
    expect(rs[0].checks.filter((k) => k.status === 'failed')).toEqual([]);
  });

  test('break still caught: a completion date while IN_PROGRESS in a job that never finishes fails job-in-progress (R11)', async () => {
    const [r] = await run(model({ pollsInProgress: 1_000_000, mutate: (p) => ({ ...p, JobCompletionDate: '2026-11-24T10:00:01Z' }) }), ['job-lifecycle'], { pollBudgetMs: 200 });
    expect(r.status).toBe('failed');
    expect(new Judge(set, contract).judgeCase(r).brokenRules).toContain('R11');
  });

  test('legal variation: a slow job that finishes within the budget conforms', async () => {
    const [r] = await run(model({ pollsInProgress: 5 }), ['job-lifecycle']);
    expect([r.status, explain(r)]).toEqual(['passed', 'job-lifecycle passed']);
  });
});

describe('s3: a check that crashes is our bug, never a verdict on the target', () => {
  test('sorted-by throwing: the case is not checked (internal-error) and carries the stack; no rule is broken', async () => {
    const { getCheck } = await import('../../src/checks/registry');
    const def = getCheck('sorted-by')!;
    const spy = jest.spyOn(def, 'evaluate').mockImplementation(() => {
      throw new TypeError('boom in sorted-by');
    });
    try {
      const [r] = await run(model(), ['sort-time-ascending']);
      expect(statusOf(r)).toEqual(['sort-time-ascending', 'not-checked', 'internal-error']);
      expect(r.internalError).toMatch(/check sorted-by at .* crashed: TypeError: boom in sorted-by\n\s+at /);
      const j = new Judge(set, contract).judgeCase(r);
      expect([j.verdict, j.brokenRules]).toEqual(['not-checked', []]);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('s5: accepted-input never passes a throttled answer, tolerated refusal or not', () => {
  async function judgeAccepted(reply: ScriptedReply, args: { tolerateRefusal?: boolean }) {
    const { SdkCaller } = await import('../../src/transport/sdk-caller');
    const { getCheck } = await import('../../src/checks/registry');
    target = await startScriptedTarget(() => reply);
    const caller = new SdkCaller({ endpoint: target.url, requestTimeoutMs: 2000, throttleRetries: 0 });
    const params = { JobId: 'x'.repeat(36), Marker: 'm'.repeat(320) };
    const x = await caller.call('GetOrganizationsAccessReport', params);
    caller.destroy();
    const step = set.cases.find((c) => c.id === 'gen-get-marker-length-max')!.steps[0];
    return getCheck('accepted-input')!.evaluate({ contract, step, options: { lenientWire: false }, observation: { kind: 'call', operation: 'GetOrganizationsAccessReport', params, exchanges: [x], ended: 'single' }, ref: () => { throw new Error('no ref'); } }, args) as { message: string }[];
  }

  test.each([
    ['HTTP 429 Throttling, tolerated refusal', { status: 429, body: errorXml('Throttling', 'Rate exceeded') }, { tolerateRefusal: true }],
    ['HTTP 400 Throttling, tolerated refusal', throttling, { tolerateRefusal: true }],
    ['HTTP 400 Throttling', throttling, {}],
  ])('%s: fails, the input was never judged', async (_n, reply, args) => {
    const findings = await judgeAccepted(reply, args);
    expect(findings.map((f) => f.message)).toEqual(['the request was throttled, so the input was never judged']);
  });

  test.each([
    ['a tolerated refusal of a marker we made up (400 ValidationError)', { status: 400, body: errorXml('ValidationError', 'bad marker') }, { tolerateRefusal: true }],
    ['the modelled NoSuchEntity for an unknown job', { status: 404, body: errorXml('NoSuchEntity', 'no job') }, {}],
  ])('legal variation: %s passes', async (_n, reply, args) => {
    expect(await judgeAccepted(reply, args)).toEqual([]);
  });
});
