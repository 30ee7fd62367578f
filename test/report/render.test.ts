// report.html renders in headless Chromium (Debian's chromium package) and shows what a person needs:
// the verdict, the failing case, the rule and the raw exchange. Skipped, with a note, where Chromium is
// not installed (.ci/run installs it).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/contract';
import { runCli } from '../support/cli';

const hasChromium = spawnSync('chromium', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasChromium) console.warn('chromium is not installed: the report rendering test is skipped');

(hasChromium ? test : test.skip)('report.html of a failing run renders in headless Chromium with the failure and its evidence', async () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'render-'));
  const recording = path.join(work, 'tampered');
  cpSync(path.join(PROJECT_ROOT, 'recordings', 'reference'), recording, { recursive: true });
  const fixtures = path.join(recording, 'fixtures.json');
  writeFileSync(fixtures, readFileSync(fixtures, 'utf8').replace(/<AccessDetails>(<member>.*?<\/member>)(<member>.*?<\/member>)/g, '<AccessDetails>$2$1'));
  const run = await runCli(['run', '--replay', recording, '--quiet']);
  expect(run.code).toBe(1);
  const dom = execFileSync('chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${path.join(work, 'profile')}`, '--dump-dom', `file://${path.join(run.reports, 'report.html')}`,
  ], { encoding: 'utf8', timeout: 60_000 });
  expect(dom).toContain('DOES NOT CONFORM');
  expect(dom).toMatch(/<b>default-order-is-namespace-ascending<\/b>/);
  expect(dom).toMatch(/<b>sorted-by<\/b>/);
  expect(dom).toMatch(/<pre>HTTP 200\ncontent-type: text\/xml/);
  expect(dom).toMatch(/<td><b>R9<\/b><\/td>/);
}, 90_000);
