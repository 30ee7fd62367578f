// Offline mutants: the bundled recording, changed in one way at a time, must make the offline replay fail
// (and the untouched recording pass: test/transport/replay.test.ts). A mutant that survives would be a check
// that cannot fail.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/contract';
import { runCli } from '../support/cli';

type Fixture = { body: string; status: number; response: string };

const mutants: [string, (f: Fixture) => Fixture, string[]][] = [
  ['items reordered (first two services of every page swapped)', (f) => ({ ...f, response: f.response.replace(/<AccessDetails>(<member>.*?<\/member>)(<member>.*?<\/member>)/, '<AccessDetails>$2$1') }), ['default-order-is-namespace-ascending']],
  ['a required member dropped (JobCreationDate)', (f) => ({ ...f, response: f.response.replace(/<JobCreationDate>[^<]*<\/JobCreationDate>/, '') }), ['completed-report-schema', 'job-lifecycle']],
  ['a status changed (COMPLETED reported as IN_PROGRESS on full pages)', (f) => (f.body.includes('MaxItems=1000') ? { ...f, response: f.response.replace('<JobStatus>COMPLETED</JobStatus>', '<JobStatus>IN_PROGRESS</JobStatus>') } : f), ['whole-list-with-max-page-size']],
  ['an HTTP status changed (NoSuchEntity sent with 400)', (f) => (f.status === 404 ? { ...f, status: 400 } : f), ['unknown-job-id-is-no-such-entity']],
  ['an error code changed (NoSuchEntity -> NotFound)', (f) => ({ ...f, response: f.response.replace('<Code>NoSuchEntity</Code>', '<Code>NotFound</Code>') }), ['unknown-job-id-is-no-such-entity']],
  ['a count changed (NumberOfServicesNotAccessed + 1)', (f) => ({ ...f, response: f.response.replace(/<NumberOfServicesNotAccessed>(\d+)</, (_m, n) => `<NumberOfServicesNotAccessed>${Number(n) + 1}<`) }), ['counts-match-listed-services']],
];

test.each(mutants)('mutant: %s — the replay fails', async (_name, mutate, killers) => {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'mutant-')), 'reference');
  cpSync(path.join(PROJECT_ROOT, 'recordings', 'reference'), dir, { recursive: true });
  const file = path.join(dir, 'fixtures.json');
  const fixtures = JSON.parse(readFileSync(file, 'utf8')) as Fixture[];
  const mutated = fixtures.map(mutate);
  expect(JSON.stringify(mutated)).not.toBe(JSON.stringify(fixtures)); // the mutation applied somewhere
  writeFileSync(file, JSON.stringify(mutated));
  const run = await runCli(['run', '--replay', dir, '--quiet']);
  expect(run.code).toBe(1);
  const failed = (JSON.parse(readFileSync(path.join(run.reports, 'results.json'), 'utf8')).cases as { caseId: string; verdict: string }[]).filter((c) => c.verdict !== 'pass').map((c) => c.caseId);
  expect(failed).toEqual(expect.arrayContaining(killers));
});
