// The on-disk form of a recording: a folder with meta.json (where and when it was recorded) and
// fixtures.json (nock definitions, the format nock.define() reads). No request headers are ever stored,
// so no credential or signature can end up in a fixture.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

export const RECORDING_FORMAT = 'iam-conformance-recording/1';
/** Loopback recordings are rewritten to this scope, so they do not depend on the port they were made on. */
export const PLACEHOLDER_SCOPE = 'http://recorded-target.iam-conformance.invalid';

export interface RecordingMeta {
  format: string;
  /** Where it was recorded, for people: e.g. "reference target (src/reference-target), pollsBeforeComplete=2". */
  recordedFrom: string;
  recordedAt: string;
  /** The scope every fixture uses; replay points the SDK at it. */
  scope: string;
  /** Case ids this recording covers; absent means every case of the default case set. */
  cases?: string[];
  /** Run settings the recording was made with (entity path, ...), so a replay repeats the same requests. */
  settings?: Record<string, string>;
  /** Which values were replaced by placeholders (src/transport/normalize.ts, from the spec's `opaque` and `volatile`). */
  normalized?: {
    /** Shapes marked opaque: every member of them, in requests and answers. */
    opaque?: string[];
    /** Envelope elements and response headers (request ids). */
    envelope?: string[];
    /** Organization, root, OU and account ids (`record --normalize-ids`), of these kinds. */
    ids: boolean;
    idKinds?: string[];
  };
  notes?: string;
}

export interface NockDefinition {
  scope: string;
  method: string;
  path: string;
  body?: string | Record<string, unknown>;
  status: number;
  response?: unknown;
  rawHeaders?: string[] | Record<string, string>;
  headers?: Record<string, string>;
  [extra: string]: unknown;
}

export interface Recording {
  dir: string;
  meta: RecordingMeta;
  fixtures: NockDefinition[];
}

export class RecordingError extends Error {}

export function readRecording(dir: string): Recording {
  const metaFile = path.join(dir, 'meta.json');
  const fixturesFile = path.join(dir, 'fixtures.json');
  for (const f of [metaFile, fixturesFile]) {
    if (!existsSync(f)) throw new RecordingError(`${dir} is not a recording: ${path.basename(f)} is missing`);
  }
  const meta = parseJson(metaFile) as RecordingMeta;
  if (meta.format !== RECORDING_FORMAT) {
    throw new RecordingError(`${metaFile}: format "${meta.format}" is not ${RECORDING_FORMAT}`);
  }
  const fixtures = parseJson(fixturesFile);
  if (!Array.isArray(fixtures)) throw new RecordingError(`${fixturesFile}: expected an array of nock definitions`);
  return { dir, meta, fixtures };
}

/**
 * Writes a recording. One identical to the recording already in `dir` but for its date is left as it is
 * (its recordedAt stays the date its content was first recorded): an unchanged target re-records to
 * unchanged files. Returns whether anything was written.
 */
export function writeRecording(dir: string, meta: RecordingMeta, fixtures: NockDefinition[]): 'written' | 'unchanged' {
  const metaText = (m: RecordingMeta) => `${JSON.stringify(m, null, 2)}\n`;
  const fixturesText = `${JSON.stringify(fixtures, null, 2)}\n`;
  try {
    const old = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as RecordingMeta;
    if (readFileSync(path.join(dir, 'fixtures.json'), 'utf8') === fixturesText && metaText({ ...meta, recordedAt: old.recordedAt }) === metaText(old)) return 'unchanged';
  } catch {
    // nothing (readable) there yet
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'meta.json'), metaText(meta));
  writeFileSync(path.join(dir, 'fixtures.json'), fixturesText);
  return 'written';
}

function parseJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new RecordingError(`${file}: ${(e as Error).message}`);
  }
}

/**
 * awsQuery requests are told apart by their form fields, whatever their order or encoding; `each` rewrites
 * every field value first (e.g. ids by their shape, see normalize.ts).
 */
export function requestKey(method: string, pathName: string, body: string | Record<string, unknown> | undefined, each?: (value: string) => string): string {
  const raw = typeof body === 'string' ? [...new URLSearchParams(body).entries()] : Object.entries(body ?? {}).map(([k, v]) => [k, String(v)]);
  const fields = each ? raw.map(([k, v]) => [k, each(v)]) : raw;
  fields.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${method.toUpperCase()} ${pathName} ${fields.map(([k, v]) => `${k}=${v}`).join('&')}`;
}
