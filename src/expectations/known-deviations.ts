// A target's known deviations in differential mode (--compare): the places of an answer whose differences
// from the recording are not reported. A path that names nothing an answer has would silence nothing and
// say nothing about it, so every path is checked against the contract, and a typo is an error with
// file:line:col naming the closest member.
import { readFileSync } from 'node:fs';
import type { Contract } from '../contract';
import { resolvePath } from '../contract/paths';
import { hint, yaml, yamlErrorText } from '../contract/source';

export class KnownDeviationsError extends Error {}

/** The parts of an answer the comparison reports besides its members. */
export const ANSWER_PARTS = ['HTTP status', 'body', 'Error.Code', 'Error.Type'] as const;

const HOW = 'Write the paths as a block list ("paths:" then one "  - AccessDetails[*].Region" per line), or quote each one inside brackets';

/** The paths of a known-deviations file (`paths:` with member paths of an operation's output, or answer parts). */
export function loadKnownDeviations(file: string, contract: Contract): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new KnownDeviationsError(`${file}: cannot read: ${(e as Error).message}`);
  }
  const lines = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: lines });
  const at = (offset: number | undefined) => {
    const { line, col } = lines.linePos(offset ?? 0);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new KnownDeviationsError(`${file}:${e.linePos?.[0].line ?? 1}:${e.linePos?.[0].col ?? 1}: ${yamlErrorText(e.message)}. ${HOW}`);
  }
  const data = (doc.toJS() ?? {}) as { paths?: unknown };
  const extra = data && typeof data === 'object' && !Array.isArray(data) ? Object.keys(data).filter((k) => k !== 'paths') : [];
  const notText = Array.isArray(data.paths) ? data.paths.findIndex((p) => typeof p !== 'string') : -1;
  if (notText >= 0) throw new KnownDeviationsError(`${at((doc.getIn(['paths', notText], true) as { range?: [number] } | undefined)?.range?.[0])}: a path is text, such as AccessDetails[*].Region (not ${JSON.stringify((data.paths as unknown[])[notText])})`);
  if (!Array.isArray(data.paths) || extra.length) {
    const keyNode = (doc.contents as { items?: { key?: { value?: unknown; range?: [number] } }[] } | null)?.items?.find((item) => item.key?.value === extra[0])?.key;
    const where = at((extra.length ? keyNode : (doc.contents as { range?: [number] } | null))?.range?.[0]);
    throw new KnownDeviationsError(`${where}: expected "paths:" with a list of member paths such as AccessDetails[*].Region${extra.length ? ` (unknown key "${extra[0]}")` : ''}`);
  }
  const paths = data.paths as string[];
  const problems = paths.flatMap((p, i) => {
    const problem = pathProblem(contract, p);
    return problem ? [`${at((doc.getIn(['paths', i], true) as { range?: [number] } | undefined)?.range?.[0])}: ${problem}`] : [];
  });
  if (problems.length) throw new KnownDeviationsError(problems.join('\n'));
  return paths;
}

/** Why a path names nothing a compared answer has, or undefined when it does. */
export function pathProblem(contract: Contract, path: string): string | undefined {
  if ((ANSWER_PARTS as readonly string[]).includes(path)) return undefined;
  // The comparison's own paths put a dot before every member: AccessDetails[0].Region, never AccessDetails[0]Region.
  const joined = /\]([A-Za-z_])/.exec(path);
  if (joined) return `"${path}": a member after an index takes a dot (${path.slice(0, joined.index + 1)}.${path.slice(joined.index + 1)})`;
  const lookup = (n: string) => contract.shapes[n];
  const outputs = Object.values(contract.operations).map((op) => op.output);
  const tries = outputs.map((root) => resolvePath(lookup, root, path, { indexes: true, each: true }));
  if (tries.some((t) => t.ok)) return undefined;
  const first = /^[A-Za-z_][A-Za-z0-9_]*/.exec(path)?.[0] ?? path;
  // Where the first member exists, that output's own complaint is the precise one (a later step's typo).
  const owner = outputs.findIndex((root) => Object.hasOwn((lookup(root) as { members?: object } | undefined)?.members ?? {}, first));
  if (owner >= 0) {
    const t = tries[owner];
    return `"${path}": ${t.ok ? '' : t.problem}`;
  }
  const members = [...new Set(outputs.flatMap((root) => Object.keys((lookup(root) as { members?: object } | undefined)?.members ?? {})))];
  return `"${path}" is not a member of any operation's output${hint(first, [...members, ...ANSWER_PARTS])}; a known deviation names an output member (List[*].Member, Member.Member) or one of: ${ANSWER_PARTS.join(', ')}`;
}
