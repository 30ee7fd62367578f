// Reports a finished run through jest, in this process: one jest test per case, jest-junit writes the JUnit.
import { mkdirSync, mkdtempSync, writeFileSync, rmSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCLI } from 'jest';
import { PROJECT_ROOT } from '../contract';
import { RESULTS_ENV } from '../harness/plan';
import type { ResultsDocument } from '../report/document';
import { describeExpectedFailure } from '../runner/results';

export interface JestOutcome {
  passed: number;
  failed: number;
  /** The harness itself could not run (not a conformance verdict). */
  harnessError?: string;
  junitFile: string;
}

/**
 * Compiled (dist/, built by `npm ci` through the prepare script) when this module itself runs compiled:
 * then jest loads plain JavaScript and no TypeScript compiler is loaded at all. From sources, ts-jest.
 */
const COMPILED = __filename.endsWith('.js');
const HARNESS_DIR = __dirname.replace(/cli$/, 'harness');

/** The jest configuration of a conformance run; `entry` is swapped only by the benchmark's empty-test floor. */
export function conformanceJestConfig(reportsDir: string, suiteName: string, options: { silent?: boolean; entry?: string } = {}) {
  const ext = COMPILED ? 'js' : 'ts';
  const entry = options.entry ?? path.join(HARNESS_DIR, `conformance.jest.${ext}`);
  return {
    rootDir: PROJECT_ROOT,
    roots: [path.dirname(entry)],
    testMatch: [`**/${path.basename(entry)}`],
    testEnvironment: 'node',
    transform: COMPILED ? {} : { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(PROJECT_ROOT, 'tsconfig.json') }] },
    setupFiles: [path.join(HARNESS_DIR, `environment.${ext}`)],
    reporters: [
      options.silent ? path.join(PROJECT_ROOT, 'src', 'harness', 'quiet-reporter.js') : 'default',
      ['jest-junit', {
        outputDirectory: reportsDir,
        outputName: 'junit.xml',
        suiteName: 'iam-conformance',
        // No placeholder: the <testsuite> is named after the target.
        suiteNameTemplate: suiteName.replace(/[{}]/g, ''),
        classNameTemplate: '{classname}',
        titleTemplate: '{title}',
        ancestorSeparator: ' › ',
        addFileAttribute: 'false',
        reportTestSuiteErrors: 'true',
        noStackTrace: 'true',
      }],
    ],
  };
}

export async function reportThroughJest(run: ResultsDocument, reportsDir: string, options: { silent?: boolean } = {}): Promise<JestOutcome> {
  mkdirSync(reportsDir, { recursive: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'iam-conformance-'));
  const resultsFile = path.join(tmp, 'results.json');
  writeFileSync(resultsFile, JSON.stringify(run));
  process.env[RESULTS_ENV] = resultsFile;
  const junitFile = path.join(reportsDir, 'junit.xml');
  const config = conformanceJestConfig(reportsDir, run.target.label, options);
  try {
    const { results } = await runCLI(
      { _: [], $0: 'iam-conformance', config: JSON.stringify(config), runInBand: true, silent: false, ci: true, watchman: false } as any,
      [PROJECT_ROOT],
    );
    fillCaseTimes(junitFile, run);
    const suiteError = results.testResults.find((t) => t.testExecError)?.testExecError;
    return {
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      harnessError: suiteError ? suiteError.message : results.numRuntimeErrorTestSuites ? 'the conformance harness failed to run' : undefined,
      junitFile,
    };
  } finally {
    delete process.env[RESULTS_ENV];
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(junitFile)) writeFileSync(junitFile, '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="iam-conformance" tests="0" failures="0" errors="1"/>\n');
  }
}

/**
 * The jest tests only report results, so jest-junit times them at ~0 s; put each case's real duration
 * (and the suite's) into the report, matching testcases by the case id that starts their name.
 */
function fillCaseTimes(junitFile: string, run: ResultsDocument): void {
  if (!existsSync(junitFile)) return;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const byId = new Map(run.cases.map((c) => [c.caseId, c.durationMs]));
  const skipReason = new Map(run.cases.filter((c) => c.verdict === 'expected-failure').map((c) => [c.caseId, describeExpectedFailure(c)]));
  const infra = new Set(run.cases.filter((c) => c.verdict === 'infrastructure').map((c) => c.caseId));
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const total = run.cases.reduce((sum, c) => sum + c.durationMs, 0);
  const xml = readFileSync(junitFile, 'utf8')
    .replace(/(<testcase [^>]*name="([^":]+):[^"]*" time=")[^"]*(")/g, (m, head, id, tail) => (byId.has(id) ? `${head}${seconds(byId.get(id)!)}${tail}` : m))
    .replace(/(<testsuites? [^>]*time=")[^"]*(")/g, `$1${seconds(total)}$2`)
    // An infrastructure problem is a JUnit <error> (could not run), not a <failure> (did not conform).
    .replace(/(<testcase [^>]*name="([^":]+):[^"]*"[^>]*>\s*)<failure>([\s\S]*?)<\/failure>/g, (m, head, id, text) =>
      infra.has(id) ? `${head}<error message="infrastructure problem: the target kept throttling">${text}</error>` : m)
    // jest cannot give a skipped test a reason; JUnit can.
    .replace(/(<testcase [^>]*name="([^":]+):[^"]*"[^>]*>\s*)<skipped\/>/g, (m, head, id) => (skipReason.has(id) ? `${head}<skipped message="${attr(skipReason.get(id)!)}"/>` : m));
  writeFileSync(junitFile, xml);
}
