// npm run record:bundled — re-records the recordings bundled in recordings/. Clocks, JobIds and request ids
// are seeded, so an unchanged target re-records to unchanged files (left untouched, with their dates), and a
// re-recording differs only where the target or the cases changed. The runs' reports go to a temporary
// folder (kept, and named, only when a recording run does not pass), never to reports/.
//   recordings/reference        the reference target as seeded, all five operations (the default replay of `iam-conformance run`)
//   recordings/aws-doc-example  the reference target serving the AWS documentation example report
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/contract';
import { startReferenceTarget, type ReferenceTargetOptions } from '../src/reference-target';
import type { ServiceEntry } from '../src/reference-target/data';
import { main } from '../src/cli/main';

/** The GetOrganizationsAccessReport example of the IAM API reference (examples-1.json), item for item. */
const DOC_EXAMPLE_SERVICES: ServiceEntry[] = [
  { ServiceName: 'Amazon DynamoDB', ServiceNamespace: 'dynamodb', Region: 'us-east-1', EntityPath: 'o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-1a2b3c-k9l8m7n6o5example/111122223333', LastAuthenticatedTime: '2019-05-25T16:29:52Z', TotalAuthenticatedEntities: 2 },
  { ServiceName: 'AWS Identity and Access Management', ServiceNamespace: 'iam', Region: 'us-east-1', EntityPath: 'o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-1a2b3c-k9l8m7n6o5example/123456789012', LastAuthenticatedTime: '2019-06-15T13:12:06Z', TotalAuthenticatedEntities: 4 },
  { ServiceName: 'Amazon Simple Storage Service', ServiceNamespace: 's3', TotalAuthenticatedEntities: 0 },
];

function steppingClock(startIso: string, stepMs: number): () => Date {
  let t = Date.parse(startIso) - stepMs;
  return () => new Date((t += stepMs));
}

// The SDK's notice about Node versions says nothing about the recordings (clients are made later).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function record(dir: string, name: string, options: ReferenceTargetOptions, extra: string[] = []): Promise<number> {
  const target = await startReferenceTarget({ requestIdSeed: dir, ...options });
  const reports = mkdtempSync(path.join(os.tmpdir(), `iam-conformance-record-${dir}-`));
  try {
    const code = await main(['record', '--endpoint', target.url, '--out', path.join(PROJECT_ROOT, 'recordings', dir), '--quiet', '--target-name', name, '--reports', reports, ...extra]);
    if (code === 0) rmSync(reports, { recursive: true, force: true });
    else process.stderr.write(`record:bundled: recording ${dir} did not pass; its reports are in ${reports}\n`);
    return code;
  } finally {
    await target.close();
  }
}

async function all(): Promise<number> {
  const reference = await record('reference', 'the reference target (src/reference-target): seeded organization o-a1b2c3d4e5, 130 services; IAM account 123456789012 for the service last accessed reports; 2 IN_PROGRESS polls per job', {
    clock: steppingClock('2026-11-24T10:00:00.000Z', 1000), jobIdSeed: 'recording', pollsBeforeComplete: 2,
  });
  const example = await record('aws-doc-example', 'the reference target serving the AWS documentation example report (3 services, JobId examplea-1234-b567-cde8-90fg123abcd4); error answers and the service last accessed reports are the reference target\'s own', {
    services: DOC_EXAMPLE_SERVICES, jobIds: ['examplea-1234-b567-cde8-90fg123abcd4'], pollsBeforeComplete: 0,
    clock: (() => { const c = steppingClock('2019-06-18T19:47:31.466Z', 3775); return c; })(),
  }, ['--entity-path', 'o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-1a2b3c-k9l8m7n6o5example']);
  return Math.max(reference, example);
}

all().then((code) => process.exit(code));
