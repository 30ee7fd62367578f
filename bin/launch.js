// Loads a module of this project: the compiled copy in dist/ (built by `npm ci` through the prepare
// script) when it is at least as new as every source file, otherwise the TypeScript source through
// ts-node (transpile only), so an edited source is never run stale.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const STAMP = path.join(ROOT, 'dist', '.built');

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : entry.name.endsWith('.ts') ? fs.statSync(full).mtimeMs : 0);
  }
  return newest;
}

function compiledIsFresh() {
  try {
    const built = fs.statSync(STAMP).mtimeMs;
    return built >= newestSource(path.join(ROOT, 'src')) && built >= newestSource(path.join(ROOT, 'scripts'));
  } catch {
    return false;
  }
}

/** relative: a path under the project without extension, e.g. "src/cli/main". */
module.exports = function load(relative) {
  if (process.env.IAM_CONFORMANCE_FROM_SOURCE !== '1' && compiledIsFresh()) return require(path.join(ROOT, 'dist', `${relative}.js`));
  require('ts-node').register({ transpileOnly: true, project: path.join(ROOT, 'tsconfig.json'), compilerOptions: { module: 'commonjs' } });
  return require(path.join(ROOT, `${relative}.ts`));
};
