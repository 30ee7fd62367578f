// npm run kill-matrix — writes docs/kill-matrix.md (see src/docs/kill-matrix.ts).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadContract, PROJECT_ROOT } from '../src/contract';
import { loadCases } from '../src/cases/loader';
import { killMatrix, killMatrixPage } from '../src/docs/kill-matrix';

(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const contract = loadContract();
  const set = loadCases([path.join(PROJECT_ROOT, 'cases')], contract, { relativeTo: PROJECT_ROOT });
  const rows = await killMatrix(contract, set);
  writeFileSync(path.join(PROJECT_ROOT, 'docs', 'kill-matrix.md'), killMatrixPage(rows, set.cases.length));
  console.log(`wrote docs/kill-matrix.md (${rows.length} behaviours)`);
})();
