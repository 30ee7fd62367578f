// The generated files are current, and the rule catalogue and the cases agree: every testable rule is
// checked by at least one case (unknown rule ids in cases are refused by the loader).
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { loadContract, PROJECT_ROOT } from '../../src/contract';
import { loadCases } from '../../src/cases/loader';
import { generatedFiles, ruleCoverage } from '../../src/docs/generate';

const contract = loadContract();
const set = loadCases([path.join(PROJECT_ROOT, 'cases')], contract);

test.each(generatedFiles(contract, set).map((f) => [path.relative(PROJECT_ROOT, f.path), f] as const))('%s is up to date (run npm run generate)', (_name, f) => {
  expect(existsSync(f.path)).toBe(true);
  expect(readFileSync(f.path, 'utf8')).toBe(f.content);
});

test('every testable rule is covered by a case', () => {
  const uncovered = ruleCoverage(contract, set).filter((r) => r.testable && r.cases.length === 0).map((r) => r.id);
  expect(uncovered).toEqual([]);
});

test('every rule that is not testable says why', () => {
  const silent = Object.values(contract.rules).filter((r) => !r.testable && !r.why).map((r) => r.id);
  expect(silent).toEqual([]);
});
