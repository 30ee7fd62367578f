// The suite is worth the breaks it catches and the conforming targets it leaves alone. Against every
// entry of the reference target's behaviour catalogue, over real HTTP: each broken behaviour makes at
// least the cases it names fail; each legal variation leaves every case passing; every testable rule has
// a broken behaviour; and docs/kill-matrix.md shows what was found.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadContract, PROJECT_ROOT } from '../../src/contract';
import { loadCases } from '../../src/cases/loader';
import { killMatrix, killMatrixPage, type KillRow } from '../../src/docs/kill-matrix';
import { BEHAVIOURS } from '../../src/reference-target/behaviours';

const contract = loadContract();
const set = loadCases([path.join(PROJECT_ROOT, 'cases')], contract, { relativeTo: PROJECT_ROOT });
let rows: KillRow[];

beforeAll(async () => {
  rows = await killMatrix(contract, set);
  // Every behaviour of the catalogue against every case: about 90 x 130 case runs (2 minutes on an idle
  // 2-core machine, several times that under load).
}, 1_200_000);

const row = (name: string) => rows.find((r) => r.behaviour.name === name)!;

test.each(BEHAVIOURS.filter((b) => b.kind === 'broken').map((b) => [b.name, b.catchers] as const))('broken behaviour %s is caught by %j', (name, catchers) => {
  expect(row(name).failing).toEqual(expect.arrayContaining([...catchers]));
});

test.each(BEHAVIOURS.filter((b) => b.kind === 'legal').map((b) => [b.name] as const))('legal variation %s passes every case', (name) => {
  expect(row(name).failing).toEqual([]);
  expect(row(name).notChecked).toEqual([]);
});

test.each(BEHAVIOURS.filter((b) => b.kind === 'no-verdict').map((b) => [b.name, b.catchers] as const))('behaviour %s, which the contract does not decide, fails no case and leaves %j not checked', (name, catchers) => {
  expect(row(name).failing).toEqual([]);
  expect(row(name).notChecked).toEqual(expect.arrayContaining([...catchers]));
});

test('every case a behaviour names exists', () => {
  const ids = new Set(set.cases.map((c) => c.id));
  expect(BEHAVIOURS.flatMap((b) => b.catchers).filter((id) => !ids.has(id))).toEqual([]);
});

test('every testable rule is broken by at least one behaviour of the catalogue', () => {
  const broken = new Set(BEHAVIOURS.filter((b) => b.kind === 'broken').flatMap((b) => b.rules));
  expect(Object.values(contract.rules).filter((r) => r.testable && !broken.has(r.id)).map((r) => r.id)).toEqual([]);
});

test('docs/kill-matrix.md is up to date (run npm run kill-matrix)', () => {
  expect(readFileSync(path.join(PROJECT_ROOT, 'docs', 'kill-matrix.md'), 'utf8')).toBe(killMatrixPage(rows, set.cases.length));
});
