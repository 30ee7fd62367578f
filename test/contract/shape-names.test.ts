// A shape named like a member of every JavaScript object (constructor, toString) is converted to JSON
// Schema and validates like any other: src/contract/schema.ts.
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadContract, PROJECT_ROOT, validateShape } from '../../src/contract';

function renamed(to: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'specs-'));
  cpSync(path.join(PROJECT_ROOT, 'specs'), dir, { recursive: true });
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const p = path.join(dir, f);
    writeFileSync(p, readFileSync(p, 'utf8').replace(/\bjobStatusType\b/g, to));
  }
  return dir;
}
const answer = (status: string) => ({ JobStatus: status, JobCreationDate: '2026-12-01T10:00:00Z' });

test.each(['jobStatusTyp', 'constructor', 'toString'])('a shape named %s validates like any other', (name) => {
  const contract = loadContract(renamed(name));
  expect(contract.shape(name)).toMatchObject({ type: 'string' });
  expect(validateShape(contract, 'GetOrganizationsAccessReportResponse', answer('COMPLETED'))).toEqual([]);
  expect(validateShape(contract, 'GetOrganizationsAccessReportResponse', answer('BOGUS')).map((v) => v.path)).toEqual(['JobStatus']);
});
