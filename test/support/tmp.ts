// Temporary folders for tests, removed after the last test of the file that made them (jest loads this
// module once per test file, so each file registers its own clean-up). Set IAM_KEEP_TMP=1 to keep them.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

afterAll(() => {
  if (process.env.IAM_KEEP_TMP) return;
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new, empty folder under the system's temporary folder (named PREFIX + random letters), removed after the file's tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
