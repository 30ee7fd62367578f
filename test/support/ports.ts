// Ports for servers that another process binds (moto, a README block's server). Finding a free port with
// listen(0) and closing it leaves a gap until the child binds, and in that gap any other test's listen(0) may be
// handed the same port: CI once ran a README block against another test's fake LocalStack that way. So these
// ports come from below the kernel's ephemeral range, which listen(0) and outgoing connections draw from, and
// each is claimed with a file, so that test processes running side by side never hand out the same one.
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const CLAIMS = path.join(os.tmpdir(), `iam-conformance-ports-${process.getuid?.() ?? 'user'}`);
/** A claim older than this is left over from a run that ended without releasing it. */
const STALE_MS = 30 * 60_000;

/** The first port of the ephemeral range (Linux: /proc/sys/net/ipv4/ip_local_port_range; elsewhere the IANA range). */
export function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(low) && low > 0) return low;
  } catch { /* not Linux */ }
  return 49152;
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

function claim(port: number): boolean {
  const file = path.join(CLAIMS, String(port));
  try {
    closeSync(openSync(file, 'wx'));
    return true;
  } catch {
    try {
      if (Date.now() - statSync(file).mtimeMs < STALE_MS) return false;
      unlinkSync(file);
      closeSync(openSync(file, 'wx'));
      return true;
    } catch {
      return false;
    }
  }
}

/** A port no other test hands out and nothing listens on now; give it back with releasePort when done. */
export async function portForChild(): Promise<number> {
  const high = ephemeralLow() - 1;
  const low = Math.max(1024, high - 12_000);
  if (high - low < 1000) throw new Error(`portForChild: the ephemeral range starts at ${high + 1}, leaving no room below it`);
  mkdirSync(CLAIMS, { recursive: true, mode: 0o700 });
  for (let tries = 0; tries < 200; tries++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (!claim(port)) continue;
    if (await bindable(port)) return port;
    releasePort(port);
  }
  throw new Error(`portForChild: no free port between ${low} and ${high} after 200 tries`);
}

export function releasePort(port: number): void {
  try { unlinkSync(path.join(CLAIMS, String(port))); } catch { /* already gone */ }
}
