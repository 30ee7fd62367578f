// A real HTTP endpoint on 127.0.0.1 whose answers a test scripts: the way to show a check failing on a
// broken response, or passing on a legal variation, through the real SDK.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedRequest {
  action: string;
  params: Record<string, string>;
}

export interface ScriptedReply {
  status?: number;
  body: string;
  headers?: Record<string, string>;
  /** Close the connection without answering (a reset), instead of sending this reply. */
  reset?: boolean;
}

export interface ScriptedTarget {
  url: string;
  requests: ScriptedRequest[];
  close(): Promise<void>;
}

export async function startScriptedTarget(handler: (req: ScriptedRequest) => ScriptedReply | Promise<ScriptedReply>): Promise<ScriptedTarget> {
  const requests: ScriptedRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      const { Action = '', Version: _v, ...rest } = params;
      const r: ScriptedRequest = { action: Action, params: rest };
      requests.push(r);
      try {
        const reply = await handler(r);
        if (reply.reset) {
          req.socket.destroy();
          return;
        }
        res.writeHead(reply.status ?? 200, { 'content-type': 'text/xml', 'x-amzn-requestid': `req-${requests.length}`, ...reply.headers });
        res.end(reply.body);
      } catch (e) {
        res.writeHead(599, { 'content-type': 'text/plain' });
        res.end(`scripted target handler threw: ${(e as Error).message}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
