// Truncation and paging: page sizes, IsTruncated <=> Marker, walks that end, and walks that add up.
import type { CheckDefinition, Finding, Observation } from './types';
import { itemsOf, pageLabel, paginationOf, requestedPageSize, show, succeeded, type Item } from './util';
import type { Contract } from '../contract';

const stepRefArgs = {
  type: 'object', additionalProperties: false, required: ['step'],
  properties: { step: { type: 'string', description: 'id of an earlier step of the case (or <fixture>.<step>)' } },
};

const pageSize: CheckDefinition = {
  name: 'page-size',
  summary: 'No page holds more items than MaxItems asked for (100 when MaxItems is not sent)',
  description:
    'Runs on every successful response of a paginated operation. A page may be shorter than MaxItems, even while truncated (R5); ' +
    'it may never be longer. Without MaxItems the limit is the documented default of 100 (R3).',
  rules: ['R3', 'R4'],
  appliesTo: ['call', 'walk', 'poll'],
  auto: (_s, obs, contract) => paginationOf(contract, obs.operation) !== undefined,
  evaluate({ contract, observation }) {
    const p = paginationOf(contract, observation.operation)!;
    const findings: Finding[] = [];
    observation.exchanges.forEach((x, i) => {
      if (!succeeded(x)) return;
      const limit = requestedPageSize(x.params, p);
      const count = Array.isArray(x.output[p.items]) ? x.output[p.items].length : 0;
      if (limit !== undefined && count > limit) {
        findings.push({
          path: pageLabel(observation, i + 1), message: `the page holds more than ${p.pageSize} items`,
          expected: `at most ${limit} items${x.params[p.pageSize] === undefined ? ` (default ${p.pageSize})` : ''}`, actual: `${count} items`,
          rule: x.params[p.pageSize] === undefined ? 'R3' : 'R4',
        });
      }
    });
    return findings;
  },
};

const truncationMarker: CheckDefinition = {
  name: 'truncation-marker',
  summary: 'IsTruncated is true exactly when a Marker is returned',
  description:
    'Runs on every successful response of a paginated operation. `IsTruncated` true requires a non-empty `Marker`; a `Marker` without ' +
    '`IsTruncated` true is a break too. An absent `IsTruncated` means false (the model default).',
  rules: ['R6'],
  appliesTo: ['call', 'walk', 'poll'],
  auto: (_s, obs, contract) => paginationOf(contract, obs.operation) !== undefined,
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
          message: truncated ? 'truncated without a Marker to continue from' : 'a Marker on a page that is not truncated',
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
  summary: 'Following Marker ends on a page with IsTruncated false, within the page bound, with no item twice',
  description:
    'Runs on every `walk`. The walk sends each returned Marker back until a page is not truncated. It fails when the target keeps ' +
    'truncating past `maxPages` (default 200), returns the same Marker twice in a row, truncates without a Marker, or repeats an ' +
    'item (by the operation\'s item key, ServiceNamespace) on a later page. Short pages, and empty pages while truncated, are legal (R5).',
  rules: ['R4', 'R5', 'R7'],
  appliesTo: ['walk'],
  auto: () => true,
  evaluate({ contract, observation }) {
    const findings: Finding[] = [];
    const reasons: Record<string, string> = {
      'max-pages': 'the walk did not end within the page bound',
      'marker-repeated': 'the same Marker came back twice in a row, so the walk would never end',
      'marker-missing': 'a page was truncated but gave no Marker to continue from',
    };
    if (reasons[observation.ended]) {
      findings.push({ message: reasons[observation.ended], expected: 'a last page with IsTruncated false', actual: observation.endedDetail ?? observation.ended, rule: observation.ended === 'max-pages' ? 'R7' : 'R6' });
    }
    findings.push(...duplicates(contract, observation));
    return findings;
  },
};

function keyOf(contract: Contract, obs: Observation, item: Item): string {
  const p = paginationOf(contract, obs.operation)!;
  return String(item.value[p.itemKey]);
}

function duplicates(contract: Contract, obs: Observation): Finding[] {
  const seen = new Map<string, Item>();
  const out: Finding[] = [];
  for (const item of itemsOf(contract, obs)) {
    const k = keyOf(contract, obs, item);
    const first = seen.get(k);
    if (first) {
      out.push({ message: `item ${k} appears twice`, expected: 'each item once across all pages', actual: `page ${first.page} item ${first.index} and page ${item.page} item ${item.index}`, rule: 'R7' });
    } else seen.set(k, item);
  }
  return out;
}

const walkEquals: CheckDefinition<{ step: string }> = {
  name: 'walk-equals',
  summary: 'The items of this walk, page after page, are exactly the items of another step, in the same order',
  description:
    'Compares the concatenated items of this step with those of the step named in `step` (typically a walk with a small MaxItems ' +
    'against a walk with MaxItems 1000): no item missing, none extra, none twice, same order. Page boundaries may fall anywhere.',
  rules: ['R5', 'R7'],
  appliesTo: ['walk', 'call'],
  args: stepRefArgs,
  example: 'walk-equals: { step: whole-list }',
  evaluate({ contract, observation, ref }, args) {
    const other = ref(args.step);
    const mine = itemsOf(contract, observation).map((i) => keyOf(contract, observation, i));
    const theirs = itemsOf(contract, other).map((i) => keyOf(contract, other, i));
    const findings: Finding[] = [];
    const missing = theirs.filter((k) => !mine.includes(k));
    const extra = mine.filter((k) => !theirs.includes(k));
    if (missing.length) findings.push({ message: `${missing.length} item(s) of step ${args.step} never came`, expected: `all ${theirs.length} items`, actual: `missing ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}` });
    if (extra.length) findings.push({ message: `${extra.length} item(s) not in step ${args.step}`, expected: 'only its items', actual: `extra ${extra.slice(0, 10).join(', ')}${extra.length > 10 ? ', ...' : ''}` });
    if (!missing.length && !extra.length && mine.length === theirs.length) {
      const at = mine.findIndex((k, i) => k !== theirs[i]);
      if (at >= 0) findings.push({ message: `the order differs from step ${args.step} at item ${at}`, expected: show(theirs[at]), actual: show(mine[at]) });
    } else if (!missing.length && !extra.length) {
      findings.push({ message: 'the same items, but a different count', expected: `${theirs.length} items`, actual: `${mine.length} items` });
    }
    return findings;
  },
};

const truncatedWhenMore: CheckDefinition<{ step: string }> = {
  name: 'truncated-when-more-remain',
  summary: 'A first page that holds fewer items than the whole list says IsTruncated true',
  description:
    'For a single `call` that asked for the first page: when the step named in `step` (a complete walk) has more items than this page ' +
    'holds, the page must say `IsTruncated` true (R4). Combined with page-size this shows that the default of 100 is honoured.',
  rules: ['R4'],
  appliesTo: ['call'],
  args: stepRefArgs,
  example: 'truncated-when-more-remain: { step: whole-list }',
  evaluate({ contract, observation, ref }, args) {
    const p = paginationOf(contract, observation.operation)!;
    const total = itemsOf(contract, ref(args.step)).length;
    const findings: Finding[] = [];
    const x = observation.exchanges[0];
    if (!x || !succeeded(x)) return findings;
    const count = itemsOf(contract, observation).length;
    if (count < total && x.output[p.truncated] !== true) {
      findings.push({ message: 'items remain but the page is not marked truncated', expected: `${p.truncated} true (page has ${count} of ${total} items)`, actual: `${p.truncated} ${show(x.output[p.truncated])}` });
    }
    return findings;
  },
};

export const paginationChecks = [pageSize, truncationMarker, walkCompletes, walkEquals, truncatedWhenMore];
