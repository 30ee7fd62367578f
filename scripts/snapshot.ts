// Part of `npm run build`, after tsc: loads the contract and the default case set the way a run in the
// project folder does, with IAM_CONFORMANCE_WRITE_SNAPSHOTS=1, so each loader keeps what it computed
// (src/snapshot) for every later run with the same files and code, and writes the validators of the
// contract's shapes compiled ahead of time (src/contract/validate.ts). Files with problems are no reason to
// fail the build: nothing is kept, and a run reports the problems as usual.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadContract, PRECOMPILED_VALIDATORS, precompiledValidatorsModule, PROJECT_ROOT } from '../src/contract';
import { loadCases } from '../src/cases/loader';

process.env.IAM_CONFORMANCE_WRITE_SNAPSHOTS = '1';
// As `iam-conformance run` in the project folder loads them (npm run conformance, npm run bench, CI).
try {
  const contract = loadContract();
  writeFileSync(PRECOMPILED_VALIDATORS, precompiledValidatorsModule(contract));
  loadCases([path.join(PROJECT_ROOT, 'cases')], contract, { relativeTo: PROJECT_ROOT });
} catch (e) {
  process.stderr.write(`snapshot: nothing kept, the project's files have problems (a run will say which): ${(e as Error).message.split('\n')[0]}\n`);
}
