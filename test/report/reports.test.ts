// Every run writes four reports, passing or failing: junit.xml, results.json (valid against its published
// schema), summary.md and a self-contained report.html with the failures and their raw exchanges.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { PROJECT_ROOT } from '../../src/contract';
import { startScriptedTarget, type ScriptedTarget } from '../support/scripted-target';
import { correctOrder, ENTITY, reportModel, MODEL_CASES } from '../support/report-model';
import { runCli } from '../support/cli';

let target: ScriptedTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validateResults = ajv.compile(JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'docs', 'results.schema.json'), 'utf8')));
const read = (dir: string, f: string) => readFileSync(path.join(dir, f), 'utf8');

test.each([
  ['conforming', {}, 0],
  ['non-conforming', { order: (l: never[], k?: string) => correctOrder(l, k ?? 'SERVICE_NAMESPACE_DESCENDING') }, 1],
])('a %s run writes junit.xml, results.json (valid), summary.md and report.html', async (_name, options, code) => {
  target = await startScriptedTarget(reportModel(options as never));
  const run = await runCli(['run', '--endpoint', target.url, '--cases', ...MODEL_CASES, '--entity-path', ENTITY, '--quiet']);
  expect(run.code).toBe(code);
  for (const f of ['junit.xml', 'results.json', 'summary.md', 'report.html']) expect(existsSync(path.join(run.reports, f))).toBe(true);
  const results = JSON.parse(read(run.reports, 'results.json'));
  expect(validateResults(results) ? [] : validateResults.errors).toEqual([]);
  expect(results.summary.total).toBe(results.cases.length);
  const html = read(run.reports, 'report.html');
  expect(html).toContain(`live ${target.url}`);
  expect(html).not.toMatch(/<script|<link |src="http|href="http|@import/); // self-contained, no network
  const md = read(run.reports, 'summary.md');
  expect(md).toMatch(/\| conform \| do not conform \| nothing judged \|/);
  if (code === 1) {
    expect(md).toMatch(/\| `default-order-is-namespace-ascending` \| R9 \| sorted-by: (?:\S+: )?ServiceNamespace is not in ascending order \| cases\/sorting\.yaml:\d+:\d+ \|/);
    expect(md).toMatch(/### Rules broken[\s\S]*\| R9 \|/);
    const failing = html.slice(html.indexOf('<b>default-order-is-namespace-ascending</b>'));
    expect(failing).toMatch(/^<b>default-order-is-namespace-ascending<\/b>[\s\S]*?<b>sorted-by<\/b>[\s\S]*?expected: after &quot;/);
    expect(failing).toMatch(/<pre>POST http:\/\/127\.0\.0\.1:\d+\/\n\nAction=GetOrganizationsAccessReport[\s\S]*?<\/pre><pre>HTTP 200\ncontent-type: text\/xml/);
    const failed = results.cases.find((c: { caseId: string }) => c.caseId === 'default-order-is-namespace-ascending');
    expect(failed).toMatchObject({ verdict: 'fail', status: 'failed' });
    expect(failed.evidence.length).toBeGreaterThan(0);
    expect(failed.evidence[0].request).not.toMatch(/AWS4-HMAC|Credential=/); // no headers, so no credentials
  } else {
    expect(md).toMatch(/✅ conforms/);
  }
});
