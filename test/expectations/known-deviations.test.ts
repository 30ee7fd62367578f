// A known-deviations file names places of an answer: a path that names nothing would silence nothing and
// hide that, so it is refused with file:line:col and the closest member; legal paths of every operation,
// structure paths and the answer's own parts load.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadContract } from '../../src/contract';
import { KnownDeviationsError, loadKnownDeviations } from '../../src/expectations/known-deviations';

const contract = loadContract();
const fileWith = (text: string) => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'devs-')), 'deviations.yaml');
  writeFileSync(file, text);
  return file;
};
const problem = (text: string) => {
  try {
    loadKnownDeviations(fileWith(text), contract);
  } catch (e) {
    if (e instanceof KnownDeviationsError) return e.message;
    throw e;
  }
  return undefined;
};

test.each([
  ['a list member of the Organizations report', 'AccessDetails[*].Region'],
  ['an indexed item', 'AccessDetails[0].LastAuthenticatedTime'],
  ['a nested member of the entities report', 'EntityDetailsList[*].EntityInfo.Path'],
  ['a whole structure (what it holds)', 'ErrorDetails'],
  ['a member of the service last accessed report', 'ServicesLastAccessed[*].TrackedActionsLastAccessed'],
  ['the HTTP status', 'HTTP status'],
  ['the error code', 'Error.Code'],
])('%s loads: %s', (_what, p) => {
  expect(loadKnownDeviations(fileWith(`paths:\n  - ${JSON.stringify(p)}\n`), contract)).toEqual([p]);
});

test.each([
  ['a misspelt member of an item', 'paths:\n  - AccessDetails[*].Regoin\n', /deviations\.yaml:2:5: "AccessDetails\[\*\]\.Regoin": .*no member Regoin \(did you mean Region\?\)/],
  ['a misspelt list', 'paths:\n  - AccesDetails[*].Region\n', /deviations\.yaml:2:5: "AccesDetails\[\*\]\.Region" is not a member of any operation's output \(did you mean AccessDetails\?\)/],
  ['a request member (never in an answer)', 'paths:\n  - EntityPath\n', /deviations\.yaml:2:5: "EntityPath" is not a member of any operation's output/],
  ['the second of two paths', 'paths:\n  - AccessDetails[*].Region\n  - JobStatuss\n', /deviations\.yaml:3:5: "JobStatuss".*did you mean JobStatus\?/],
  ['an unknown key', 'paths: []\npath:\n  - AccessDetails[*].Region\n', /deviations\.yaml:2:1: expected "paths:".*\(unknown key "path"\)/],
  ['no paths', 'AccessDetails[*].Region\n', /deviations\.yaml:1:1: expected "paths:"/],
  ['a member after an index without its dot (it would silence nothing)', 'paths:\n  - AccessDetails[*]Region\n', /deviations\.yaml:2:5: "AccessDetails\[\*\]Region": a member after an index takes a dot \(AccessDetails\[\*\]\.Region\)/],
  ['an entry that is not text', 'paths:\n  - AccessDetails[*].Region\n  - { Region: x }\n', /deviations\.yaml:3:5: a path is text/],
])('%s is refused with file:line:col', (_what, text, message) => {
  expect(problem(text)).toMatch(message);
});
