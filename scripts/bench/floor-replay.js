// Floor (a) of `npm run bench`: the SDK calls a default replay run makes, in the same order, answered by
// nock from the same recording, and nothing else (no cases, no checks, no reports).
// usage: node floor-replay.js RECORDING_DIR CALLS.json   (CALLS.json: written by capture-calls.js)
// Answers are chosen as replay chooses them: identical requests (same fields, any order) get their recorded
// answers in order, then the last one again.
'use strict';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const fs = require('node:fs');
const path = require('node:path');
const playCalls = require('./play-calls');
const nock = require('nock');

/** Requests are told apart by method, path and their form fields in any order, as replay tells them apart. */
function keyOf(method, pathName, body) {
  const fields = [...new URLSearchParams(String(body ?? '')).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${method.toUpperCase()} ${pathName} ${fields.map(([k, v]) => `${k}=${v}`).join('&')}`;
}

async function main() {
  const [dir, callsFile] = process.argv.slice(2);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
  const fixtures = JSON.parse(fs.readFileSync(path.join(dir, 'fixtures.json'), 'utf8'));
  const calls = JSON.parse(fs.readFileSync(callsFile, 'utf8'));
  const answers = new Map();
  for (const f of fixtures) {
    const key = keyOf(f.method, f.path, f.body);
    if (!answers.has(key)) answers.set(key, { list: [], next: 0 });
    answers.get(key).list.push(f);
  }
  nock.disableNetConnect();
  nock(meta.scope).persist().intercept(/.*/, 'POST').reply(async (request) => {
    const slot = answers.get(keyOf(request.method, new URL(request.url).pathname, await request.text()));
    if (!slot) throw new Error('floor-replay: a call the recording has no answer for');
    const f = slot.list[Math.min(slot.next++, slot.list.length - 1)];
    return [f.status, typeof f.response === 'string' ? f.response : JSON.stringify(f.response ?? ''), f.rawHeaders ?? {}];
  });
  const answered = await playCalls(meta.scope, calls);
  process.stdout.write(`${answered} calls answered\n`);
}
main().catch((e) => {
  process.stderr.write(`floor-replay: ${e.message}\n`);
  process.exit(1);
});
