// Small helpers shared by checks: reading items and pages out of observations, and showing values.
import type { Contract, Pagination } from '../contract';
import type { Exchange } from '../transport/exchange';
import type { Observation } from './types';

export function paginationOf(contract: Contract, operation: string): Pagination | undefined {
  return contract.operations[operation]?.pagination;
}

export function succeeded(x: Exchange): x is Exchange & { output: Record<string, any> } {
  return !x.error && !x.transportError && x.output !== undefined;
}

export interface Item {
  page: number;
  index: number;
  value: Record<string, any>;
}

/** Every item of every successful page, in the order received. */
export function itemsOf(contract: Contract, obs: Observation): Item[] {
  const p = paginationOf(contract, obs.operation);
  if (!p) return [];
  const out: Item[] = [];
  obs.exchanges.forEach((x, page) => {
    if (!succeeded(x)) return;
    const list = x.output[p.items];
    if (Array.isArray(list)) list.forEach((value, index) => out.push({ page: page + 1, index, value }));
  });
  return out;
}

export function where(obs: Observation, item: { page: number; index: number }, items: string, member?: string): string {
  const pagePart = obs.exchanges.length > 1 ? `page ${item.page}: ` : '';
  return `${pagePart}${items}[${item.index}]${member ? `.${member}` : ''}`;
}

export function pageLabel(obs: Observation, page: number): string {
  return obs.kind === 'poll' ? `poll ${page}` : obs.exchanges.length > 1 ? `page ${page}` : 'response';
}

export function show(v: unknown): string {
  if (v === undefined) return 'absent';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** The page size a request asked for, when it is a usable number (the default when none); otherwise undefined. */
export function requestedPageSize(params: Record<string, unknown>, p: Pagination): number | undefined {
  const raw = params[p.pageSize];
  if (raw === undefined) return p.defaultPageSize;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

/** Paths split once: checks ask for the same few item paths of every item of every page. */
const splitPaths = new Map<string, string[]>();

/** The value at a path inside a value: `Member` or `Member.Nested` (the spec's item paths). */
export function valueAt(v: unknown, path: string): unknown {
  let cur: any = v;
  let segments = splitPaths.get(path);
  if (!segments) splitPaths.set(path, (segments = path.split('.')));
  for (const seg of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Object.hasOwn(cur, seg) ? cur[seg] : undefined; // own members only: `constructor` is none
  }
  return cur;
}

/** Every value a path with list steps reaches: `List[*].Member` gives one entry per element, with its concrete path. */
export function valuesAt(root: unknown, path: string): { at: string; value: unknown }[] {
  // One list for the whole walk (a report's 130 services, each with its times), not one per element.
  const out: { at: string; value: unknown }[] = [];
  const walk = (v: unknown, rest: string, prefix: string): void => {
    const star = rest.indexOf('[*]');
    if (star < 0) {
      out.push({ at: prefix + rest, value: valueAt(v, rest) });
      return;
    }
    const head = rest.slice(0, star);
    const tail = rest.slice(star + 3).replace(/^\./, '');
    const list = head ? valueAt(v, head) : v;
    if (!Array.isArray(list)) return;
    for (let i = 0; i < list.length; i++) {
      if (tail) walk(list[i], tail, `${prefix}${head}[${i}].`);
      else out.push({ at: `${prefix}${head}[${i}]`, value: list[i] });
    }
  };
  walk(root, path, '');
  return out;
}

/** A timestamp as milliseconds (SDK Dates or text); undefined when absent or unreadable. */
export function timeOf(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const t = v instanceof Date ? v.getTime() : Date.parse(String(v));
  return Number.isNaN(t) ? undefined : t;
}

/** How findings name an item: its key (the spec's itemKey), or its position. */
export function itemName(contract: Contract, operation: string, item: { index: number; value: Record<string, any> }): string {
  const key = paginationOf(contract, operation)?.itemKey;
  const v = key ? valueAt(item.value, key) : undefined;
  return v === undefined ? `item ${item.index}` : show(v);
}

/** Where two values differ, member by member: timestamps as instants, absent and present kept apart. */
export function differences(theirs: unknown, mine: unknown, path = ''): { path: string; theirs: unknown; mine: unknown }[] {
  if (theirs instanceof Date || mine instanceof Date) {
    const [a, b] = [timeOf(theirs), timeOf(mine)];
    return a === b && (theirs === undefined) === (mine === undefined) ? [] : [{ path, theirs, mine }];
  }
  if (Array.isArray(theirs) && Array.isArray(mine)) {
    if (theirs.length !== mine.length) return [{ path, theirs, mine }];
    return theirs.flatMap((t, i) => differences(t, mine[i], `${path}[${i}]`));
  }
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObj(theirs) && isObj(mine)) {
    const keys = [...new Set([...Object.keys(theirs), ...Object.keys(mine)])];
    return keys.flatMap((k) => differences(theirs[k], mine[k], path ? `${path}.${k}` : k));
  }
  return Object.is(theirs, mine) ? [] : [{ path, theirs, mine }];
}
