#!/usr/bin/env node
// CLI entry point (see bin/launch.js for how the TypeScript is loaded).
'use strict';
require('./launch')('src/cli/main')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code), (err) => {
    process.stderr.write(`iam-conformance: ${err && err.message ? err.message : err}\n`);
    process.exit(2);
  });
