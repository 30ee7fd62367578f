// Data flows one way: runner -> judge -> reporters. Reporters read only judged results (one formatting
// module, the documented reason set being the only thing they take from the runner), and the CLI's
// coverage command does not reach into the reference target (a test-bed concern).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/contract';
import { runCli } from '../support/cli';

const importsOf = (dir: string) => readdirSync(path.join(PROJECT_ROOT, 'src', dir)).filter((f) => f.endsWith('.ts')).map((f) => {
  const text = readFileSync(path.join(PROJECT_ROOT, 'src', dir, f), 'utf8');
  return { file: `src/${dir}/${f}`, imports: [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]) };
});

test('reporters import nothing from the runner but the documented not-checked reasons, and only format.ts does', () => {
  const reach = importsOf('report').flatMap(({ file, imports }) => imports.filter((i) => i.startsWith('../runner')).map((i) => `${file} -> ${i}`));
  expect(reach).toEqual(['src/report/format.ts -> ../runner/results']);
  expect(readFileSync(path.join(PROJECT_ROOT, 'src/report/format.ts'), 'utf8')).toMatch(/import \{ NOT_CHECKED_REASONS \} from '\.\.\/runner\/results';/);
});

test('neither the CLI, the judge nor the reporters import the reference target', () => {
  const reach = ['cli', 'judge', 'report'].flatMap(importsOf).flatMap(({ file, imports }) => imports.filter((i) => i.includes('reference-target')).map((i) => `${file} -> ${i}`));
  expect(reach).toEqual([]);
});

test('coverage lists rules and cases, and points at the kill matrix for the breaks', async () => {
  const run = await runCli(['coverage']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^R9 +\d+ case\(s\)/m);
  expect(run.stdout).not.toMatch(/broken by:/);
  expect((await runCli(['coverage', '--help'])).stdout).toMatch(/docs\/kill-matrix\.md/);
});
