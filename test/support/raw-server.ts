// A TCP server on 127.0.0.1 that does whatever a test tells it with each connection: the way to play a
// hostile endpoint (never answers, resets, garbage, drips, cut bodies).
import net from 'node:net';

export type Behaviour = (socket: net.Socket) => void;

export interface RawServer {
  url: string;
  close(): Promise<void>;
}

export async function rawServer(onConnection: Behaviour): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    onConnection(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

/** Act once the request has arrived. */
export const afterRequest = (fn: (s: net.Socket) => void): Behaviour => (s) => s.once('data', () => fn(s));

/** A status line and header block. */
export const httpHead = (status: string, headers: string) => `HTTP/1.1 ${status}\r\n${headers}\r\n`;
