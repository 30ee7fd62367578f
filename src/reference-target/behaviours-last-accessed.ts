// The behaviour catalogue's entries for the service last accessed reports (behaviours.ts lists them with
// the others): a break for every testable rule of GenerateServiceLastAccessedDetails,
// GetServiceLastAccessedDetails and GetServiceLastAccessedDetailsWithEntities, and the legal variations
// their contract leaves room for. Each only touches the answers of those three operations.
import type { Behaviour } from './behaviours';
import type { WireAnswer } from './wire';
import { DEFAULT_SUBJECT_ARN, entityByArn } from './iam-entities';
import type { EntityReportEntry } from './last-accessed';

const GENERATE = 'GenerateServiceLastAccessedDetails';
const SERVICES = 'GetServiceLastAccessedDetails';
const ENTITIES = 'GetServiceLastAccessedDetailsWithEntities';
const isGenerate = (p: Record<string, string>) => p.Action === GENERATE;
const isServices = (p: Record<string, string>) => p.Action === SERVICES;
const isEntities = (p: Record<string, string>) => p.Action === ENTITIES;
const isRead = (p: Record<string, string>) => isServices(p) || isEntities(p);
const completed = (a: WireAnswer) => a.status === 200 && a.body.includes('<JobStatus>COMPLETED</JobStatus>');
const inProgress = (a: WireAnswer) => a.status === 200 && a.body.includes('<JobStatus>IN_PROGRESS</JobStatus>');
const body = (a: WireAnswer, edit: (b: string) => string): WireAnswer => ({ ...a, body: edit(a.body) });
const without = (p: Record<string, string>, name: string) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== name));
/** The <member> items of a list element, one level deep (entities hold no inner <member>; services may). */
const ITEM = /<member>(?:(?!<member>).)*?(?:<TrackedActionsLastAccessed>.*?<\/TrackedActionsLastAccessed>)?(?:(?!<member>).)*?<\/member>/g;

/** Rewrites the items of the list `name` of an answer. */
function items(b: string, name: string, edit: (list: string[]) => string[]): string {
  return b.replace(new RegExp(`<${name}>(.*)</${name}>`), (_m, inner: string) => `<${name}>${edit(inner.match(ITEM) ?? []).join('')}</${name}>`);
}
const each = (b: string, name: string, edit: (item: string) => string) => items(b, name, (list) => list.map(edit));
const used = (service: string) => service.includes('<LastAuthenticated>');
const time = (item: string) => /<LastAuthenticated>([^<]*)</.exec(item)?.[1];

/** The granularity each job was asked for (the request as sent), so a behaviour can answer as if it had been honoured. */
function jobTypes(): { remember: (p: Record<string, string>, a: WireAnswer) => WireAnswer; of: (jobId: string) => string | undefined } {
  const asked = new Map<string, string>();
  return {
    remember: (p, a) => {
      const id = /<JobId>([^<]*)<\/JobId>/.exec(a.body)?.[1];
      if (isGenerate(p) && id) asked.set(id, p.Granularity ?? 'SERVICE_LEVEL');
      return a;
    },
    of: (jobId) => asked.get(jobId),
  };
}

export const lastAccessedBehaviours = (): Behaviour[] => [
  // ---- broken: GenerateServiceLastAccessedDetails
  { name: 'sla-short-job-id', kind: 'broken', description: 'GenerateServiceLastAccessedDetails returns a 35-character JobId', rules: ['S3'], catchers: ['sla-generate-returns-job-id'],
    answer: (p, a) => (isGenerate(p) && a.status === 200 ? body(a, (b) => b.replace(/<JobId>([^<]{35})[^<]<\/JobId>/, '<JobId>$1</JobId>')) : a) },
  { name: 'sla-unknown-arn-accepted', kind: 'broken', description: 'starts a report for an ARN that names nothing (as if it named the default subject)', rules: ['S4'], catchers: ['sla-arn-names-nothing'],
    request: (p) => (isGenerate(p) && p.Arn?.startsWith('arn:aws:iam::') && !entityByArn(p.Arn) ? { ...p, Arn: DEFAULT_SUBJECT_ARN } : p) },
  { name: 'sla-unknown-arn-400', kind: 'broken', description: 'answers an ARN that names nothing with 400 InvalidInput instead of 404 NoSuchEntity', rules: ['S4'], catchers: ['sla-arn-names-nothing'],
    answer: (p, a) => (isGenerate(p) && a.status === 404 ? { ...a, status: 400, body: a.body.replace('<Code>NoSuchEntity</Code>', '<Code>InvalidInput</Code>') } : a) },
  { name: 'sla-foreign-arn-500', kind: 'broken', description: 'fails with 500 on an ARN that is not an IAM user, group, role or policy', rules: ['S1'], catchers: ['sla-arn-of-another-service'],
    answer: (p, a) => (isGenerate(p) && a.body.includes('<Code>InvalidInput</Code>') ? { ...a, status: 500, body: a.body.replace('<Type>Sender</Type>', '<Type>Receiver</Type>').replace('<Code>InvalidInput</Code>', '<Code>ServiceFailure</Code>') } : a) },
  { name: 'sla-granularity-ignored', kind: 'broken', description: 'makes every job service level, whatever Granularity asks', rules: ['S2', 'D4'], catchers: ['sla-job-type-is-the-granularity'],
    request: (p) => (isGenerate(p) ? without(p, 'Granularity') : p) },
  { name: 'sla-default-action-level', kind: 'broken', description: 'makes jobs without Granularity action level', rules: ['S2', 'D4', 'D10'], catchers: ['sla-job-type-is-the-granularity', 'sla-no-tracked-actions-at-service-level'],
    request: (p) => (isGenerate(p) && p.Granularity === undefined ? { ...p, Granularity: 'ACTION_LEVEL' } : p) },
  { name: 'sla-accepts-out-of-contract-input', kind: 'broken', description: 'accepts inputs outside the constraints of the three operations instead of refusing them', rules: ['W1', 'S1', 'S2', 'D1', 'D2', 'E1'],
    catchers: ['gen-sla-generate-arn-too-short', 'gen-sla-generate-granularity-enum-lower-case', 'gen-sla-get-maxitems-above-range', 'gen-sla-entities-servicenamespace-pattern'],
    request: (p) => {
      const out = { ...p };
      if (isGenerate(p)) {
        if (!out.Arn || out.Arn.length < 20 || out.Arn.length > 2048) out.Arn = DEFAULT_SUBJECT_ARN;
        if (out.Granularity !== undefined && !['SERVICE_LEVEL', 'ACTION_LEVEL'].includes(out.Granularity)) delete out.Granularity;
      }
      if (isRead(p)) {
        if (out.MaxItems !== undefined && !(/^\d+$/.test(out.MaxItems) && +out.MaxItems >= 1 && +out.MaxItems <= 1000)) delete out.MaxItems;
        if (isEntities(p) && out.ServiceNamespace !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(out.ServiceNamespace)) out.ServiceNamespace = 'a4b';
      }
      return out;
    } },

  // ---- broken: GetServiceLastAccessedDetails
  (() => {
    let last: string | undefined;
    return {
      name: 'sla-job-id-length-unchecked', kind: 'broken' as const, description: 'answers a JobId of the wrong length with the latest job instead of refusing it', rules: ['D1'], catchers: ['gen-sla-get-jobid-too-short', 'gen-sla-entities-jobid-too-long'],
      request: (p: Record<string, string>) => (isRead(p) && p.JobId !== undefined && p.JobId.length !== 36 && last ? { ...p, JobId: last } : p),
      answer: (p: Record<string, string>, a: WireAnswer) => {
        if (isGenerate(p)) last = /<JobId>([^<]*)<\/JobId>/.exec(a.body)?.[1] ?? last;
        return a;
      },
    };
  })(),
  { name: 'sla-services-descending', kind: 'broken', description: 'lists the services in descending namespace order', rules: ['D6'], catchers: ['sla-services-by-namespace'],
    answer: (p, a) => (isServices(p) && completed(a) ? body(a, (b) => items(b, 'ServicesLastAccessed', (l) => l.reverse())) : a) },
  { name: 'sla-max-items-ignored', kind: 'broken', description: 'ignores MaxItems on both reads (pages of the default 100)', rules: ['D2', 'E9'], catchers: ['sla-services-small-pages-add-up', 'sla-entities-small-pages-add-up'],
    request: (p) => (isRead(p) && p.MaxItems !== undefined && /^\d+$/.test(p.MaxItems) && +p.MaxItems >= 1 && +p.MaxItems <= 1000 ? without(p, 'MaxItems') : p) },
  { name: 'sla-default-page-size-150', kind: 'broken', description: 'uses 150 when MaxItems is not sent', rules: ['D2'], catchers: ['sla-services-default-page-size'],
    request: (p) => (isServices(p) && p.MaxItems === undefined && p.JobId?.length === 36 ? { ...p, MaxItems: '150' } : p) },
  { name: 'sla-truncated-without-marker', kind: 'broken', description: 'sets IsTruncated without a Marker on both reads', rules: ['D2', 'E9'], catchers: ['sla-services-small-pages-add-up', 'sla-entities-small-pages-add-up'],
    answer: (p, a) => (isRead(p) ? body(a, (b) => b.replace(/<Marker>[^<]*<\/Marker>/, '')) : a) },
  { name: 'sla-marker-ignored', kind: 'broken', description: 'ignores the Marker on both reads and answers the first page again', rules: ['D2', 'E9'], catchers: ['sla-services-small-pages-add-up', 'sla-entities-small-pages-add-up'],
    request: (p) => (isRead(p) ? without(p, 'Marker') : p) },
  { name: 'sla-pages-skip-an-item', kind: 'broken', description: 'drops the first item of every page after the first, on both reads', rules: ['D2', 'E9'], catchers: ['sla-services-small-pages-add-up', 'sla-entities-small-pages-add-up'],
    answer: (p, a) => (isRead(p) && p.Marker !== undefined && completed(a) ? body(a, (b) => items(items(b, 'ServicesLastAccessed', (l) => l.slice(1)), 'EntityDetailsList', (l) => l.slice(1))) : a) },
  { name: 'sla-unknown-job-400', kind: 'broken', description: 'answers an unknown JobId on both reads with 400 InvalidInput', rules: ['D12', 'E8'], catchers: ['sla-unknown-job-id', 'sla-entities-unknown-job-id'],
    answer: (p, a) => (isRead(p) && a.status === 404 ? { ...a, status: 400, body: a.body.replace('<Code>NoSuchEntity</Code>', '<Code>InvalidInput</Code>') } : a) },
  { name: 'sla-completion-date-missing', kind: 'broken', description: 'leaves JobCompletionDate out of completed reports', rules: ['D3', 'E2'], catchers: ['sla-job-lifecycle-service-level', 'sla-services-schema', 'sla-entities-schema'],
    answer: (p, a) => (isRead(p) && completed(a) ? body(a, (b) => b.replace(/<JobCompletionDate>[^<]*<\/JobCompletionDate>/, '')) : a) },
  { name: 'sla-services-list-missing', kind: 'broken', description: 'leaves the required ServicesLastAccessed out of completed reports with no services on the page', rules: ['D3'], catchers: ['sla-services-schema'],
    answer: (p, a) => (isServices(p) && completed(a) ? body(a, (b) => b.replace(/<ServicesLastAccessed>.*<\/ServicesLastAccessed>|<ServicesLastAccessed\/>/, '')) : a) },
  { name: 'sla-creation-date-missing', kind: 'broken', description: 'leaves the required JobCreationDate out of both reads', rules: ['D3', 'E2'], catchers: ['sla-services-schema', 'sla-entities-schema'],
    answer: (p, a) => (isRead(p) && a.status === 200 ? body(a, (b) => b.replace(/<JobCreationDate>[^<]*<\/JobCreationDate>/, '')) : a) },
  { name: 'sla-job-type-always-action', kind: 'broken', description: 'reports JobType ACTION_LEVEL for every job', rules: ['D4'], catchers: ['sla-job-type-is-the-granularity'],
    answer: (p, a) => (isServices(p) ? body(a, (b) => b.replace('<JobType>SERVICE_LEVEL</JobType>', '<JobType>ACTION_LEVEL</JobType>')) : a) },
  { name: 'sla-never-used-with-entity', kind: 'broken', description: 'gives services nobody used a LastAuthenticatedEntity and a region', rules: ['D8'], catchers: ['sla-never-used-services'],
    answer: (p, a) => (isServices(p) && completed(a) ? body(a, (b) => each(b, 'ServicesLastAccessed', (s) => (used(s) ? s : s.replace('</ServiceNamespace>', '</ServiceNamespace><LastAuthenticatedEntity>arn:aws:iam::123456789012:user/engineering/alice</LastAuthenticatedEntity><LastAuthenticatedRegion>us-east-1</LastAuthenticatedRegion>')))) : a) },
  { name: 'sla-never-used-counted', kind: 'broken', description: 'counts principals for services nobody used', rules: ['D8', 'D9'], catchers: ['sla-never-used-services'],
    answer: (p, a) => (isServices(p) && completed(a) ? body(a, (b) => each(b, 'ServicesLastAccessed', (s) => (used(s) ? s : s.replace(/<TotalAuthenticatedEntities>0</, '<TotalAuthenticatedEntities>3<')))) : a) },
  { name: 'sla-used-counts-nobody', kind: 'broken', description: 'counts 0 principals for services somebody used', rules: ['D9'], catchers: ['sla-never-used-services'],
    answer: (p, a) => (isServices(p) && completed(a) ? body(a, (b) => each(b, 'ServicesLastAccessed', (s) => (used(s) ? s.replace(/<TotalAuthenticatedEntities>\d+</, '<TotalAuthenticatedEntities>0<') : s))) : a) },
  (() => {
    const jobs = jobTypes();
    return {
      name: 'sla-tracked-actions-at-service-level', kind: 'broken' as const, description: 'computes every job at action level, so service-level reports carry TrackedActionsLastAccessed', rules: ['D10'], catchers: ['sla-no-tracked-actions-at-service-level'],
      request: (p: Record<string, string>) => (isGenerate(p) ? { ...p, Granularity: 'ACTION_LEVEL' } : p),
      answer: (p: Record<string, string>, a: WireAnswer) => {
        if (isGenerate(p)) return jobs.remember(p, a);
        // Report the JobType that was asked for, so only the tracked actions give the break away.
        return isServices(p) && jobs.of(p.JobId) === 'SERVICE_LEVEL' ? body(a, (b) => b.replace('<JobType>ACTION_LEVEL</JobType>', '<JobType>SERVICE_LEVEL</JobType>')) : a;
      },
    };
  })(),
  { name: 'sla-tracked-actions-on-unused-service', kind: 'broken', description: 'gives services nobody used a list of tracked actions in action-level reports', rules: ['D10', 'D8'], catchers: ['sla-never-used-services'],
    answer: (p, a) => (isServices(p) && completed(a) && a.body.includes('<JobType>ACTION_LEVEL</JobType>') ? body(a, (b) => each(b, 'ServicesLastAccessed', (s) => (used(s) ? s : s.replace('</member>', '<TrackedActionsLastAccessed><member><ActionName>ListThings</ActionName></member></TrackedActionsLastAccessed></member>')))) : a) },
  // A failed job has no services to list, so the entities cases (which ask about the first one) are not
  // checked: failing every job breaks D11 only. E7 is broken by the entities answers alone (below).
  { name: 'sla-failed-without-error', kind: 'broken', description: 'fails every job without saying why in Error', rules: ['D11'], catchers: ['sla-job-lifecycle-service-level', 'sla-job-lifecycle-action-level', 'sla-job-lifecycle-default-granularity'], options: { failJobs: true },
    answer: (p, a) => (isRead(p) ? body(a, (b) => b.replace(/<Error><Message>.*?<\/Code><\/Error>/, '')) : a) },
  { name: 'sla-failure-as-error-details', kind: 'broken', description: 'fails every job and explains it in ErrorDetails (GetOrganizationsAccessReport\'s member) instead of Error', rules: ['D11'], catchers: ['sla-job-lifecycle-service-level', 'sla-job-lifecycle-action-level', 'sla-job-lifecycle-default-granularity'], options: { failJobs: true },
    answer: (p, a) => (isRead(p) ? body(a, (b) => b.replace(/<Error>(<Message>.*?<\/Code>)<\/Error>/, '<ErrorDetails>$1</ErrorDetails>')) : a) },
  { name: 'sla-entities-failed-without-error', kind: 'broken', description: 'answers the entities of a finished job as FAILED, without saying why in Error', rules: ['E7'], catchers: ['sla-entities-job-lifecycle'],
    answer: (p, a) => (isEntities(p) && completed(a) ? body(a, (b) => b.replace('<JobStatus>COMPLETED</JobStatus>', '<JobStatus>FAILED</JobStatus>')) : a) },
  { name: 'sla-access-after-completion', kind: 'broken', description: 'reports a service as last used in 2099, after the job completed', rules: ['D13'], catchers: ['sla-job-lifecycle-service-level', 'sla-job-lifecycle-action-level'],
    answer: (p, a) => (isServices(p) && completed(a) ? body(a, (b) => b.replace(/<LastAuthenticated>\d{4}/, '<LastAuthenticated>2099')) : a) },
  (() => {
    let n = 0;
    return {
      name: 'sla-creation-date-moves', kind: 'broken' as const, description: 'gives JobCreationDate a new value on every answer', rules: ['D13'], catchers: ['sla-job-lifecycle-service-level', 'sla-job-lifecycle-action-level'],
      options: { pollsBeforeComplete: 2 },
      // Whole leap cycles earlier, by a different count on each answer: never the value before it, never after
      // the completion, and whatever the clock says when the job was created (moving the seconds wrapped the minute).
      answer: (p: Record<string, string>, a: WireAnswer) => (isRead(p) ? body(a, (b) => b.replace(/<JobCreationDate>(\d{4})/, (_m, year: string) => `<JobCreationDate>${Number(year) - 4 * (1 + (++n % 5))}`)) : a),
    };
  })(),
  { name: 'sla-job-never-finishes', kind: 'no-verdict', description: 'keeps every job IN_PROGRESS (the contract bounds no job\'s duration)', rules: ['D3', 'E2'], catchers: ['sla-job-lifecycle-service-level', 'sla-job-lifecycle-action-level', 'sla-job-lifecycle-default-granularity', 'sla-entities-job-lifecycle'],
    options: { pollsBeforeComplete: 1_000_000, maxConcurrentJobs: 1_000_000 } },

  // ---- broken: GetServiceLastAccessedDetailsWithEntities
  { name: 'sla-entities-oldest-first', kind: 'broken', description: 'lists the entities oldest access first', rules: ['E4'], catchers: ['sla-entities-most-recent-first'],
    answer: (p, a) => (isEntities(p) && completed(a) ? body(a, (b) => items(b, 'EntityDetailsList', (l) => [...l.filter((e) => time(e)).reverse(), ...l.filter((e) => !time(e))])) : a) },
  { name: 'sla-entities-never-in-the-middle', kind: 'broken', description: 'puts entities that never used the service between the others', rules: ['E4'], catchers: ['sla-entities-most-recent-first'],
    answer: (p, a) => (isEntities(p) && completed(a) ? body(a, (b) => items(b, 'EntityDetailsList', (l) => { const never = l.filter((e) => !time(e)); const timed = l.filter((e) => time(e)); return [...timed.slice(0, 1), ...never, ...timed.slice(1)]; })) : a) },
  { name: 'sla-entity-info-missing', kind: 'broken', description: 'sends an entity without EntityInfo', rules: ['E5'], catchers: ['sla-entities-schema'],
    answer: (p, a) => (isEntities(p) && completed(a) ? body(a, (b) => b.replace(/<EntityInfo>.*?<\/EntityInfo>/, '')) : a) },
  { name: 'sla-entity-id-malformed', kind: 'broken', description: 'sends entity ids with a dash (outside [\\w]) and a Type in lower case', rules: ['E6'], catchers: ['sla-entities-schema'],
    answer: (p, a) => (isEntities(p) && completed(a) ? body(a, (b) => b.replace(/<Id>(AIDA|AROA)/g, '<Id>$1-').replace(/<Type>USER<\/Type>/g, '<Type>user</Type>')) : a) },
  { name: 'sla-entities-list-missing', kind: 'broken', description: 'leaves the required EntityDetailsList out of completed answers', rules: ['E2'], catchers: ['sla-entities-schema'],
    answer: (p, a) => (isEntities(p) && completed(a) ? body(a, (b) => b.replace(/<EntityDetailsList>.*<\/EntityDetailsList>|<EntityDetailsList\/>/, '')) : a) },
  { name: 'sla-namespace-unchecked', kind: 'broken', description: 'accepts any ServiceNamespace, even one outside 1..64 of [\\w-]', rules: ['E1'], catchers: ['gen-sla-entities-servicenamespace-pattern', 'gen-sla-entities-servicenamespace-missing'],
    request: (p) => (isEntities(p) && (p.ServiceNamespace === undefined || !/^[A-Za-z0-9_-]{1,64}$/.test(p.ServiceNamespace)) ? { ...p, ServiceNamespace: 'a4b' } : p) },

  // ---- legal
  { name: 'sla-in-progress-without-lists', kind: 'legal', description: 'leaves the empty ServicesLastAccessed / EntityDetailsList out while IN_PROGRESS (the docs reading)', rules: ['D3', 'E2'], catchers: [],
    options: { pollsBeforeComplete: 2 },
    answer: (p, a) => (isRead(p) && inProgress(a) ? body(a, (b) => b.replace(/<(ServicesLastAccessed|EntityDetailsList)\/>|<(ServicesLastAccessed|EntityDetailsList)><\/\2>/, '')) : a) },
  { name: 'sla-in-progress-with-completion-date', kind: 'legal', description: 'sends JobCompletionDate (the creation time) while IN_PROGRESS, as the model\'s required flag asks', rules: ['D3', 'E2'], catchers: [],
    options: { pollsBeforeComplete: 2 },
    answer: (p, a) => (isRead(p) && inProgress(a) ? body(a, (b) => b.replace(/(<JobCreationDate>([^<]*)<\/JobCreationDate>)/, '$1<JobCompletionDate>$2</JobCompletionDate>')) : a) },
  // Reordered in the target (the whole list, before paging), so every page agrees with the others.
  { name: 'sla-entities-never-first', kind: 'legal', description: 'entities that never used the service come first', rules: ['E4'], catchers: [],
    options: { reorderEntities: (list) => [...list.filter((e) => !e.LastAuthenticated), ...list.filter((e) => e.LastAuthenticated)] } },
  { name: 'sla-entity-ties-reversed', kind: 'legal', description: 'entities with the same LastAuthenticated in reverse ARN order', rules: ['E4'], catchers: [],
    options: { reorderEntities: (list) => {
      const out: EntityReportEntry[] = [];
      for (let i = 0; i < list.length; ) {
        let j = i;
        while (j + 1 < list.length && list[j + 1].LastAuthenticated && list[j + 1].LastAuthenticated === list[i].LastAuthenticated) j++;
        out.push(...list.slice(i, j + 1).reverse());
        i = j + 1;
      }
      return out;
    } } },
  { name: 'sla-no-job-type', kind: 'legal', description: 'leaves the optional JobType out', rules: ['D4'], catchers: [],
    answer: (p, a) => (isServices(p) ? body(a, (b) => b.replace(/<JobType>[^<]*<\/JobType>/, '')) : a) },
  { name: 'sla-no-entity-paths', kind: 'legal', description: 'leaves the optional EntityInfo.Path out', rules: ['E6'], catchers: [],
    answer: (p, a) => (isEntities(p) ? body(a, (b) => b.replace(/<Path>[^<]*<\/Path>/g, '')) : a) },
];
