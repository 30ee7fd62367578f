// Preloaded (node -r) into a run whose SDK calls the benchmark's floors repeat: every command sent through
// @aws-sdk/client-iam is written, in order, as {operation, input}, to the file named by BENCH_CALLS_OUT as
// the process exits. The run loads the same module from node_modules, so this sees every call it makes.
'use strict';
const fs = require('node:fs');
const { IAMClient } = require('@aws-sdk/client-iam');

const out = process.env.BENCH_CALLS_OUT;
if (!out) throw new Error('capture-calls.js: set BENCH_CALLS_OUT to the file the calls go to');
const calls = [];
const send = IAMClient.prototype.send;
IAMClient.prototype.send = function (command, ...rest) {
  calls.push({ operation: command.constructor.name.replace(/Command$/, ''), input: command.input });
  return send.call(this, command, ...rest);
};
process.on('exit', () => fs.writeFileSync(out, JSON.stringify(calls)));
