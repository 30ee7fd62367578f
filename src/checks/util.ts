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

export function isTrue(v: unknown): boolean {
  return v === true;
}

/** A MaxItems a request asked for, when it is a usable number; otherwise undefined. */
export function requestedPageSize(params: Record<string, unknown>, p: Pagination): number | undefined {
  const raw = params[p.pageSize];
  if (raw === undefined) return p.defaultPageSize;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}
