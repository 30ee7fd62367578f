// bin/compile-cache.js: node's own compile cache where it has one, ours on Node 20. Ours is exercised on
// every node (install() is called directly in a child process): a second process uses what the first left,
// a module still behaves as node's own loading makes it behave, and an entry that is stale, corrupt or in a
// folder others can write to is never used.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/contract';
import { tempDir } from '../support/tmp';

const CACHE = path.join(PROJECT_ROOT, 'bin', 'compile-cache.js');

interface Stats { used: number; refused: number; written: number }
interface Ran { code: number; stdout: string; stderr: string; stats?: Stats }

/** A node process that installs our cache in `folder`, then requires `main` and prints its exports and the counts. */
function load(folder: string, main: string, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  const script = `
    const stats = require(${JSON.stringify(CACHE)}).install(${JSON.stringify(folder)});
    process.on('exit', () => process.stderr.write('STATS ' + JSON.stringify(stats) + '\\n'));
    Promise.resolve(require(${JSON.stringify(main)})).then((v) => process.stdout.write(JSON.stringify(v)));`;
  return new Promise((resolve) => {
    execFile(process.execPath, ['-e', script], { env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      const m = /STATS (.*)/.exec(stderr);
      resolve({ code: err ? Number(err.code ?? -1) : 0, stdout, stderr, stats: m ? JSON.parse(m[1]) : undefined });
    });
  });
}

/**
 * A small module tree: main requires a sibling and reads its require's helpers; a third module calls
 * import(), which only node's own compiling supports, so it is left to node (and not counted).
 */
function modules(dir: string, answer = 42): string {
  writeFileSync(path.join(dir, 'helper.js'), `'use strict';\nmodule.exports = (n) => n * 2;\n`);
  writeFileSync(path.join(dir, 'importer.js'), `'use strict';\nmodule.exports = () => import('node:path');\n`);
  writeFileSync(path.join(dir, 'main.js'), [
    '#!/usr/bin/env node',
    "'use strict';",
    "const double = require('./helper');",
    'function where() {',
    "  return new Error('here').stack.split('\\n')[1];",
    '}',
    'module.exports = (async () => ({',
    `  answer: double(${answer} / 2),`,
    "  resolved: require.resolve('./helper') === __dirname + '/helper.js',",
    '  cached: Object.keys(require.cache).includes(__filename),',
    '  parent: module.children.length === 1 && module.children[0].id.endsWith("helper.js"),',
    "  imported: typeof (await require('./importer')()).join === 'function',",
    '  line: where(),',
    '}))();',
    '',
  ].join('\n'));
  return path.join(dir, 'main.js');
}

test('a second process uses the entries the first wrote, and the modules behave as node loads them', async () => {
  const dir = tempDir('iam-cc-');
  const folder = path.join(dir, 'cache', 'node');
  const main = modules(dir);
  const first = await load(folder, main);
  expect(first.code).toBe(0);
  expect(first.stats).toEqual({ used: 0, refused: 0, written: 2 });
  const second = await load(folder, main);
  expect(second.stats).toEqual({ used: 2, refused: 0, written: 0 });
  for (const ran of [first, second]) {
    const v = JSON.parse(ran.stdout);
    expect(v).toMatchObject({ answer: 42, resolved: true, cached: true, parent: true, imported: true });
    // a stack still names the file and its line (the shebang kept as a comment keeps the lines)
    expect(v.line).toContain(`${main}:5:`);
    expect(ran.stderr).not.toMatch(/Warning/);
  }
  expect(statSync(folder).mode & 0o777).toBe(0o700);
  // entries only: the temporary files were renamed
  expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});

test('an entry made from other source is not used: the edited module runs, and its entry is replaced', async () => {
  const dir = tempDir('iam-cc-');
  const folder = path.join(dir, 'cache');
  const main = modules(dir, 42);
  await load(folder, main);
  modules(dir, 8);
  const edited = await load(folder, main);
  expect(JSON.parse(edited.stdout).answer).toBe(8);
  expect(edited.stats).toEqual({ used: 1, refused: 1, written: 1 });
  expect((await load(folder, main)).stats).toEqual({ used: 2, refused: 0, written: 0 });
});

test('a corrupt or cut entry is not used, and is written again', async () => {
  const dir = tempDir('iam-cc-');
  const folder = path.join(dir, 'cache');
  const main = modules(dir);
  await load(folder, main);
  const [a, b] = readdirSync(folder).map((f) => path.join(folder, f));
  const bytes = readFileSync(a);
  bytes[bytes.length - 100] ^= 0xff; // one bit pattern changed in the cached code
  writeFileSync(a, bytes);
  writeFileSync(b, readFileSync(b).subarray(0, 30)); // shorter than its head
  const ran = await load(folder, main);
  expect(ran.code).toBe(0);
  expect(JSON.parse(ran.stdout).answer).toBe(42);
  expect(ran.stats).toEqual({ used: 0, refused: 2, written: 2 });
  expect((await load(folder, main)).stats).toEqual({ used: 2, refused: 0, written: 0 });
});

test('a folder others can write to is not used at all, nor one inside such a folder', async () => {
  const dir = tempDir('iam-cc-');
  const main = modules(dir);
  const open = path.join(dir, 'open');
  mkdirSync(open);
  chmodSync(open, 0o777);
  const ran = await load(open, main);
  expect(ran.code).toBe(0);
  expect(ran.stats).toEqual({ used: 0, refused: 0, written: 0 });
  expect(readdirSync(open)).toEqual([]);
  const inside = path.join(open, 'node');
  expect((await load(inside, main)).stats).toEqual({ used: 0, refused: 0, written: 0 });
  expect(readdirSync(inside)).toEqual([]);
});

test('a folder that cannot be made leaves modules compiled as node compiles them', async () => {
  const dir = tempDir('iam-cc-');
  const main = modules(dir);
  writeFileSync(path.join(dir, 'a-file'), '');
  const ran = await load(path.join(dir, 'a-file', 'cache'), main);
  expect(ran.code).toBe(0);
  expect(JSON.parse(ran.stdout).answer).toBe(42);
  expect(ran.stats).toEqual({ used: 0, refused: 0, written: 0 });
});

test('the CLI uses node\'s own cache where node has one, ours on Node 20, and neither when node is told not to', async () => {
  const run = (env: NodeJS.ProcessEnv) => new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(CACHE)}).enable())`], { env: { ...process.env, ...env } }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
  const builtIn = typeof (require('node:module') as { enableCompileCache?: unknown }).enableCompileCache === 'function';
  const tmp = tempDir('iam-cc-');
  expect(await run({ TMPDIR: tmp })).toBe(builtIn ? 'node' : 'iam-conformance');
  // ours makes its folder under the system's temporary folder; node's own is not ours to look into
  expect(readdirSync(tmp).some((f) => f.startsWith('iam-conformance-compile-cache-'))).toBe(!builtIn);
  if (!builtIn) expect(await run({ TMPDIR: tempDir('iam-cc-'), NODE_DISABLE_COMPILE_CACHE: '1' })).toBe('off');
});
