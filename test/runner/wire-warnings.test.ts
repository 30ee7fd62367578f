// Against AWS, which adds members over time, elements the contract does not define are warnings, not
// failures (`--wire lenient`, the default for amazonaws.com endpoints); emulators stay strict by default.
// A warning never hides a break: every other finding of the same answer still fails its check.
import { wireModeFor } from '../../src/cli/main';
import { loadContract } from '../../src/contract';
import { Judge } from '../../src/judge/judge';
import { describeCase, failureType, firstFinding } from '../../src/report/format';
import type { CaseResult } from '../../src/runner/results';
import { startScriptedTarget, type ScriptedReply, type ScriptedRequest, type ScriptedTarget } from '../support/scripted-target';
import { correctOrder, reportModel, type ModelOptions } from '../support/report-model';
import { explain, failedChecks, runProjectCase } from '../support/run-case';

let target: ScriptedTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

type Edit = (body: string) => string;
/** A member AWS might add one day, in every completed GetOrganizationsAccessReport answer, and an element beside the Result. */
const added: Edit = (b) => (b.includes('<JobStatus>COMPLETED')
  ? b.replace('<JobStatus>', '<ReportRegion>us-east-1</ReportRegion><JobStatus>').replace('</GetOrganizationsAccessReportResult>', '</GetOrganizationsAccessReportResult><Trace>t-1</Trace>')
  : b);
/** The new members everywhere, and `brk` on the page the case itself reads (MaxItems 1000), not on the fixture's polls. */
const model = (brk: Edit = (b) => b, o: ModelOptions = {}) => reportModel({
  ...o,
  reply: (req: ScriptedRequest, n: ScriptedReply) => (req.action === 'GetOrganizationsAccessReport' ? { ...n, body: (req.params.MaxItems === '1000' ? brk : (b: string) => b)(added(n.body)) } : n),
});
const warnings = (r: CaseResult) => r.checks.flatMap((c) => c.findings.filter((f) => f.warning).map((f) => `${c.check} ${c.status}: ${f.path}`));
const failures = (r: CaseResult, check: string) => r.checks.filter((c) => c.check === check && c.status === 'failed').flatMap((c) => c.findings.filter((f) => !f.warning).map((f) => `${f.path}: ${f.expected} / ${f.actual}`));

test('strict (emulators, by default): a member the contract does not define fails the schema check', async () => {
  target = await startScriptedTarget(model());
  const r = await runProjectCase(target.url, 'completed-report-schema');
  expect(r.status).toBe('failed');
  expect(failedChecks(r)).toEqual(expect.arrayContaining(['response-schema', 'wire-format']));
  expect(explain(r)).toMatch(/ReportRegion breaks the output shape/);
  expect(warnings(r)).toEqual([]);
});

test('lenient (AWS, by default): the same member is a warning on a passing check, kept in the results', async () => {
  target = await startScriptedTarget(model());
  const r = await runProjectCase(target.url, 'completed-report-schema', { lenientWire: true });
  expect(explain(r)).toBe('completed-report-schema passed');
  expect(warnings(r)).toEqual(expect.arrayContaining([expect.stringMatching(/^response-schema passed: .*ReportRegion$/), expect.stringMatching(/^wire-format passed: .*Trace$/)]));
});

describe('lenient: a warning never turns a broken answer green', () => {
  test.each<[string, Edit, string, RegExp]>([
    ['a required member missing', (b) => b.replace(/<JobCreationDate>[^<]*<\/JobCreationDate>/, ''), 'response-schema', /JobCreationDate: present \(required member\) \/ absent/],
    ['a required member misspelled (an unknown member, and the required one missing)', (b) => b.replace(/<JobCreationDate>([^<]*)<\/JobCreationDate>/, '<JobCreationDat>$1</JobCreationDat>'), 'response-schema', /JobCreationDate: present \(required member\) \/ absent/],
    ['a number of the wrong type', (b) => b.replace(/<NumberOfServicesAccessible>\d+/, '<NumberOfServicesAccessible>24x'), 'response-schema', /NumberOfServicesAccessible: /],
    ['a value outside the enum', (b) => b.replace('<JobStatus>COMPLETED</JobStatus>', '<JobStatus>DONE</JobStatus>'), 'response-schema', /JobStatus: one of .*COMPLETED.* \/ "?DONE/],
    ['a namespace outside its pattern', (b) => b.replace('<ServiceNamespace>a4b</ServiceNamespace>', '<ServiceNamespace>a4b.x</ServiceNamespace>'), 'response-schema', /ServiceNamespace: whole value matching/],
    ['no RequestId', (b) => b.replace(/<ResponseMetadata>.*<\/ResponseMetadata>/, ''), 'wire-format', /RequestId/],
  ])('%s still fails completed-report-schema', async (_name, brk, check, finding) => {
    target = await startScriptedTarget(model(brk));
    const r = await runProjectCase(target.url, 'completed-report-schema', { lenientWire: true });
    expect(r.status).toBe('failed');
    expect(failures(r, check)).toEqual(expect.arrayContaining([expect.stringMatching(finding)]));
    expect(warnings(r).length).toBeGreaterThan(0); // the lenient path was taken: the added members only warn
    // What a reader sees first is the break, never the warning; the warning is listed apart.
    const judged = new Judge(undefined, loadContract()).judgeCase(r);
    expect(firstFinding(judged)).not.toMatch(/ReportRegion|Trace|not a member the contract defines|awsQuery envelope/);
    const headlined = judged.checks.find((k) => failureType(judged).startsWith(`${k.check} [`));
    expect(headlined?.findings.some((f) => !f.warning)).toBe(true);
    expect(describeCase(judged)).toMatch(/\n {2}! warning, not a failure \(--wire lenient\): (response-schema|wire-format): /);
  });

  test('the wrong order still fails a sort case', async () => {
    target = await startScriptedTarget(model(undefined, { order: (l, k) => correctOrder(l, k === 'SERVICE_NAMESPACE_DESCENDING' ? 'SERVICE_NAMESPACE_ASCENDING' : k) }));
    const r = await runProjectCase(target.url, 'sort-namespace-descending', { lenientWire: true });
    expect(r.status).toBe('failed');
    expect(failedChecks(r)).toContain('sorted-by');
    expect(warnings(r).length).toBeGreaterThan(0);
  });

  test('a member a case rules out by name (JobType, R20) still fails that case, though the schema check only warns', async () => {
    const jobType: Edit = (b) => b.replace('</JobStatus>', '</JobStatus><JobType>SERVICE_LEVEL</JobType>');
    target = await startScriptedTarget(reportModel({ reply: (req, n) => (req.action === 'GetOrganizationsAccessReport' ? { ...n, body: jobType(n.body) } : n) }));
    const r = await runProjectCase(target.url, 'report-has-no-job-type', { lenientWire: true });
    expect(r.status).toBe('failed');
    expect(failedChecks(r)).toEqual(['members']);
    expect(warnings(r)).toEqual([expect.stringMatching(/^response-schema passed: .*JobType$/)]);
  });
});

describe('the default mode from the endpoint (no network: host names only)', () => {
  test.each<[string | undefined, string | undefined, 'strict' | 'lenient']>([
    // AWS: the SDK's own endpoint, and AWS's public host names in every partition.
    [undefined, undefined, 'lenient'],
    ['https://iam.amazonaws.com', undefined, 'lenient'],
    ['https://IAM.AmazonAWS.com/', undefined, 'lenient'],
    ['https://iam.us-gov.amazonaws.com', undefined, 'lenient'],
    ['https://iam.cn-north-1.amazonaws.com.cn', undefined, 'lenient'],
    ['https://iam-fips.amazonaws.com:443', undefined, 'lenient'],
    // Emulators and anything else: strict, even when the name only looks like AWS.
    ['http://127.0.0.1:4566', undefined, 'strict'],
    ['http://localhost:5000', undefined, 'strict'],
    ['http://iam.localhost.localstack.cloud:4566', undefined, 'strict'],
    ['http://127.0.0.1:4566/iam.amazonaws.com', undefined, 'strict'],
    ['http://iam.amazonaws.com.example.net', undefined, 'strict'],
    ['http://notamazonaws.com', undefined, 'strict'],
    ['not a url', undefined, 'strict'],
    // --wire decides when it is given.
    ['https://iam.amazonaws.com', 'strict', 'strict'],
    [undefined, 'strict', 'strict'],
    ['http://127.0.0.1:4566', 'lenient', 'lenient'],
  ])('endpoint %s with --wire %s: %s', (endpoint, flag, mode) => {
    expect(wireModeFor(endpoint, flag)).toBe(mode);
  });

  test('--wire takes strict or lenient only', () => {
    expect(() => wireModeFor('http://127.0.0.1:4566', 'loose')).toThrow('--wire is strict or lenient, not "loose"');
  });
});
