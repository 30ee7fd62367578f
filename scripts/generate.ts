// npm run generate: rewrites the generated reference files (see src/docs/generate.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadContract, PROJECT_ROOT } from '../src/contract';
import { loadCases } from '../src/cases/loader';
import { generatedFiles } from '../src/docs/generate';

const contract = loadContract();
const set = loadCases([path.join(PROJECT_ROOT, 'cases')], contract, { relativeTo: PROJECT_ROOT });
for (const f of generatedFiles(contract, set)) {
  mkdirSync(path.dirname(f.path), { recursive: true });
  writeFileSync(f.path, f.content);
  console.log(`wrote ${path.relative(PROJECT_ROOT, f.path)}`);
}
