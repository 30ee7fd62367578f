// The npm package as users get it: `npm pack` (its prepare script builds dist/), then `npm install -g` of the
// tarball into a temporary prefix, then the installed commands run from a folder outside the checkout: the
// offline run against the bundled recording, --version, --help, validate, and a live run against the
// installed reference target. The checkout's own dist/ is never rebuilt here (other test files use it at the
// same time): the pack runs in a copy of the checkout's files.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forgetNpxInstalls } from '../support/npx';
import { PROJECT_ROOT } from '../../src/contract';

const VERSION: string = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version;

interface Ran { code: number; stdout: string; stderr: string }

function run(file: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 20 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }));
  });
}

/** The files a fresh clone of the checkout would have (tracked, plus new files not ignored). */
function checkoutFiles(): string[] {
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: PROJECT_ROOT, encoding: 'utf8' })
    .split('\0').filter((f) => f && existsSync(path.join(PROJECT_ROOT, f)));
}

let tmp: string;
let work: string; // a folder outside the checkout, where the installed commands run
let bin: (name: string) => string;
let env: NodeJS.ProcessEnv;
let packed: string[];
let installed: string;
let tarball: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'iam-package-'));
  const stage = path.join(tmp, 'checkout');
  for (const f of checkoutFiles()) cpSync(path.join(PROJECT_ROOT, f), path.join(stage, f));
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
  const pack = await run('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: stage, timeoutMs: 240_000 });
  if (pack.code !== 0) throw new Error(`npm pack failed (${pack.code}):\n${pack.stderr}`);
  const info = JSON.parse(pack.stdout)[0] as { filename: string; files: { path: string }[] };
  packed = info.files.map((f) => f.path);
  tarball = path.join(tmp, info.filename);
  const prefix = path.join(tmp, 'prefix');
  // --ignore-scripts: the package has no install scripts (prepare builds a checkout, and npm lists it for a tarball).
  const install = await run('npm', ['install', '-g', '--prefix', prefix, path.join(tmp, info.filename), '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: tmp, timeoutMs: 240_000 });
  if (install.code !== 0) throw new Error(`npm install -g failed (${install.code}):\n${install.stderr}`);
  installed = path.join(prefix, 'lib', 'node_modules', 'iam-conformance');
  bin = (name) => path.join(prefix, 'bin', name);
  work = path.join(tmp, 'elsewhere');
  mkdirSync(work);
  // The source fallback switch must not matter to an installed package; nothing points back at the checkout.
  env = { ...process.env, IAM_CONFORMANCE_FROM_SOURCE: '1', PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH}` };
}, 480_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  if (tmp) forgetNpxInstalls(path.basename(tmp));
});

test('the tarball holds compiled JavaScript, the contract, cases, recordings and expectations, and no TypeScript', () => {
  for (const f of ['package.json', 'README.md', 'bin/iam-conformance.js', 'bin/reference-target.js', 'bin/launch.js', 'bin/compile-cache.js', 'dist/src/cli/main.js', 'dist/src/reference-target/cli.js',
    'specs/rules.yaml', 'specs/iam-organizations-access-report.yaml', 'cases/fixtures.yaml', 'cases/case-file.schema.json',
    'recordings/reference/fixtures.json', 'recordings/reference/meta.json', 'expectations/moto.yaml', 'docs/results.schema.json']) expect(packed).toContain(f);
  expect(packed.filter((f) => f.endsWith('.ts') || f.startsWith('test/') || f.startsWith('src/') || f.startsWith('scripts/') || f.startsWith('dist/scripts/'))).toEqual([]);
});

test('the installed package has neither typescript nor ts-node, and no sources', () => {
  const modules = readdirSync(path.join(installed, 'node_modules'));
  expect(modules).not.toContain('typescript');
  expect(modules).not.toContain('ts-node');
  expect(existsSync(path.join(installed, 'src'))).toBe(false);
  expect(existsSync(path.join(installed, 'tsconfig.json'))).toBe(false);
});

test('--version and --help, from a folder outside the checkout', async () => {
  const version = await run(bin('iam-conformance'), ['--version'], { cwd: work, env });
  expect(version).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  const help = await run(bin('iam-conformance'), ['run', '--help'], { cwd: work, env });
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/Usage: iam-conformance run/);
  const target = await run(bin('iam-conformance-reference-target'), ['--help'], { cwd: work, env });
  expect(target.code).toBe(0);
  expect(target.stdout).toMatch(/--port N/);
});

test('validate checks the bundled cases and the shipped moto expectations', async () => {
  const r = await run(bin('iam-conformance'), ['validate', '--expectations', path.join(installed, 'expectations', 'moto.yaml')], { cwd: work, env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^the contract \(\d+ files: \d+ operations, \d+ shapes, \d+ rules\), \d+ cases \(\d+ generated\) and \d+ fixture\(s\) in \d+ files are valid/);
});

test('the default run replays the bundled recording offline, passes, and writes the reports under the current folder', async () => {
  const r = await run(bin('iam-conformance'), ['run', '--quiet'], { cwd: work, env });
  expect(r.code).toBe(0);
  for (const f of ['junit.xml', 'report.html', 'summary.md', 'results.json']) expect(existsSync(path.join(work, 'reports', f))).toBe(true);
  const results = JSON.parse(readFileSync(path.join(work, 'reports', 'results.json'), 'utf8'));
  expect(results.tool.version).toBe(VERSION);
  expect(results.summary.total).toBeGreaterThan(50);
  expect(results.overall).toBe('conforms');
  expect(results.summary.fail).toBe(0);
  // case files are shown relative to the folder the run was started in, and are the installed ones
  for (const c of results.cases as { file: string; loc: string }[]) {
    expect(path.isAbsolute(c.file)).toBe(false);
    expect(path.resolve(work, c.file).startsWith(path.join(installed, 'cases') + path.sep)).toBe(true);
    expect(c.loc.startsWith(`${c.file}:`)).toBe(true);
  }
});

test("the installed default run uses the build's compiled-ahead validators and snapshots: it loads neither ajv nor yaml", async () => {
  const preload = path.join(tmp, 'loaded-modules.js');
  const list = path.join(tmp, 'loaded-modules.json');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache))));\n`);
  const r = await run(process.execPath, ['-r', preload, path.join(installed, 'bin', 'iam-conformance.js'), 'run', '--quiet', '--reports', 'modules-reports'], { cwd: work, env });
  expect(r.code).toBe(0);
  const loaded = (JSON.parse(readFileSync(list, 'utf8')) as string[]).map((f) => path.relative(installed, f).split(path.sep).join('/'));
  expect(loaded).toContain('dist/src/snapshot/validators.snapshot.cjs');
  expect(loaded.filter((f) => /^node_modules\/(ajv|yaml|fast-xml-parser|typescript|ts-node)\//.test(f) && !f.startsWith('node_modules/ajv/dist/runtime/'))).toEqual([]);
  expect(packed).toEqual(expect.arrayContaining(['dist/src/snapshot/validators.snapshot.cjs', 'dist/src/snapshot/contract.snapshot', 'dist/src/snapshot/cases.snapshot']));
});

test('npx ./<tarball> runs it without installing', async () => {
  // npx takes a relative path to a tarball (README: `npx ./iam-conformance-0.1.0.tgz run`). It installs into a
  // folder of its cache named after that path as written: a name of this run's own keeps the Node 22 and 24 runs,
  // side by side in CI with tarballs of their own, out of each other's install.
  const own = `./${path.basename(tarball, '.tgz')}-${path.basename(tmp)}.tgz`;
  cpSync(tarball, path.join(work, own));
  const r = await run('npx', ['--yes', '--prefer-offline', own, 'run', '--quiet', '--reports', 'npx-reports'], { cwd: work, env: { ...process.env, IAM_CONFORMANCE_FROM_SOURCE: '1' }, timeoutMs: 240_000 });
  expect({ code: r.code, stderr: r.stderr.slice(-2000) }).toMatchObject({ code: 0 });
  expect(existsSync(path.join(work, 'npx-reports', 'junit.xml'))).toBe(true);
}, 300_000);

describe('against the installed reference target, live', () => {
  let target: ChildProcess | undefined;
  afterEach(() => {
    if (target && target.exitCode === null && target.signalCode === null) target.kill('SIGKILL');
  });

  test('a live run against the reference target on a free 127.0.0.1 port passes', async () => {
    target = spawn(bin('iam-conformance-reference-target'), ['--port', '0'], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      target!.stdout!.on('data', (d) => {
        out += d;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]);
      });
      target!.once('exit', (code) => reject(new Error(`the reference target exited with ${code}`)));
    });
    const reports = path.join(work, 'live-reports');
    const r = await run(bin('iam-conformance'), ['run', '--quiet', '--endpoint', url, '--reports', reports], { cwd: work, env });
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(path.join(reports, 'results.json'), 'utf8'));
    expect(results.target.kind).toBe('live');
    expect(results.overall).toBe('conforms');
  expect(results.summary.fail).toBe(0);
    const exited = new Promise((resolve) => target!.once('exit', resolve));
    target.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});
