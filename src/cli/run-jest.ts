// Runs the conformance harness through jest, in this process, with jest-junit writing the JUnit report.
import { mkdirSync, mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCLI } from 'jest';
import { PROJECT_ROOT } from '../contract';
import { PLAN_ENV, type RunPlan } from '../harness/plan';

export interface JestOutcome {
  passed: number;
  failed: number;
  /** The harness itself could not run (not a conformance verdict). */
  harnessError?: string;
  junitFile: string;
}

export async function runConformanceJest(plan: RunPlan, suiteName: string, options: { silent?: boolean } = {}): Promise<JestOutcome> {
  mkdirSync(plan.reportsDir, { recursive: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'iam-conformance-'));
  const planFile = path.join(tmp, 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan));
  process.env[PLAN_ENV] = planFile;
  const junitFile = path.join(plan.reportsDir, 'junit.xml');
  const config = {
    rootDir: PROJECT_ROOT,
    roots: ['<rootDir>/src/harness'],
    testMatch: ['**/conformance.jest.ts'],
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(PROJECT_ROOT, 'tsconfig.json') }] },
    setupFiles: [path.join(PROJECT_ROOT, 'src', 'harness', 'environment.ts')],
    reporters: [
      options.silent ? path.join(PROJECT_ROOT, 'src', 'harness', 'quiet-reporter.js') : 'default',
      ['jest-junit', {
        outputDirectory: plan.reportsDir,
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
  try {
    const { results } = await runCLI(
      { _: [], $0: 'iam-conformance', config: JSON.stringify(config), runInBand: true, silent: false, ci: true, watchman: false } as any,
      [PROJECT_ROOT],
    );
    const suiteError = results.testResults.find((t) => t.testExecError)?.testExecError;
    return {
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      harnessError: suiteError ? suiteError.message : results.numRuntimeErrorTestSuites ? 'the conformance harness failed to run' : undefined,
      junitFile,
    };
  } finally {
    delete process.env[PLAN_ENV];
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(junitFile)) writeFileSync(junitFile, '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="iam-conformance" tests="0" failures="0" errors="1"/>\n');
  }
}
