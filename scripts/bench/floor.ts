// Runs the conformance jest configuration on one empty test: what any run pays before its first case.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCLI } from 'jest';
import { conformanceJestConfig } from '../../src/cli/run-jest';
import { PROJECT_ROOT } from '../../src/contract';
// What the CLI loads before it starts jest is part of the floor too.
import '../../src/cli/main';

const reports = mkdtempSync(path.join(os.tmpdir(), 'bench-floor-'));
const config = conformanceJestConfig(reports, 'floor', { silent: true, entry: path.join(__dirname, `empty.jest.${__filename.endsWith('.js') ? 'js' : 'ts'}`) });
runCLI({ _: [], $0: 'floor', config: JSON.stringify(config), runInBand: true, ci: true, watchman: false } as any, [PROJECT_ROOT]).then(({ results }) =>
  process.exit(results.numPassedTests === 1 ? 0 : 1),
);
