// npm run bench — speed and memory figures (not a test; targets are printed beside the figures). Every
// process is timed whole (spawn to exit, wall clock), with its peak RSS; medians of BENCH_RUNS runs after a
// warm-up, run and floor alternating (ABBA: each goes first in every other pair; with an odd BENCH_RUNS
// the run goes first once more) so that the machine's load falls on both alike.
//  (a) the default replay run (`run`, the bundled recording) / floor (a): a plain node script making the
//      same SDK calls, answered by nock from the same recording, with no checks (target <= 1.2x)
//  (b) a live run against a fresh reference target / floor (b): a plain node script making the same SDK
//      calls to a fresh reference target, with no checks and no waits (target <= 1.5x)
//  (c) time and peak memory to walk and check a report of 10,000 services (target < 1 s and < 300 MB)
//  (d) peak RSS of a whole run, default settings, against an endpoint that answers 200 and streams an
//      endless body (target <= 512 MB): the body cap (--max-response-size) keeps it bounded
// The floors' calls are not written down anywhere: each is the list of SDK calls the run itself made,
// captured from a run of the same command (scripts/bench/capture-calls.js), so they follow the cases.
// Run `npm run build` first (npm ci does): the CLI then runs compiled JavaScript, as users run it.
import { execFile, execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/contract';
import { DEFAULT_RECORDING } from '../src/cli/main';

const ROOT = PROJECT_ROOT;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const node = process.execPath;
/** The recording the default run replays. */
const RECORDING = path.relative(PROJECT_ROOT, DEFAULT_RECORDING);
const PEAK_RSS = './scripts/bench/report-peak-rss.js';
const CAPTURE = './scripts/bench/capture-calls.js';

interface Timed {
  seconds: number;
  /** CPU time (user + system) of the process. */
  cpuSeconds: number;
  peakRssMb: number;
  code: number;
  stdout: string;
  stderr: string;
}

/** One whole node process: wall time from spawn to exit, and its peak RSS (printed by report-peak-rss.js). */
function timed(args: string[], env: Record<string, string> = {}, okCodes = [0, 1]): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(node, ['-r', PEAK_RSS, ...args], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const seconds = (performance.now() - started) / 1000;
      const code = err ? Number((err as { code?: number }).code ?? -1) : 0;
      // exit 1 (some case does not conform) is still a complete run
      if (!okCodes.includes(code)) return reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' / ')}`));
      const kb = Number(/peak-rss-kb=(\d+)/.exec(stderr)?.[1] ?? NaN);
      const cpuUs = Number(/cpu-us=(\d+)/.exec(stderr)?.[1] ?? NaN);
      resolve({ seconds, cpuSeconds: cpuUs / 1e6, peakRssMb: kb / 1024, code, stdout, stderr });
    });
  });
}

/** A reference target in a process of its own, with the defaults a user gets and deterministic job ids. */
async function startTarget(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(node, ['bin/reference-target.js', '--port', '0', '--job-id-seed', 'bench'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`the reference target exited ${code} before listening`)));
  });
  return { url, stop: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); }) };
}

async function againstTarget(args: (url: string) => string[], env: Record<string, string> = {}): Promise<Timed> {
  const target = await startTarget();
  try {
    return await timed(args(target.url), env);
  } finally {
    await target.stop();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

interface Side {
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
}

interface Pair {
  run: Side;
  floor: Side;
  calls: number;
  /** The wall-time ratio of each run to the floor run beside it, lowest and highest: how much the machine moved it. */
  spread: [number, number];
}

/**
 * The run once with its SDK calls captured, then the floor checked to make as many; then a warm-up of
 * each and RUNS alternating pairs. The figures are medians of each side.
 */
async function compare(
  once: (args: string[], env?: Record<string, string>) => Promise<Timed>,
  runArgs: string[],
  floorArgs: (calls: string) => string[],
  callsFile: string,
): Promise<Pair> {
  await once(['-r', CAPTURE, ...runArgs], { BENCH_CALLS_OUT: callsFile });
  const calls = (JSON.parse(readFileSync(callsFile, 'utf8')) as unknown[]).length;
  const check = await once(floorArgs(callsFile));
  const answered = Number(/(\d+) calls answered/.exec(check.stdout)?.[1]);
  if (answered !== calls) throw new Error(`the floor answered ${answered} of the run's ${calls} SDK calls`);
  await once(runArgs);
  const runs: Timed[] = [];
  const floors: Timed[] = [];
  // ABBA order: the second process of a back-to-back pair runs about 2% faster than the first (measured
  // with the floor against itself), so neither side always goes first.
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) {
      runs.push(await once(runArgs));
      floors.push(await once(floorArgs(callsFile)));
    } else {
      floors.push(await once(floorArgs(callsFile)));
      runs.push(await once(runArgs));
    }
  }
  const side = (xs: Timed[]): Side => ({ seconds: median(xs.map((x) => x.seconds)), cpuSeconds: median(xs.map((x) => x.cpuSeconds)), peakRssMb: median(xs.map((x) => x.peakRssMb)) });
  const ratios = runs.map((r, i) => r.seconds / floors[i].seconds);
  return { run: side(runs), floor: side(floors), calls, spread: [Math.min(...ratios), Math.max(...ratios)] };
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

/** The newest .ts file under a folder (bin/launch.js runs the sources, not dist/, when one is newer than the build). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(full) : e.name.endsWith('.ts') ? statSync(full).mtimeMs : 0);
  }
  return newest;
}

async function main(): Promise<void> {
  const built = statSync(path.join(ROOT, 'dist', '.built')).mtimeMs;
  if (newestSource(path.join(ROOT, 'src')) > built || newestSource(path.join(ROOT, 'scripts')) > built) {
    throw new Error('dist/ is older than the sources, so the CLI would run them through ts-node: run `npm run build` first');
  }
  const reports = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const cli = (...args: string[]) => ['bin/iam-conformance.js', 'run', '--quiet', '--reports', reports, ...args];

  // (a): the default replay run, and the same SDK calls answered by nock from the same recording
  const a = await compare((args, env) => timed(args, env), cli(), (calls) => ['scripts/bench/floor-replay.js', RECORDING, calls], path.join(reports, 'calls-replay.json'));
  // (b): a live run against a fresh reference target, and the same SDK calls to another fresh one
  const b = await compare(
    (args, env) => againstTarget((url) => args.map((x) => x.replace('{url}', url)), env),
    cli('--endpoint', '{url}'), (calls) => ['scripts/bench/floor-live.js', '{url}', calls], path.join(reports, 'calls-live.json'),
  );

  // (c)
  const big = JSON.parse(execFileSync(node, ['bin/ts-run.js', 'scripts/bench/big-report.ts'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!);

  // (d)
  const endless = await endlessBodyRun(path.join(reports, 'endless'));

  const fmt = (n: number) => n.toFixed(2);
  const mb = (n: number) => `${Math.round(n)} MB`;
  const vs = (p: Pair, target: number) => {
    const ratio = p.run.seconds / p.floor.seconds;
    const cpu = `CPU ${fmt(p.run.cpuSeconds)} s / ${fmt(p.floor.cpuSeconds)} s = ${fmt(p.run.cpuSeconds / p.floor.cpuSeconds)}x`;
    const spread = `pairs ${fmt(p.spread[0])}-${fmt(p.spread[1])}x`;
    return { figure: `${fmt(p.run.seconds)} s / ${fmt(p.floor.seconds)} s = ${fmt(ratio)}x (${spread}; ${cpu}; peak RSS ${mb(p.run.peakRssMb)} / ${mb(p.floor.peakRssMb)})`, ok: ratio <= target };
  };
  const ra = vs(a, 1.2);
  const rb = vs(b, 1.5);
  const rows = [
    [`(a) default replay run / the same ${a.calls} SDK calls answered by nock from ${RECORDING}`, ra.figure, '<= 1.2x', ra.ok],
    [`(b) live run / the same ${b.calls} SDK calls, each to a fresh reference target`, rb.figure, '<= 1.5x', rb.ok],
    ['(c) walk + check 10,000 services', `${Math.round(big.ms)} ms, peak RSS ${Math.round(big.peakRssMb)} MB (${big.requests} requests, case ${big.status})`, '< 1000 ms, < 300 MB', big.ms < 1000 && big.peakRssMb < 300 && big.status === 'passed'],
    ['(d) whole run against an endless 200 body, default settings: peak RSS', `${Math.round(endless.peakRssMb)} MB in ${fmt(endless.seconds)} s (exit ${endless.code}, not checked: ${endless.notChecked})`, '<= 512 MB', endless.peakRssMb <= 512 && endless.code === 1],
  ];
  console.log(`iam-conformance benchmark (whole processes, median of ${RUNS} alternating runs (ABBA) after a warm-up; node ${process.version}, ${os.cpus().length} cores, load average ${load} at the start)\n`);
  for (const [what, figure, target, ok] of rows) console.log(`${ok ? 'PASS' : 'MISS'} ${what}\n     ${figure}   target ${target}`);
}
main().catch((e) => {
  console.error(`bench: ${e.message}`);
  process.exit(1);
});
