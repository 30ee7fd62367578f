// Floor (b) of `npm run bench`: the SDK calls a live run against the reference target makes, in the same
// order and with no waits, to a fresh reference target, and nothing else (no cases, no checks, no reports).
// usage: node floor-live.js ENDPOINT CALLS.json   (CALLS.json: written by capture-calls.js)
'use strict';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const fs = require('node:fs');
const playCalls = require('./play-calls');

async function main() {
  const [endpoint, callsFile] = process.argv.slice(2);
  const calls = JSON.parse(fs.readFileSync(callsFile, 'utf8'));
  const answered = await playCalls(endpoint, calls);
  process.stdout.write(`${answered} calls answered\n`);
}
main().catch((e) => {
  process.stderr.write(`floor-live: ${e.message}\n`);
  process.exit(1);
});
