// Loads a module of this project. An installed package runs its compiled JavaScript (dist/, built by
// `npm pack` through the prepare script) and nothing else: it ships no TypeScript sources and needs no
// TypeScript at run time. Inside a checkout (src/ and tsconfig.json beside bin/) the compiled copy is used
// while it is at least as new as every source file; otherwise the sources run through ts-node (a dev
// dependency, transpile only), so an edited source is never run stale.
'use strict';
// V8's compiled code of the modules is kept between runs (node's own cache from Node 22.1, ours on Node 20:
// bin/compile-cache.js), so a run does not compile the same JavaScript again.
require('./compile-cache').enable();
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const STAMP = path.join(ROOT, 'dist', '.built');

// The SDK's Node-version notice concerns its own future releases, not the version pinned here (README: "Node versions").
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

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

function isCheckout() {
  return fs.existsSync(path.join(ROOT, 'tsconfig.json')) && fs.existsSync(path.join(ROOT, 'src'));
}

function fail(message) {
  process.stderr.write(`iam-conformance: ${message}\n`);
  process.exit(2);
}

/** relative: a path under the project without extension, e.g. "src/cli/main". */
module.exports = function load(relative) {
  const compiled = path.join(ROOT, 'dist', `${relative}.js`);
  if (!isCheckout()) {
    if (!fs.existsSync(compiled)) fail(`this installation has no ${path.relative(ROOT, compiled)}; reinstall the package`);
    return require(compiled);
  }
  if (process.env.IAM_CONFORMANCE_FROM_SOURCE !== '1' && compiledIsFresh()) return require(compiled);
  let tsNode;
  try {
    tsNode = require('ts-node');
  } catch {
    fail('the sources are newer than dist/ and ts-node is not installed: run `npm ci` (or `npm run build`)');
  }
  tsNode.register({ transpileOnly: true, project: path.join(ROOT, 'tsconfig.json'), compilerOptions: { module: 'commonjs' } });
  return require(path.join(ROOT, `${relative}.ts`));
};
