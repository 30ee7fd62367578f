// moto's server does not implement these operations: the run must fail cleanly (exit 1, readable
// reasons, JUnit written, no stack trace), never crash or hang. Skipped, with a note, where moto is absent.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { runCli } from '../support/cli';

const hasMoto = spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0;
if (!hasMoto) console.warn('moto is not installed (python3 -m moto.server): the moto test is skipped');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1', () => { sock.destroy(); resolve(true); });
      sock.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto did not listen on ${port} in time`);
}

let moto: ChildProcess | undefined;
afterAll(() => moto?.kill());

(hasMoto ? test : test.skip)('against moto: exit 1, each case explains the missing operation, JUnit written, no stack trace', async () => {
  const port = await freePort();
  moto = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  await waitForPort(port, Date.now() + 20_000);
  const run = await runCli(['run', '--endpoint', `http://127.0.0.1:${port}`, '--quiet', '--poll-budget', '5']);
  expect(run.code).toBe(1);
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
  const xml = readFileSync(path.join(run.reports, 'junit.xml'), 'utf8');
  const cases = (xml.match(/<testcase /g) ?? []).length;
  expect(cases).toBeGreaterThanOrEqual(30);
  expect((xml.match(/<failure>/g) ?? []).length).toBe(cases);
  // The reason shows what moto sent instead of an awsQuery answer.
  expect(xml).toMatch(/HTTP 500 \(text\/html[^)]*\) that is not an awsQuery answer the SDK can read — body: &lt;!doctype html&gt;/);
}, 120_000);
