// A typo in the contract, or a case request outside it, stops `validate` and `run` before anything runs:
// exit 2, file:line:col, no stack.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/contract';
import { runCli } from '../support/cli';

function plantedSpecs(from: string, to: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'specs-cli-'));
  cpSync(path.join(PROJECT_ROOT, 'specs'), dir, { recursive: true });
  const file = path.join(dir, 'iam-organizations-access-report.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(from, () => to));
  return dir;
}

const typos: [string, string, RegExp][] = [
  ['itemKey: ServiceNamespace', 'itemKey: ServiceNamespac', /iam-organizations-access-report\.yaml:\d+:16: GetOrganizationsAccessReport pagination\.itemKey: AccessDetail has no member ServiceNamespac/],
  ['items: AccessDetails', 'items: AccessDetail', /iam-organizations-access-report\.yaml:\d+:14: GetOrganizationsAccessReport pagination\.items: GetOrganizationsAccessReportResponse has no member AccessDetail/],
  ['{ by: ServiceNamespace, order: ascending', '{ by: ServiceNamespac, order: ascending', /iam-organizations-access-report\.yaml:\d+:\d+: GetOrganizationsAccessReport sorting\.keys\.SERVICE_NAMESPACE_ASCENDING\.by: AccessDetail has no member ServiceNamespac/],
  ['status: JobStatus', 'status: JobStatu', /iam-organizations-access-report\.yaml:\d+:15: GetOrganizationsAccessReport job\.status: GetOrganizationsAccessReportResponse has no member JobStatu/],
  // Fields the generic checks read (a typo there would make a check judge less, silently).
  ['errorRules: { NoSuchEntity: R2 }', 'errorRules: { NoSuchEntit: R2 }', /iam-organizations-access-report\.yaml:\d+:\d+: GetOrganizationsAccessReport errorRules: "NoSuchEntit" is not the code of an error the operation documents/],
  ['absent: [Region, EntityPath]', 'absent: [Regio, EntityPath]', /iam-organizations-access-report\.yaml:\d+:\d+: GetOrganizationsAccessReport itemRules\.0\.absent\.0: AccessDetail has no member Regio/],
];

test.each(typos)('validate and run refuse %s -> typo with exit 2 and file:line:col', async (from, to, expected) => {
  const specs = plantedSpecs(from, to);
  for (const args of [['validate', '--specs', specs], ['run', '--specs', specs]]) {
    const r = await runCli(args);
    expect({ args, code: r.code }).toEqual({ args, code: 2 });
    expect(r.stderr).toMatch(/problem\(s\) in the contract/);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }
});

test.each<[string, string, RegExp]>([
  ['a parameter name typo', 'params: { JobId: "${report.JobId}", MaxItem: 7 }', /a\.yaml:8:45: GetOrganizationsAccessReport request: GetOrganizationsAccessReportRequest has no member MaxItem \(did you mean MaxItems\?\)/],
  ['an enum typo in a success case', 'params: { JobId: "${report.JobId}", SortKey: SERVICE_NAMESPACE_ASCENDNG }', /a\.yaml:8:54: GetOrganizationsAccessReport request: SortKey is out of contract: .*\(did you mean SERVICE_NAMESPACE_ASCENDING\?\)/],
])('validate and run refuse %s in a case with exit 2 and file:line:col', async (_name, params, expected) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cases-cli-'));
  cpSync(path.join(PROJECT_ROOT, 'cases', 'fixtures.yaml'), path.join(dir, 'fixtures.yaml'));
  writeFileSync(path.join(dir, 'a.yaml'), `cases:\n  - id: one\n    title: A case\n    rules: [R3]\n    basis: model\n    steps:\n      - walk: GetOrganizationsAccessReport\n        ${params}\n`);
  for (const args of [['validate', '--cases', dir], ['run', '--cases', dir]]) {
    const r = await runCli(args, {}, 120_000);
    expect({ args, code: r.code }).toEqual({ args, code: 2 });
    expect(r.stderr).toMatch(expected);
  }
});

test('validate names the contract it checked', async () => {
  const r = await runCli(['validate']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^the contract \(\d+ files: \d+ operations, \d+ shapes, \d+ rules\), \d+ cases/);
});
