// Values a run would compute from the project's own data files, computed once by the build instead
// (npm run build runs scripts/snapshot.ts): the validated contract of specs/ and the default case set.
// Each is kept beside the compiled modules (dist/src/snapshot/NAME.snapshot, V8's serialization, which
// keeps every value as it was) under a key: the SHA-256 of everything it was computed from, and of the
// compiled code itself. A run whose inputs or code differ in any way, a run from the TypeScript sources
// (no snapshot beside them), or an unreadable snapshot: computed as before. Paths inside the project are
// kept relative to it, in keys and values, so the snapshot still serves a project moved or installed
// elsewhere (npm install -g, npx), from whatever folder it runs in.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';

const FORMAT = 'iam-conformance-snapshot/1';
/** Where snapshots live: beside this module (dist/src/snapshot/ once compiled). */
export const SNAPSHOT_DIR = __dirname;

let codeId: string | undefined;

/** The compiled code the values depend on: every module of the tree this one belongs to (names and contents). */
function code(): string {
  if (codeId === undefined) {
    const hash = createHash('sha256');
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (/\.[jt]s$/.test(e.name)) hash.update(`${path.relative(__dirname, full)}\0`).update(readFileSync(full)).update('\0');
      }
    };
    walk(path.join(__dirname, '..'));
    codeId = hash.digest('hex');
  }
  return codeId;
}

/** A path as keys and kept values hold it: relative to the project's root when inside it, else as it is. */
export function portablePath(file: string, root: string): string {
  const relative = path.relative(root, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

/** The path a kept one stands for, for a project whose root is now `root`. */
export function localPath(kept: string, root: string): string {
  return path.resolve(root, kept);
}

/** The key of a value computed from these parts (texts, bytes), by the code of this tree. */
export function keyOf(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256').update(code());
  for (const p of parts) hash.update(`\0${Buffer.byteLength(p)}\0`).update(p);
  return hash.digest('hex');
}

function fileOf(name: string, dir: string): string {
  return path.join(dir, `${name}.snapshot`);
}

/**
 * The value kept under this name when it was made under this key (with this prototype, for an instance
 * of a class whose members are plain data); otherwise compute(). The build
 * (IAM_CONFORMANCE_WRITE_SNAPSHOTS=1, scripts/snapshot.ts) computes and keeps it instead, so the key
 * is made in one place, by the code that uses it.
 */
export function snapshotted<T>(
  name: string, key: () => string, compute: () => T,
  { prototype, dir = SNAPSHOT_DIR, portable }: {
    prototype?: object; dir?: string;
    /** How the value is kept without anything that depends on where the project is (paths), and given back. */
    portable?: { keep: (value: T) => unknown; restore: (kept: T) => T };
  } = {},
): T {
  if (process.env.IAM_CONFORMANCE_WRITE_SNAPSHOTS === '1') {
    const value = compute();
    writeSnapshot(name, key(), portable ? portable.keep(value) : value, dir);
    return value;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(fileOf(name, dir));
  } catch {
    return compute();
  }
  try {
    const doc = v8.deserialize(bytes) as { format?: unknown; key?: unknown; value?: unknown };
    // A class instance comes back as its own members: the prototype gives it its methods again.
    if (doc?.format === FORMAT && doc.key === key()) {
      const value = (prototype ? Object.setPrototypeOf(doc.value, prototype) : doc.value) as T;
      return portable ? portable.restore(value) : value;
    }
  } catch {
    // unreadable, or a key that cannot be made (a file gone): computed as before
  }
  return compute();
}

/** Keeps a value under a name and key (the build). */
export function writeSnapshot(name: string, key: string, value: unknown, dir = SNAPSHOT_DIR): void {
  writeFileSync(fileOf(name, dir), v8.serialize({ format: FORMAT, key, value }));
}
