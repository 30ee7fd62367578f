// Legal variation must never fail a case: the whole case set runs against endpoints that differ from
// the test model only in ways the contract allows, and every case must pass.
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/contract';
import { startScriptedTarget, type ScriptedTarget } from '../support/scripted-target';
import { correctOrder, reportModel, SERVICES, type ModelOptions, MODEL_CASES } from '../support/report-model';
import { session, explain } from '../support/run-case';
import type { Service } from '../support/awsquery-xml';

let target: ScriptedTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

const latin1Marker = (n: number) => `é ${n} ~ ÿ `.padEnd(320, 'x');
const timeless = (s: Service) => !s.LastAuthenticatedTime;

const variations: [string, ModelOptions][] = [
  ['short pages while truncated (a third of MaxItems, at least 1)', { pageLength: (max) => Math.max(1, Math.floor(max / 3)) }],
  ['empty pages while truncated, every other page', (() => {
    let call = 0;
    return { pageLength: (max: number) => (++call % 2 === 0 ? 0 : Math.min(max, 2)), marker: (_n: number, seq: number) => `token-${seq}` };
  })()],
  ['opaque 320-character markers with Latin-1 characters and spaces', { marker: latin1Marker }],
  ['members in reverse order and indented XML', { layout: { reverse: true, pretty: true } }],
  ['ties under a time sort in reverse namespace order', {
    order: (list, key) => {
      const sorted = correctOrder(list, key);
      if (!key?.startsWith('LAST_')) return sorted;
      // swap every pair of equal timestamps
      for (let i = 1; i < sorted.length; i++) {
        if (sorted[i].LastAuthenticatedTime && sorted[i].LastAuthenticatedTime === sorted[i - 1].LastAuthenticatedTime) [sorted[i - 1], sorted[i]] = [sorted[i], sorted[i - 1]];
      }
      return sorted;
    },
  }],
  ['never-accessed services first under a time sort', {
    order: (list, key) => {
      const sorted = correctOrder(list, key);
      return key?.startsWith('LAST_') ? [...sorted.filter(timeless), ...sorted.filter((s) => !timeless(s))] : sorted;
    },
  }],
  ['several IN_PROGRESS polls before COMPLETED', { pollsInProgress: 4 }],
  ['no IN_PROGRESS poll at all', { pollsInProgress: 0 }],
  ['counts left out', { mutate: (p) => ({ ...p, NumberOfServicesAccessible: undefined, NumberOfServicesNotAccessed: undefined }) }],
  ['IsTruncated left out on the last page', { mutate: (p) => (p.IsTruncated === false ? { ...p, IsTruncated: undefined } : p) }],
  ['TotalAuthenticatedEntities left out for never-accessed services', { services: SERVICES.map((s) => (timeless(s) ? { ServiceName: s.ServiceName, ServiceNamespace: s.ServiceNamespace } : s)) }],
  ['timestamps with offsets and without fractions', {
    services: SERVICES.map((s) => (s.LastAuthenticatedTime ? { ...s, LastAuthenticatedTime: new Date(s.LastAuthenticatedTime).toISOString().replace(/\.\d+Z$/, '+00:00') } : s)),
    mutate: (p) => ({ ...p, JobCreationDate: '2026-11-24T09:00:00-01:00', JobCompletionDate: p.JobCompletionDate && '2026-11-24T11:00:05+01:00' }),
  }],
  ['the same instants written with other offsets on small pages', {
    mutate: (p, ctx) => (p.AccessDetails && ctx.params.MaxItems === '7' ? { ...p, AccessDetails: p.AccessDetails.map((s) => (s.LastAuthenticatedTime ? { ...s, LastAuthenticatedTime: new Date(Date.parse(s.LastAuthenticatedTime) + 3_600_000).toISOString().replace(/Z$/, '+01:00') } : s)) } : p),
  }],
  ['an access time between the job\'s creation and its completion', { services: SERVICES.map((s, i) => (i === 0 ? { ...s, LastAuthenticatedTime: '2026-11-24T10:00:03Z' } : s)) }],
  ['an access time equal to the job\'s completion, written with another offset', { services: SERVICES.map((s, i) => (i === 0 ? { ...s, LastAuthenticatedTime: '2026-11-24T11:00:05+01:00' } : s)) }],
  ['refusals with another code and no namespace on ErrorResponse', { reply: (_req, normal) => (normal.status === 400 ? { ...normal, body: normal.body.replace(' xmlns="https://iam.amazonaws.com/doc/2010-05-08/"', '').replace('<Code>ValidationError</Code>', '<Code>InvalidParameterValue</Code>') } : normal) }],
  ['request ids in another format', { reply: (_req, normal) => ({ ...normal, headers: { 'x-amzn-requestid': 'REQ:0001/abc' } }) }],
  ['a service namespace sorted by English collation rather than code point', {
    services: [...SERVICES, { ServiceName: 'Hyphen test', ServiceNamespace: 'iam-x' }, { ServiceName: 'Letters', ServiceNamespace: 'iama' }],
    order: (list, key) => {
      const sorted = correctOrder(list, key);
      if (key && key !== 'SERVICE_NAMESPACE_ASCENDING' && key !== 'SERVICE_NAMESPACE_DESCENDING') return sorted;
      const c = new Intl.Collator('en').compare;
      const out = [...list].sort((a, b) => c(a.ServiceNamespace, b.ServiceNamespace));
      return key === 'SERVICE_NAMESPACE_DESCENDING' ? out.reverse() : out;
    },
  }],
  ['namespaces sorted ignoring punctuation, as Java\'s default Collator does', {
    services: [...SERVICES, { ServiceName: 'AWS AppConfig', ServiceNamespace: 'appconfig' }, { ServiceName: 'Amazon AppIntegrations', ServiceNamespace: 'app-integrations' }, { ServiceName: 'AWS IoT Device Tester', ServiceNamespace: 'iot-device-tester' }, { ServiceName: 'AWS IoT Analytics', ServiceNamespace: 'iotanalytics' }],
    order: (list, key) => {
      const sorted = correctOrder(list, key);
      if (key && key !== 'SERVICE_NAMESPACE_ASCENDING' && key !== 'SERVICE_NAMESPACE_DESCENDING') return sorted;
      const c = new Intl.Collator('en', { ignorePunctuation: true });
      const out = [...list].sort((a, b) => c.compare(a.ServiceNamespace, b.ServiceNamespace) || (a.ServiceNamespace < b.ServiceNamespace ? -1 : 1));
      return key === 'SERVICE_NAMESPACE_DESCENDING' ? out.reverse() : out;
    },
  }],
];

test.each(variations)('every case passes with %s', async (_name, options) => {
  target = await startScriptedTarget(reportModel(options));
  // The test model serves the Organizations report: its case files. The service last accessed reports'
  // legal variations are behaviours of the reference target (the kill matrix runs every case against them).
  const s = session(target.url, MODEL_CASES.map((f) => path.join(PROJECT_ROOT, f)));
  try {
    const failures: string[] = [];
    for (const c of s.session.caseSet.cases) {
      const r = await s.session.runCase(c);
      if (r.status !== 'passed') failures.push(explain(r));
    }
    expect(failures).toEqual([]);
  } finally {
    await s.close();
  }
});
