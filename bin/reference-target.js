#!/usr/bin/env node
// Starts the reference target (src/reference-target) without a build step.
'use strict';
const path = require('node:path');
require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json'), compilerOptions: { module: 'commonjs' } });
require('../src/reference-target/cli');
