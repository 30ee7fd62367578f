// The JUnit report validates against a JUnit XSD (test/report/junit.xsd, libxml2 through xmllint-wasm) in
// every state it can be in: all pass, failures, expected failures (skipped with a reason) and errors
// (throttling), and after a merge of shards.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { errorXml } from '../support/awsquery-xml';
import { startScriptedTarget, type ScriptedTarget } from '../support/scripted-target';
import { correctOrder, ENTITY, reportModel } from '../support/report-model';
import { runCli } from '../support/cli';

const XSD = readFileSync(path.join(__dirname, 'junit.xsd'), 'utf8');

async function xsdErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: XSD }] });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

let target: ScriptedTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

test('the XSD is not a rubber stamp: it refuses a testcase without a name', async () => {
  expect(await xsdErrors('<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase classname="c" time="0"/></testsuite></testsuites>')).not.toEqual([]);
});

test('the bundled replay (all pass) writes valid JUnit', async () => {
  const run = await runCli(['run', '--quiet']);
  expect(await xsdErrors(readFileSync(path.join(run.reports, 'junit.xml'), 'utf8'))).toEqual([]);
});

test('failures, expected failures with reasons and errors all validate', async () => {
  target = await startScriptedTarget(reportModel({
    order: (l, k) => correctOrder(l, k ?? 'SERVICE_NAMESPACE_DESCENDING'),
    reply: (req, n) => (req.params.SortKey === 'LAST_AUTHENTICATED_TIME_ASCENDING' ? { status: 400, body: errorXml('Throttling', 'Rate exceeded') } : n),
  }));
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const file = path.join(mkdtempSync('/tmp/xsd-'), 'exp.yaml');
  writeFileSync(file, 'target: t\nexpectations:\n  - case: default-order-holds-across-pages\n    outcome: fail\n    reason: known\n');
  const run = await runCli(['run', '--endpoint', target.url, '--entity-path', ENTITY, '--quiet', '--throttle-retries', '0', '--expectations', file]);
  const xml = readFileSync(path.join(run.reports, 'junit.xml'), 'utf8');
  expect(xml).toMatch(/<failure message="[^"]+" type="[^"]+">/);
  expect(xml).toMatch(/<skipped message="expected failure: known/);
  expect(xml).toMatch(/<error message="not checked/);
  expect(await xsdErrors(xml)).toEqual([]);
});
