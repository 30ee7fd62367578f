// Sort order, read from the contract's description of each sort key (`sorting.keys`: which member, which
// direction, text or time). Where the contract is silent the check accepts every reasonable answer: text
// compared by code point, by English collation, or by an English collation that ignores punctuation (as
// Java's default Collator does: `appconfig` before `app-integrations`), with ties in any order; equal
// times in any order; items without a time all first or all last.
import type { Contract, SortKeySpec } from '../contract';
import type { CheckDefinition, Finding, Observation } from './types';
import { memberDifferences } from './pagination';
import { itemName, itemsOf, paginationOf, show, timeOf, valueAt, where, type Item } from './util';
import { ruleFor } from './rules';

/** An English collation, made on first use: building one loads ICU's collation data (about 10 ms), which
 * a list already in code-point order never needs. */
function english(options: Intl.CollatorOptions): (a: string, b: string) => number {
  let collator: Intl.Collator | undefined;
  return (a, b) => (collator ??= new Intl.Collator('en', { sensitivity: 'variant', numeric: false, ...options })).compare(a, b);
}

/** Orders a reasonable "alphabetical" implementation produces. A comparator's 0 (a tie) allows either order. */
export const TEXT_ORDERS: readonly { name: string; cmp: (a: string, b: string) => number }[] = [
  { name: 'code-point order', cmp: (a, b) => (a < b ? -1 : a > b ? 1 : 0) },
  { name: 'English collation', cmp: english({}) },
  { name: 'English collation ignoring punctuation', cmp: english({ ignorePunctuation: true }) },
];

function sortSpec(contract: Contract, operation: string, key: string): SortKeySpec {
  const keys = contract.operation(operation).sorting?.keys;
  const spec = keys && Object.hasOwn(keys, key) ? keys[key] : undefined;
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

/** The first place a text list breaks the order, or -1 when any of the tolerated orders holds for all of it. */
export function textOrderBreak(values: string[], order: 'ascending' | 'descending'): number {
  const codePoint = firstInversion(values, TEXT_ORDERS[0].cmp, order);
  if (codePoint < 0) return -1;
  return TEXT_ORDERS.slice(1).some((o) => firstInversion(values, o.cmp, order) < 0) ? -1 : codePoint;
}

function checkText(obs: Observation, items: Item[], spec: SortKeySpec, listName: string): Finding[] {
  const values = items.map((i) => String(valueAt(i.value, spec.by)));
  const at = textOrderBreak(values, spec.order);
  if (at < 0) return [];
  return [{
    path: where(obs, items[at], listName, spec.by),
    message: `${spec.by} is not in ${spec.order} order`,
    expected: `${spec.order === 'ascending' ? 'after' : 'before'} ${show(values[at - 1])} comes a value ${spec.order === 'ascending' ? '>=' : '<='} it (by ${TEXT_ORDERS.map((o) => o.name).join(', or ')})`,
    actual: show(values[at]),
  }];
}

function checkTime(contract: Contract, obs: Observation, items: Item[], spec: SortKeySpec, listName: string): Finding[] {
  const findings: Finding[] = [];
  const t = (i: Item) => timeOf(valueAt(i.value, spec.by));
  // Items without a time must form one block at the start or at the end.
  const missing = items.map((i) => t(i) === undefined);
  const firstTimed = missing.indexOf(false);
  const lastTimed = missing.lastIndexOf(false);
  if (firstTimed >= 0) {
    const stray = items.findIndex((_, i) => missing[i] && i > firstTimed && i < lastTimed);
    if (stray >= 0) {
      findings.push({
        path: where(obs, items[stray], listName, spec.by),
        message: `an item without ${spec.by} sits between items that have one`,
        expected: `items without ${spec.by} all before or all after the others`,
        actual: `${itemName(contract, obs.operation, items[stray])} at position ${stray} of ${items.length}`,
      });
    }
  }
  const timed = items.filter((i) => t(i) !== undefined);
  const at = firstInversion(timed.map(t) as number[], (a, b) => a - b, spec.order);
  if (at >= 0) {
    findings.push({
      path: where(obs, timed[at], listName, spec.by),
      message: `${spec.by} is not in ${spec.order} order`,
      expected: `${spec.order === 'ascending' ? 'at or after' : 'at or before'} ${show(valueAt(timed[at - 1].value, spec.by))} (equal times may come in any order)`,
      actual: show(valueAt(timed[at].value, spec.by)),
    });
  }
  return findings;
}

const sortedBy: CheckDefinition<string> = {
  name: 'sorted-by',
  summary: 'The items (across every page) come in the order a sort key defines',
  description:
    'Argument: a sort key of the operation (`sorting.keys`; for an operation with one fixed order, the name the spec gives it). The ' +
    'items of all pages, concatenated, must be in that order as the contract describes it (which member, which direction, text or ' +
    'time). Tolerated, because the contract does not rule them out: text compared by code point, by English collation, or by ' +
    'English collation ignoring punctuation, ties in any order; equal times in any order; items with no time all first or all last ' +
    'under a time sort. A break found when the request sent no sort key is reported against the default order\'s rule. Nothing to ' +
    'judge with fewer than two items (fewer than two with a time, under a time sort).',
  // The default order's rule too: a pass without a sort key sent speaks for it (src/judge credits the rules the case names).
  rules: ['sorting.order', 'sorting.defaultOrder'],
  appliesTo: ['walk', 'call'],
  args: { type: 'string', description: 'a sort key of the operation (specs/: sorting.keys)' },
  example: (contract) => {
    const op = Object.values(contract.operations).find((o) => o.sorting);
    return op && `sorted-by: ${Object.keys(op.sorting!.keys).pop()}`;
  },
  validateArgs: (key, operation, contract) => {
    const keys = contract.operations[operation]?.sorting?.keys ?? {};
    return Object.hasOwn(keys, key) ? undefined : `${operation} has no sort key ${key} (it has ${Object.keys(keys).join(', ') || 'none'})`;
  },
  inContract: (contract, operation) => {
    const s = contract.operations[operation]?.sorting;
    return s && `${s.param ? `\`${s.param}\`` : 'no sort parameter'}; default ${s.default}; ${Object.entries(s.keys).map(([k, v]) => `${k}: \`${v.by}\` ${v.order} (${v.compare})`).join('; ')}`;
  },
  evaluate({ contract, observation }, key) {
    const spec = sortSpec(contract, observation.operation, key);
    const listName = paginationOf(contract, observation.operation)?.items ?? 'items';
    const items = itemsOf(contract, observation);
    const sorting = contract.operation(observation.operation).sorting!;
    const sentNone = sorting.param === undefined || observation.params[sorting.param] === undefined;
    const findings = spec.compare === 'time' ? checkTime(contract, observation, items, spec, listName) : checkText(observation, items, spec, listName);
    const rule = ruleFor(contract, observation.operation, sentNone ? 'sorting.defaultOrder' : 'sorting.order') ?? ruleFor(contract, observation.operation, 'sorting.order');
    for (const f of findings) f.rule ??= rule;
    if (!findings.length) {
      if (items.length < 2) return { nothingToJudge: `${items.length ? 'one item' : 'no items'} to put in order` };
      const timed = items.filter((i) => timeOf(valueAt(i.value, spec.by)) !== undefined).length;
      if (spec.compare === 'time' && timed < 2) return { nothingToJudge: `${timed ? 'only one' : 'no'} item with ${spec.by} among ${items.length}, so no two times to put in order` };
    }
    return findings;
  },
};

const sameItemsAs: CheckDefinition<{ step: string }> = {
  name: 'same-items-as',
  summary: 'This step lists the same items as another step, in any order, member for member',
  description:
    'Sorting must not change what is listed: the set of items (by item key) equals that of the step named in `step`, and each item ' +
    'is equal in every member (timestamps as instants, absent differs from present); a finding names the item and the member. ' +
    'Order is not compared. Nothing to judge when both lists are empty.',
  rules: ['sorting.order'],
  appliesTo: ['walk', 'call'],
  args: { type: 'object', additionalProperties: false, required: ['step'], properties: { step: { type: 'string' } } },
  example: 'same-items-as: { step: default-order }',
  validateArgs: (_a, operation, contract) => (contract.operations[operation]?.pagination ? undefined : `${operation} has no item list in the contract (specs/: pagination.items)`),
  evaluate({ contract, observation, ref }, args) {
    const key = paginationOf(contract, observation.operation)!.itemKey;
    const other = ref(args.step);
    const myItems = itemsOf(contract, observation);
    const mine = new Set(myItems.map((i) => String(valueAt(i.value, key))));
    const theirs = new Set(itemsOf(contract, other).map((i) => String(valueAt(i.value, key))));
    if (!mine.size && !theirs.size) return { nothingToJudge: `both steps list no items` };
    const missing = [...theirs].filter((k) => !mine.has(k));
    const extra = [...mine].filter((k) => !theirs.has(k));
    const findings: Finding[] = [];
    if (missing.length || extra.length) {
      findings.push({
        message: `the listed items differ from step ${args.step}`,
        expected: `the same ${theirs.size} items`,
        actual: `${missing.length ? `missing ${missing.slice(0, 8).join(', ')}` : ''}${missing.length && extra.length ? '; ' : ''}${extra.length ? `extra ${extra.slice(0, 8).join(', ')}` : ''}`,
      });
    }
    findings.push(...memberDifferences(contract, observation, myItems, other, args.step));
    return findings;
  },
};

export const sortChecks = [sortedBy, sameItemsAs];
