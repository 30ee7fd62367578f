// The checks know no operation: the three service-last-accessed operations (contract-facts §4-§6) are
// expressed with the spec fields alone (no SortKey but fixed orders, the failure reason in `Error`, a nested
// item key, a list inside each item, required members that are null while the job runs) and the same
// checks judge them. The fields are written here as YAML, as in a spec file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { Contract, PROJECT_ROOT, DEFAULT_RULES_FILE, type OperationSpec } from '../../src/contract';
import { getCheck } from '../../src/checks/registry';
import { rulesOf } from '../../src/checks/rules';
import type { CheckDefinition, Finding, NothingToJudge, Observation } from '../../src/checks/types';
import type { Exchange } from '../../src/transport/exchange';

const read = (f: string) => parse(readFileSync(path.join(PROJECT_ROOT, 'specs', f), 'utf8'));
const report = read('iam-organizations-access-report.yaml');
const lastAccessed = read('iam-service-last-accessed.yaml');

// What a spec author adds for these operations: only data.
const added = parse(`
GetServiceLastAccessedDetails:
  pagination: { rules: { truncation: D2, continuation: D2 } }
  sorting:
    default: NAMESPACE_ASCENDING
    rules: { defaultOrder: D6 }
    keys: { NAMESPACE_ASCENDING: { by: ServiceNamespace, order: ascending, compare: text } }
  job:
    completedAtWhileInProgress: absent
    optionalWhileInProgress: [JobCompletionDate, ServicesLastAccessed]
    notAfterCompletion: ['ServicesLastAccessed[*].LastAuthenticated', 'ServicesLastAccessed[*].TrackedActionsLastAccessed[*].LastAccessedTime']
    rules: { status: D3, completion: D3, failure: D11, timesBeforeCompletion: D3 }
  itemRules:
    - { when: { absent: LastAuthenticated }, absent: [LastAuthenticatedEntity, LastAuthenticatedRegion], rule: D8 }
    - { when: { absent: LastAuthenticated }, range: { TotalAuthenticatedEntities: [0, 0] }, rule: D8 }
    - { each: TrackedActionsLastAccessed, when: { absent: LastAccessedTime }, absent: [LastAccessedRegion], rule: D10 }
GetServiceLastAccessedDetailsWithEntities:
  sorting:
    default: MOST_RECENT_FIRST
    rules: { defaultOrder: E4 }
    keys: { MOST_RECENT_FIRST: { by: LastAuthenticated, order: descending, compare: time } }
  job: { completedAtWhileInProgress: optional, optionalWhileInProgress: [JobCompletionDate, EntityDetailsList], rules: { failure: E7 } }
`);

const operations: Record<string, OperationSpec> = {};
for (const doc of [report, lastAccessed]) for (const [name, op] of Object.entries<any>(doc.operations)) operations[name] = { name, errors: [], ...op };
for (const [name, extra] of Object.entries<any>(added)) {
  const op = operations[name] as any;
  for (const [k, v] of Object.entries<any>(extra)) op[k] = v && typeof v === 'object' && !Array.isArray(v) && op[k] ? { ...op[k], ...v } : v;
}
const rules = parse(readFileSync(DEFAULT_RULES_FILE, 'utf8')).rules;
for (const id of ['D2', 'D3', 'D6', 'D8', 'D10', 'D11', 'E4', 'E7']) rules[id] = { title: id, basis: 'test' };
const contract = new Contract(report.service, operations, { ...report.shapes, ...lastAccessed.shapes }, Object.fromEntries(Object.entries<any>(rules).map(([id, r]) => [id, { id, testable: true, ...r }])));

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
function xml(op: string, v: unknown, name = ''): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return `<${name}>${v.map((m) => `<member>${xml(op, m)}</member>`).join('')}</${name}>`;
  if (v && typeof v === 'object') return name ? `<${name}>${Object.entries(v).map(([k, x]) => xml(op, x, k)).join('')}</${name}>` : Object.entries(v).map(([k, x]) => xml(op, x, k)).join('');
  return `<${name}>${String(v)}</${name}>`;
}
/** An exchange as the runner records it: the SDK's view (Dates for timestamps) and the raw XML. */
function exchange(operation: string, output: Record<string, any>, params: Record<string, unknown> = {}): Exchange {
  const sdk = JSON.parse(JSON.stringify(output), (k, v) => (/^(Job(Creation|Completion)Date|LastAuthenticated|LastAccessedTime)$/.test(k) ? new Date(v) : v));
  const body = `<${operation}Response xmlns="${NS}"><${operation}Result>${xml(operation, output)}</${operation}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${operation}Response>`;
  return { operation, params, output: sdk, response: { status: 200, headers: { 'content-type': 'text/xml' }, body } } as unknown as Exchange;
}
const observe = (operation: string, kind: Observation['kind'], ...outputs: Record<string, any>[]): Observation =>
  ({ kind, operation, params: {}, exchanges: outputs.map((o) => exchange(operation, o)), ended: kind === 'call' ? 'single' : 'complete' });
function judge(check: string, obs: Observation, args?: unknown): ReturnType<CheckDefinition["evaluate"]> {
  return getCheck(check)!.evaluate({ contract, observation: obs, step: {} as never, ref: () => obs, options: { lenientWire: false } }, args);
}
const rulesFound = (r: ReturnType<CheckDefinition["evaluate"]>) => (Array.isArray(r) ? r.map((f) => f.rule) : r);

const SLAD = 'GetServiceLastAccessedDetails';
const WITH = 'GetServiceLastAccessedDetailsWithEntities';
const created = '2026-11-24T10:00:00Z';
const done = '2026-11-24T10:00:05Z';
const used = { ServiceName: 'IAM', ServiceNamespace: 'iam', LastAuthenticated: '2026-11-01T00:00:00Z', LastAuthenticatedEntity: 'arn:aws:iam::123456789012:user/Alice', LastAuthenticatedRegion: 'us-east-1', TotalAuthenticatedEntities: 1,
  TrackedActionsLastAccessed: [{ ActionName: 'GetUser', LastAccessedTime: '2026-11-01T00:00:00Z', LastAccessedRegion: 'us-east-1' }, { ActionName: 'ListUsers' }] };
const unused = { ServiceName: 'S3', ServiceNamespace: 's3', TotalAuthenticatedEntities: 0 };
const completedPage = (items: unknown[], extra: Record<string, unknown> = {}) => ({ JobStatus: 'COMPLETED', JobType: 'ACTION_LEVEL', JobCreationDate: created, JobCompletionDate: done, ServicesLastAccessed: items, IsTruncated: false, ...extra });

test('the rules of a check come from the operation\'s spec', () => {
  expect(rulesOf(getCheck('item-rules')!, contract, SLAD)).toEqual(['D8', 'D10']);
  expect(rulesOf(getCheck('item-rules')!, contract, 'GetOrganizationsAccessReport')).toEqual(['R13', 'R14']);
  expect(rulesOf(getCheck('job-lifecycle')!, contract, SLAD)).toEqual(['D3', 'D11']);
});

test('item rules, with a list inside each item', () => {
  expect(judge('item-rules', observe(SLAD, 'walk', completedPage([used, unused])))).toEqual([]);
  const broken = { ...used, TrackedActionsLastAccessed: [{ ActionName: 'ListUsers', LastAccessedRegion: 'us-east-1' }] };
  expect(rulesFound(judge('item-rules', observe(SLAD, 'walk', completedPage([broken, { ...unused, LastAuthenticatedRegion: 'eu-west-1' }]))))).toEqual(['D10', 'D8']);
});

test('a fixed order with no sort parameter, reported against the default order\'s rule', () => {
  expect(judge('sorted-by', observe(SLAD, 'walk', completedPage([used, unused])), 'NAMESPACE_ASCENDING')).toEqual([]);
  expect(rulesFound(judge('sorted-by', observe(SLAD, 'walk', completedPage([unused, used])), 'NAMESPACE_ASCENDING'))).toEqual(['D6']);
  const entity = (arn: string, t?: string) => ({ EntityInfo: { Arn: arn, Name: arn.split('/').pop(), Type: 'USER', Id: 'AIDAEXAMPLEEXAMPLE01' }, ...(t ? { LastAuthenticated: t } : {}) });
  const page = (list: unknown[]) => ({ JobStatus: 'COMPLETED', JobCreationDate: created, JobCompletionDate: done, EntityDetailsList: list });
  const a = entity('arn:aws:iam::123456789012:user/Alice', '2026-11-02T00:00:00Z');
  const b = entity('arn:aws:iam::123456789012:user/Bob', '2026-11-01T00:00:00Z');
  expect(judge('sorted-by', observe(WITH, 'walk', page([a, b, entity('arn:aws:iam::123456789012:role/R')])), 'MOST_RECENT_FIRST')).toEqual([]);
  expect(rulesFound(judge('sorted-by', observe(WITH, 'walk', page([b, a])), 'MOST_RECENT_FIRST'))).toEqual(['E4']);
  // The nested item key finds an entity listed twice across pages.
  const twice = judge('walk-completes', observe(WITH, 'walk', { ...page([a]), IsTruncated: true, Marker: 'm' }, page([a, b])));
  expect(Array.isArray(twice) && twice.map((f) => f.message)).toEqual(['item arn:aws:iam::123456789012:user/Alice appears twice']);
});

test('the failure reason in Error, and the times of a nested list against the completion', () => {
  const failed = { JobStatus: 'FAILED', JobCreationDate: created, JobCompletionDate: done, ServicesLastAccessed: [] };
  expect(rulesFound(judge('job-lifecycle', observe(SLAD, 'poll', failed)))).toEqual(['D11']);
  expect(judge('job-lifecycle', observe(SLAD, 'poll', { ...failed, Error: { Code: 'X', Message: 'why' } }))).toEqual([]);
  const late = { ...used, TrackedActionsLastAccessed: [{ ActionName: 'GetUser', LastAccessedTime: '2026-11-24T10:00:06Z' }] };
  expect(rulesFound(judge('job-times', observe(SLAD, 'call', completedPage([late]))))).toEqual(['D3']);
});

test('required members the docs say are null while the job runs, and an optional completion date', () => {
  const running = { JobStatus: 'IN_PROGRESS', JobCreationDate: created };
  expect(judge('response-schema', observe(SLAD, 'poll', running))).toEqual([]);
  // Once completed, the model's required members are required again.
  const missing = judge('response-schema', observe(SLAD, 'call', { JobStatus: 'COMPLETED', JobCreationDate: created }));
  expect(Array.isArray(missing) && missing.map((f) => f.path)).toEqual(['response: ServicesLastAccessed', 'response: JobCompletionDate']);
  expect(rulesFound(judge('job-in-progress', observe(SLAD, 'poll', { ...running, JobCompletionDate: done }, completedPage([]))))).toEqual(['D3']);
  expect(judge('job-in-progress', observe(WITH, 'poll', { ...running, JobCompletionDate: done }))).toEqual({ nothingToJudge: expect.stringMatching(/lets an in-progress answer carry JobCompletionDate or not/) });
});
