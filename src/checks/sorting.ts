// Sort order, read from the contract's description of each SortKey. Where the contract is silent the
// check accepts every reasonable answer: namespaces may be compared by code point or by an English
// collation; equal times (ties) may come in any order; services never accessed (no time) may all come
// first or all come last.
import type { Contract, SortKeySpec } from '../contract';
import type { CheckDefinition, Finding, Observation } from './types';
import { itemsOf, show, where, paginationOf, type Item } from './util';

const collator = new Intl.Collator('en', { sensitivity: 'variant', numeric: false });
const textOrders: { name: string; cmp: (a: string, b: string) => number }[] = [
  { name: 'code-point order', cmp: (a, b) => (a < b ? -1 : a > b ? 1 : 0) },
  { name: 'English collation', cmp: (a, b) => collator.compare(a, b) },
];

function sortSpec(contract: Contract, operation: string, key: string): SortKeySpec {
  const sorting = contract.operation(operation).sorting;
  const spec = sorting?.keys[key];
  if (!spec) throw new Error(`${operation} has no sort key ${key} in the contract`);
  return spec;
}

function firstInversion<T>(values: T[], cmp: (a: T, b: T) => number, order: 'ascending' | 'descending'): number {
  for (let i = 1; i < values.length; i++) {
    const c = cmp(values[i - 1], values[i]);
    if (order === 'ascending' ? c > 0 : c < 0) return i;
  }
  return -1;
}

function checkText(obs: Observation, items: Item[], spec: SortKeySpec, listName: string): Finding[] {
  const values = items.map((i) => String(i.value[spec.by]));
  const inversions = textOrders.map((o) => firstInversion(values, o.cmp, spec.order));
  if (inversions.some((i) => i < 0)) return [];
  const at = inversions[0];
  return [{
    path: where(obs, items[at], listName, spec.by),
    message: `${spec.by} is not in ${spec.order} order`,
    expected: `${spec.order === 'ascending' ? 'after' : 'before'} ${show(values[at - 1])} comes a value ${spec.order === 'ascending' ? '>=' : '<='} it (by ${textOrders.map((o) => o.name).join(' or ')})`,
    actual: show(values[at]),
  }];
}

function checkTime(obs: Observation, items: Item[], spec: SortKeySpec, listName: string): Finding[] {
  const findings: Finding[] = [];
  const timeOf = (i: Item): number | undefined => {
    const v = i.value[spec.by];
    if (v === undefined || v === null) return undefined;
    const t = v instanceof Date ? v.getTime() : Date.parse(String(v));
    return Number.isNaN(t) ? undefined : t;
  };
  // Items without a time must form one block at the start or at the end.
  const missing = items.map((i) => timeOf(i) === undefined);
  const firstTimed = missing.indexOf(false);
  const lastTimed = missing.lastIndexOf(false);
  if (firstTimed >= 0) {
    const stray = items.findIndex((_, i) => missing[i] && i > firstTimed && i < lastTimed);
    if (stray >= 0) {
      findings.push({
        path: where(obs, items[stray], listName, spec.by),
        message: `an item without ${spec.by} sits between items that have one`,
        expected: `items without ${spec.by} all before or all after the others`,
        actual: `${String(items[stray].value[paginationKey(items[stray])] ?? '')} at position ${stray} of ${items.length}`.trim(),
      });
    }
  }
  const timed = items.filter((i) => timeOf(i) !== undefined);
  const at = firstInversion(timed.map(timeOf) as number[], (a, b) => a - b, spec.order);
  if (at >= 0) {
    findings.push({
      path: where(obs, timed[at], listName, spec.by),
      message: `${spec.by} is not in ${spec.order} order`,
      expected: `${spec.order === 'ascending' ? 'at or after' : 'at or before'} ${show(timed[at - 1].value[spec.by])} (equal times may come in any order)`,
      actual: show(timed[at].value[spec.by]),
    });
  }
  return findings;
}

function paginationKey(item: Item): string {
  return 'ServiceNamespace' in item.value ? 'ServiceNamespace' : Object.keys(item.value)[0];
}

const sortedBy: CheckDefinition<string> = {
  name: 'sorted-by',
  summary: 'The items (across every page) come in the order a SortKey value defines',
  description:
    'Argument: a SortKey value. The items of all pages, concatenated, must be in that order as the contract describes it ' +
    '(`specs/`: which member, which direction, text or time). Tolerated, because the contract does not rule them out: namespaces ' +
    'compared by code point or by English collation; ties in any order; items with no LastAuthenticatedTime (never accessed) all ' +
    'first or all last under a time sort.',
  rules: ['R8'],
  appliesTo: ['walk', 'call'],
  args: { type: 'string', description: 'a SortKey value, e.g. SERVICE_NAMESPACE_ASCENDING' },
  example: 'sorted-by: LAST_AUTHENTICATED_TIME_DESCENDING',
  validateArgs: (key, operation, contract) => {
    const keys = contract.operations[operation]?.sorting?.keys ?? {};
    return key in keys ? undefined : `${operation} has no sort key ${key} (it has ${Object.keys(keys).join(', ') || 'none'})`;
  },
  evaluate({ contract, observation }, key) {
    const spec = sortSpec(contract, observation.operation, key);
    const listName = paginationOf(contract, observation.operation)?.items ?? 'items';
    const items = itemsOf(contract, observation);
    const findings = spec.compare === 'time' ? checkTime(observation, items, spec, listName) : checkText(observation, items, spec, listName);
    // With no SortKey sent, the break is one of the default order.
    const sorting = contract.operation(observation.operation).sorting!;
    if (observation.params[sorting.param] === undefined && sorting.defaultRule) for (const f of findings) f.rule ??= sorting.defaultRule;
    return findings;
  },
};

const sameItemsAs: CheckDefinition<{ step: string }> = {
  name: 'same-items-as',
  summary: 'This step lists the same items as another step, in any order',
  description:
    'Sorting must not change what is listed: the set of items (by item key) equals that of the step named in `step`. Order is not compared.',
  rules: ['R8'],
  appliesTo: ['walk', 'call'],
  args: { type: 'object', additionalProperties: false, required: ['step'], properties: { step: { type: 'string' } } },
  example: 'same-items-as: { step: default-order }',
  evaluate({ contract, observation, ref }, args) {
    const key = paginationOf(contract, observation.operation)!.itemKey;
    const mine = new Set(itemsOf(contract, observation).map((i) => String(i.value[key])));
    const theirs = new Set(itemsOf(contract, ref(args.step)).map((i) => String(i.value[key])));
    const missing = [...theirs].filter((k) => !mine.has(k));
    const extra = [...mine].filter((k) => !theirs.has(k));
    if (!missing.length && !extra.length) return [];
    return [{
      message: `the listed items differ from step ${args.step}`,
      expected: `the same ${theirs.size} items`,
      actual: `${missing.length ? `missing ${missing.slice(0, 8).join(', ')}` : ''}${missing.length && extra.length ? '; ' : ''}${extra.length ? `extra ${extra.slice(0, 8).join(', ')}` : ''}`,
    }];
  },
};

export const sortChecks = [sortedBy, sameItemsAs];
