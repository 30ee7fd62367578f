// A target's known deviations in differential mode (--compare): the places of an answer whose differences
// from the recording are not reported. A path that names nothing an answer has would silence nothing and
// say nothing about it, so every path is checked against the contract, and a typo is an error with
// file:line:col naming the closest member.
import { readFileSync } from 'node:fs';
import type { Contract } from '../contract';
import { resolvePath } from '../contract/paths';
import { formatLoc, hint, YamlSource } from '../contract/source';

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
  const src = new YamlSource(file, text);
  if (src.syntaxErrors.length) throw new KnownDeviationsError(`${src.syntaxErrors[0]}. ${HOW}`);
  const data = (src.data ?? {}) as { paths?: unknown };
  const extra = data && typeof data === 'object' && !Array.isArray(data) ? Object.keys(data).filter((k) => k !== 'paths') : [];
  if (extra.length) throw new KnownDeviationsError(`${formatLoc(src.keyLoc([], extra[0]))}: expected "paths:" with a list of member paths such as AccessDetails[*].Region (unknown key "${extra[0]}")`);
  if (!Array.isArray(data.paths)) throw new KnownDeviationsError(`${formatLoc(src.locOf([]))}: expected "paths:" with a list of member paths such as AccessDetails[*].Region`);
  const paths = data.paths as unknown[];
  const notText = paths.findIndex((p) => typeof p !== 'string');
  if (notText >= 0) throw new KnownDeviationsError(`${formatLoc(src.itemLoc(['paths'], notText))}: a path is text, such as AccessDetails[*].Region (not ${JSON.stringify(paths[notText])})`);
  const problems = (paths as string[]).flatMap((p, i) => {
    const problem = pathProblem(contract, p);
    return problem ? [`${formatLoc(src.itemLoc(['paths'], i))}: ${problem}`] : [];
  });
  if (problems.length) throw new KnownDeviationsError(problems.join('\n'));
  return paths as string[];
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
