// Loads case files written inline (in a temporary folder) and returns the loader's problems.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadContract, PROJECT_ROOT } from '../../src/contract';
import { CaseFileError, loadCases } from '../../src/cases/loader';

/** The problems of these files (name -> text), optionally with the project's fixtures.yaml beside them; [] when they load. */
export function caseFileProblems(files: Record<string, string>, options: { withFixtures?: boolean } = {}): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cases-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  if (options.withFixtures) copyFileSync(path.join(PROJECT_ROOT, 'cases', 'fixtures.yaml'), path.join(dir, 'fixtures.yaml'));
  try {
    loadCases([dir], loadContract(), { relativeTo: dir });
    return [];
  } catch (e) {
    if (e instanceof CaseFileError) return e.problems;
    throw e;
  }
}
