// What the README quotes of the program's output, and the figures it gives of the behaviour catalogue, are
// what the program prints and holds today: a sample that drifted would teach a newcomer the wrong thing.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/contract';
import { startReferenceTarget, type RunningTarget } from '../../src/reference-target/server';
import { BEHAVIOURS, behaviourNamed } from '../../src/reference-target/behaviours';
import { runCli } from '../support/cli';
import { tempDir } from '../support/tmp';

const README = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

/** The lines of the fenced block that follows `intro` in the README. */
function blockAfter(intro: string): string[] {
  const at = README.indexOf(intro);
  if (at < 0) throw new Error(`README.md no longer says "${intro}"`);
  const block = /```[a-z]*\n([^]*?)```/.exec(README.slice(at));
  if (!block) throw new Error(`README.md has no block after "${intro}"`);
  return block[1].split('\n').filter((l) => l.trim() !== '');
}

let target: RunningTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

test('the sample failure ("A failure reads:") is what a run against a broken sort prints', async () => {
  target = await startReferenceTarget({ behaviour: behaviourNamed('default-order-descending') });
  const run = await runCli(['run', '--endpoint', target.url, '--case', 'default-order-is-namespace-ascending'], { NO_COLOR: '1' });
  expect(run.code).toBe(1);
  const printed = run.stderr.split('\n').map((l) => l.replace(/^✗ /, ''));
  for (const line of blockAfter('A failure reads:')) expect(printed).toContain(line);
});

test('the sample contract typo is what validate prints for it, file:line:col included', async () => {
  const dir = tempDir('iam-readme-specs-');
  cpSync(path.join(PROJECT_ROOT, 'specs'), path.join(dir, 'specs'), { recursive: true });
  const file = path.join(dir, 'specs', 'iam-organizations-access-report.yaml');
  const text = readFileSync(file, 'utf8');
  expect(text).toContain('itemKey: ServiceNamespace\n');
  writeFileSync(file, text.replace('itemKey: ServiceNamespace\n', 'itemKey: ServiceNamespac\n'));
  const run = await runCli(['validate', '--specs', path.join(dir, 'specs')]);
  expect(run.code).toBe(2);
  const [, sample] = blockAfter('A typo such as `itemKey: ServiceNamespac` reads:');
  const quoted = sample.trim().replace(/^specs\//, '');
  expect(run.stderr.split('\n').some((l) => l.trim().endsWith(`specs/${quoted}`))).toBe(true);
});

test('a green run of the bundled recording passes every testable rule, as many as the README says', async () => {
  const run = await runCli(['run', '--quiet']);
  expect(run.code).toBe(0);
  const rules = (JSON.parse(readFileSync(path.join(run.reports, 'results.json'), 'utf8')) as { rules: { id: string; testable: boolean; outcome: string }[] }).rules;
  const testable = rules.filter((r) => r.testable);
  expect(testable.filter((r) => r.outcome !== 'pass').map((r) => r.id)).toEqual([]);
  const prose = README.replace(/\s+/g, ' ');
  expect(prose).toContain(`judge ${rules.length} rules, ${testable.length} of them testable`);
  expect(prose).toContain(`A green run of the bundled recording passes all ${testable.length} testable rules.`);
});

test('the behaviour catalogue figures are the catalogue\'s', () => {
  const count = (kind: string, pred: (rules: string[]) => boolean = () => true) => BEHAVIOURS.filter((b) => b.kind === kind && pred(b.rules)).length;
  const lastAccessed = (rules: string[]) => rules.some((r) => /^[SDE]\d/.test(r));
  expect(README).toContain(`${BEHAVIOURS.length} behaviours in all`);
  expect(README).toContain(`- ${count('broken')} **broken behaviours** (${count('broken', (r) => !lastAccessed(r))} of the Organizations report, ${count('broken', lastAccessed)} of the service last accessed reports)`);
  expect(README).toContain(`- ${count('legal')} **legal variations**`);
  expect(README).toContain(`- ${count('no-verdict')} behaviours **no bounded run can judge**`);
});
