// The README's "Adding a case" step, `npm run refresh` (generate, record:bundled, kill-matrix), run in a
// temporary copy of the project as a user would: it ends green. On an unchanged project it changes no
// tracked file (re-recording is deterministic: seeded clocks, JobIds and request ids, placeholders that
// depend only on the exchanges), it leaves reports/ alone, prints no SDK warning, and afterwards the
// project's freshness checks pass. (The bundled recordings were recorded by an earlier process, so
// re-recording them to identical files shows the recording is deterministic.)
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/contract';

interface Ran { code: number; stdout: string; stderr: string }

function run(cmd: string, args: string[], cwd: string, timeoutMs = 300_000): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, timeout: timeoutMs, maxBuffer: 20 * 1024 * 1024, env: { ...process.env, IAM_CONFORMANCE_FROM_SOURCE: '1', NO_COLOR: '1' } },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }));
  });
}

const GIT_USER = ['-c', 'user.name=refresh-test', '-c', 'user.email=refresh-test@iam-conformance.local'];
let copy: string;

beforeAll(async () => {
  // The project as it is now (uncommitted edits included), without node_modules (linked) or build output.
  copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'iam-refresh-')), 'project');
  const skip = new Set(['node_modules', 'dist', 'scratch'].map((d) => path.join(PROJECT_ROOT, d)));
  cpSync(PROJECT_ROOT, copy, { recursive: true, verbatimSymlinks: true, filter: (src) => !skip.has(src) && !src.startsWith(path.join(PROJECT_ROOT, 'reports', path.sep)) });
  rmSync(path.join(copy, 'node_modules'), { force: true, recursive: true });
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  // A snapshot commit, so `git status` afterwards shows exactly what the refresh changed.
  expect((await run('git', [...GIT_USER, 'add', '-A'], copy)).code).toBe(0);
  expect((await run('git', [...GIT_USER, 'commit', '-q', '--allow-empty', '--no-verify', '-m', 'snapshot'], copy)).code).toBe(0);
}, 60_000);

afterAll(() => {
  if (copy) rmSync(path.dirname(copy), { recursive: true, force: true });
});

const changed = async () => (await run('git', ['status', '--porcelain', '--untracked-files=all'], copy)).stdout.split('\n').filter(Boolean);

test('npm run refresh on an unchanged project ends green and changes no tracked file, reports/ or the console', async () => {
  const refresh = await run('npm', ['run', 'refresh'], copy);
  expect(refresh.stderr).not.toMatch(/NodeVersionSupportWarning|Warning:/);
  expect(refresh.code).toBe(0);
  expect(refresh.stdout + refresh.stderr).toMatch(/Recording unchanged: recordings\/reference /);
  expect(refresh.stdout).toMatch(/wrote docs\/kill-matrix\.md/);
  expect(await changed()).toEqual([]);
  expect(readdirSync(path.join(copy, 'reports')).filter((f) => f !== '.gitkeep')).toEqual([]);

  // The freshness checks of test/contract/generated-and-coverage.test.ts, in the copy: every generated
  // file is what the generator makes now. (docs/kill-matrix.md was just written from a fresh kill matrix
  // and is unchanged, so it is what test/proof/kill-matrix.test.ts compares it with.)
  const freshness = [
    "require('ts-node').register({ transpileOnly: true });",
    "const { readFileSync } = require('node:fs');",
    "const { loadContract, PROJECT_ROOT } = require('./src/contract');",
    "const { loadCases } = require('./src/cases/loader');",
    "const { generatedFiles } = require('./src/docs/generate');",
    "const contract = loadContract();",
    "const set = loadCases([require('node:path').join(PROJECT_ROOT, 'cases')], contract);",
    "const stale = generatedFiles(contract, set).filter((f) => readFileSync(f.path, 'utf8') !== f.content).map((f) => f.path);",
    "console.log(JSON.stringify({ root: PROJECT_ROOT, stale }));",
  ].join('\n');
  const fresh = await run(process.execPath, ['-e', freshness], copy);
  expect(fresh.code).toBe(0);
  expect(JSON.parse(fresh.stdout)).toEqual({ root: copy, stale: [] });
  const validate = await run(process.execPath, ['bin/iam-conformance.js', 'validate'], copy);
  expect(validate.code).toBe(0);

  expect(readFileSync(path.join(copy, 'README.md'), 'utf8')).toMatch(/run `npm run refresh` and then `npm test`/);
}, 400_000);
