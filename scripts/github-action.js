#!/usr/bin/env node
// The GitHub Action's logic (action.yml calls it; test/action/ runs those same steps locally).
//   github-action.js install   npm ci in the action's folder (builds dist/), unless it is already installed
//   github-action.js run       iam-conformance run with the inputs, then outputs, summary, exit code
// Composite actions hand inputs over as the step's environment (IAM_CONFORMANCE_*, see action.yml).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');

/** Splits an input into words as a shell would for plain words, "double" and 'single' quotes (no expansion). */
function words(text) {
  const out = [];
  let word = null;
  let quote = null;
  for (const ch of text ?? '') {
    if (quote) {
      if (ch === quote) quote = null;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== null) out.push(word);
      word = null;
    } else word = (word ?? '') + ch;
  }
  if (quote) throw new Error(`unbalanced ${quote} in "${text}"`);
  if (word !== null) out.push(word);
  return out;
}

function install() {
  const lock = path.join(ROOT, 'package-lock.json');
  const installed = path.join(ROOT, 'node_modules', '.package-lock.json');
  const built = path.join(ROOT, 'dist', '.built');
  if (fs.existsSync(installed) && fs.existsSync(built) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs) {
    console.log('iam-conformance is already installed in the action folder');
    return 0;
  }
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  return r.status ?? 1;
}

function argumentsFromInputs(env) {
  const args = ['run', '--reports', env.IAM_CONFORMANCE_REPORTS || 'iam-conformance-reports'];
  if (env.IAM_CONFORMANCE_ENDPOINT) args.push('--endpoint', env.IAM_CONFORMANCE_ENDPOINT);
  if (env.IAM_CONFORMANCE_EXPECTATIONS) args.push('--expectations', env.IAM_CONFORMANCE_EXPECTATIONS);
  const cases = words(env.IAM_CONFORMANCE_CASES);
  if (cases.length) args.push('--cases', ...cases);
  const tags = words(env.IAM_CONFORMANCE_TAGS);
  if (tags.length) args.push('--tag', ...tags);
  const extra = words(env.IAM_CONFORMANCE_ARGS);
  if (extra.some((a) => a === '--reports' || a.startsWith('--reports='))) throw new Error('set the reports folder with the "reports" input, not in "args"');
  return [...args, ...extra];
}

/** Appends name=value lines to a GitHub file command (GITHUB_OUTPUT). */
function appendOutputs(file, outputs) {
  if (!file) return;
  fs.appendFileSync(file, Object.entries(outputs).map(([k, v]) => `${k}=${String(v).replace(/[\r\n]+/g, ' ')}\n`).join(''));
}

function run(env) {
  let args;
  try {
    args = argumentsFromInputs(env);
  } catch (e) {
    console.error(`iam-conformance action: ${e.message}`);
    return 2;
  }
  const reports = path.resolve(args[2]);
  console.log(`iam-conformance ${args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`);
  // Results of an earlier step in the same folder must not pass for this run's.
  fs.rmSync(path.join(reports, 'results.json'), { force: true });
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'iam-conformance.js'), ...args], { stdio: 'inherit', env });
  const code = r.status ?? 2;
  const outputs = { 'exit-code': code, reports, junit: path.join(reports, 'junit.xml') };
  const results = path.join(reports, 'results.json');
  if (fs.existsSync(results)) {
    const doc = JSON.parse(fs.readFileSync(results, 'utf8'));
    const s = doc.summary ?? {};
    Object.assign(outputs, {
      verdict: doc.overall ?? '',
      total: s.total ?? 0,
      passed: s.pass ?? 0,
      'nothing-judged': s['nothing-judged'] ?? 0,
      failed: s.fail ?? 0,
      'expected-failures': s['expected-failure'] ?? 0,
      'unexpected-passes': s['unexpected-pass'] ?? 0,
      'not-checked': s['not-checked'] ?? 0,
      'not-implemented': s.notImplemented ?? 0,
    });
  }
  appendOutputs(env.GITHUB_OUTPUT, outputs);
  const summary = path.join(reports, 'summary.md');
  if (env.GITHUB_STEP_SUMMARY && fs.existsSync(summary)) fs.appendFileSync(env.GITHUB_STEP_SUMMARY, `${fs.readFileSync(summary, 'utf8').trimEnd()}\n`);
  return code;
}

if (require.main === module) {
  const command = process.argv[2];
  if (command === 'install') process.exit(install());
  else if (command === 'run') process.exit(run(process.env));
  else {
    console.error('usage: github-action.js install | run');
    process.exit(2);
  }
}

module.exports = { words, argumentsFromInputs };
