// Every shell block in README.md is run here, or says where else it runs, or why it cannot run here.
// The line before each ```sh (or bash, shell) block carries a marker:
//   <!-- doc-test: run [exit=N] [ports=P,...] [needs=moto] [timeout=S] (note) -->   run here, as written
//   <!-- doc-test: ci (note) -->                  every command of the block is in .ci/run
//   <!-- doc-test: elsewhere FILE (note) -->      a test file that runs these commands (it must exist)
//   <!-- doc-test: not run (why) -->              cannot run here (AWS, Docker, ...): the reason is required
// A `run` block runs as one bash script in a folder that looks like the checkout (its files linked, its own
// reports/), every command but the last under `set -e`; the last must exit N (default 0). A command ending
// in `&` names a server: the block waits (bounded) for each of its ports= to listen, by a process of the block's
// own, before going on. Each port in ports= is replaced throughout the block by one that no other test can be
// handed meanwhile (test/support/ports.ts), so runs on a shared machine do not collide. Whatever a block leaves
// running is stopped with it (its process group).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/contract';
import { forgetNpxInstalls } from '../support/npx';
import { ephemeralLow, portForChild, releasePort } from '../support/ports';

const README = path.join(PROJECT_ROOT, 'README.md');
const MARKERS = 'run [exit=N] [ports=P,...] [needs=moto] [timeout=S] (note) | ci (note) | elsewhere FILE (note) | not run (why)';

interface Block {
  line: number; // of the opening fence, 1-based
  marker?: string;
  commands: string[]; // continuation lines joined; comment-only and empty lines dropped
  text: string;
}

function shellBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.findIndex((l, j) => j > i && l.trim().startsWith(fence[2]) && l.trim().replace(/[`~]/g, '') === '');
    const body = lines.slice(i + 1, end < 0 ? lines.length : end);
    if (['sh', 'bash', 'shell'].includes(fence[3])) {
      let k = i - 1;
      while (k >= 0 && lines[k].trim() === '') k--;
      const marker = k >= 0 ? /^<!--\s*doc-test:\s*(.*?)\s*-->$/.exec(lines[k].trim())?.[1] : undefined;
      const commands: string[] = [];
      let pending = '';
      for (const l of body) {
        if (!pending && (l.trim() === '' || l.trim().startsWith('#'))) continue;
        if (l.endsWith('\\')) pending += `${(pending ? l.trim() : l).slice(0, -1).trimEnd()} `;
        else {
          commands.push(pending + (pending ? l.trim() : l));
          pending = '';
        }
      }
      blocks.push({ line: i + 1, marker, commands, text: body.join('\n') });
    }
    i = end < 0 ? lines.length : end;
  }
  return blocks;
}

interface RunMarker { exit: number; ports: number[]; needs: string[]; timeoutS: number }

function parseRun(marker: string): RunMarker {
  const words = marker.replace(/\(.*\)\s*$/, '').trim().split(/\s+/).slice(1);
  const m: RunMarker = { exit: 0, ports: [], needs: [], timeoutS: 180 };
  for (const w of words) {
    const [k, v] = w.split('=');
    if (k === 'exit') m.exit = Number(v);
    else if (k === 'ports') m.ports = v.split(',').map(Number);
    else if (k === 'needs') m.needs = v.split(',');
    else if (k === 'timeout') m.timeoutS = Number(v);
    else throw new Error(`unknown doc-test option "${w}" (known: ${MARKERS})`);
  }
  return m;
}

const NEEDS: Record<string, () => boolean> = {
  moto: () => spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0,
};

/** A folder that looks like the checkout: every top-level entry linked, except reports/ (its own, empty). */
function lookalikeCheckout(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iam-readme-'));
  for (const entry of readdirSync(PROJECT_ROOT)) if (!['reports', '.git'].includes(entry)) symlinkSync(path.join(PROJECT_ROOT, entry), path.join(dir, entry));
  return dir;
}

// Waits for a port to listen, then makes sure the listener is one of the block's processes (its process
// group, the script being its leader): a stranger on the port would answer the block's commands in its place.
const WAIT_FOR_PORT = `__doc_test_wait_for_port() {
  local deadline=$((SECONDS + 60)) pids pid
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then echo "doc-test: nothing listens on port $1 after 60 s" >&2; return 1; fi
    sleep 0.2
  done
  command -v ss >/dev/null && command -v ps >/dev/null || return 0
  pids=$(ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | cut -d= -f2)
  [ -n "$pids" ] || return 0
  for pid in $pids; do
    [ "$(ps -o pgid= -p "$pid" | tr -d ' ')" = "$$" ] && return 0
  done
  echo "doc-test: port $1 listens, but not by a process this block started (pid $(echo $pids)): another process took the port" >&2
  return 1
}
trap 'echo "doc-test: exit $? from: $BASH_COMMAND" >&2' ERR
`;

/** The script a run block becomes: commands as written (ports replaced), a wait after each server start. */
function scriptOf(block: Block, ports: Map<number, number>): string {
  const sub = (c: string) => [...ports].reduce((t, [from, to]) => t.replace(new RegExp(`\\b${from}\\b`, 'g'), String(to)), c);
  const out = [WAIT_FOR_PORT, 'set -e'];
  block.commands.forEach((c, i) => {
    const command = sub(c);
    if (i === block.commands.length - 1) out.push('set +e');
    out.push(command);
    if (i === block.commands.length - 1) out.push('exit $?');
    const code = command.replace(/\s+#.*$/, '').trim();
    if (code.endsWith('&')) for (const p of ports.values()) if (new RegExp(`\\b${p}\\b`).test(code)) out.push(`__doc_test_wait_for_port ${p}`);
  });
  return `${out.join('\n')}\n`;
}

function runScript(script: string, cwd: string, timeoutS: number): Promise<{ code: number | null; log: string; timedOut: boolean }> {
  const file = path.join(cwd, '.doc-test.sh');
  writeFileSync(file, script);
  return new Promise((resolve) => {
    const child = spawn('bash', ['--noprofile', '--norc', file], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
    }, timeoutS * 1000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      // Servers the block started in the background stop with it: its whole process group.
      try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* none left */ }
      setTimeout(() => {
        try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* none left */ }
        child.stdout.destroy();
        child.stderr.destroy();
        resolve({ code, log, timedOut });
      }, 500);
    });
  });
}

/** A long log's start (where a server says why it could not start) and its end (where the run says how it ended). */
function excerpt(log: string): string {
  return log.length > 5000 ? `${log.slice(0, 1500)}\n[…]\n${log.slice(-3500)}` : log;
}

const blocks = shellBlocks(readFileSync(README, 'utf8'));
const where = (b: Block) => `README.md:${b.line}`;

test('README.md has shell blocks, and every one carries a doc-test marker', () => {
  expect(blocks.length).toBeGreaterThan(3);
  const unmarked = blocks.filter((b) => !b.marker || !/^(run\b|ci\b|elsewhere\s+\S+|not run\s*\(.+\))/.test(b.marker));
  expect(unmarked.map((b) => `${where(b)}: put one of these on the line before the block: <!-- doc-test: ${MARKERS} -->\n${b.text}`)).toEqual([]);
});

describe.each(blocks.filter((b) => b.marker?.startsWith('ci')).map((b) => [where(b), b] as const))('%s (ci)', (_w, block) => {
  test('every command is in .ci/run', () => {
    const ci = readFileSync(path.join(PROJECT_ROOT, '.ci', 'run'), 'utf8');
    expect(block.commands.map((c) => c.replace(/\s+#.*$/, '').trim()).filter((c) => !ci.includes(c))).toEqual([]);
  });
});

describe.each(blocks.filter((b) => b.marker?.startsWith('elsewhere')).map((b) => [where(b), b] as const))('%s (elsewhere)', (_w, block) => {
  test('the test file it names exists', () => {
    const file = /^elsewhere\s+(\S+)/.exec(block.marker!)![1];
    expect(existsSync(path.join(PROJECT_ROOT, file))).toBe(true);
  });
});

describe.each(blocks.filter((b) => /^run\b/.test(b.marker ?? '')).map((b) => [where(b), b] as const))('%s (run)', (w, block) => {
  test(`runs as written and ends with the exit code its marker names`, async () => {
    const m = parseRun(block.marker!);
    const missing = m.needs.filter((n) => !(NEEDS[n] ?? (() => { throw new Error(`${w}: unknown needs=${n}`); }))());
    if (missing.length) {
      console.warn(`${w}: not run here, ${missing.join(', ')} is not installed`);
      return;
    }
    const ports = new Map<number, number>();
    for (const p of m.ports) ports.set(p, await portForChild());
    const cwd = lookalikeCheckout();
    try {
      const r = await runScript(scriptOf(block, ports), cwd, m.timeoutS);
      if (r.timedOut || r.code !== m.exit) {
        throw new Error(`${w}: ${r.timedOut ? `did not end within ${m.timeoutS} s (timeout=S in the marker)` : `ended with exit ${r.code}, the marker expects ${m.exit}`}\n--- block ---\n${block.text}\n--- output ---\n${excerpt(r.log)}`);
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      forgetNpxInstalls(cwd);
      for (const p of ports.values()) releasePort(p);
    }
  }, (parseRun(block.marker!).timeoutS + 30) * 1000);
});

describe('the doc test itself', () => {
  test('a failing command in a run block fails it, naming the command', async () => {
    const [block] = shellBlocks('<!-- doc-test: run -->\n```sh\ntrue\nfalse   # breaks\necho never\n```\n');
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'iam-readme-self-'));
    try {
      const r = await runScript(scriptOf(block, new Map()), cwd, 30);
      expect(r.code).not.toBe(0);
      expect(r.log).toMatch(/doc-test: exit 1 from: false/);
      expect(r.log).not.toMatch(/never/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  const SERVER_BLOCK = '<!-- doc-test: run ports=4599 -->\n```sh\nnode -e "require(\'net\').createServer().listen(4599, \'127.0.0.1\')" &\nnode -e "require(\'net\').connect(4599, \'127.0.0.1\').on(\'connect\', () => process.exit(0)).on(\'error\', () => process.exit(7))"\n```\n';

  test('a server started with & is waited for, its port replaced, and stopped with the block', async () => {
    const [block] = shellBlocks(SERVER_BLOCK);
    const port = await portForChild();
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'iam-readme-self-'));
    try {
      const r = await runScript(scriptOf(block, new Map([[4599, port]])), cwd, 60);
      expect(r).toMatchObject({ code: 0, timedOut: false });
      const open = await new Promise<boolean>((resolve) => net.connect(port, '127.0.0.1').on('connect', () => resolve(true)).on('error', () => resolve(false)));
      expect(open).toBe(false);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      releasePort(port);
    }
  });

  test('a port taken by another process fails the block, naming it, instead of letting the stranger answer', async () => {
    const [block] = shellBlocks(SERVER_BLOCK);
    const port = await portForChild();
    const stranger = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => stranger.listen(port, '127.0.0.1', r));
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'iam-readme-self-'));
    try {
      const r = await runScript(scriptOf(block, new Map([[4599, port]])), cwd, 60);
      expect(r.code).not.toBe(0);
      expect(r.log).toContain(`doc-test: port ${port} listens, but not by a process this block started (pid ${process.pid})`);
    } finally {
      stranger.close();
      rmSync(cwd, { recursive: true, force: true });
      releasePort(port);
    }
  });

  test('ports for a block are below the range listen(0) draws from, and never handed out twice at once', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => portForChild()));
    try {
      expect(new Set(ports).size).toBe(20);
      expect(Math.max(...ports)).toBeLessThan(ephemeralLow());
      const drawn = await Promise.all(Array.from({ length: 20 }, () => new Promise<number>((resolve) => {
        const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as net.AddressInfo; s.close(() => resolve(port)); });
      })));
      if (process.platform === 'linux') expect(Math.min(...drawn)).toBeGreaterThanOrEqual(ephemeralLow());
    } finally {
      ports.forEach(releasePort);
    }
  });

  test('continuation lines join, comment lines drop, and an unmarked block is found', () => {
    const blocks = shellBlocks('text\n\n```sh\n# a comment\nnpx a \\\n  --b c\n```\n\n```yaml\nnot: shell\n```\n');
    expect(blocks).toEqual([expect.objectContaining({ line: 3, marker: undefined, commands: ['npx a --b c'] })]);
  });
});
