// The jest entry point of a conformance run: one jest test per YAML case, so jest-junit writes one
// <testcase> per case. It is run by "iam-conformance run", never by the project's own `npm test`.
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadContract } from '../contract';
import { loadCases } from '../cases/loader';
import { LiveTarget, ReplayTarget, type Target } from '../target';
import { Session } from '../runner/session';
import { describeFailure, type CaseResult } from '../runner/results';
import { readPlan } from './plan';

const plan = readPlan();
const contract = loadContract();
const caseSet = loadCases(plan.casePaths, contract, { relativeTo: plan.cwd });
const selected = plan.caseIds ? caseSet.cases.filter((c) => plan.caseIds!.includes(c.id)) : caseSet.cases;
const results: CaseResult[] = [];
let target: Target;
let session: Session;

/** A failure that reads as the conformance report, without a JavaScript stack trace. */
class ConformanceFailure extends Error {
  constructor(text: string) {
    super(text);
    this.name = 'ConformanceFailure';
    this.stack = text;
  }
}

beforeAll(() => {
  target =
    plan.target.kind === 'replay'
      ? new ReplayTarget(plan.target.dir, { requestTimeoutMs: plan.requestTimeoutMs })
      : new LiveTarget({ endpoint: plan.target.endpoint, region: plan.target.region, requestTimeoutMs: plan.requestTimeoutMs, recordTo: plan.target.recordTo, recordName: plan.target.recordName, recordSettings: { entityPath: plan.settings.entityPath }, recordCases: plan.caseIds });
  session = new Session(contract, target, caseSet, plan.settings);
});

afterAll(async () => {
  await target?.close();
  mkdirSync(plan.reportsDir, { recursive: true });
  writeFileSync(
    path.join(plan.reportsDir, 'results.json'),
    `${JSON.stringify({ target: target?.label, description: target?.description, problems: target?.problems() ?? [], cases: results }, null, 2)}\n`,
  );
});

// A case may poll a job; give it the poll budget plus room for its other requests.
const caseTimeout = plan.settings.pollBudgetMs + 20 * plan.requestTimeoutMs + 10_000;
const byFile = new Map<string, typeof selected>();
for (const c of selected) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);

for (const [file, cases] of byFile) {
  describe(`${cases[0].operation} (${file})`, () => {
    for (const c of cases) {
      test(`${c.id}: ${c.title}`, async () => {
        const result = await session.runCase(c);
        results.push(result);
        if (result.status === 'failed') throw new ConformanceFailure(describeFailure(result));
      }, caseTimeout);
    }
  });
}

if (selected.length === 0) {
  test('no cases selected', () => {
    throw new ConformanceFailure('no case matched the selection: nothing was checked');
  });
}
