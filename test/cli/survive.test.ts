// A CI gate must end cleanly whatever the endpoint does and whatever the case files hold: each hostile
// endpoint ends the run by itself, in bounded time, with exit 1, a JUnit report and no stack trace, and
// nothing judged when the endpoint said nothing; each malformed case file ends it before anything runs
// with exit 2 and file:line. (test/cli/gate-faults.test.ts runs the faults of issue 10 with the defaults.)
import { afterRequest, httpHead, rawServer, type Behaviour } from '../support/raw-server';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../support/cli';
import { tempDir } from '../support/tmp';

const head = httpHead;
const HTML = '<html><body><h1>502 Bad Gateway</h1></body></html>';

const endpoints: [string, Behaviour, RegExp][] = [
  ['resets every connection', afterRequest((s) => s.resetAndDestroy()), /ECONNRESET|socket hang up/],
  ['answers with non-HTTP garbage', afterRequest((s) => s.end('SSH-2.0-OpenSSH_9.2\r\n')), /Parse Error|HPE_|Expected HTTP/i],
  ['answers 200 with an empty body', afterRequest((s) => s.end(head('200 OK', 'Content-Type: text/xml\r\nContent-Length: 0\r\n'))), /empty body/],
  ['cuts every body short', afterRequest((s) => s.end(`${head('200 OK', 'Content-Type: text/xml\r\nContent-Length: 900\r\n')}<GetOrganizationsAccessReportResponse>`)), /aborted|ECONNRESET|premature|socket hang up/i],
  ['drips its answer one byte a second', afterRequest((s) => {
    s.write(head('200 OK', 'Content-Type: text/xml\r\nContent-Length: 1000\r\n'));
    const t = setInterval(() => (s.writable ? s.write('<') : clearInterval(t)), 1000);
    s.on('close', () => clearInterval(t));
  }), /no complete response within 1000 ms/],
  ['answers with HTML error pages', afterRequest((s) => s.end(`${head('502 Bad Gateway', `Content-Type: text/html\r\nContent-Length: ${HTML.length}\r\n`)}${HTML}`)), /not checked: the service is not available .*HTTP 502 with an HTML page: &lt;html&gt;/],
];

test.each(endpoints)('an endpoint that %s: exit 1 in bounded time, JUnit written, a reason per case, no stack trace', async (_name, behaviour, reason) => {
  const server = await rawServer(behaviour);
  try {
    const started = Date.now();
    const run = await runCli(['run', '--endpoint', server.url, '--quiet', '--request-timeout', '1', '--budget', '8', '--retries', '0']);
    expect(Date.now() - started).toBeLessThan(45_000);
    expect(run.code).toBe(1);
    const xml = readFileSync(path.join(run.reports, 'junit.xml'), 'utf8');
    expect(xml).toMatch(reason);
    expect(run.stdout + run.stderr + xml).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
  } finally {
    await server.close();
  }
}, 60_000);

const caseFile = (body: string) => `cases:\n  - id: a-case\n    title: t\n    rules: [R2]\n    basis: b\n    steps:\n${body}`;
const call = '      - call: GetOrganizationsAccessReport\n';

test.each([
  ['a YAML syntax error', 'cases:\n  - id: [unclosed\n', /bad\.yaml:\d+:\d+: YAML syntax/],
  ['an unknown key', caseFile(call).replace('basis: b', 'basis: b\n    owner: me'), /bad\.yaml:6:5: unknown key "owner"/],
  ['a wrong type', caseFile(call).replace('rules: [R2]', 'rules: 2'), /bad\.yaml:4:12: cases\[0\]\.rules must be array/],
  ['an unknown check', caseFile(`${call}        checks: [sorted]\n`), /bad\.yaml:8:18: unknown check "sorted"/],
  ['a duplicate id', caseFile(call) + caseFile(call).replace('cases:\n', ''), /bad\.yaml:8:9: case id "a-case" is also used at \S*bad\.yaml:2:9/],
])('a case file with %s: exit 2 naming file:line, nothing runs', async (_name, text, message) => {
  const dir = tempDir('bad-');
  writeFileSync(path.join(dir, 'bad.yaml'), text as string);
  const run = await runCli(['run', '--endpoint', 'http://127.0.0.1:9', '--cases', dir]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message as RegExp);
  expect(run.stderr).not.toMatch(/\n\s+at /);
});
