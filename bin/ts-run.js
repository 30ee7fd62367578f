#!/usr/bin/env node
// Runs a script of this project (path without extension under the project, or a .ts path), compiled when fresh.
'use strict';
const path = require('node:path');
const [entry, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], entry, ...rest];
const relative = path.relative(path.join(__dirname, '..'), path.resolve(entry)).replace(/\.ts$/, '');
require('./launch')(relative);
