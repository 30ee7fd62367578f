// Member paths: `Marker`, `EntityInfo.Arn` (a member of a nested structure), `ServicesLastAccessed[0].ServiceNamespace`
// (a member of the first item of a list). The spec uses them to name members of items (itemKey, sort keys),
// cases to say what to save from an answer. One grammar, resolved against shapes (at load) and values (at run).
import { hint } from './source';
import type { Shape } from './spec';

/** `[N]`: the Nth element of a list; `[*]`: each element (the spec's output paths, e.g. job.notAfterCompletion). */
export type PathSegment = { member: string } | { index: number } | { each: true };

const SEGMENT = /^(?:\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+|\*)\])/;

/** The segments of a path, or undefined when it is not one. */
export function parsePath(path: string): PathSegment[] | undefined {
  const out: PathSegment[] = [];
  let rest = path;
  while (rest) {
    const m = SEGMENT.exec(rest);
    if (!m || (out.length === 0 && m[0].startsWith('.'))) return undefined;
    out.push(m[1] !== undefined ? { member: m[1] } : m[2] === '*' ? { each: true } : { index: Number(m[2]) });
    rest = rest.slice(m[0].length);
  }
  return out.length && 'member' in out[0] ? out : undefined;
}

/** The value at `path` in a parsed answer (undefined when any step is missing). */
export function valueAtPath(root: unknown, path: string): unknown {
  let cur: any = root;
  for (const seg of parsePath(path) ?? [{ member: path }]) {
    if (cur === null || cur === undefined) return undefined;
    if ('each' in seg) return undefined; // one value per element: not a single value
    cur = 'member' in seg ? (typeof cur === 'object' && !Array.isArray(cur) && Object.hasOwn(cur, seg.member) ? cur[seg.member] : undefined) : Array.isArray(cur) ? cur[seg.index] : undefined;
  }
  return cur;
}

export type ShapeLookup = (name: string) => Shape | undefined;

export type PathResolution = { ok: true; shapeName: string; shape: Shape } | { ok: false; problem: string };

/**
 * The shape a path leads to from the structure `root`. `indexes: false` allows only member names (the
 * spec's item paths); with it, `[N]` steps into lists. A failure says which step and what was possible.
 */
export function resolvePath(lookup: ShapeLookup, root: string, path: string, options: { indexes?: boolean; each?: boolean } = {}): PathResolution {
  const segments = parsePath(path);
  if (!segments || (!options.indexes && segments.some((s) => 'index' in s)) || (!options.each && segments.some((s) => 'each' in s))) {
    const forms = options.indexes ? 'Member, Member.Member or Member[0].Member' : options.each ? 'Member, Member.Member or List[*].Member' : 'Member or Member.Member';
    return { ok: false, problem: `"${path}" is not a member path (${forms})` };
  }
  let name = root;
  let shape = lookup(root);
  let walked = '';
  for (const seg of segments) {
    if (!shape) return { ok: false, problem: `shape ${name} is not defined` };
    if ('member' in seg) {
      if (shape.type !== 'structure') return { ok: false, problem: `${walked || name} is a ${shape.type}, it has no member ${seg.member}${shape.type === 'list' ? ' (index it first: [0])' : ''}` };
      const ref = Object.hasOwn(shape.members, seg.member) ? shape.members[seg.member] : undefined;
      if (!ref) return { ok: false, problem: `${name} has no member ${seg.member}${hint(seg.member, Object.keys(shape.members))}` };
      walked = walked ? `${walked}.${seg.member}` : seg.member;
      name = ref.shape;
    } else {
      if (shape.type !== 'list') return { ok: false, problem: `${walked} is a ${shape.type}, not a list: it cannot be indexed` };
      walked = `${walked}[${'index' in seg ? seg.index : '*'}]`;
      name = shape.member;
    }
    shape = lookup(name);
  }
  if (!shape) return { ok: false, problem: `shape ${name} is not defined` };
  return { ok: true, shapeName: name, shape };
}
