// Truncation and paging, from the operation's `pagination` spec: page sizes, the truncation flag and the
// output token, walks that end, and walks that add up to the same items, member by member.
import type { CheckDefinition, Finding, Observation } from './types';
import { differences, itemName, itemsOf, pageLabel, paginationOf, requestedPageSize, show, succeeded, valueAt, where, type Item } from './util';
import type { Contract, Pagination } from '../contract';
import { ruleFor } from './rules';

const stepRefArgs = {
  type: 'object', additionalProperties: false, required: ['step'],
  properties: { step: { type: 'string', description: 'id of an earlier step of the case (or <fixture>.<step>)' } },
};

const needsPagination = (_a: unknown, operation: string, contract: Contract) => (contract.operations[operation]?.pagination ? undefined : `${operation} is not paginated in the contract (specs/: pagination)`);
const paginated = (contract: Contract, obs: Observation) => paginationOf(contract, obs.operation) !== undefined && obs.exchanges.some(succeeded);
const describePaging = (contract: Contract, operation: string) => {
  const p = paginationOf(contract, operation);
  return p && `\`${p.pageSize}\` (default ${p.defaultPageSize}) bounds \`${p.items}\`; \`${p.truncated}\` <=> \`${p.outputToken}\`, sent back as \`${p.inputToken}\`; items keyed by \`${p.itemKey}\``;
};

function pageLength(x: { output: Record<string, any> }, p: Pagination): number {
  const list = x.output[p.items];
  return Array.isArray(list) ? list.length : 0;
}

const pageSize: CheckDefinition = {
  name: 'page-size',
  summary: 'No page holds more items than the page size asked for (the documented default when none is sent)',
  description:
    'Runs on every successful response of a paginated operation. A page may be shorter than the page size, even while truncated; ' +
    'it may never be longer. Without a page size in the request the limit is the contract\'s default (`defaultPageSize`), and a break ' +
    'is reported against the default\'s rule. Nothing to judge when no page reached its limit: the bound was never put to the test.',
  rules: ['pagination.defaultPageSize', 'pagination.pageSize'],
  appliesTo: ['call', 'walk', 'poll'],
  auto: (_s, obs, contract) => paginated(contract, obs),
  inContract: describePaging,
  evaluate({ contract, observation }) {
    const p = paginationOf(contract, observation.operation)!;
    const findings: Finding[] = [];
    let tested = false;
    let fullest = 0;
    observation.exchanges.forEach((x, i) => {
      if (!succeeded(x)) return;
      const limit = requestedPageSize(x.params, p);
      const count = pageLength(x, p);
      fullest = Math.max(fullest, count);
      if (limit !== undefined && count >= limit) tested = true;
      if (limit !== undefined && count > limit) {
        const byDefault = x.params[p.pageSize] === undefined;
        findings.push({
          path: pageLabel(observation, i + 1), message: `the page holds more than ${p.pageSize} items`,
          expected: `at most ${limit} items${byDefault ? ` (default ${p.pageSize})` : ''}`, actual: `${count} items`,
          rule: ruleFor(contract, observation.operation, byDefault ? 'pagination.defaultPageSize' : 'pagination.pageSize'),
        });
      }
    });
    if (!tested) return { nothingToJudge: `no page reached its limit (the fullest held ${fullest} items), so the bound was not put to the test` };
    return findings;
  },
};

const truncationMarker: CheckDefinition = {
  name: 'truncation-marker',
  summary: 'The truncation flag is true exactly when a continuation token is returned',
  description:
    'Runs on every successful response of a paginated operation. A true truncation flag requires a non-empty output token; a token ' +
    'without the flag true is a break too. An absent flag means false (the model default).',
  rules: ['pagination.truncation'],
  appliesTo: ['call', 'walk', 'poll'],
  auto: (_s, obs, contract) => paginated(contract, obs),
  inContract: describePaging,
  evaluate({ contract, observation }) {
    const p = paginationOf(contract, observation.operation)!;
    const findings: Finding[] = [];
    observation.exchanges.forEach((x, i) => {
      if (!succeeded(x)) return;
      const truncated = x.output[p.truncated] === true;
      const marker = x.output[p.outputToken];
      const hasMarker = typeof marker === 'string' && marker.length > 0;
      if (truncated !== hasMarker) {
        findings.push({
          path: pageLabel(observation, i + 1),
          message: truncated ? `truncated without a ${p.outputToken} to continue from` : `a ${p.outputToken} on a page that is not truncated`,
          expected: `${p.truncated} true <=> ${p.outputToken} present`,
          actual: `${p.truncated} ${show(x.output[p.truncated])}, ${p.outputToken} ${show(marker)}`,
        });
      }
    });
    return findings;
  },
};

const walkCompletes: CheckDefinition = {
  name: 'walk-completes',
  summary: 'Following the continuation token ends on a page that is not truncated, within the page bound, with no item twice',
  description:
    'Runs on every `walk`. The walk sends each returned token back until a page is not truncated. It fails when the target keeps ' +
    'truncating past `maxPages` (default 200), returns the same token twice in a row, truncates without a token, or repeats an ' +
    'item (by the operation\'s `itemKey`) on a later page. Short pages, and empty pages while truncated, are legal. Nothing to judge ' +
    'when the walk never truncated (one page): following the token was not exercised.',
  rules: ['pagination.continuation', 'pagination.truncation'],
  appliesTo: ['walk'],
  auto: () => true,
  inContract: describePaging,
  evaluate({ contract, observation }) {
    const findings: Finding[] = [];
    const p = paginationOf(contract, observation.operation);
    const reasons: Record<string, string> = {
      'max-pages': 'the walk did not end within the page bound',
      'marker-repeated': 'the same continuation token came back twice in a row, so the walk would never end',
      'marker-missing': 'a page was truncated but gave no continuation token',
    };
    if (reasons[observation.ended]) {
      findings.push({
        message: reasons[observation.ended], expected: `a last page with ${p?.truncated ?? 'the truncation flag'} false`, actual: observation.endedDetail ?? observation.ended,
        rule: ruleFor(contract, observation.operation, observation.ended === 'max-pages' ? 'pagination.continuation' : 'pagination.truncation'),
      });
    }
    findings.push(...duplicates(contract, observation));
    const pages = observation.exchanges.filter(succeeded).length;
    if (!findings.length && pages <= 1 && observation.ended === 'complete') {
      return { nothingToJudge: `the walk never truncated (one page of ${itemsOf(contract, observation).length} items), so following the continuation token was not exercised` };
    }
    return findings;
  },
};

function keyOf(contract: Contract, obs: Observation, item: Item): string {
  return String(valueAt(item.value, paginationOf(contract, obs.operation)!.itemKey));
}

function duplicates(contract: Contract, obs: Observation): Finding[] {
  const seen = new Map<string, Item>();
  const out: Finding[] = [];
  for (const item of itemsOf(contract, obs)) {
    const k = keyOf(contract, obs, item);
    const first = seen.get(k);
    if (first) {
      out.push({ message: `item ${k} appears twice`, expected: 'each item once across all pages', actual: `page ${first.page} item ${first.index} and page ${item.page} item ${item.index}`, rule: ruleFor(contract, obs.operation, 'pagination.continuation') });
    } else seen.set(k, item);
  }
  return out;
}

/**
 * Items present in both lists (by key) compared member by member: every member, timestamps as instants,
 * absent and present kept apart. Each finding names the item and the member.
 */
export function memberDifferences(contract: Contract, mine: Observation, mineItems: Item[], theirs: Observation, stepId: string, limit = 10): Finding[] {
  const p = paginationOf(contract, mine.operation)!;
  const byKey = new Map(itemsOf(contract, theirs).map((i) => [keyOf(contract, theirs, i), i]));
  const out: Finding[] = [];
  let more = 0;
  for (const item of mineItems) {
    const other = byKey.get(keyOf(contract, mine, item));
    if (!other) continue;
    for (const d of differences(other.value, item.value)) {
      if (out.length >= limit) {
        more++;
        continue;
      }
      out.push({
        path: where(mine, item, p.items, d.path), message: `${itemName(contract, mine.operation, item)}: ${d.path} differs from step ${stepId}`,
        expected: show(d.theirs), actual: show(d.mine),
      });
    }
  }
  if (more) out.push({ message: `${more} more member(s) differ from step ${stepId}`, expected: 'the same values', actual: `${more + limit} differences in all` });
  return out;
}

const walkEquals: CheckDefinition<{ step: string }> = {
  name: 'walk-equals',
  summary: 'The items of this walk, page after page, are exactly the items of another step, in the same order, member for member',
  description:
    'Compares the concatenated items of this step with those of the step named in `step` (typically a walk with a small page size ' +
    'against a walk with the largest one): no item missing, none extra, none twice, same order, and each item equal in every member ' +
    '(timestamps as instants, an absent member differs from a present one); a finding names the item and the member. Page boundaries ' +
    'may fall anywhere. Nothing to judge when this walk never truncated (one page): paging was not exercised.',
  rules: ['pagination.shortPages', 'pagination.continuation'],
  appliesTo: ['walk', 'call'],
  args: stepRefArgs,
  example: 'walk-equals: { step: whole-list }',
  validateArgs: needsPagination,
  inContract: describePaging,
  evaluate({ contract, observation, ref }, args) {
    const other = ref(args.step);
    const myItems = itemsOf(contract, observation);
    const mine = myItems.map((i) => keyOf(contract, observation, i));
    const theirs = itemsOf(contract, other).map((i) => keyOf(contract, other, i));
    const findings: Finding[] = [];
    const theirSet = new Set(theirs);
    const mySet = new Set(mine);
    const missing = theirs.filter((k) => !mySet.has(k));
    const extra = mine.filter((k) => !theirSet.has(k));
    if (missing.length) findings.push({ message: `${missing.length} item(s) of step ${args.step} never came`, expected: `all ${theirs.length} items`, actual: `missing ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}` });
    if (extra.length) findings.push({ message: `${extra.length} item(s) not in step ${args.step}`, expected: 'only its items', actual: `extra ${extra.slice(0, 10).join(', ')}${extra.length > 10 ? ', ...' : ''}` });
    if (!missing.length && !extra.length && mine.length === theirs.length) {
      const at = mine.findIndex((k, i) => k !== theirs[i]);
      if (at >= 0) findings.push({ message: `the order differs from step ${args.step} at item ${at}`, expected: show(theirs[at]), actual: show(mine[at]) });
    } else if (!missing.length && !extra.length) {
      findings.push({ message: 'the same items, but a different count', expected: `${theirs.length} items`, actual: `${mine.length} items` });
    }
    findings.push(...memberDifferences(contract, observation, myItems, other, args.step));
    if (!findings.length && observation.exchanges.filter(succeeded).length <= 1) {
      return { nothingToJudge: `this step never truncated (one page of ${mine.length} items), so paging was not exercised` };
    }
    return findings;
  },
};

const truncatedWhenMore: CheckDefinition<{ step: string }> = {
  name: 'truncated-when-more-remain',
  summary: 'A first page that holds fewer items than the whole list says it is truncated',
  description:
    'For a single `call` that asked for the first page: when the step named in `step` (a complete walk) has more items than this page ' +
    'holds, the page must set the truncation flag. Combined with page-size this shows that the default page size is honoured. ' +
    'Nothing to judge when the whole list fits on the page.',
  rules: ['pagination.pageSize'],
  appliesTo: ['call'],
  args: stepRefArgs,
  example: 'truncated-when-more-remain: { step: whole-list }',
  validateArgs: needsPagination,
  inContract: describePaging,
  evaluate({ contract, observation, ref }, args) {
    const p = paginationOf(contract, observation.operation)!;
    const total = itemsOf(contract, ref(args.step)).length;
    const findings: Finding[] = [];
    const x = observation.exchanges[0];
    if (!x || !succeeded(x)) return findings;
    const count = itemsOf(contract, observation).length;
    if (count >= total) return { nothingToJudge: `the whole list (${total} items) fits on this page of ${count}` };
    if (x.output[p.truncated] !== true) {
      findings.push({ message: 'items remain but the page is not marked truncated', expected: `${p.truncated} true (page has ${count} of ${total} items)`, actual: `${p.truncated} ${show(x.output[p.truncated])}` });
    }
    return findings;
  },
};

export const paginationChecks = [pageSize, truncationMarker, walkCompletes, walkEquals, truncatedWhenMore];
