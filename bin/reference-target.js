#!/usr/bin/env node
// Starts the reference target (src/reference-target/cli.ts).
'use strict';
require('./launch')('src/reference-target/cli');
