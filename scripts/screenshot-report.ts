// npm run screenshot — renders report.html of a run that finds breaks in headless Chromium (Debian's
// chromium package) and saves docs/report-screenshot.png for the README. The run replays the bundled
// recording with two answers tampered with (the first two services of every page swapped), so the report
// shows real failures with their evidence.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/contract';
import { main } from '../src/cli/main';

async function screenshot(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'screenshot-'));
  const recording = path.join(work, 'tampered');
  cpSync(path.join(PROJECT_ROOT, 'recordings', 'reference'), recording, { recursive: true });
  const fixtures = path.join(recording, 'fixtures.json');
  writeFileSync(fixtures, readFileSync(fixtures, 'utf8').replace(/<AccessDetails>(<member>.*?<\/member>)(<member>.*?<\/member>)/g, '<AccessDetails>$2$1'));
  const reports = path.join(work, 'reports');
  await main(['run', '--replay', recording, '--reports', reports, '--quiet']);
  const out = path.join(PROJECT_ROOT, 'docs', 'report-screenshot.png');
  execFileSync('chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${path.join(work, 'profile')}`,
    '--hide-scrollbars', '--window-size=1280,1500', `--screenshot=${out}`, `file://${path.join(reports, 'report.html')}`,
  ], { stdio: 'ignore' });
  console.log(`wrote ${path.relative(PROJECT_ROOT, out)}`);
}

screenshot().then(() => process.exit(0), (e) => {
  console.error(`screenshot: ${e.message}`);
  process.exit(1);
});
