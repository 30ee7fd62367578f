// The jest side of a conformance run: one jest test per case result, so jest-junit writes one
// <testcase> per case with the failure text. The cases already ran (src/runner/run.ts); this file only
// reports them. It is run by "iam-conformance run", never by the project's own `npm test`.
import { readFileSync } from 'node:fs';
import { describeFailure } from '../runner/results';
import type { ResultsDocument } from '../report/document';
import { RESULTS_ENV } from './plan';

const file = process.env[RESULTS_ENV];
if (!file) throw new Error(`${RESULTS_ENV} is not set: run the suite through "iam-conformance run"`);
const run = JSON.parse(readFileSync(file, 'utf8')) as ResultsDocument;

/** A failure that reads as the conformance report, without a JavaScript stack trace. */
class ConformanceFailure extends Error {
  constructor(text: string) {
    super(text);
    this.name = 'ConformanceFailure';
    this.stack = text;
  }
}

const byFile = new Map<string, ResultsDocument['cases']>();
for (const r of run.cases) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);

for (const [file, results] of byFile) {
  describe(`${results[0].operation} (${file})`, () => {
    for (const r of results) {
      // Expected failures are skipped tests: jest-junit writes <skipped>, and the CLI adds the reason.
      if (r.verdict === 'expected-failure') test.skip(`${r.caseId}: ${r.title}`, () => undefined);
      else {
        test(`${r.caseId}: ${r.title}`, () => {
          if (r.verdict !== 'pass') throw new ConformanceFailure(describeFailure(r));
        });
      }
    }
  });
}

if (run.cases.length === 0) {
  test('no cases selected', () => {
    throw new ConformanceFailure('no case matched the selection: nothing was checked');
  });
}
