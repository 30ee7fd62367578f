// iam-conformance: run the conformance cases against a live endpoint or a recording, write JUnit.
// Exit codes: 0 every case conforms; 1 some case does not; 2 usage, configuration or case-file error.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { loadContract, PROJECT_ROOT } from '../contract';
import { CaseFileError, loadCases } from '../cases/loader';
import { readRecording, RecordingError } from '../transport/recording';
import { isLoopbackUrl } from '../transport/sdk-caller';
import { DEFAULT_SETTINGS, type RunSettings } from '../runner/session';
import type { RunPlan, TargetPlan } from '../runner/plan';
import type { CaseSet } from '../cases/model';
import { formatLoc } from '../cases/model';
import { describeFailure, type CaseResult } from '../runner/results';
import { writeJUnit } from '../report/junit';
import { exitCodeOf, mergeDocuments, MergeError, resultsDocument, type ResultsDocument } from '../report/document';
import { renderMarkdown } from '../report/markdown';
import { renderHtml } from '../report/html';
import { renderMatrixHtml, renderMatrixMarkdown } from '../report/matrix';
import { ruleCoverage } from '../docs/generate';
import { BEHAVIOURS } from '../reference-target/behaviours';
import { runSuite } from '../runner/run';
import { checkAccount, GuardRefusal, isRealAws, unsafeOperations } from '../safety/aws-guard';
import type { Contract } from '../contract';
import { ExpectationFileError, expectationFor, loadExpectations, verdictOf, type ExpectationFile } from '../expectations/expectations';
import { writeFileSync, mkdirSync } from 'node:fs';

export const DEFAULT_CASES = path.join(PROJECT_ROOT, 'cases');
export const DEFAULT_RECORDING = path.join(PROJECT_ROOT, 'recordings', 'reference');

export class UsageError extends Error {}

const VERSION: string = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version;

interface RunOptions {
  endpoint?: string;
  replay?: string;
  cases?: string[];
  reports: string;
  entityPath?: string;
  region?: string;
  pollBudget: string;
  requestTimeout: string;
  budget: string;
  caseId?: string[];
  quiet?: boolean;
  targetName?: string;
  expectations?: string;
  allowAws?: boolean;
  allowedAccounts?: string;
  throttleRetries: string;
  compare?: string;
  knownDeviations?: string;
  normalizeIds?: boolean;
  wire: string;
  case?: string[];
  tag?: string[];
  grep?: string;
  list?: boolean;
  bail?: boolean;
  shard?: string;
}

function positiveNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} needs a positive number of seconds, got "${value}"`);
  return n;
}

function wireMode(value: string): 'strict' | 'lenient' {
  if (value !== 'strict' && value !== 'lenient') throw new UsageError(`--wire is strict or lenient, not "${value}"`);
  return value;
}

function nonNegativeInteger(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} needs a whole number >= 0, got "${value}"`);
  return n;
}

/** Differential mode: the recording to compare with, and the target's known deviations (never for AWS). */
function comparison(o: RunOptions, endpoint: string | undefined): { compareWith?: string; knownDeviations?: string[] } {
  if (o.knownDeviations && !o.compare) throw new UsageError('--known-deviations only applies with --compare');
  if (!o.compare) return {};
  const dir = path.resolve(o.compare);
  try {
    readRecording(dir);
  } catch (e) {
    if (e instanceof RecordingError) throw new UsageError(`--compare: ${e.message}`);
    throw e;
  }
  if (!o.knownDeviations) return { compareWith: dir };
  if (isRealAws(endpoint)) throw new UsageError('known deviations are never applied against AWS: drop --known-deviations');
  let doc: { paths?: unknown };
  try {
    doc = parseYaml(readFileSync(o.knownDeviations, 'utf8')) ?? {};
  } catch (e) {
    throw new UsageError(`--known-deviations ${o.knownDeviations}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!Array.isArray(doc.paths) || !doc.paths.every((p) => typeof p === 'string')) throw new UsageError(`--known-deviations ${o.knownDeviations}: expected "paths:" with a list of member paths such as AccessDetails[*].Region`);
  return { compareWith: dir, knownDeviations: doc.paths };
}

function resolveTarget(o: RunOptions, recordTo?: string): { target: TargetPlan; caseIds?: string[]; settings: Partial<RunSettings>; label: string } {
  if (o.endpoint && o.replay) throw new UsageError('--endpoint and --replay exclude each other: pick a live endpoint or a recording');
  const endpoint = o.endpoint ?? (o.replay ? undefined : process.env.AWS_ENDPOINT_URL_IAM ?? process.env.AWS_ENDPOINT_URL);
  // Live when an endpoint is configured, when recording, or when AWS itself is asked for (--allow-aws).
  if (!o.replay && (endpoint || recordTo || o.allowAws)) {
    if (endpoint) {
      let url: URL;
      try {
        url = new URL(endpoint);
      } catch {
        throw new UsageError(`"${endpoint}" is not a URL (expected something like http://127.0.0.1:4566)`);
      }
      if (!/^https?:$/.test(url.protocol)) throw new UsageError(`${endpoint}: only http and https endpoints are supported`);
      if (isLoopbackUrl(endpoint)) process.env.AWS_EC2_METADATA_DISABLED ??= 'true';
    }
    return {
      target: {
        kind: 'live', endpoint, region: o.region, recordTo, recordName: o.targetName, normalizeIds: o.normalizeIds,
        throttleRetries: nonNegativeInteger(o.throttleRetries, '--throttle-retries'), ...comparison(o, endpoint),
      },
      settings: {}, label: `live ${endpoint ?? 'AWS (the SDK\'s default IAM endpoint)'}`,
    };
  }
  const dir = path.resolve(o.replay ?? DEFAULT_RECORDING);
  try {
    const rec = readRecording(dir);
    return {
      target: { kind: 'replay', dir },
      caseIds: rec.meta.cases,
      settings: rec.meta.settings?.entityPath ? { entityPath: rec.meta.settings.entityPath } : {},
      label: `replay ${path.relative(process.cwd(), dir) || dir} (recorded from ${rec.meta.recordedFrom} on ${rec.meta.recordedAt.slice(0, 10)})`,
    };
  } catch (e) {
    if (e instanceof RecordingError) throw new UsageError(e.message);
    throw e;
  }
}

async function runCommand(o: RunOptions, recordTo?: string): Promise<number> {
  const { target, caseIds, settings, label } = resolveTarget(o, recordTo);
  const casePaths = (o.cases?.length ? o.cases : [DEFAULT_CASES]).map((p) => path.resolve(p));
  // Validate every case file before anything runs: a broken case file is exit 2 with file:line.
  const contract = loadContract();
  const set = loadCases(casePaths, contract, { relativeTo: process.cwd() });
  const ids = selectCases(set, o, caseIds);
  if (o.list) {
    for (const c of set.cases.filter((x) => ids.includes(x.id))) process.stdout.write(`${c.id.padEnd(50)} ${c.rules.join(',').padEnd(14)} ${formatLoc(c.loc)}  ${c.title}\n`);
    process.stdout.write(`${ids.length} case(s)\n`);
    return 0;
  }
  if (target.kind === 'live') await guard(o, target.endpoint, contract);
  let expectations: ExpectationFile | undefined;
  if (o.expectations) {
    try {
      expectations = loadExpectations(path.resolve(o.expectations), { caseIds: set.cases.map((c) => c.id), tags: [...new Set(set.cases.flatMap((c) => c.tags))], operations: Object.keys(contract.operations) });
    } catch (e) {
      if (e instanceof ExpectationFileError) throw new UsageError(`bad expectations file:\n${e.message}`);
      throw e;
    }
  }
  const plan: RunPlan = {
    target,
    caseIds: ids.length === set.cases.length && !caseIds ? undefined : ids,
    settings: {
      ...DEFAULT_SETTINGS,
      ...settings,
      ...(o.entityPath ? { entityPath: o.entityPath } : {}),
      ...(target.kind === 'replay' ? { pollIntervalMs: 0 } : {}),
      pollBudgetMs: positiveNumber(o.pollBudget, '--poll-budget') * 1000,
      runBudgetMs: positiveNumber(o.budget, '--budget') * 1000,
      lenientWire: wireMode(o.wire) === 'lenient',
    },
    requestTimeoutMs: positiveNumber(o.requestTimeout, '--request-timeout') * 1000,
    reportsDir: path.resolve(o.reports),
  };
  const out = o.quiet ? process.stderr : process.stdout;
  if (!o.quiet) out.write(`${label}\n`);
  const tagsOf = new Map(set.cases.map((c) => [c.id, c.tags]));
  const judge = (r: CaseResult) => {
    const e = expectationFor(r, tagsOf.get(r.caseId) ?? [], expectations);
    r.verdict = verdictOf(r, e);
    if (e) r.expected = `${e.reason} (${path.relative(process.cwd(), e.loc) || e.loc})`;
  };
  const paint = colours(out);
  const run = await runSuite(plan, contract, set, {
    onCase: (r, i, total) => {
      judge(r);
      const mark = r.verdict === 'pass' ? paint.green('ok  ') : r.verdict === 'expected-failure' ? paint.yellow('xfail') : paint.red('FAIL');
      if (!o.quiet) out.write(`  ${mark} ${String(i + 1).padStart(3)}/${total} ${r.caseId} (${Math.round(r.durationMs)} ms)\n`);
    },
    stopAfter: (r) => Boolean(o.bail) && (r.verdict === 'fail' || r.verdict === 'unexpected-pass' || r.verdict === 'not-checked'),
    onProgress: o.quiet ? undefined : (m) => out.write(`       ${paint.dim(m)}\n`),
  });
  run.target.label = label;
  if (o.bail && run.cases.length < ids.length) out.write(`stopped after the first case that does not conform (--bail): ${ids.length - run.cases.length} case(s) not run\n`);
  const doc = resultsDocument(run, set, contract, VERSION);
  writeReports(doc, plan.reportsDir);
  writeJUnit(doc, plan.reportsDir);
  if (!o.quiet) {
    for (const r of doc.cases.filter((c) => c.verdict === 'fail' || c.verdict === 'unexpected-pass' || c.verdict === 'not-checked')) {
      out.write(`\n${paint.red('✗')} ${describeFailure(r)}\n`);
    }
  }
  out.write(`\n${summaryLine(doc)} Reports: ${path.relative(process.cwd(), plan.reportsDir) || '.'}/{junit.xml,report.html,summary.md,results.json}\n`);
  if (recordTo) out.write(`Recording written to ${path.relative(process.cwd(), recordTo) || recordTo}\n`);
  return exitCodeOf(doc);
}

/** The case ids to run: the recording's (if any), narrowed by --case-id, --tag and --grep. */
function selectCases(set: CaseSet, o: RunOptions, recorded: string[] | undefined): string[] {
  if (o.case?.length) o.caseId = [...(o.caseId ?? []), ...o.case];
  let cases = set.cases.filter((c) => !recorded || recorded.includes(c.id));
  if (o.caseId?.length) {
    const unknown = o.caseId.filter((id) => !set.cases.some((c) => c.id === id));
    if (unknown.length) throw new UsageError(`no case has the id ${unknown.join(', ')}`);
    cases = cases.filter((c) => o.caseId!.includes(c.id));
  }
  if (o.tag?.length) cases = cases.filter((c) => c.tags.some((t) => o.tag!.includes(t)));
  if (o.grep) {
    let re: RegExp;
    try {
      re = new RegExp(o.grep, 'i');
    } catch (e) {
      throw new UsageError(`--grep: ${(e as Error).message}`);
    }
    cases = cases.filter((c) => re.test(c.id) || re.test(c.title));
  }
  if (cases.length === 0) throw new UsageError('no case matches the selection (--case-id, --tag, --grep)');
  if (o.shard) {
    // Round robin over the selection: deterministic, and each shard gets a mix of slow and fast cases.
    const m = /^(\d+)\/(\d+)$/.exec(o.shard);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UsageError(`--shard is i/n with 1 <= i <= n, got "${o.shard}"`);
    const [i, n] = [Number(m[1]), Number(m[2])];
    cases = cases.filter((_, k) => k % n === i - 1);
    if (cases.length === 0) throw new UsageError(`shard ${o.shard} has no case (the selection has fewer than ${n})`);
  }
  return cases.map((c) => c.id);
}

/** Colour only on a terminal, and never with NO_COLOR set. */
function colours(stream: NodeJS.WriteStream) {
  const on = Boolean(stream.isTTY) && !process.env.NO_COLOR;
  const wrap = (code: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { green: wrap(32), red: wrap(31), yellow: wrap(33), dim: wrap(2) };
}

/** The results.json of an earlier run (for merge and matrix). */
function readResults(dir: string): ResultsDocument {
  const file = path.join(dir, 'results.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ResultsDocument;
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
}

/** results.json, summary.md and report.html; junit.xml comes from jest-junit (src/report/junit.ts). */
function writeReports(doc: ResultsDocument, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'results.json'), `${JSON.stringify(doc, null, 2)}\n`);
  writeFileSync(path.join(dir, 'summary.md'), renderMarkdown(doc));
  writeFileSync(path.join(dir, 'report.html'), renderHtml(doc));
}

function summaryLine(doc: ResultsDocument): string {
  const s = doc.summary;
  const extras = [
    s['expected-failure'] ? `${s['expected-failure']} expected failures` : '',
    s['unexpected-pass'] ? `${s['unexpected-pass']} unexpected passes` : '',
    s.notImplemented ? `${s.notImplemented} need an operation the target does not implement` : '',
    s['not-checked'] ? `${s['not-checked']} not checked` : '',
    s.generated ? `${s.generated} of the cases are generated inputs` : '',
  ].filter(Boolean);
  return `${doc.target.label}\n${s.pass} conform, ${s.fail + s['unexpected-pass']} do not${extras.length ? ` (${extras.join('; ')})` : ''}.`;
}

/** Real AWS only on request, only safe operations, and (optionally) only in listed accounts. */
async function guard(o: RunOptions, endpoint: string | undefined, contract: Contract): Promise<void> {
  const aws = isRealAws(endpoint);
  if (aws && !o.allowAws) {
    throw new UsageError(`refusing to run against real AWS (${endpoint ?? 'the SDK\'s default IAM endpoint'}) without --allow-aws. ` +
      'Use a sandbox organization\'s management account, and consider --allowed-accounts.');
  }
  if (aws) {
    const unsafe = unsafeOperations(contract);
    if (unsafe.length) throw new UsageError(`refusing to run against AWS: the contract has operations that are neither reads nor report generation (${unsafe.join(', ')})`);
  }
  if (o.allowedAccounts !== undefined) {
    const allowed = o.allowedAccounts.split(',').map((a) => a.trim()).filter(Boolean);
    try {
      await checkAccount(allowed, { endpoint: aws ? undefined : endpoint, region: o.region });
    } catch (e) {
      if (e instanceof GuardRefusal) throw new UsageError(`refusing to run: ${e.message}`);
      throw e;
    }
  }
}

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('iam-conformance')
    .description('Conformance suite for the AWS IAM Organizations access report (Generate/GetOrganizationsAccessReport)')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const common = (cmd: Command) =>
    cmd
      .option('--cases <path...>', 'case files or folders', undefined)
      .option('--case <id...>', 'run only these case ids')
      .addOption(new Option('--case-id <id...>', 'the same as --case').hideHelp())
      .option('--tag <tag...>', 'run only cases with one of these tags')
      .option('--grep <regex>', 'run only cases whose id or title matches (case-insensitive)')
      .option('--list', 'list the selected cases and exit without running them')
      .option('--bail', 'stop after the first case that does not conform')
      .option('--shard <i/n>', 'run the i-th of n parts of the selection (merge the reports with "merge")')
      .option('--reports <dir>', 'where junit.xml and results.json go', 'reports')
      .option('--entity-path <path>', `EntityPath for the shared report (default ${DEFAULT_SETTINGS.entityPath})`)
      .option('--region <region>', 'signing region for a live endpoint (default us-east-1)')
      .option('--poll-budget <seconds>', 'how long to wait for the report job', String(DEFAULT_SETTINGS.pollBudgetMs / 1000))
      .option('--request-timeout <seconds>', 'per-request deadline', '30')
      .option('--budget <seconds>', 'deadline for the whole run; later cases fail saying so', String(DEFAULT_SETTINGS.runBudgetMs / 1000))
      .option('--allow-aws', 'allow a run against real AWS (no --endpoint, or an amazonaws.com endpoint)')
      .option('--allowed-accounts <ids>', 'comma-separated account ids; checked with STS GetCallerIdentity before any other call')
      .option('--wire <mode>', 'strict: elements and members the contract does not define fail; lenient: they do not', 'strict')
      .option('--throttle-retries <n>', 'retries, with backoff, of throttled live requests before the case counts as not checked', '4')
      .addOption(new Option('--quiet', 'print only the summary').hideHelp(false));
  common(program.command('run').description('run the cases against a live endpoint, or replay a recording (the default: the bundled one, offline)'))
    .option('--endpoint <url>', 'live endpoint (default: AWS_ENDPOINT_URL_IAM or AWS_ENDPOINT_URL; else the bundled recording)')
    .option('--replay <dir>', 'recording folder to replay offline (default recordings/reference)')
    .option('--expectations <file>', 'known gaps of the target (YAML): matching failures become expected failures')
    .option('--compare <dir>', 'differential mode: compare every live answer with this recording, field by field')
    .option('--known-deviations <file>', 'with --compare: YAML "paths:" whose differences this target is known for (not for AWS)')
    .action(async (o: RunOptions) => setExit(await runCommand(o)));
  common(program.command('record').description('run the cases against a live endpoint and record the exchanges as nock fixtures'))
    .option('--endpoint <url>', 'live endpoint to record (or --allow-aws to record AWS itself)')
    .requiredOption('--out <dir>', 'recording folder to write')
    .option('--target-name <text>', 'what is being recorded, kept in meta.json (default: the endpoint URL)')
    .option('--normalize-ids', 'replace organization, root, OU and account ids with placeholders (JobIds and markers always are)')
    .action(async (o: RunOptions & { out: string }) => {
      if (!o.endpoint && !o.allowAws && !process.env.AWS_ENDPOINT_URL_IAM && !process.env.AWS_ENDPOINT_URL) throw new UsageError('record needs --endpoint URL (or --allow-aws to record AWS itself)');
      setExit(await runCommand(o, path.resolve(o.out)));
    });
  program.command('merge')
    .description('merge the reports of sharded runs (their results.json) into one set of reports')
    .argument('<dirs...>', 'report folders of the shards')
    .option('--reports <dir>', 'where the merged reports go', 'reports')
    .option('--quiet', 'print only the summary')
    .action(async (dirs: string[], o: { reports: string; quiet?: boolean }) => {
      const docs = dirs.map(readResults);
      let merged: ResultsDocument;
      try {
        merged = mergeDocuments(docs, loadContract());
      } catch (e) {
        if (e instanceof MergeError) throw new UsageError(`cannot merge: ${e.message}`);
        throw e;
      }
      const dir = path.resolve(o.reports);
      writeReports(merged, dir);
      writeJUnit(merged, dir);
      (o.quiet ? process.stderr : process.stdout).write(`merged ${docs.length} shard(s): ${summaryLine(merged)} Reports: ${path.relative(process.cwd(), dir) || '.'}/{junit.xml,report.html,summary.md,results.json}\n`);
      setExit(exitCodeOf(merged));
    });
  program.command('matrix')
    .description('one matrix (cases and rules x targets) from the reports of several runs: matrix.html and matrix.md')
    .argument('<dirs...>', 'report folders of the runs (each with results.json)')
    .option('--reports <dir>', 'where matrix.html and matrix.md go', 'reports')
    .action((dirs: string[], o: { reports: string }) => {
      const docs = dirs.map(readResults);
      const dir = path.resolve(o.reports);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'matrix.md'), renderMatrixMarkdown(docs));
      writeFileSync(path.join(dir, 'matrix.html'), renderMatrixHtml(docs));
      process.stdout.write(`matrix of ${docs.length} run(s): ${path.relative(process.cwd(), dir) || '.'}/{matrix.html,matrix.md}\n`);
      setExit(0);
    });
  program.command('coverage')
    .description('each rule of specs/rules.yaml with the cases that check it and the catalogued breaks of it; exit 1 when a testable rule has no case')
    .option('--cases <path...>', 'case files or folders (default cases/)')
    .action((o: { cases?: string[] }) => {
      const contract = loadContract();
      const set = loadCases((o.cases?.length ? o.cases : [DEFAULT_CASES]).map((p) => path.resolve(p)), contract, { relativeTo: process.cwd() });
      const rows = ruleCoverage(contract, set);
      for (const r of rows) {
        const breaks = BEHAVIOURS.filter((b) => b.kind === 'broken' && b.rules.includes(r.id)).map((b) => b.name);
        const status = !r.testable ? 'not testable' : r.cases.length ? `${r.cases.length} case(s)` : 'NOT COVERED';
        process.stdout.write(`${r.id.padEnd(4)} ${status.padEnd(13)} ${r.title}\n`);
        if (!r.testable) process.stdout.write(`       why: ${r.why}\n`);
        if (r.cases.length) process.stdout.write(`       cases: ${r.cases.join(', ')}\n`);
        if (breaks.length) process.stdout.write(`       broken by: ${breaks.join(', ')}\n`);
      }
      const uncovered = rows.filter((r) => r.testable && !r.cases.length).map((r) => r.id);
      process.stdout.write(`${rows.filter((r) => r.testable).length - uncovered.length} of ${rows.filter((r) => r.testable).length} testable rules covered${uncovered.length ? `; not covered: ${uncovered.join(', ')}` : ''}\n`);
      setExit(uncovered.length ? 1 : 0);
    });
  program.command('validate')
    .description('check case files (and an expectations file) without running anything: exit 0 when valid, 2 with file:line otherwise')
    .option('--cases <path...>', 'case files or folders (default cases/)')
    .option('--expectations <file>', 'an expectations file to check against the cases')
    .action((o: { cases?: string[]; expectations?: string }) => {
      const contract = loadContract();
      const set = loadCases((o.cases?.length ? o.cases : [DEFAULT_CASES]).map((p) => path.resolve(p)), contract, { relativeTo: process.cwd() });
      if (o.expectations) {
        try {
          loadExpectations(path.resolve(o.expectations), { caseIds: set.cases.map((c) => c.id), tags: [...new Set(set.cases.flatMap((c) => c.tags))], operations: Object.keys(contract.operations) });
        } catch (e) {
          if (e instanceof ExpectationFileError) throw new UsageError(`bad expectations file:\n${e.message}`);
          throw e;
        }
      }
      const generated = set.cases.filter((c) => c.tags.includes('generated')).length;
      process.stdout.write(`${set.cases.length} cases (${generated} generated) and ${Object.keys(set.fixtures).length} fixture(s) in ${set.files.length} files are valid${o.expectations ? `; ${o.expectations} is valid` : ''}\n`);
      setExit(0);
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) process.stderr.write(`iam-conformance: ${e.message}\n`);
    else if (e instanceof CaseFileError) process.stderr.write(`iam-conformance: ${e.message}\n`);
    else process.stderr.write(`iam-conformance: ${(e as Error).message}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}

