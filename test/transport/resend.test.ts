// A request that fails with a reset is sent once more only when it went out on a kept-alive connection
// (the server closed it while idle, so it never saw the request); on a connection opened for it, the
// server may have acted on it, and a resent Generate would start a second report job.
import http from 'node:http';
import type net from 'node:net';
import { SdkCaller } from '../../src/transport/sdk-caller';

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const generated = (id: string) =>
  `<GenerateOrganizationsAccessReportResponse xmlns="${NS}"><GenerateOrganizationsAccessReportResult><JobId>${id}</JobId></GenerateOrganizationsAccessReportResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GenerateOrganizationsAccessReportResponse>`;

interface Seen { requests: number; sockets: Set<net.Socket> }

/** answer(n, socketIsNew) answers the n-th request (1-based), or returns undefined to reset its connection. */
async function server(answer: (n: number, socketIsNew: boolean) => string | undefined) {
  const seen: Seen = { requests: 0, sockets: new Set() };
  const srv = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const fresh = !seen.sockets.has(req.socket);
      seen.sockets.add(req.socket);
      const body = answer(++seen.requests, fresh);
      if (body === undefined) req.socket.destroy();
      else res.writeHead(200, { 'content-type': 'text/xml' }).end(body);
    });
  });
  srv.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(srv.address() as net.AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((r) => { srv.closeAllConnections(); srv.close(() => r()); }) };
}

const params = { EntityPath: 'o-a1b2c3d4e5/r-ab12' };

test('a reset on a kept-alive connection is sent once more, on a new connection, and answered', async () => {
  const s = await server((n, fresh) => (n === 2 && !fresh ? undefined : generated(`job-${n}`)));
  const caller = new SdkCaller({ endpoint: s.url, requestTimeoutMs: 5000 });
  try {
    expect((await caller.call('GenerateOrganizationsAccessReport', params)).output).toEqual({ JobId: 'job-1' });
    const second = await caller.call('GenerateOrganizationsAccessReport', params);
    expect(second.transportFault).toBeUndefined();
    expect(second.output).toEqual({ JobId: 'job-3' });
    expect(s.seen.requests).toBe(3);
    expect(s.seen.sockets.size).toBe(2);
  } finally {
    caller.destroy();
    await s.close();
  }
});

test('a reset on a connection opened for the request is not resent: one Generate reached the server', async () => {
  const s = await server(() => undefined);
  const caller = new SdkCaller({ endpoint: s.url, requestTimeoutMs: 5000 });
  try {
    const x = await caller.call('GenerateOrganizationsAccessReport', params);
    expect(x.transportFault).toBe('target-unreachable');
    expect(x.transportError).toMatch(/socket hang up|ECONNRESET/i);
    expect(s.seen.requests).toBe(1);
  } finally {
    caller.destroy();
    await s.close();
  }
});
