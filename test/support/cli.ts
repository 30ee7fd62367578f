// Runs the real CLI in a child process, as a user would.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/contract';
import { tempDir } from './tmp';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  reports: string;
}

export function runCli(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 120_000): Promise<CliRun> {
  const reports = tempDir('iam-reports-'); // removed after the file's tests
  const runs = (args[0] === 'run' || args[0] === 'record') && !args.includes('--reports') && !args.includes('--help');
  const withReports = runs ? [...args, '--reports', reports] : args;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(PROJECT_ROOT, 'bin', 'iam-conformance.js'), ...withReports],
      { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 20 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr, reports }),
    );
  });
}
