// The baseline for the live run: the same SDK calls, in order, from a plain node script with no checks.
// usage: node plain-calls.js ENDPOINT CALLS.json
'use strict';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const iam = require('@aws-sdk/client-iam');
const fs = require('node:fs');

async function main() {
  const [endpoint, file] = process.argv.slice(2);
  const calls = JSON.parse(fs.readFileSync(file, 'utf8'));
  const client = new iam.IAMClient({ endpoint, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } });
  for (const { operation, params } of calls) {
    try {
      await client.send(new iam[`${operation}Command`](params));
    } catch {
      // error answers are part of the sequence
    }
  }
  client.destroy();
}
main();
