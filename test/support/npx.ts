// npx installs what it runs into a folder of npm's cache named after what was asked for. Tests that npx a
// folder or tarball of their own remove that install afterwards, so that test runs do not pile installs up.
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Removes npx's installs whose package.json names a path containing `mentioning` (a test's own temp folder). */
export function forgetNpxInstalls(mentioning: string): void {
  const root = path.join(process.env.npm_config_cache ?? path.join(os.homedir(), '.npm'), '_npx');
  let entries: string[];
  try { entries = readdirSync(root); } catch { return; }
  for (const entry of entries) {
    const dir = path.join(root, entry);
    try {
      if (readFileSync(path.join(dir, 'package.json'), 'utf8').includes(mentioning)) rmSync(dir, { recursive: true, force: true });
    } catch { /* not an install, or another run removed it */ }
  }
}
