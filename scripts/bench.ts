// npm run bench — speed and memory figures (not a test; targets are printed beside the figures):
//  (a) the default replay run, as a ratio to the harness floor: this project's jest setup (jest.config.ts,
//      ts-jest) running one empty test (target <= 1.5x)
//  (b) a live run against the reference target: its time above the floor, as a ratio to a plain node
//      script making the same SDK calls with no checks (target <= 2x)
//  (c) time and peak memory to walk and check a report of 10,000 services (target < 1 s and < 300 MB)
//  (d) peak RSS of a whole run, default settings, against an endpoint that answers 200 and streams an
//      endless body (target <= 512 MB): the body cap (--max-response-size) keeps it bounded
// Run `npm run build` first (npm ci does): the CLI then runs compiled JavaScript, as users run it.
import { execFile, execFileSync } from 'node:child_process';
import net from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startReferenceTarget, type ReferenceTargetOptions } from '../src/reference-target';
import { PROJECT_ROOT } from '../src/contract';

const ROOT = PROJECT_ROOT;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const node = process.execPath;

function timeOf(args: string[], okCodes = [0]): number {
  const started = performance.now();
  try {
    execFileSync(node, args, { cwd: ROOT, stdio: 'pipe', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  } catch (e) {
    if (!okCodes.includes((e as { status: number }).status)) throw e;
  }
  return (performance.now() - started) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function repeat(fn: () => number): number {
  fn(); // warm the jest cache and the file system
  return median(Array.from({ length: RUNS }, fn));
}

/** Median wall time of a node child process run against a fresh reference target (after a warm-up). */
async function medianAgainstTarget(options: () => ReferenceTargetOptions, args: (url: string) => string[]): Promise<number> {
  const once = async (): Promise<number> => {
    const target = await startReferenceTarget(options());
    try {
      const started = performance.now();
      await new Promise<void>((resolve, reject) =>
        // exit 1 (some case does not conform) is still a complete run
        execFile(node, args(target.url), { cwd: ROOT }, (err) => (err && err.code !== 1 ? reject(err) : resolve())),
      );
      return (performance.now() - started) / 1000;
    } finally {
      await target.close();
    }
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await once());
  return median(times);
}

/** (d): one whole CLI run against an endless body; its peak RSS as the process saw it, and how it ended. */
async function endlessBodyRun(reports: string): Promise<{ peakRssMb: number; seconds: number; code: number; notChecked: string }> {
  const server = net.createServer((s) => {
    s.on('error', () => undefined);
    s.once('data', () => {
      s.write('HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n\r\n');
      const chunk = Buffer.alloc(64 * 1024, '<a>');
      const pump = () => {
        while (s.writable && s.write(chunk));
        if (s.writable) s.once('drain', pump);
      };
      pump();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const started = performance.now();
  try {
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(node, ['-r', './scripts/bench/report-peak-rss.js', 'bin/iam-conformance.js', 'run', '--quiet', '--endpoint', url, '--reports', reports], { cwd: ROOT }, (err, _o, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? -1) : 0, stderr })));
    const kb = Number(/peak-rss-kb=(\d+)/.exec(stderr)?.[1] ?? NaN);
    const doc = JSON.parse(readFileSync(path.join(reports, 'results.json'), 'utf8')) as { cases: { notChecked?: { reason: string } }[] };
    const reasons = [...new Set(doc.cases.map((c) => c.notChecked?.reason ?? 'checked'))].join(', ');
    return { peakRssMb: kb / 1024, seconds: (performance.now() - started) / 1000, code, notChecked: reasons };
  } finally {
    server.close();
  }
}

async function main(): Promise<void> {
  const reports = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const floor = repeat(() => timeOf(['node_modules/.bin/jest', '--rootDir', '.', '--roots', '<rootDir>/scripts/bench/floor-project', '--silent', '--reporters', 'default']));
  const replay = repeat(() => timeOf(['bin/iam-conformance.js', 'run', '--quiet', '--reports', reports]));

  // (b): the live run, recording every request the reference target receives, then the same calls plainly
  let calls: { operation: string; params: Record<string, string> }[] = [];
  const callsFile = path.join(reports, 'calls.json');
  const live = await medianAgainstTarget(
    () => { calls = []; return { jobIdSeed: 'bench', onRequest: ({ Action, Version: _v, ...params }) => calls.push({ operation: Action, params }) }; },
    (url) => ['bin/iam-conformance.js', 'run', '--quiet', '--endpoint', url, '--reports', reports],
  );
  writeFileSync(callsFile, JSON.stringify(calls));
  const plain = await medianAgainstTarget(() => ({ jobIdSeed: 'bench' }), (url) => ['scripts/bench/plain-calls.js', url, callsFile]);

  // (c)
  const big = JSON.parse(execFileSync(node, ['bin/ts-run.js', 'scripts/bench/big-report.ts'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!);

  // (d)
  const endless = await endlessBodyRun(path.join(reports, 'endless'));

  const fmt = (n: number) => n.toFixed(2);
  const rows = [
    ['(a) default replay run / harness floor (jest setup, one empty test)', `${fmt(replay)} s / ${fmt(floor)} s = ${fmt(replay / floor)}x`, '<= 1.5x', replay / floor <= 1.5],
    [`(b) live run above the floor / plain SDK script (${calls.length} calls)`, `(${fmt(live)} - ${fmt(floor)}) s / ${fmt(plain)} s = ${fmt((live - floor) / plain)}x`, '<= 2x', (live - floor) / plain <= 2],
    // A run no longer starts jest, so it does not pay the floor (b) subtracts: the whole-process ratio too.
    ['    (same live run / same plain script, both whole processes)', `${fmt(live)} s / ${fmt(plain)} s = ${fmt(live / plain)}x`, '(information)', true],
    ['(c) walk + check 10,000 services', `${Math.round(big.ms)} ms, peak RSS ${Math.round(big.peakRssMb)} MB (${big.requests} requests, case ${big.status})`, '< 1000 ms, < 300 MB', big.ms < 1000 && big.peakRssMb < 300 && big.status === 'passed'],
    ['(d) whole run against an endless 200 body, default settings: peak RSS', `${Math.round(endless.peakRssMb)} MB in ${fmt(endless.seconds)} s (exit ${endless.code}, not checked: ${endless.notChecked})`, '<= 512 MB', endless.peakRssMb <= 512 && endless.code === 1],
  ];
  console.log(`iam-conformance benchmark (median of ${RUNS} runs, node ${process.version}, ${os.cpus().length} cores)\n`);
  for (const [what, figure, target, ok] of rows) console.log(`${ok ? 'ok  ' : 'MISS'} ${String(what).padEnd(72)} ${String(figure).padEnd(40)} target ${target}`);
}

main().catch((e) => {
  console.error(`bench: ${e.message}`);
  process.exit(1);
});
