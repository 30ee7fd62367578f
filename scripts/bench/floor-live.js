// Floor (b) of `npm run bench`: the SDK calls a live run against the reference target makes, in the same
// order and with no waits, to a fresh reference target, and nothing else (no cases, no checks, no reports).
// usage: node floor-live.js ENDPOINT CALLS.json   (CALLS.json: written by capture-calls.js)
'use strict';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const fs = require('node:fs');
const iam = require('@aws-sdk/client-iam');

async function main() {
  const [endpoint, callsFile] = process.argv.slice(2);
  const calls = JSON.parse(fs.readFileSync(callsFile, 'utf8'));
  const client = new iam.IAMClient({ endpoint, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } });
  let answered = 0;
  for (const { operation, input } of calls) {
    try {
      await client.send(new iam[`${operation}Command`](input));
      answered++;
    } catch (e) {
      if (e.$metadata?.httpStatusCode) answered++; // an error answer is part of the sequence
      else throw e;
    }
  }
  client.destroy();
  process.stdout.write(`${answered} calls answered\n`);
}
main().catch((e) => {
  process.stderr.write(`floor-live: ${e.message}\n`);
  process.exit(1);
});
