// (c) of the benchmark: walk and check a report of 10,000 services. The reference target runs in a
// process of its own, so the figures are the suite's alone: the time of the walk with its checks, and
// this process's peak memory (resident set), printed as JSON.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { loadContract, PROJECT_ROOT } from '../../src/contract';
import { loadCases } from '../../src/cases/loader';
import { LiveTarget } from '../../src/transport';
import { DEFAULT_SETTINGS, Session } from '../../src/runner/session';
import { ROOT_PATH } from '../../src/reference-target/data';

const CASE = `cases:
  - id: big-report
    title: Walk and check a report of 10,000 services
    rules: [R4, R9, R13, R15]
    basis: benchmark
    steps:
      - walk: GetOrganizationsAccessReport
        params: { JobId: "\${report.JobId}", MaxItems: 1000 }
        checks: [counts-match-items, item-rules, { sorted-by: SERVICE_NAMESPACE_ASCENDING }]
`;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'reference-target.js'), '--port', '0', '--services', '10000', '--polls', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      const m = /listening on (\S+)/.exec(d.toString());
      if (m) resolve(m[1]);
    });
    child.on('exit', () => reject(new Error('the reference target exited')));
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-big-'));
  writeFileSync(path.join(dir, 'big.yaml'), CASE);
  const contract = loadContract();
  const set = loadCases([dir, path.join(PROJECT_ROOT, 'cases', 'fixtures.yaml')], contract);
  const live = new LiveTarget({ endpoint: url, requestTimeoutMs: 30_000 });
  const session = new Session(contract, live, set, { ...DEFAULT_SETTINGS, inputs: { EntityPath: ROOT_PATH } });
  // The shared report (generate + poll) is set up first and not counted: (c) is about the walk.
  const setup = loadCases([path.join(PROJECT_ROOT, 'cases', 'lifecycle.yaml'), path.join(PROJECT_ROOT, 'cases', 'fixtures.yaml')], contract);
  await session.runCase({ ...setup.cases.find((c) => c.id === 'generate-returns-job-id')! });
  const started = performance.now();
  const result = await session.runCase(set.cases[0]);
  const ms = performance.now() - started;
  await live.close();
  child.kill();
  console.log(JSON.stringify({ ms, status: result.status, requests: result.requests, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}
main();
