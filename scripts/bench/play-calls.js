// What both floors of `npm run bench` do once their endpoint is ready: the captured SDK calls, in order, with
// no waits, counting the answers (an error answer is part of the sequence; no answer at all stops the floor).
'use strict';
const iam = require('@aws-sdk/client-iam');

module.exports = async function playCalls(endpoint, calls) {
  const client = new iam.IAMClient({ endpoint, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } });
  let answered = 0;
  try {
    for (const { operation, input } of calls) {
      try {
        await client.send(new iam[`${operation}Command`](input));
        answered++;
      } catch (e) {
        if (e.$metadata?.httpStatusCode) answered++;
        else throw e;
      }
    }
  } finally {
    client.destroy();
  }
  return answered;
};
