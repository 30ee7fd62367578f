// A YAML file read with its positions kept, so that data errors (in specs/ and cases/) can name
// file:line:col. The parsed value is plain data; the document is kept only to look up where a path is.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type * as Yaml from 'yaml';
import type { Document, LineCounter, Node } from 'yaml';

/**
 * A new ajv (draft 7) instance, loading ajv on first use: a run whose contract and cases come from the
 * build's snapshot (src/snapshot) validates no data file and never loads it.
 */
export function newAjv(options: import('ajv').Options): import('ajv').default {
  return new (require('ajv') as typeof import('ajv')).default(options);
}

let yamlModule: typeof Yaml | undefined;
/** The yaml package, loaded on first use: a run from the build's snapshot (src/snapshot) reads no YAML. */
export const yaml = (): typeof Yaml => (yamlModule ??= require('yaml') as typeof Yaml);

/** A YAML error's first line without the position it repeats (the caller says file:line:col). */
export const yamlErrorText = (message: string): string => message.split('\n')[0].replace(/( at line \d+, column \d+)?:?\s*$/, '');

export interface Loc {
  file: string;
  line: number;
  col: number;
}

export function formatLoc(loc: Loc): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

export type YamlPath = (string | number)[];

export class YamlSource {
  readonly lines: LineCounter = new (yaml().LineCounter)();
  readonly doc: Document;
  /** YAML syntax errors, already located; when there are any, `data` is undefined. */
  readonly syntaxErrors: string[] = [];
  readonly data: unknown;

  constructor(readonly file: string, text: string) {
    this.doc = yaml().parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    for (const e of this.doc.errors) {
      // Without prettyErrors the error carries offsets only: place them with the line counter.
      const pos = e.linePos?.[0] ?? (e.pos ? this.lines.linePos(e.pos[0]) : { line: 1, col: 1 });
      this.syntaxErrors.push(`${file}:${pos.line}:${pos.col}: YAML syntax: ${yamlErrorText(e.message)}`);
    }
    this.data = this.syntaxErrors.length ? undefined : this.doc.toJS();
  }

  private at(offset: number): Loc {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, col };
  }

  /** Where the value at `segments` starts; a path that does not exist points at its nearest existing parent. */
  locOf(segments: YamlPath): Loc {
    for (let n = segments.length; n >= 0; n--) {
      const node = (n === 0 ? this.doc.contents : this.doc.getIn(segments.slice(0, n), true)) as Node | undefined;
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return this.at(range[0]);
    }
    return { file: this.file, line: 1, col: 1 };
  }

  /** Where the key `key` of the map at `segments` is (better than its value for "unknown key" messages). */
  keyLoc(segments: YamlPath, key: string): Loc {
    const parent = (segments.length ? this.doc.getIn(segments, true) : this.doc.contents) as unknown;
    const pair = yaml().isMap(parent) ? (parent.items as { key?: { value?: unknown; range?: [number, number, number] } }[]).find((p) => p.key?.value === key) : undefined;
    if (pair?.key?.range) return this.at(pair.key.range[0]);
    return this.locOf(segments);
  }

  /** Where item `index` of the sequence at `segments` is, or the sequence itself. */
  itemLoc(segments: YamlPath, index: number): Loc {
    const seq = this.doc.getIn(segments, true);
    return yaml().isSeq(seq) ? this.locOf([...segments, index]) : this.locOf(segments);
  }
}

/** The closest of `candidates` to `word` (edit distance, ignoring case), when it is close enough to be a likely typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** " (did you mean X?)" when a close candidate exists, else " (one of A, B, C)" for short lists, else "". */
export function hint(word: string, candidates: string[]): string {
  const c = closest(word, candidates);
  if (c) return ` (did you mean ${c}?)`;
  if (candidates.length && candidates.length <= 8) return ` (expected one of ${candidates.join(', ')})`;
  return '';
}

/** The YAML files the paths name: files as given, folders searched for *.yaml / *.yml (sorted), and the paths that do not exist. */
export function yamlFiles(paths: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) {
      for (const f of readdirSync(p).sort()) if (/\.ya?ml$/.test(f)) files.push(path.join(p, f));
    } else files.push(p);
  }
  return { files, missing };
}
