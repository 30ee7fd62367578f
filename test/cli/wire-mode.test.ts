// --wire end to end, over real HTTP on 127.0.0.1: an answer with a member and an envelope element the contract
// does not define (as AWS adds them over time) is a warning in lenient mode — the case conforms and every
// report says so — and a failure with --wire strict and by default against an emulator (any endpoint that is
// not amazonaws.com). Which mode an endpoint gets by default is unit-tested in test/runner/wire-warnings.test.ts,
// since a run against AWS itself would leave 127.0.0.1.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';
import { PROJECT_ROOT } from '../../src/contract';
import { startScriptedTarget, type ScriptedReply, type ScriptedRequest, type ScriptedTarget } from '../support/scripted-target';
import { ENTITY, reportModel } from '../support/report-model';
import { runCli, type CliRun } from '../support/cli';

let target: ScriptedTarget;
beforeAll(async () => {
  // Every completed report gains <ReportRegion> (a member the output shape does not have) and every
  // GetOrganizationsAccessReport answer a <Trace> element beside ResponseMetadata (outside the envelope).
  const added = (req: ScriptedRequest, n: ScriptedReply): ScriptedReply => (req.action === 'GetOrganizationsAccessReport' && n.body.includes('<JobStatus>COMPLETED')
    ? { ...n, body: n.body.replace('<JobStatus>', '<ReportRegion>us-east-1</ReportRegion><JobStatus>').replace('</GetOrganizationsAccessReportResult>', '</GetOrganizationsAccessReportResult><Trace>t-1</Trace>') }
    : n);
  target = await startScriptedTarget(reportModel({ reply: added }));
});
afterAll(() => target.close());

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validateResults = ajv.compile(JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'docs', 'results.schema.json'), 'utf8')));
const XSD = readFileSync(path.join(__dirname, '..', 'report', 'junit.xsd'), 'utf8');
const xsdErrors = async (xml: string) => (await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: XSD }] })).errors;
const read = (run: CliRun, f: string) => readFileSync(path.join(run.reports, f), 'utf8');

interface Finding { message: string; path?: string; warning?: boolean }
interface Results {
  wire?: string;
  summary: { warnings: number; pass: number; fail: number };
  cases: { caseId: string; verdict: string; checks: { check: string; status: string; findings: Finding[] }[] }[];
}

const gate = (extra: string[]) => runCli(['run', '--endpoint', target.url, '--entity-path', ENTITY, '--case', 'completed-report-schema', ...extra]);
/** The testcase element of a case in junit.xml. */
const testcase = (xml: string, id: string) => new RegExp(`<testcase [^>]*name="${id}: [^"]*"[^>]*>[\\s\\S]*?</testcase>`).exec(xml)?.[0] ?? '';

test('--wire lenient: the case conforms (exit 0); the warnings are in the console, results.json, summary.md, report.html and junit.xml', async () => {
  const run = await gate(['--wire', 'lenient']);
  expect(run.code).toBe(0);
  // Console: one line counting them, on stdout with the verdict (so --quiet keeps it too).
  const lines = run.stdout.split('\n').filter((l) => /warning/.test(l));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^! 2 warnings in 1 case, not failures \(--wire lenient\): the contract does not define .*ReportRegion.*\(completed-report-schema\)/);

  const results = JSON.parse(read(run, 'results.json')) as Results;
  expect(validateResults(results) ? [] : validateResults.errors).toEqual([]);
  expect(results.wire).toBe('lenient');
  expect(results.summary).toMatchObject({ warnings: 2, pass: 1, fail: 0 });
  const c = results.cases.find((x) => x.caseId === 'completed-report-schema')!;
  expect(c.verdict).toBe('pass');
  const warned = c.checks.flatMap((k) => k.findings.filter((f) => f.warning).map((f) => `${k.check} ${k.status}: ${f.path}`));
  expect(warned).toEqual(expect.arrayContaining([expect.stringMatching(/^wire-format passed: .*Trace$/), expect.stringMatching(/^response-schema passed: .*ReportRegion$/)]));
  expect(warned).toHaveLength(2);

  const md = read(run, 'summary.md');
  expect(md).toMatch(/## .*✅ conforms/);
  expect(md).toMatch(/### Warnings \(2\): not failures/);
  expect(md).toMatch(/- `completed-report-schema` \(conforms\): response-schema: .*ReportRegion is not a member the contract defines/);

  const html = read(run, 'report.html');
  expect(html).toMatch(/<span class="badge">conforms<\/span> <span class="badge warn">warning<\/span> <b>completed-report-schema<\/b>/);
  expect(html).toMatch(/warning, not a failure<\/span> <b>response-schema<\/b>[\s\S]*?ReportRegion/);

  // JUnit: a passing testcase (no <failure>), the count as a property and the warnings in its system-out.
  const xml = read(run, 'junit.xml');
  expect(await xsdErrors(xml)).toEqual([]);
  expect(xml).toMatch(/<testsuites [^>]*failures="0" errors="0"/);
  expect(xml).toMatch(/<property name="wire" value="lenient"\/>/);
  const tc = testcase(xml, 'completed-report-schema');
  expect(tc).not.toMatch(/<failure|<error/);
  expect(tc).toMatch(/<property name="warnings" value="2"\/>/);
  expect(tc).toMatch(/<system-out>[\s\S]*warnings, not failures \(--wire lenient: elements and members the contract does not define\):\n(wire-format|response-schema): [\s\S]*ReportRegion[\s\S]*<\/system-out>/);
}, 180_000);

test.each([
  ['--wire strict', ['--wire', 'strict']],
  ['the default against a 127.0.0.1 emulator', []],
])('%s: the same answers do not conform (exit 1); no warning anywhere', async (_name, extra) => {
  const run = await gate(extra);
  expect(run.code).toBe(1);
  expect(run.stdout).not.toMatch(/warning/);
  const results = JSON.parse(read(run, 'results.json')) as Results;
  expect(validateResults(results) ? [] : validateResults.errors).toEqual([]);
  expect(results.wire).toBe('strict');
  expect(results.summary).toMatchObject({ warnings: 0, pass: 0, fail: 1 });
  const c = results.cases.find((x) => x.caseId === 'completed-report-schema')!;
  expect(c.verdict).toBe('fail');
  const failed = Object.fromEntries(c.checks.filter((k) => k.status === 'failed').map((k) => [k.check, k.findings.map((f) => `${f.path}${f.warning ? ' (warning)' : ''}`)]));
  expect(failed['response-schema']).toEqual([expect.stringMatching(/ReportRegion$/)]);
  expect(failed['wire-format']).toEqual([expect.stringMatching(/Trace$/)]);
  expect(run.stderr).toMatch(/✗ response-schema [\s\S]*ReportRegion breaks the output shape/);
  const xml = read(run, 'junit.xml');
  expect(await xsdErrors(xml)).toEqual([]);
  expect(xml).toMatch(/<property name="wire" value="strict"\/>/);
  expect(testcase(xml, 'completed-report-schema')).toMatch(/<failure message="[^"]*(ReportRegion|Trace)[^"]*"/);
  expect(read(run, 'summary.md')).not.toMatch(/Warnings/);
}, 180_000);

test('--wire takes strict or lenient only: anything else is a usage error (exit 2) before anything is sent', async () => {
  const before = target.requests.length;
  const run = await gate(['--wire', 'loose']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/--wire is strict or lenient, not "loose"/);
  expect(target.requests.length).toBe(before);
});
