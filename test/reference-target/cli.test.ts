// bin/reference-target.js starts the target, prints where it listens, serves, and stops on SIGTERM and SIGINT,
// also when npm started it; a taken port or a bad option is one line on stderr with its own exit code.
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { GenerateOrganizationsAccessReportCommand, GetOrganizationsAccessReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { ROOT_PATH } from '../../src/reference-target/data';

const BIN = path.join(__dirname, '..', '..', 'bin', 'reference-target.js');
let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

function launch(args: string[]): Promise<{ url: string; exited: Promise<number | null> }> {
  child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child!.stderr!.on('data', (d) => (err += d));
    child!.stdout!.on('data', (d) => {
      out += d;
      const m = /reference target listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ url: m[1], exited });
    });
    exited.then((code) => reject(new Error(`exited with ${code}: ${err}`)));
  });
}

test('starts with flags, serves, and exits 0 on SIGTERM', async () => {
  const { url, exited } = await launch(['--port', '0', '--polls', '0', '--page-cap', '4', '--services', '20']);
  const client = new IAMClient({ endpoint: url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
  try {
    const { JobId } = await client.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: ROOT_PATH }));
    const page = await client.send(new GetOrganizationsAccessReportCommand({ JobId, MaxItems: 10 }));
    expect(page).toMatchObject({ JobStatus: 'COMPLETED', NumberOfServicesAccessible: 20, IsTruncated: true });
    expect(page.AccessDetails).toHaveLength(4);
  } finally {
    client.destroy();
  }
  child!.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 60_000);

test('--fail-jobs makes jobs end FAILED', async () => {
  const { url } = await launch(['--port', '0', '--polls', '0', '--fail-jobs']);
  const client = new IAMClient({ endpoint: url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
  try {
    const { JobId } = await client.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: ROOT_PATH }));
    expect(await client.send(new GetOrganizationsAccessReportCommand({ JobId }))).toMatchObject({ JobStatus: 'FAILED', ErrorDetails: { Code: expect.any(String) } });
  } finally {
    client.destroy();
  }
}, 60_000);

const ROOT = path.join(__dirname, '..', '..');

function runToEnd(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Resolves once nothing listens on the port any more (connection refused), or rejects after the deadline. */
async function portClosed(port: number, withinMs = 10_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (!open) return;
    if (Date.now() > deadline) throw new Error(`port ${port} still listening after ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a bad flag value exits 2 with one line naming the flag, not the whole usage', () => {
  const r = runToEnd(['--port', '0', '--page-cap', 'lots']);
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toEqual(['reference-target: --page-cap takes a whole number, got "lots" (--help lists the options)']);
});

test('an unknown option exits 2 with one line', () => {
  const r = runToEnd(['--colour', 'blue']);
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/--colour/);
});

test('a port that is already taken exits 3 with one line naming the port', async () => {
  const { url } = await launch(['--port', '0']);
  const port = new URL(url).port;
  const r = runToEnd(['--port', port]);
  expect(r.status).toBe(3);
  expect(r.stderr.trim().split('\n')).toEqual([`reference-target: port ${port} on 127.0.0.1 is already in use (choose another with --port, or --port 0 for a free one)`]);
}, 60_000);

test('exits 0 on SIGINT and frees the port', async () => {
  const { url, exited } = await launch(['--port', '0']);
  child!.kill('SIGINT');
  expect(await exited).toBe(0);
  await portClosed(Number(new URL(url).port));
}, 60_000);

test.each([
  ['npm', ['run', 'reference-target', '--', '--port', '0']],
  ['npx', ['iam-conformance-reference-target', '--port', '0']],
])('started through %s, killing the PID npm gives stops the server', async (command, args) => {
  // `npm run reference-target -- --port N &` then `kill $!`: $! is npm's PID, the server is npm's grandchild.
  const npm = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      npm.stdout!.on('data', (d) => {
        out += d;
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      npm.once('exit', (code) => reject(new Error(`npm exited with ${code} before the target listened: ${out}`)));
    });
    npm.kill('SIGTERM');
    await portClosed(port);
  } finally {
    if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
    // A server left behind would hold these pipes open and keep jest waiting: let go of them.
    npm.stdout!.destroy();
    npm.stderr!.destroy();
  }
}, 60_000);
