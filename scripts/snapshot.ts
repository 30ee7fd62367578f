// Part of `npm run build`, after tsc: loads the default case set the way a run in the project folder
// does, with IAM_CONFORMANCE_WRITE_SNAPSHOTS=1, so the loader keeps what it computed (src/snapshot) for
// every later run with the same files, contract and code.
import path from 'node:path';
import { loadContract, PROJECT_ROOT } from '../src/contract';
import { loadCases } from '../src/cases/loader';

process.env.IAM_CONFORMANCE_WRITE_SNAPSHOTS = '1';
// As `iam-conformance run` in the project folder loads them (npm run conformance, npm run bench, CI).
loadCases([path.join(PROJECT_ROOT, 'cases')], loadContract(), { relativeTo: PROJECT_ROOT });
