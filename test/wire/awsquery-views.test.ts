// Wire views are read once per body text (src/wire/awsquery.ts): a run gets the same body many times and
// every reader shares one view, so no reader may change it, and the views kept stay within their bound.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadContract, PROJECT_ROOT } from '../../src/contract';
import { loadCases } from '../../src/cases/loader';
import { ReplayTarget } from '../../src/transport/replay';
import { DEFAULT_SETTINGS, Session } from '../../src/runner/session';
import * as awsquery from '../../src/wire/awsquery';
import * as xml from '../../src/wire/xml';
import { readRecording } from '../../src/transport/recording';
import { tempDir } from '../support/tmp';
import { getCheck } from '../../src/checks/registry';
import type { Observation } from '../../src/checks/types';

const contract = loadContract();
const OP = 'GetOrganizationsAccessReport';
const body = (requestId: string) =>
  `<${OP}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${OP}Result><JobStatus>IN_PROGRESS</JobStatus>` +
  `<JobCreationDate>2026-12-01T10:00:00Z</JobCreationDate></${OP}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${OP}Response>`;

afterEach(() => jest.restoreAllMocks());

test('two answers with the same body text share one view, read once', () => {
  const parse = jest.spyOn(xml, 'parseXml');
  const text = body('shared-1');
  const first = awsquery.wireViewOf(contract, OP, { body: text });
  const second = awsquery.wireViewOf(contract, OP, { body: [...text].join('') });
  expect(second).toBe(first);
  expect(parse).toHaveBeenCalledTimes(1);
  expect(first).toMatchObject({ kind: 'result', requestId: 'shared-1', result: { JobStatus: 'IN_PROGRESS' } });
});

test('the same text is read again for another operation and for another contract', () => {
  const parse = jest.spyOn(xml, 'parseXml');
  const text = body('shared-2');
  const view = awsquery.wireViewOf(contract, OP, { body: text });
  const otherOperation = awsquery.wireViewOf(contract, 'GetServiceLastAccessedDetails', { body: text });
  const copy = path.join(tempDir('iam-specs-'), 'specs');
  cpSync(path.join(PROJECT_ROOT, 'specs'), copy, { recursive: true });
  const another = loadContract([copy]);
  expect(another).not.toBe(contract);
  const otherContract = awsquery.wireViewOf(another, OP, { body: text });
  expect(parse).toHaveBeenCalledTimes(3);
  expect(otherOperation).not.toBe(view);
  expect(otherContract).not.toBe(view);
  expect(otherContract).toEqual(view);
});

test('past VIEWS_KEPT_CHARS of bodies the oldest view is let go and read again', () => {
  const parse = jest.spyOn(xml, 'parseXml');
  const padded = (id: string) => body(id).replace('<JobStatus>', `${' '.repeat(awsquery.VIEWS_KEPT_CHARS / 4)}<JobStatus>`);
  const oldest = padded('oldest');
  awsquery.wireViewOf(contract, OP, { body: oldest });
  for (let i = 0; i < 4; i++) awsquery.wireViewOf(contract, OP, { body: padded(`newer-${i}`) });
  expect(parse).toHaveBeenCalledTimes(5);
  const again = awsquery.wireViewOf(contract, OP, { body: oldest });
  expect(parse).toHaveBeenCalledTimes(6);
  expect(again).toMatchObject({ kind: 'result', requestId: 'oldest' });
});

test('a body longer than the bound is read for its answer but not kept: the views kept stay', () => {
  const parse = jest.spyOn(xml, 'parseXml');
  const small = body('kept-small');
  awsquery.wireViewOf(contract, OP, { body: small });
  const huge = body('huge').replace('<JobStatus>', `${' '.repeat(awsquery.VIEWS_KEPT_CHARS)}<JobStatus>`);
  const answer = { body: huge };
  expect(awsquery.wireViewOf(contract, OP, answer)).toMatchObject({ kind: 'result', requestId: 'huge' });
  expect(awsquery.wireViewOf(contract, OP, answer)).toMatchObject({ requestId: 'huge' }); // its answer keeps it
  awsquery.wireViewOf(contract, OP, { body: small });
  expect(parse).toHaveBeenCalledTimes(2);
  awsquery.wireViewOf(contract, OP, { body: huge }); // another answer with the same text: read again
  expect(parse).toHaveBeenCalledTimes(3);
});

test('one answer judged under two contracts gets each contract\'s view and verdict', () => {
  // Contract B limits service names to 3 characters; the answer names "Amazon S3".
  const copy = path.join(tempDir('iam-specs-'), 'specs');
  cpSync(path.join(PROJECT_ROOT, 'specs'), copy, { recursive: true });
  const file = path.join(copy, 'iam-organizations-access-report.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('serviceNameType: { type: string }', 'serviceNameType: { type: string, length: [1, 3] }'));
  const strict = loadContract([copy]);
  const text = body('two-contracts').replace('</JobStatus>', '</JobStatus><NumberOfServicesAccessible>1</NumberOfServicesAccessible>' +
    '<NumberOfServicesNotAccessed>0</NumberOfServicesNotAccessed><AccessDetails><member><ServiceName>Amazon S3</ServiceName>' +
    '<ServiceNamespace>s3</ServiceNamespace><TotalAuthenticatedEntities>1</TotalAuthenticatedEntities></member></AccessDetails>')
    .replace('<JobStatus>IN_PROGRESS</JobStatus>', '<JobStatus>COMPLETED</JobStatus><JobCompletionDate>2026-12-01T10:01:00Z</JobCompletionDate>');
  const exchange = { operation: OP, params: {}, durationMs: 1, response: { status: 200, headers: { 'content-type': 'text/xml' }, body: text }, output: {} };
  const observation: Observation = { kind: 'call', operation: OP, params: {}, exchanges: [exchange], ended: 'single' };
  const judge = (c: typeof contract) => getCheck('response-schema')!.evaluate({ contract: c, observation, step: {} as never, ref: () => observation, options: { lenientWire: false } }, undefined);
  expect(judge(contract)).toEqual([]);
  expect(JSON.stringify(judge(strict))).toContain('Amazon S3');
  expect(judge(contract)).toEqual([]);
});

/** Freezes a value and everything in it, so that any change to it throws (the checks run in strict mode). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

test('no check changes a view: the default recording, every view frozen, conforms throughout', async () => {
  const read = awsquery.wireViewOf;
  let views = 0;
  jest.spyOn(awsquery, 'wireViewOf').mockImplementation((c, op, response) => (views++, deepFreeze(read(c, op, response))));
  const recording = readRecording(path.join(PROJECT_ROOT, 'recordings', 'reference'));
  const set = loadCases([path.join(PROJECT_ROOT, 'cases')], contract, { relativeTo: PROJECT_ROOT });
  const inputs = Object.fromEntries(Object.entries(recording.meta.settings ?? {}).map(([k, v]) => [k.replace(/^input\./, ''), v]));
  const target = new ReplayTarget(recording, { requestTimeoutMs: 5000, contract });
  const session = new Session(contract, target, set, { ...DEFAULT_SETTINGS, inputs, pollIntervalMs: 0 });
  const broken: string[] = [];
  try {
    for (const c of set.cases) {
      const r = await session.runCase(c);
      if (r.setupProblem || r.internalError) broken.push(`${c.id}: ${r.setupProblem ?? r.internalError}`);
      for (const k of r.checks) if (k.status === 'failed' || k.status === 'crashed') broken.push(`${c.id}: ${k.check} ${k.status} ${k.crash ?? JSON.stringify(k.findings[0])}`);
    }
  } finally {
    await target.close();
  }
  expect(broken).toEqual([]);
  expect(views).toBeGreaterThan(set.cases.length);
});
