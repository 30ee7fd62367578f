// The GitHub Action (action.yml): its composite steps run here as a runner runs them — each `run:` through
// `bash --noprofile --norc -eo pipefail`, its `env:` with `${{ inputs.* }}` filled in from the inputs (and
// their defaults), GITHUB_ACTION_PATH, GITHUB_WORKSPACE, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY set, in the
// workspace folder — against the reference target over real HTTP. The action's outputs are then read the way
// GitHub reads them: `outputs.*.value` evaluated against the step outputs written to GITHUB_OUTPUT.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../src/contract';
import { startReferenceTarget, type RunningTarget } from '../../src/reference-target/server';
import { behaviourNamed } from '../../src/reference-target/behaviours';

interface ActionStep { name?: string; id?: string; shell?: string; run?: string; uses?: string; env?: Record<string, string>; if?: string }
interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(readFileSync(path.join(PROJECT_ROOT, 'action.yml'), 'utf8')) as Action;

/** `${{ inputs.x }}`, `${{ steps.id.outputs.x }}` and `${{ github.action_path }}`; anything else is refused, so the action stays testable here. */
function evaluate(text: string, context: { inputs: Record<string, string>; steps: Record<string, Record<string, string>>; actionPath: string }): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_all, expr: string) => {
    let m: RegExpExecArray | null;
    if ((m = /^inputs\.([\w-]+)$/.exec(expr))) {
      if (!(m[1] in action.inputs)) throw new Error(`action.yml uses an input it does not declare: ${m[1]}`);
      return context.inputs[m[1]] ?? '';
    }
    if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr))) return context.steps[m[1]]?.[m[2]] ?? '';
    if (expr === 'github.action_path') return context.actionPath;
    throw new Error(`the local runner does not know the expression \${{ ${expr} }}`);
  });
}

/** Parses a GitHub file command file (name=value lines, and name<<DELIMITER blocks). */
function readFileCommand(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) out[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1);
  }
  return out;
}

interface ActionRun { code: number; log: string; outputs: Record<string, string>; summary: string; workspace: string }

/** Runs the action's steps with these inputs; prepare writes files into the workspace first (as a checkout step would). */
async function runAction(given: Record<string, string>, prepare?: (workspace: string) => void): Promise<ActionRun> {
  for (const name of Object.keys(given)) if (!(name in action.inputs)) throw new Error(`no input named ${name}`);
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default ?? '']));
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'iam-action-'));
  prepare?.(workspace);
  const runnerTemp = path.join(workspace, '_runner');
  mkdirSync(runnerTemp);
  const summaryFile = path.join(runnerTemp, 'step_summary');
  writeFileSync(summaryFile, '# Earlier steps wrote this\n');
  const steps: Record<string, Record<string, string>> = {};
  let log = '';
  let code = 0;
  for (const [i, step] of action.runs.steps.entries()) {
    if (step.uses || step.if) throw new Error(`step ${i} uses or if: the local runner runs only plain run steps`);
    expect(step.shell).toBe('bash');
    const outputFile = path.join(runnerTemp, `output_${i}`);
    writeFileSync(outputFile, '');
    const scriptFile = path.join(runnerTemp, `step_${i}.sh`);
    writeFileSync(scriptFile, evaluate(step.run!, { inputs, steps, actionPath: PROJECT_ROOT }));
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(String(v), { inputs, steps, actionPath: PROJECT_ROOT })]));
    code = await new Promise<number>((resolve) => {
      const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile], {
        cwd: workspace,
        env: { ...process.env, ...stepEnv, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_ACTION_PATH: PROJECT_ROOT, GITHUB_WORKSPACE: workspace,
          GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, RUNNER_TEMP: runnerTemp },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (d) => (log += d));
      child.stderr.on('data', (d) => (log += d));
      child.once('close', (c) => resolve(c ?? -1));
    });
    if (step.id) steps[step.id] = readFileCommand(outputFile);
    if (code !== 0) break; // a failing step fails the action; later steps do not run
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, evaluate(v.value, { inputs, steps, actionPath: PROJECT_ROOT })]));
  return { code, log, outputs, summary: readFileSync(summaryFile, 'utf8'), workspace };
}

let target: RunningTarget | undefined;
const workspaces: string[] = [];
afterEach(async () => {
  await target?.close();
  target = undefined;
});
afterAll(() => {
  for (const w of workspaces) rmSync(w, { recursive: true, force: true });
});

test('action.yml is a composite action whose inputs and outputs are those the README documents', () => {
  expect(action.runs.using).toBe('composite');
  expect(Object.keys(action.inputs).sort()).toEqual(['args', 'cases', 'endpoint', 'expectations', 'reports', 'tags']);
  expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['verdict', 'total', 'passed', 'nothing-judged', 'failed', 'expected-failures', 'unexpected-passes', 'not-checked', 'exit-code', 'junit']));
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const workflow = readme.slice(readme.indexOf('/iam-conformance@v1'));
  expect(Object.keys(action.inputs).filter((input) => !new RegExp(`^\\s+${input}:`, 'm').test(workflow))).toEqual([]);
});

test('against a conforming target: exit 0, counts as outputs, junit.xml where the job can upload it, summary appended', async () => {
  target = await startReferenceTarget({ pollsBeforeComplete: 0 });
  const r = await runAction({ endpoint: target.url, reports: 'out/conformance' });
  workspaces.push(r.workspace);
  expect(r.code).toBe(0);
  const results = JSON.parse(readFileSync(path.join(r.workspace, 'out', 'conformance', 'results.json'), 'utf8'));
  expect(Number(r.outputs.total)).toBeGreaterThan(50);
  expect(r.outputs).toMatchObject({ 'exit-code': '0', verdict: 'conforms', total: String(results.summary.total), passed: String(results.summary.pass), failed: '0', 'unexpected-passes': '0', 'not-checked': '0' });
  expect(results.summary.pass + results.summary['nothing-judged']).toBe(results.summary.total);
  expect(r.outputs.junit).toBe(path.join(r.workspace, 'out', 'conformance', 'junit.xml'));
  expect(readFileSync(r.outputs.junit, 'utf8')).toMatch(/<testsuite[^>]*name="live http:\/\/127\.0\.0\.1:\d+"/);
  const summary = readFileSync(path.join(r.workspace, 'out', 'conformance', 'summary.md'), 'utf8');
  expect(r.summary).toBe(`# Earlier steps wrote this\n${summary.trimEnd()}\n`);
}, 180_000);

test('against a broken target (--behaviour sort-key-ignored), with tags and extra args: exit 1, the failures counted', async () => {
  target = await startReferenceTarget({ pollsBeforeComplete: 0, behaviour: behaviourNamed('sort-key-ignored') });
  const r = await runAction({ endpoint: target.url, tags: 'sort', args: '--wire lenient --quiet' });
  workspaces.push(r.workspace);
  expect(r.code).toBe(1);
  const reports = path.join(r.workspace, 'iam-conformance-reports'); // the default reports input
  const results = JSON.parse(readFileSync(path.join(reports, 'results.json'), 'utf8'));
  expect(results.cases.every((c: { tags?: string[] }) => !c.tags || c.tags.includes('sort'))).toBe(true);
  expect(Number(r.outputs.failed)).toBeGreaterThan(0);
  expect(r.outputs).toMatchObject({ 'exit-code': '1', verdict: 'does-not-conform', total: String(results.summary.total), failed: String(results.summary.fail) });
  expect(existsSync(path.join(reports, 'junit.xml'))).toBe(true);
  expect(r.summary).toContain(readFileSync(path.join(reports, 'summary.md'), 'utf8').trimEnd());
  expect(r.log).toMatch(/iam-conformance run --reports iam-conformance-reports --endpoint http:\/\/127\.0\.0\.1:\d+ --tag sort --wire lenient --quiet/);
}, 180_000);

test('an expectations file relative to the workspace turns the known gaps into expected failures: exit 0', async () => {
  target = await startReferenceTarget({ pollsBeforeComplete: 0, behaviour: behaviourNamed('sort-key-ignored') });
  const probe = await runAction({ endpoint: target.url, tags: 'sort', args: '--quiet' });
  workspaces.push(probe.workspace);
  const failing = (JSON.parse(readFileSync(path.join(probe.workspace, 'iam-conformance-reports', 'results.json'), 'utf8')).cases as { caseId: string; verdict: string }[])
    .filter((c) => c.verdict === 'fail').map((c) => c.caseId);
  expect(failing.length).toBeGreaterThan(0);
  const r = await runAction({ endpoint: target.url, tags: 'sort', expectations: 'ci/expectations.yaml', args: '--quiet' }, (ws) => {
    mkdirSync(path.join(ws, 'ci'));
    writeFileSync(path.join(ws, 'ci', 'expectations.yaml'), `target: reference target, SortKey ignored\nexpectations:\n${failing.map((id) => `  - case: ${id}\n    outcome: fail\n    reason: sorting is not built yet\n`).join('')}`);
  });
  workspaces.push(r.workspace);
  expect(r.code).toBe(0);
  expect(r.outputs).toMatchObject({ 'exit-code': '0', verdict: 'conforms-except-expected', failed: '0', 'expected-failures': String(failing.length) });
}, 180_000);

test('bad extra arguments fail the step with exit 2 and a reason, outputs still written', async () => {
  const r = await runAction({ args: '--reports elsewhere' });
  workspaces.push(r.workspace);
  expect(r.code).toBe(2);
  expect(r.log).toMatch(/set the reports folder with the "reports" input/);
  expect(r.outputs.total).toBe('');
}, 60_000);
