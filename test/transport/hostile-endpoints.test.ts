// Whatever an endpoint does, a request ends in bounded time with a reason: the suite never hangs and
// never crashes on a hostile or broken target.
import type net from 'node:net';
import http from 'node:http';
import { SdkCaller } from '../../src/transport/sdk-caller';
import { describeOutcome } from '../../src/transport/exchange';
import { afterRequest, httpHead, rawServer, type Behaviour } from '../support/raw-server';

const HTML = '<html><body>Bad gateway</body></html>\n';
const timers: NodeJS.Timeout[] = [];
afterAll(() => timers.forEach(clearInterval));

const hostile: [string, Behaviour, RegExp][] = [
  ['accepts and never answers', () => undefined, /no complete response within 1000 ms/],
  ['resets the connection', afterRequest((s) => s.resetAndDestroy()), /ECONNRESET|socket hang up/],
  ['answers with non-HTTP garbage', afterRequest((s) => s.end('HELLO THERE\r\n\r\n')), /Parse Error|HPE_|Expected HTTP/i],
  ['answers 200 with an empty body', afterRequest((s) => s.end(httpHead('200 OK', 'Content-Type: text/xml\r\nContent-Length: 0\r\n'))), /HTTP 200 success/],
  ['cuts the body short', afterRequest((s) => s.end(`${httpHead('200 OK', 'Content-Type: text/xml\r\nContent-Length: 500\r\n')}<GetOrganizationsAccessReportResponse>`)), /aborted|ECONNRESET|closed|premature|socket hang up/i],
  ['drips the body one byte a second', afterRequest((s) => {
    s.write(httpHead('200 OK', 'Content-Type: text/xml\r\nContent-Length: 1000\r\n'));
    timers.push(setInterval(() => s.writable && s.write('<'), 1000));
  }), /no complete response within 1000 ms|did not complete/],
  ['answers with an HTML error page', afterRequest((s) => s.end(`${httpHead('502 Bad Gateway', `Content-Type: text/html\r\nContent-Length: ${HTML.length}\r\n`)}${HTML}`)), /HTTP 502 \(text\/html\) that is not an awsQuery answer the SDK can read — body: <html>/],
];

test.each(hostile)('an endpoint that %s: the request ends within its deadline, with a reason', async (_name, behaviour, reason) => {
  const server = await rawServer(behaviour);
  const caller = new SdkCaller({ endpoint: server.url, requestTimeoutMs: 1000 });
  try {
    const started = Date.now();
    const x = await caller.call('GetOrganizationsAccessReport', { JobId: 'x'.repeat(36) });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(describeOutcome(x)).toMatch(reason);
  } finally {
    caller.destroy();
    await server.close();
  }
});

test('a well-behaved HTTP server is unaffected by the deadline machinery', async () => {
  const server = http.createServer((_q, r) => { r.writeHead(404, { 'content-type': 'text/xml' }); r.end('<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>m</Message></Error><RequestId>1</RequestId></ErrorResponse>'); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const caller = new SdkCaller({ endpoint: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, requestTimeoutMs: 1000 });
  const x = await caller.call('GetOrganizationsAccessReport', { JobId: 'x'.repeat(36) });
  caller.destroy();
  server.close();
  expect(x.error?.code).toBe('NoSuchEntity');
  expect(x.response?.status).toBe(404);
});
