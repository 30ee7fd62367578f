// The behaviour catalogue: ways to break the reference target on purpose (each must make the suite fail,
// in the cases named), legal variations the contract allows (each must leave every case passing), and
// behaviours no bounded black-box run can judge (each must leave the cases named not checked, none failed).
// Switch one on with `reference-target --behaviour NAME` or the `behaviour` option. test/proof/ runs the
// suite against every entry and docs/kill-matrix.md shows which cases catch which break.
import type { ReferenceTargetOptions, SortKey } from './server';
import { seedServices, type ServiceEntry } from './data';
import type { WireAnswer } from './wire';
import { lastAccessedBehaviours } from './behaviours-last-accessed';

export interface Behaviour {
  name: string;
  /** no-verdict: the contract does not decide within any budget (a job that never finishes): not checked, never failed. */
  kind: 'broken' | 'legal' | 'no-verdict';
  /** What the target does differently, in a sentence. */
  description: string;
  /** For broken behaviours: the rules broken, and cases that must fail (at least these); for no-verdict ones, cases that must be not checked. */
  rules: string[];
  catchers: string[];
  options?: Partial<ReferenceTargetOptions>;
  /** Rewrites the request's form fields before the target answers. */
  request?: (params: Record<string, string>) => Record<string, string>;
  /** Rewrites the answer (params are the request's fields as sent). */
  answer?: (params: Record<string, string>, answer: WireAnswer) => WireAnswer;
  contentType?: string;
  chunked?: boolean;
}

const isGet = (p: Record<string, string>) => p.Action === 'GetOrganizationsAccessReport';
const isGenerate = (p: Record<string, string>) => p.Action === 'GenerateOrganizationsAccessReport';
const completed = (a: WireAnswer) => a.status === 200 && a.body.includes('<JobStatus>COMPLETED</JobStatus>');
const body = (a: WireAnswer, edit: (b: string) => string): WireAnswer => ({ ...a, body: edit(a.body) });
const members = (b: string) => b.match(/<member>.*?<\/member>/g) ?? [];
/** Applies `edit` to each AccessDetails member of a body. */
const eachMember = (b: string, edit: (m: string) => string) => b.replace(/<member>.*?<\/member>/g, edit);
const neverAccessed = (m: string) => !m.includes('<LastAuthenticatedTime>');
/** The text of an element of a body, and a body with that element's text changed. */
const textOf = (b: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(b)?.[1];
const setText = (b: string, name: string, edit: (t: string) => string) => b.replace(new RegExp(`<${name}>([^<]*)</${name}>`), (_m, t: string) => `<${name}>${edit(t)}</${name}>`);
const shifted = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
/** Namespace order of an implementation that ignores punctuation (Java's default Collator), ties by code point. */
const punctuationBlind = new Intl.Collator('en', { ignorePunctuation: true });
const byNamespaceIgnoringPunctuation = (a: ServiceEntry, b: ServiceEntry) => punctuationBlind.compare(a.ServiceNamespace, b.ServiceNamespace) || (a.ServiceNamespace < b.ServiceNamespace ? -1 : 1);
/** Real namespaces whose order changes when hyphens are ignored (iot-device-tester / iotanalytics, app-integrations / appconfig). */
const HYPHENATED: ServiceEntry[] = [
  { ServiceName: 'Amazon AppIntegrations', ServiceNamespace: 'app-integrations', TotalAuthenticatedEntities: 0 },
  { ServiceName: 'AWS IoT Device Tester', ServiceNamespace: 'iot-device-tester', TotalAuthenticatedEntities: 0 },
  { ServiceName: 'AWS IoT Analytics', ServiceNamespace: 'iotanalytics', TotalAuthenticatedEntities: 0 },
];

/** Markers swapped for other tokens, mapped back on the way in: how to vary markers without the target knowing. */
function markerMapper(make: (n: number) => string): Pick<Behaviour, 'request' | 'answer'> {
  const toReal = new Map<string, string>();
  return {
    request: (p) => (p.Marker !== undefined && toReal.has(p.Marker) ? { ...p, Marker: toReal.get(p.Marker)! } : p),
    answer: (_p, a) => body(a, (b) => b.replace(/<Marker>([^<]*)<\/Marker>/, (_m, real: string) => {
      const token = make(toReal.size + 1);
      toReal.set(token, real);
      return `<Marker>${token.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Marker>`;
    })),
  };
}

// Built by a function, so each target started with a behaviour gets its own state (marker maps, counters).
const catalogue = (): Behaviour[] => [
  // ---- broken
  { name: 'default-order-descending', kind: 'broken', description: 'with no SortKey, lists namespaces in descending order', rules: ['R9'], catchers: ['default-order-is-namespace-ascending', 'default-order-holds-across-pages'],
    request: (p) => (isGet(p) && p.SortKey === undefined ? { ...p, SortKey: 'SERVICE_NAMESPACE_DESCENDING' } : p) },
  { name: 'sort-key-ignored', kind: 'broken', description: 'ignores SortKey and always sorts by namespace, ascending', rules: ['R8'], catchers: ['sort-time-ascending', 'sort-time-descending', 'sort-namespace-descending', 'marker-continues-with-sort-key'],
    request: (p) => { const { SortKey: _drop, ...rest } = p; return isGet(p) && (_drop === undefined || ['SERVICE_NAMESPACE_ASCENDING', 'SERVICE_NAMESPACE_DESCENDING', 'LAST_AUTHENTICATED_TIME_ASCENDING', 'LAST_AUTHENTICATED_TIME_DESCENDING'].includes(_drop)) ? rest : p; } },
  { name: 'time-sort-reversed', kind: 'broken', description: 'sorts the time keys in the opposite direction', rules: ['R8'], catchers: ['sort-time-ascending', 'sort-time-descending'],
    request: (p) => (p.SortKey?.startsWith('LAST_') ? { ...p, SortKey: p.SortKey.endsWith('ASCENDING') && !p.SortKey.endsWith('DESCENDING') ? 'LAST_AUTHENTICATED_TIME_DESCENDING' : 'LAST_AUTHENTICATED_TIME_ASCENDING' } : p) },
  { name: 'max-items-ignored', kind: 'broken', description: 'ignores MaxItems (pages of the default 100)', rules: ['R3', 'R4'], catchers: ['small-pages-add-up', 'max-items-one'],
    request: (p) => { if (!isGet(p) || p.MaxItems === undefined || !/^\d+$/.test(p.MaxItems) || +p.MaxItems < 1 || +p.MaxItems > 1000) return p; const { MaxItems: _m, ...rest } = p; return rest; } },
  { name: 'default-page-size-150', kind: 'broken', description: 'uses 150 when MaxItems is not sent', rules: ['R3'], catchers: ['default-page-size'],
    request: (p) => (isGet(p) && p.MaxItems === undefined && p.JobId?.length === 36 ? { ...p, MaxItems: '150' } : p) },
  { name: 'truncated-without-marker', kind: 'broken', description: 'sets IsTruncated without giving a Marker', rules: ['R6'], catchers: ['small-pages-add-up', 'default-page-size-walk'],
    answer: (_p, a) => body(a, (b) => b.replace(/<Marker>[^<]*<\/Marker>/, '')) },
  { name: 'marker-on-last-page', kind: 'broken', description: 'sends a Marker on the last page too', rules: ['R6'], catchers: ['whole-list-with-max-page-size'],
    answer: (_p, a) => (completed(a) && a.body.includes('<IsTruncated>false</IsTruncated>') ? body(a, (b) => b.replace('<IsTruncated>false</IsTruncated>', '<IsTruncated>false</IsTruncated><Marker>more</Marker>')) : a) },
  { name: 'marker-ignored', kind: 'broken', description: 'ignores the Marker and answers the first page again', rules: ['R7'], catchers: ['small-pages-add-up', 'default-page-size-walk'],
    request: (p) => { if (!isGet(p)) return p; const { Marker: _m, ...rest } = p; return rest; } },
  { name: 'list-ends-early', kind: 'broken', description: 'says IsTruncated false on the second page although items remain', rules: ['R4', 'R5'], catchers: ['small-pages-add-up', 'counts-match-listed-services'],
    answer: (p, a) => (isGet(p) && p.Marker !== undefined && completed(a) ? body(a, (b) => b.replace('<IsTruncated>true</IsTruncated>', '<IsTruncated>false</IsTruncated>').replace(/<Marker>[^<]*<\/Marker>/, '')) : a) },
  { name: 'pages-skip-an-item', kind: 'broken', description: 'drops the first item of every page after the first', rules: ['R7'], catchers: ['small-pages-add-up', 'counts-match-listed-services'],
    answer: (p, a) => (isGet(p) && p.Marker !== undefined && completed(a) ? body(a, (b) => b.replace(/<AccessDetails><member>.*?<\/member>/, '<AccessDetails>')) : a) },
  (() => {
    const lastOf = new Map<string, string>(); // marker issued -> last item of the page that issued it
    return {
      name: 'pages-overlap', kind: 'broken' as const, description: 'repeats the last item of a page at the start of the next', rules: ['R7'], catchers: ['small-pages-add-up', 'default-order-holds-across-pages'],
      answer: (p: Record<string, string>, a: WireAnswer) => {
        if (!isGet(p) || !completed(a)) return a;
        let b = a.body;
        if (p.Marker !== undefined && lastOf.has(p.Marker)) b = b.replace('<AccessDetails>', `<AccessDetails>${lastOf.get(p.Marker)}`);
        const marker = /<Marker>([^<]*)<\/Marker>/.exec(a.body)?.[1];
        const items = members(a.body);
        if (marker && items.length) lastOf.set(marker, items[items.length - 1]);
        return { ...a, body: b };
      },
    };
  })(),
  (() => {
    let n = 0;
    return {
      name: 'truncation-never-ends', kind: 'broken' as const, description: 'keeps saying IsTruncated with a new Marker forever', rules: ['R4', 'R7'], catchers: ['whole-list-with-max-page-size', 'small-pages-add-up'],
      request: (p: Record<string, string>) => (p.Marker?.startsWith('again-') ? (({ Marker: _m, ...rest }) => rest)(p) : p),
      answer: (_p: Record<string, string>, a: WireAnswer) => (completed(a) ? body(a, (b) => b.replace(/<IsTruncated>false<\/IsTruncated>/, '<IsTruncated>true</IsTruncated>').replace(/<Marker>[^<]*<\/Marker>|(<\/IsTruncated>)/, (m, close) => (close ? `${close}<Marker>again-${++n}</Marker>` : `<Marker>again-${++n}</Marker>`))) : a),
    };
  })(),
  { name: 'unknown-job-400', kind: 'broken', description: 'answers an unknown JobId with 400 ValidationError', rules: ['R2'], catchers: ['unknown-job-id-is-no-such-entity', 'unknown-job-id-with-paging-is-no-such-entity'],
    answer: (_p, a) => (a.status === 404 ? { ...a, status: 400, body: a.body.replace('<Code>NoSuchEntity</Code>', '<Code>ValidationError</Code>') } : a) },
  { name: 'unknown-job-500', kind: 'broken', description: 'answers an unknown JobId with 500 ServiceFailure', rules: ['R2'], catchers: ['unknown-job-id-is-no-such-entity'],
    answer: (_p, a) => (a.status === 404 ? { ...a, status: 500, body: a.body.replace('<Type>Sender</Type>', '<Type>Receiver</Type>').replace('<Code>NoSuchEntity</Code>', '<Code>ServiceFailure</Code>') } : a) },
  { name: 'unknown-job-200', kind: 'broken', description: 'answers an unknown JobId with an empty COMPLETED report', rules: ['R2'], catchers: ['unknown-job-id-is-no-such-entity'],
    answer: (_p, a) => (a.status === 404 ? { ...a, status: 200, body: `<GetOrganizationsAccessReportResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetOrganizationsAccessReportResult><JobStatus>COMPLETED</JobStatus><JobCreationDate>2026-11-24T10:00:00Z</JobCreationDate><JobCompletionDate>2026-11-24T10:00:01Z</JobCompletionDate><IsTruncated>false</IsTruncated><AccessDetails/></GetOrganizationsAccessReportResult><ResponseMetadata><RequestId>${a.requestId}</RequestId></ResponseMetadata></GetOrganizationsAccessReportResponse>` } : a) },
  { name: 'unknown-job-other-code', kind: 'broken', description: 'answers an unknown JobId with 404 NotFound', rules: ['R2'], catchers: ['unknown-job-id-is-no-such-entity'],
    answer: (_p, a) => (a.status === 404 ? body(a, (b) => b.replace('<Code>NoSuchEntity</Code>', '<Code>NotFound</Code>')) : a) },
  { name: 'short-job-id', kind: 'broken', description: 'GenerateOrganizationsAccessReport returns a 35-character JobId', rules: ['G3'], catchers: ['generate-returns-job-id'],
    answer: (p, a) => (isGenerate(p) && a.status === 200 ? body(a, (b) => b.replace(/<JobId>([^<]{35})[^<]<\/JobId>/, '<JobId>$1</JobId>')) : a) },
  { name: 'creation-date-missing', kind: 'broken', description: 'leaves out the required JobCreationDate', rules: ['R10'], catchers: ['completed-report-schema', 'job-lifecycle'],
    answer: (p, a) => (isGet(p) && a.status === 200 ? body(a, (b) => b.replace(/<JobCreationDate>[^<]*<\/JobCreationDate>/, '')) : a) },
  { name: 'bad-job-status', kind: 'broken', description: 'reports COMPLETED as DONE', rules: ['R10'], catchers: ['completed-report-schema', 'job-lifecycle'],
    answer: (_p, a) => body(a, (b) => b.replace('<JobStatus>COMPLETED</JobStatus>', '<JobStatus>DONE</JobStatus>')) },
  { name: 'namespace-outside-pattern', kind: 'broken', description: 'sends a ServiceNamespace with a dot', rules: ['W2'], catchers: ['completed-report-schema'],
    answer: (_p, a) => (completed(a) ? body(a, (b) => b.replace(/<ServiceNamespace>([^<]*)<\/ServiceNamespace>/, '<ServiceNamespace>$1.v2</ServiceNamespace>')) : a) },
  { name: 'entity-path-outside-pattern', kind: 'broken', description: 'sends EntityPaths that do not start with o-', rules: ['R16'], catchers: ['entity-paths-are-organization-paths'],
    answer: (_p, a) => body(a, (b) => b.replace(/<EntityPath>o-/g, '<EntityPath>org-')) },
  { name: 'timestamps-not-iso', kind: 'broken', description: 'writes JobCompletionDate without the T and the time zone', rules: ['W5'], catchers: ['completed-report-schema'],
    answer: (p, a) => (isGet(p) && p.MaxItems !== undefined ? body(a, (b) => b.replace(/<JobCompletionDate>(\d{4}-\d\d-\d\d)T([\d:]+)(\.\d+)?Z<\/JobCompletionDate>/, '<JobCompletionDate>$1 $2</JobCompletionDate>')) : a) },
  { name: 'timestamps-space-for-t', kind: 'broken', description: 'writes JobCreationDate with a space for the T (ajv-formats\' date-time takes it)', rules: ['W5'], catchers: ['completed-report-schema'],
    answer: (p, a) => (isGet(p) && p.MaxItems !== undefined ? body(a, (b) => setText(b, 'JobCreationDate', (t) => t.replace('T', ' '))) : a) },
  { name: 'timestamps-offset-without-colon', kind: 'broken', description: 'writes access times with a +0000 offset', rules: ['W5'], catchers: ['completed-report-schema'],
    answer: (p, a) => (isGet(p) && p.MaxItems !== undefined ? body(a, (b) => b.replace(/<LastAuthenticatedTime>([^<]*)Z<\/LastAuthenticatedTime>/g, '<LastAuthenticatedTime>$1+0000</LastAuthenticatedTime>')) : a) },
  { name: 'access-after-completion', kind: 'broken', description: 'reports an access time an hour after the job completed', rules: ['R21'], catchers: ['report-times-agree'],
    answer: (_p, a) => { if (!completed(a)) return a; const done = textOf(a.body, 'JobCompletionDate'); return done ? body(a, (b) => setText(b, 'LastAuthenticatedTime', () => shifted(done, 3_600_000))) : a; } },
  { name: 'completion-before-creation', kind: 'broken', description: 'dates the completion an hour before the creation', rules: ['R22'], catchers: ['job-lifecycle', 'report-times-agree'],
    answer: (_p, a) => { const created = textOf(a.body, 'JobCreationDate'); return created && a.body.includes('<JobCompletionDate>') ? body(a, (b) => setText(b, 'JobCompletionDate', () => shifted(created, -3_600_000))) : a; } },
  (() => {
    let n = 0;
    return { name: 'creation-date-drifts', kind: 'broken' as const, description: 'moves JobCreationDate a second later on every answer', rules: ['R23'], catchers: ['job-lifecycle', 'report-times-agree'],
      answer: (_p: Record<string, string>, a: WireAnswer) => body(a, (b) => setText(b, 'JobCreationDate', (t) => shifted(t, 1000 * n++))) };
  })(),
  (() => {
    let n = 0;
    return { name: 'completion-date-drifts', kind: 'broken' as const, description: 'moves JobCompletionDate a second later on every answer', rules: ['R24'], catchers: ['report-times-agree'],
      answer: (_p: Record<string, string>, a: WireAnswer) => body(a, (b) => setText(b, 'JobCompletionDate', (t) => shifted(t, 1000 * n++))) };
  })(),
  { name: 'details-differ-by-page-size', kind: 'broken', description: 'small pages give every accessed service one more entity than the whole list does', rules: ['R7'], catchers: ['small-pages-add-up', 'default-page-size-walk'],
    answer: (p, a) => (isGet(p) && completed(a) && (p.MaxItems === undefined || +p.MaxItems < 1000) ? body(a, (b) => eachMember(b, (m) => m.replace(/<TotalAuthenticatedEntities>([1-9]\d*)</, (_x, n) => `<TotalAuthenticatedEntities>${Number(n) + 1}<`))) : a) },
  { name: 'details-differ-by-sort-key', kind: 'broken', description: 'under a SortKey, reports every accessed service in another Region', rules: ['R8'], catchers: ['sort-namespace-ascending', 'sort-time-ascending', 'sort-time-descending'],
    answer: (p, a) => (isGet(p) && p.SortKey !== undefined && completed(a) ? body(a, (b) => b.replace(/<Region>[^<]*<\/Region>/g, '<Region>ap-south-2</Region>')) : a) },
  { name: 'refusals-as-html', kind: 'broken', description: 'refuses bad input with HTTP 400 and an HTML page instead of an awsQuery error', rules: ['W3', 'W1'], catchers: ['job-id-35-characters', 'max-items-zero', 'sort-key-unknown'],
    answer: (_p, a) => (a.status >= 400 && a.status < 500 && a.body.includes('<Code>ValidationError</Code>') ? { ...a, body: '<html><body><h1>400 Bad Request</h1></body></html>' } : a) },
  { name: 'counts-off-by-one', kind: 'broken', description: 'counts one service too many as accessible', rules: ['R15'], catchers: ['counts-match-listed-services'],
    answer: (_p, a) => body(a, (b) => b.replace(/<NumberOfServicesAccessible>(\d+)<\/NumberOfServicesAccessible>/, (_m, n) => `<NumberOfServicesAccessible>${Number(n) + 1}</NumberOfServicesAccessible>`)) },
  { name: 'never-accessed-with-region', kind: 'broken', description: 'gives services nobody used a Region', rules: ['R13'], catchers: ['never-accessed-services'],
    answer: (_p, a) => body(a, (b) => eachMember(b, (m) => (neverAccessed(m) ? m.replace('</ServiceNamespace>', '</ServiceNamespace><Region>us-east-1</Region>') : m))) },
  { name: 'never-accessed-counted', kind: 'broken', description: 'counts entities for services nobody used', rules: ['R14'], catchers: ['never-accessed-services'],
    answer: (_p, a) => body(a, (b) => eachMember(b, (m) => (neverAccessed(m) ? m.replace(/<TotalAuthenticatedEntities>0</, '<TotalAuthenticatedEntities>2<') : m))) },
  // R10 does not bound how long a job runs: one still running at the poll budget may be slow, not broken.
  { name: 'job-never-finishes', kind: 'no-verdict', description: 'keeps every job IN_PROGRESS (the contract bounds no job\'s duration)', rules: ['R10'], catchers: ['job-lifecycle', 'completed-report-schema'], options: { pollsBeforeComplete: 1_000_000, maxConcurrentJobs: 1_000_000 } },
  { name: 'completion-date-while-in-progress', kind: 'broken', description: 'sends JobCompletionDate while IN_PROGRESS', rules: ['R11'], catchers: ['job-lifecycle'],
    answer: (_p, a) => body(a, (b) => b.replace(/(<JobStatus>IN_PROGRESS<\/JobStatus><JobCreationDate>([^<]*)<\/JobCreationDate>)/, '$1<JobCompletionDate>$2</JobCompletionDate>')) },
  { name: 'failed-without-details', kind: 'broken', description: 'fails jobs without ErrorDetails', rules: ['R12'], catchers: ['job-lifecycle'], options: { failJobs: true },
    answer: (_p, a) => body(a, (b) => b.replace(/<ErrorDetails>.*?<\/ErrorDetails>/, '')) },
  { name: 'accepts-out-of-contract-input', kind: 'broken', description: 'accepts inputs outside the constraints instead of refusing them', rules: ['W1', 'R1', 'R3', 'R7', 'R8', 'G1', 'G2'],
    catchers: ['max-items-zero', 'max-items-1001', 'sort-key-unknown', 'marker-321-characters', 'entity-path-bad-pattern', 'policy-id-bad-pattern', 'gen-get-maxitems-above-range'],
    // Every accepted Generate starts a job; without room for them the job limit (409) would refuse the rest.
    options: { maxConcurrentJobs: 1_000_000 },
    request: (p) => {
      const out = { ...p };
      if (isGet(p)) {
        if (out.MaxItems !== undefined && !(/^\d+$/.test(out.MaxItems) && +out.MaxItems >= 1 && +out.MaxItems <= 1000)) delete out.MaxItems;
        if (out.SortKey !== undefined && !['SERVICE_NAMESPACE_ASCENDING', 'SERVICE_NAMESPACE_DESCENDING', 'LAST_AUTHENTICATED_TIME_ASCENDING', 'LAST_AUTHENTICATED_TIME_DESCENDING'].includes(out.SortKey)) delete out.SortKey;
        if (out.Marker !== undefined && !/^[\u0020-\u00ff]{1,320}$/.test(out.Marker)) delete out.Marker;
        if (out.Marker !== undefined && out.Marker.length > 100) delete out.Marker;
      }
      if (isGenerate(p)) {
        if (!/^o-[0-9a-z]{10,32}\/r-[0-9a-z]{4,32}[0-9a-z\-/]*$/.test(out.EntityPath ?? '') || (out.EntityPath ?? '').length > 427) out.EntityPath = 'o-a1b2c3d4e5/r-f6g7';
        delete out.OrganizationsPolicyId;
      }
      return out;
    } },
  { name: 'job-type-member', kind: 'broken', description: 'adds a JobType member to the report', rules: ['R20'], catchers: ['report-has-no-job-type', 'completed-report-schema'],
    answer: (p, a) => (isGet(p) && a.status === 200 ? body(a, (b) => b.replace('</JobStatus>', '</JobStatus><JobType>SERVICE_LEVEL</JobType>')) : a) },
  { name: 'wrong-namespace', kind: 'broken', description: 'answers in another XML namespace', rules: ['W3'], catchers: ['wire-format-of-answers'],
    answer: (_p, a) => body(a, (b) => b.replace('https://iam.amazonaws.com/doc/2010-05-08/', 'https://iam.amazonaws.com/doc/2010-05-07/')) },
  { name: 'json-content-type', kind: 'broken', description: 'declares its XML answers as application/json', rules: ['W3'], catchers: ['wire-format-of-answers'], contentType: 'application/json' },
  { name: 'boolean-as-yes', kind: 'broken', description: 'writes IsTruncated as yes/no', rules: ['W4', 'R6'], catchers: ['sdk-reads-what-was-sent'],
    answer: (_p, a) => body(a, (b) => b.replace('<IsTruncated>true</IsTruncated>', '<IsTruncated>yes</IsTruncated>').replace('<IsTruncated>false</IsTruncated>', '<IsTruncated>no</IsTruncated>')) },

  // ---- legal
  { name: 'short-pages', kind: 'legal', description: 'never more than 5 items on a page, whatever MaxItems says', rules: ['R5'], catchers: [], options: { pageCap: 5 } },
  { name: 'opaque-long-markers', kind: 'legal', description: 'markers of 320 characters with Latin-1 letters and spaces', rules: ['R6', 'R7'], catchers: [],
    ...markerMapper((n) => `é ${n} ÿ `.padEnd(320, 'x')) },
  { name: 'xml-layout', kind: 'legal', description: 'indented XML with the result members in reverse order', rules: ['W3'], catchers: [],
    answer: (_p, a) => body(a, (b) => {
      const m = /(<GetOrganizationsAccessReportResult>)(.*)(<\/GetOrganizationsAccessReportResult>)/.exec(b);
      if (!m) return b;
      const parts = m[2].match(/<(\w+)(?:\/>|>.*?<\/\1>)/g) ?? [];
      return b.replace(m[0], `${m[1]}\n    ${parts.reverse().join('\n    ')}\n  ${m[3]}`).replace('<ResponseMetadata>', '\n  <ResponseMetadata>');
    }) },
  { name: 'ties-reversed', kind: 'legal', description: 'services with equal access times in reverse namespace order', rules: ['R8'], catchers: [],
    options: { reorder: (key: SortKey, ordered: ServiceEntry[]) => {
      if (!key.startsWith('LAST_')) return ordered;
      const out = [...ordered];
      for (let i = 0; i < out.length; ) {
        let j = i;
        while (j + 1 < out.length && out[j + 1].LastAuthenticatedTime && out[j + 1].LastAuthenticatedTime === out[i].LastAuthenticatedTime) j++;
        out.splice(i, j - i + 1, ...out.slice(i, j + 1).reverse());
        i = j + 1;
      }
      return out;
    } } },
  { name: 'never-accessed-first', kind: 'legal', description: 'services nobody used come first under a time sort', rules: ['R8'], catchers: [],
    options: { reorder: (key: SortKey, ordered: ServiceEntry[]) => (key.startsWith('LAST_') ? [...ordered.filter((s) => !s.LastAuthenticatedTime), ...ordered.filter((s) => s.LastAuthenticatedTime)] : ordered) } },
  { name: 'namespaces-ignore-punctuation', kind: 'legal', description: 'namespaces in an order that ignores hyphens (Java\'s default Collator), with namespaces where that differs', rules: ['R8', 'R9'], catchers: [],
    options: {
      services: [...seedServices(), ...HYPHENATED],
      reorder: (key: SortKey, ordered: ServiceEntry[]) => (key.startsWith('SERVICE_NAMESPACE_') ? (key.endsWith('DESCENDING') ? [...ordered].sort(byNamespaceIgnoringPunctuation).reverse() : [...ordered].sort(byNamespaceIgnoringPunctuation)) : ordered),
    } },
  { name: 'slow-jobs', kind: 'legal', description: 'jobs stay IN_PROGRESS for 4 polls', rules: ['R10', 'R11'], catchers: [], options: { pollsBeforeComplete: 4 } },
  { name: 'other-request-ids', kind: 'legal', description: 'request ids that are not UUIDs', rules: ['W3'], catchers: [],
    answer: (_p, a) => { const id = `REQ:${a.requestId.slice(0, 8).toUpperCase()}/x`; return { ...a, requestId: id, body: a.body.replace(a.requestId, id) }; } },
  { name: 'chunked', kind: 'legal', description: 'answers with Transfer-Encoding: chunked, in 512-byte pieces', rules: ['W3'], catchers: [], chunked: true },

  // ---- the service last accessed reports (behaviours-last-accessed.ts)
  ...lastAccessedBehaviours(),
];

/** The catalogue, for listing (names, kinds, rules, catchers); start targets with behaviourNamed(). */
export const BEHAVIOURS: readonly Behaviour[] = catalogue();

/** A fresh instance of the named behaviour: its state starts empty. */
export function behaviourNamed(name: string): Behaviour | undefined {
  return catalogue().find((b) => b.name === name);
}
