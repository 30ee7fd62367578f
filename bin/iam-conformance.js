#!/usr/bin/env node
// CLI entry: loads the TypeScript sources with ts-node (transpile only; `npm test` type-checks them).
'use strict';
const path = require('node:path');
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json'), compilerOptions: { module: 'commonjs' } });
require('../src/cli/main')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code), (err) => {
    process.stderr.write(`iam-conformance: ${err && err.message ? err.message : err}\n`);
    process.exit(2);
  });
