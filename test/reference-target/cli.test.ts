// bin/reference-target.js starts the target, prints where it listens, serves, and stops on SIGTERM.
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { spawn, type ChildProcess } from 'node:child_process';
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

test('a bad flag value exits 2 with the usage', async () => {
  await expect(launch(['--port', '0', '--page-cap', 'lots'])).rejects.toThrow(/exited with 2: .*--page-cap takes a whole number/s);
}, 60_000);
