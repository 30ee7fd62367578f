// A run split with --shard over several CI machines merges back into one set of reports, equal in
// content to the unsplit run, with JUnit still valid.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { runCli } from '../support/cli';

const operations = (dir: string) => [...new Set((JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')).cases as { operation: string }[]).map((c) => c.operation))].sort();
const FIVE = ['GenerateOrganizationsAccessReport', 'GenerateServiceLastAccessedDetails', 'GetOrganizationsAccessReport', 'GetServiceLastAccessedDetails', 'GetServiceLastAccessedDetailsWithEntities'];
const ids = (dir: string) => (JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')).cases as { caseId: string }[]).map((c) => c.caseId).sort();

test('two shards split the cases without overlap, and merge into the same reports as one run', async () => {
  const [one, two, whole] = await Promise.all([runCli(['run', '--quiet', '--shard', '1/2']), runCli(['run', '--quiet', '--shard', '2/2']), runCli(['run', '--quiet'])]);
  expect([one.code, two.code, whole.code]).toEqual([0, 0, 0]);
  const a = ids(one.reports);
  const b = ids(two.reports);
  expect(a.filter((id) => b.includes(id))).toEqual([]);
  expect([...a, ...b].sort()).toEqual(ids(whole.reports));
  // The split is over the whole selection, not per operation: each shard has cases of all five operations.
  expect([operations(one.reports), operations(two.reports), operations(whole.reports)]).toEqual([FIVE, FIVE, FIVE]);
  const merged = await runCli(['merge', one.reports, two.reports, '--reports', path.join(one.reports, 'merged'), '--quiet']);
  expect(merged.code).toBe(0);
  const dir = path.join(one.reports, 'merged');
  expect(ids(dir)).toEqual(ids(whole.reports));
  const xml = readFileSync(path.join(dir, 'junit.xml'), 'utf8');
  expect((xml.match(/<testcase /g) ?? []).length).toBe(ids(whole.reports).length);
  const xsd = readFileSync(path.join(__dirname, 'junit.xsd'), 'utf8');
  const check = await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: xsd }] });
  expect(check.errors).toEqual([]);
  expect(readFileSync(path.join(dir, 'summary.md'), 'utf8')).toMatch(new RegExp(`\\| ${ids(whole.reports).length} \\| 0 \\| 0 \\| 0 \\| 0 \\| 0 \\| ${ids(whole.reports).length} \\|`));
  expect(JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')).merged).toEqual({ count: 2, shards: [1, 2], missing: [] });
});

test('--tag and --case select across operations, and a tag shared by several operations shards across them', async () => {
  const [sort, one, two, picked] = await Promise.all([
    runCli(['run', '--quiet', '--tag', 'sort']), runCli(['run', '--quiet', '--tag', 'sort', '--shard', '1/2']), runCli(['run', '--quiet', '--tag', 'sort', '--shard', '2/2']),
    runCli(['run', '--quiet', '--case', 'job-lifecycle', 'sla-unknown-job-id', 'sla-entities-unknown-job-id']),
  ]);
  expect([sort.code, one.code, two.code, picked.code]).toEqual([0, 0, 0, 0]);
  // sort: the Organizations report's SortKey orders and the fixed orders of the two service last accessed reads.
  expect(operations(sort.reports)).toEqual(['GetOrganizationsAccessReport', 'GetServiceLastAccessedDetails', 'GetServiceLastAccessedDetailsWithEntities']);
  expect([...ids(one.reports), ...ids(two.reports)].sort()).toEqual(ids(sort.reports));
  expect(ids(one.reports).filter((id) => ids(two.reports).includes(id))).toEqual([]);
  expect(ids(picked.reports)).toEqual(['job-lifecycle', 'sla-entities-unknown-job-id', 'sla-unknown-job-id']);
  expect(operations(picked.reports)).toEqual(['GetOrganizationsAccessReport', 'GetServiceLastAccessedDetails', 'GetServiceLastAccessedDetailsWithEntities']);
});

test('merging a shard twice is refused (a case would count twice): exit 2', async () => {
  const one = await runCli(['run', '--quiet', '--shard', '1/3']);
  const merged = await runCli(['merge', one.reports, one.reports, '--reports', path.join(one.reports, 'm')]);
  expect(merged.code).toBe(2);
  expect(merged.stderr).toMatch(/cannot merge: shard 1\/3 is given more than once/);
});

test.each(['0/2', '3/2', 'half'])('--shard %s is a usage error', async (shard) => {
  const run = await runCli(['run', '--shard', shard]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/--shard is i\/n with 1 <= i <= n/);
});

test('runs against several targets render as one matrix (cases and rules x targets)', async () => {
  const { startScriptedTarget } = await import('../support/scripted-target');
  const { correctOrder, ENTITY, reportModel } = await import('../support/report-model');
  const broken = await startScriptedTarget(reportModel({ order: (l, k) => correctOrder(l, k ?? 'SERVICE_NAMESPACE_DESCENDING') }));
  try {
    const [good, bad] = await Promise.all([runCli(['run', '--quiet']), runCli(['run', '--endpoint', broken.url, '--entity-path', ENTITY, '--quiet'])]);
    const out = path.join(good.reports, 'matrix');
    const run = await runCli(['matrix', good.reports, bad.reports, '--reports', out]);
    expect(run.code).toBe(0);
    const md = readFileSync(path.join(out, 'matrix.md'), 'utf8');
    expect(md).toMatch(/1\. `replay recordings\/reference/);
    expect(md).toContain(`2. \`live ${broken.url}\``);
    expect(md).toMatch(/\| `default-order-is-namespace-ascending` \| pass \| FAIL \|/);
    expect(md).toMatch(/\| `R9` \| pass \| FAIL \|/);
    expect(readFileSync(path.join(out, 'matrix.html'), 'utf8')).toMatch(/<th title="[^"]*">default-order-is-namespace-ascending<\/th><td class="pass">pass<\/td><td class="fail">FAIL<\/td>/);
  } finally {
    await broken.close();
  }
});
