// Every check fails on a response broken in the way it exists to catch. Each row breaks one thing in an
// otherwise correct endpoint, runs a project case against it over real HTTP through the SDK, and
// expects that check to fail (and, where it says, the finding to name that rule).
import { startScriptedTarget, type ScriptedTarget } from '../support/scripted-target';
import { correctOrder, reportModel, SERVICES, JOB_ID, ENTITY, type ModelOptions } from '../support/report-model';
import { errorXml, reportXml, type Service } from '../support/awsquery-xml';
import { runProjectCase, failedChecks, findingRules, explain } from '../support/run-case';
import { allChecks } from '../../src/checks/registry';

let target: ScriptedTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

const getOnly = (fn: ModelOptions['reply']): ModelOptions['reply'] => (req, normal) => (req.action === 'GetOrganizationsAccessReport' ? fn!(req, normal) : normal);
const completed = (fn: (p: any) => any): ModelOptions['mutate'] => (p) => (p.JobStatus === 'COMPLETED' ? fn(p) : p);
/** Only pages asked for with MaxItems 1000, so the shared report's poll (no MaxItems) stays intact. */
const bigPages = (fn: (p: any) => any): ModelOptions['mutate'] => (p, ctx) => (p.JobStatus === 'COMPLETED' && ctx.params.MaxItems === '1000' ? fn(p) : p);
/** Every item of pages asked for with MaxItems 7 (the small-pages walk), changed. */
const smallPages = (fn: (s: Service) => Service): ModelOptions['mutate'] => (p, ctx) => (p.AccessDetails && ctx.params.MaxItems === '7' ? { ...p, AccessDetails: p.AccessDetails.map(fn) } : p);
const many: Service[] = Array.from({ length: 130 }, (_, i) => ({ ServiceName: `S${i}`, ServiceNamespace: `svc-${String(i).padStart(3, '0')}`, TotalAuthenticatedEntities: 0 }));

type Row = [string, ModelOptions, string, string, string?];
const rows: Row[] = [
  // outcome
  ['a 500 answer to a valid request', { reply: getOnly((req, n) => (req.params.MaxItems === '1000' ? { status: 500, body: errorXml('ServiceFailure', 'boom', 'Receiver') } : n)) }, 'max-items-one-thousand', 'outcome'],
  ['an error where success is due', { reply: getOnly((req, n) => (req.params.MaxItems === '1000' ? { status: 400, body: errorXml('ValidationError', 'no') } : n)) }, 'max-items-one-thousand', 'outcome'],
  // response-schema
  ['an unknown JobStatus', { mutate: completed((p) => ({ ...p, JobStatus: 'DONE' })) }, 'completed-report-schema', 'response-schema', 'R10'],
  ['JobCreationDate missing', { mutate: completed((p) => ({ ...p, JobCreationDate: undefined })) }, 'completed-report-schema', 'response-schema', 'R10'],
  // Timestamps are judged as awsQuery writes them (W5), not under the rule of the member that holds them.
  ['a timestamp that is not ISO 8601', { mutate: bigPages((p) => ({ ...p, JobCompletionDate: '2026-11-24 10:00:05' })) }, 'completed-report-schema', 'response-schema', 'W5'],
  ['a timestamp with a space for the T', { mutate: bigPages((p) => ({ ...p, JobCompletionDate: '2026-11-24 10:00:05Z' })) }, 'completed-report-schema', 'response-schema', 'W5'],
  ['a timestamp with an offset without the colon', { mutate: bigPages((p) => ({ ...p, AccessDetails: p.AccessDetails!.map((s: Service, i: number) => (i === 0 ? { ...s, LastAuthenticatedTime: '2026-01-05T10:00:00+0000' } : s)) })) }, 'completed-report-schema', 'response-schema', 'W5'],
  ['IsTruncated written as "yes"', { mutate: completed((p) => ({ ...p, IsTruncated: 'yes' })) }, 'completed-report-schema', 'response-schema', 'R6'],
  ['a count that is not a number', { mutate: completed((p) => ({ ...p, NumberOfServicesAccessible: '24.0' })) }, 'completed-report-schema', 'response-schema', 'R15'],
  ['an EntityPath outside the pattern', { services: SERVICES.map((s, i) => (i === 0 ? { ...s, EntityPath: 'o-a1b2c3d4e5/r-ab1' } : s)) }, 'entity-paths-are-organization-paths', 'response-schema', 'R16'],
  ['a namespace with a dot', { services: [...SERVICES, { ServiceName: 'Bad', ServiceNamespace: 'bad.ns', TotalAuthenticatedEntities: 0 }] }, 'completed-report-schema', 'response-schema', 'W2'],
  ['a 321-character Marker', { marker: () => 'm'.repeat(321) }, 'small-pages-add-up', 'response-schema', 'R6'],
  ['a ServiceName missing from an item', { services: SERVICES.map((s, i) => (i === 2 ? ({ ServiceNamespace: s.ServiceNamespace } as Service) : s)) }, 'completed-report-schema', 'response-schema', 'W2'],
  ['a JobType member', { mutate: completed((p) => ({ ...p, extraXml: '<JobType>SERVICE_LEVEL</JobType>' })) }, 'completed-report-schema', 'response-schema', 'R20'],
  ['a wrong root element', { reply: getOnly((_r, n) => ({ ...n, body: n.body.replace(/GetOrganizationsAccessReportResponse/g, 'GetReportResponse') })) }, 'completed-report-schema', 'response-schema'],
  ['an empty 200 body', { reply: getOnly((req, n) => (req.params.MaxItems === '1000' ? { ...n, body: '' } : n)) }, 'completed-report-schema', 'response-schema'],
  // members
  ['Generate answers without a JobId', { reply: (req, n) => (req.action === 'GenerateOrganizationsAccessReport' ? { ...n, body: n.body.replace(/<JobId>.*<\/JobId>/, '') } : n) }, 'generate-returns-job-id', 'members'],
  ['a JobType member, seen on the wire', { mutate: completed((p) => ({ ...p, extraXml: '<JobType>SERVICE_LEVEL</JobType>' })) }, 'report-has-no-job-type', 'members'],
  // page-size
  ['MaxItems ignored (the whole list on every page)', { pageLength: () => 1000 }, 'small-pages-add-up', 'page-size', 'R4'],
  ['the default page larger than 100', { services: many, pageLength: (max) => (max === 100 ? 130 : max) }, 'default-page-size', 'page-size', 'R3'],
  // truncation-marker
  ['truncated without a Marker', { mutate: completed((p) => ({ ...p, Marker: undefined })) }, 'small-pages-add-up', 'truncation-marker', 'R6'],
  ['a Marker on the last page', { mutate: completed((p) => (p.IsTruncated ? p : { ...p, Marker: 'more?' })) }, 'whole-list-with-max-page-size', 'truncation-marker', 'R6'],
  // walk-completes
  ['truncation that never ends', { pageLength: () => 0, marker: (_n, seq) => `t${seq}` }, 'whole-list-with-max-page-size', 'walk-completes', 'R7'],
  ['the same Marker forever', { pageLength: () => 0, marker: () => 'same' }, 'small-pages-add-up', 'walk-completes', 'R6'],
  // walk-equals
  ['the Marker ignored (the first page again)', { skew: -1_000_000 }, 'small-pages-add-up', 'walk-completes'],
  ['pages overlapping by one item', { skew: -1 }, 'small-pages-add-up', 'walk-equals'],
  ['pages skipping one item', { skew: 1 }, 'small-pages-add-up', 'walk-equals'],
  // walk-equals compares whole items: every member, timestamps as instants, absent vs present
  ['a count that differs between page sizes', { mutate: smallPages((s) => (s.LastAuthenticatedTime ? { ...s, TotalAuthenticatedEntities: 3 } : s)) }, 'small-pages-add-up', 'walk-equals'],
  ['an access time that differs between page sizes', { mutate: smallPages((s) => (s.LastAuthenticatedTime ? { ...s, LastAuthenticatedTime: new Date(Date.parse(s.LastAuthenticatedTime) + 1000).toISOString() } : s)) }, 'small-pages-add-up', 'walk-equals'],
  ['a Region left out on small pages', { mutate: smallPages((s) => { const { Region: _r, ...rest } = s; return rest; }) }, 'small-pages-add-up', 'walk-equals'],
  ['pages overlapping, seen within one walk', { skew: -1 }, 'default-order-holds-across-pages', 'walk-completes', 'R7'],
  // truncated-when-more-remain
  ['MaxItems 1 answered with one item but no truncation', { mutate: completed((p) => (p.AccessDetails?.length === 1 ? { ...p, IsTruncated: false, Marker: undefined } : p)) }, 'max-items-one', 'truncated-when-more-remain', 'R4'],
  // sorted-by
  ['the default order descending', { order: (l, k) => correctOrder(l, k ?? 'SERVICE_NAMESPACE_DESCENDING') }, 'default-order-is-namespace-ascending', 'sorted-by'],
  ['SortKey ignored', { order: (l) => correctOrder(l) }, 'sort-time-descending', 'sorted-by'],
  ['a time sort in the wrong direction', { order: (l, k) => correctOrder(l, k === 'LAST_AUTHENTICATED_TIME_ASCENDING' ? 'LAST_AUTHENTICATED_TIME_DESCENDING' : k) }, 'sort-time-ascending', 'sorted-by'],
  ['never-accessed services in the middle of a time sort', { order: (l, k) => { const s = correctOrder(l, k); if (!k?.startsWith('LAST_')) return s; const i = s.findIndex((x) => !x.LastAuthenticatedTime); const [n] = s.splice(i, 1); s.splice(3, 0, n); return s; } }, 'sort-time-descending', 'sorted-by'],
  ['descending namespaces out of order across pages', { order: (l, k) => { const s = correctOrder(l, k); if (k === 'SERVICE_NAMESPACE_DESCENDING') [s[12], s[14]] = [s[14], s[12]]; return s; } }, 'sort-namespace-descending-across-pages', 'sorted-by'],
  // same-items-as
  ['an EntityPath that differs under a SortKey', { mutate: (p, ctx) => (p.AccessDetails && ctx.params.SortKey ? { ...p, AccessDetails: p.AccessDetails.map((s) => (s.EntityPath ? { ...s, EntityPath: `${ENTITY}/444455556666` } : s)) } : p) }, 'sort-namespace-ascending', 'same-items-as'],
  ['a service dropped under a SortKey', { order: (l, k) => (k ? correctOrder(l, k).slice(1) : correctOrder(l, k)) }, 'sort-namespace-ascending', 'same-items-as'],
  // job-lifecycle
  ['a completion date while IN_PROGRESS', { mutate: (p) => (p.JobStatus === 'IN_PROGRESS' ? { ...p, JobCompletionDate: '2026-11-24T10:00:01Z' } : p) }, 'job-lifecycle', 'job-in-progress', 'R11'],
  ['COMPLETED without a completion date', { mutate: completed((p) => ({ ...p, JobCompletionDate: undefined })) }, 'job-lifecycle', 'job-lifecycle', 'R11'],
  ['FAILED without ErrorDetails', { failed: true, mutate: (p) => (p.JobStatus === 'FAILED' ? { ...p, ErrorDetails: undefined } : p) }, 'job-lifecycle', 'job-lifecycle', 'R12'],
  // A job still running at the poll budget is not a break (the contract bounds no job's duration): test/runner/verdicts.test.ts.
  // job-times
  ['a completion date before the creation date', { mutate: completed((p) => ({ ...p, JobCompletionDate: '2026-11-24T09:00:00Z' })) }, 'job-lifecycle', 'job-times', 'R22'],
  ['a creation date that changes between polls', { mutate: completed((p) => ({ ...p, JobCreationDate: '2026-11-24T10:00:02.000Z' })) }, 'job-lifecycle', 'job-times', 'R23'],
  ['a creation date that changes between pages', { mutate: completed((p) => (p.Marker === undefined ? { ...p, JobCreationDate: '2026-11-24T10:00:01Z' } : p)) }, 'report-times-agree', 'job-times', 'R23'],
  ['a completion date that changes between pages', { mutate: completed((p) => (p.Marker === undefined ? { ...p, JobCompletionDate: '2026-11-24T10:00:06Z' } : p)) }, 'report-times-agree', 'job-times', 'R24'],
  ['an access time later than the completion', { services: SERVICES.map((s, i) => (i === 4 ? { ...s, LastAuthenticatedTime: '2026-11-24T10:00:06Z' } : s)) }, 'report-times-agree', 'job-times', 'R21'],
  // counts-match-items
  ['NumberOfServicesAccessible off by one', { mutate: completed((p) => ({ ...p, NumberOfServicesAccessible: Number(p.NumberOfServicesAccessible) + 1 })) }, 'counts-match-listed-services', 'counts-match-items', 'R15'],
  ['NumberOfServicesNotAccessed counting accessed services', { mutate: completed((p) => ({ ...p, NumberOfServicesNotAccessed: 3 })) }, 'counts-match-listed-services', 'counts-match-items', 'R15'],
  // item-rules
  ['a never-accessed service with a Region', { services: SERVICES.map((s) => (s.LastAuthenticatedTime ? s : { ...s, Region: 'us-east-1' })) }, 'never-accessed-services', 'item-rules', 'R13'],
  ['a never-accessed service counting entities', { services: SERVICES.map((s) => (s.LastAuthenticatedTime ? s : { ...s, TotalAuthenticatedEntities: 3 })) }, 'never-accessed-services', 'item-rules', 'R14'],
  ['an accessed service counting no entity', { services: SERVICES.map((s) => (s.LastAuthenticatedTime ? { ...s, TotalAuthenticatedEntities: 0 } : s)) }, 'never-accessed-services', 'item-rules', 'R14'],
  // error-code
  ['an unknown JobId answered with 400 ValidationError', { reply: getOnly((req, n) => (req.params.JobId?.endsWith('dead') ? { status: 400, body: errorXml('ValidationError', 'bad job') } : n)) }, 'unknown-job-id-is-no-such-entity', 'error-code', 'R2'],
  ['an unknown JobId answered with 500', { reply: getOnly((req, n) => (req.params.JobId?.endsWith('dead') ? { status: 500, body: errorXml('ServiceFailure', 'oops', 'Receiver') } : n)) }, 'unknown-job-id-is-no-such-entity', 'error-code', 'R2'],
  ['an unknown JobId answered with 200', { reply: getOnly((req, n) => (req.params.JobId?.endsWith('dead') ? { status: 200, body: reportXml({ JobStatus: 'COMPLETED', JobCreationDate: '2026-11-24T10:00:00Z' }) } : n)) }, 'unknown-job-id-is-no-such-entity', 'error-code', 'R2'],
  ['an unknown JobId answered with 404 and another code', { reply: getOnly((req, n) => (req.params.JobId?.endsWith('dead') ? { status: 404, body: errorXml('NotFound', 'no job') } : n)) }, 'unknown-job-id-is-no-such-entity', 'error-code', 'R2'],
  ['NoSuchEntity with Type Receiver', { reply: getOnly((req, n) => (req.params.JobId?.endsWith('dead') ? { status: 404, body: errorXml('NoSuchEntity', 'no job', 'Receiver') } : n)) }, 'unknown-job-id-is-no-such-entity', 'error-code', 'R2'],
  ['NoSuchEntity in an HTML page', { reply: getOnly((req, n) => (req.params.JobId?.endsWith('dead') ? { status: 404, body: '<html><body>NoSuchEntity</body></html>', headers: { 'content-type': 'text/html' } } : n)) }, 'unknown-job-id-is-no-such-entity', 'error-code', 'R2'],
  // client-error
  ['MaxItems 0 accepted', { reply: getOnly((req, n) => (req.params.MaxItems === '0' ? { status: 200, body: reportXml({ JobStatus: 'COMPLETED', JobCreationDate: '2026-11-24T10:00:00Z', JobCompletionDate: '2026-11-24T10:00:05Z', IsTruncated: false, AccessDetails: [] }) } : n)) }, 'max-items-zero', 'client-error', 'W1'],
  // a refusal must be an awsQuery error (W3 when it is not)
  ['MaxItems 0 refused with an HTML page', { reply: getOnly((req, n) => (req.params.MaxItems === '0' ? { status: 400, body: '<html><body><h1>400 Bad Request</h1></body></html>', headers: { 'content-type': 'text/html' } } : n)) }, 'max-items-zero', 'client-error', 'W3'],
  ['MaxItems 0 refused with an empty body', { reply: getOnly((req, n) => (req.params.MaxItems === '0' ? { status: 400, body: '' } : n)) }, 'max-items-zero', 'client-error', 'W3'],
  ['MaxItems 0 refused with an error that names no code', { reply: getOnly((req, n) => (req.params.MaxItems === '0' ? { status: 400, body: errorXml('', 'bad') } : n)) }, 'max-items-zero', 'client-error', 'W3'],
  ['a refusal with a modelled code of the wrong Type', { reply: getOnly((req, n) => (req.params.MaxItems === '0' ? { status: 404, body: errorXml('NoSuchEntity', 'no', 'Receiver') } : n)) }, 'max-items-zero', 'client-error', 'W3'],
  ['a bad SortKey answered with 500', { reply: getOnly((req, n) => (req.params.SortKey === 'SERVICE_NAME_ASCENDING' ? { status: 500, body: errorXml('InternalFailure', 'boom', 'Receiver') } : n)) }, 'sort-key-unknown', 'client-error', 'W1'],
  // accepted-input
  ['MaxItems 1000 refused as invalid', { reply: getOnly((req, n) => (req.params.MaxItems === '1000' && req.params.JobId?.length === 36 ? { status: 400, body: errorXml('ValidationError', 'maxItems too large') } : n)) }, 'gen-get-maxitems-range-max', 'accepted-input', 'W1'],
  ['a too-long EntityPath accepted', { reply: (req, n) => (req.action === 'GenerateOrganizationsAccessReport' && (req.params.EntityPath ?? '').length > 427 ? { status: 200, body: n.body.replace(/ValidationError[\s\S]*/, '') && `<GenerateOrganizationsAccessReportResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GenerateOrganizationsAccessReportResult><JobId>${JOB_ID}</JobId></GenerateOrganizationsAccessReportResult></GenerateOrganizationsAccessReportResponse>` } : n) }, 'entity-path-428-characters', 'client-error', 'W1'],
];

test.each(rows.map(([n, o, c, k, r]) => [n, c, k, o, r] as const))('%s is caught by case %s (check %s)', async (_name, caseId, check, options, rule) => {
  target = await startScriptedTarget(reportModel(options));
  const result = await runProjectCase(target.url, caseId, { maxPages: 30 });
  expect({ status: result.status, failed: failedChecks(result) }).toMatchObject({ status: 'failed', failed: expect.arrayContaining([check]) });
  if (rule) expect(findingRules(result, check)).toContain(rule);
  // Every failure names the case file and line, and the rules.
  expect(explain(result)).toMatch(/cases\/[a-z-]+\.yaml:\d+:\d+/);
});

/** Checks that need more than a broken endpoint (a recording to compare with) are broken in their own files. */
const BROKEN_ELSEWHERE: Record<string, string> = {
  'matches-recording': 'test/transport/compare.test.ts',
  'wire-format': 'test/checks/wire-breaks.test.ts',
  'sdk-agrees': 'test/checks/wire-breaks.test.ts',
};

test('every registered check has at least one break that makes it fail', () => {
  const broken = new Set(rows.map((r) => r[3]));
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const { PROJECT_ROOT } = require('../../src/contract') as typeof import('../../src/contract');
  const elsewhere = (name: string) => BROKEN_ELSEWHERE[name] !== undefined && readFileSync(`${PROJECT_ROOT}/${BROKEN_ELSEWHERE[name]}`, 'utf8').includes(name);
  expect(allChecks().map((c) => c.name).filter((name) => !broken.has(name) && !elsewhere(name))).toEqual([]);
});
