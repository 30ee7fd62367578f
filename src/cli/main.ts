// iam-conformance: run the conformance cases against a live endpoint or a recording, write the reports.
// The CLI wires the stages (runner -> judge -> reporters); it never writes verdicts itself.
// Exit codes: 0 conforms (expected failures allowed); 1 some case does not conform, passed unexpectedly or
// was not checked; 2 usage, configuration, case-file or expectations-file error (nothing ran); 3 an internal
// error of iam-conformance (its stack on stderr and in results.json).
// Output: the final verdict and --list on stdout; progress and diagnostics on stderr.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { ContractError, loadContract, PROJECT_ROOT } from '../contract';
import { closest } from '../contract/source';
import { CaseFileError, loadCases, parseRunInput } from '../cases/loader';
import { readRecording, RecordingError } from '../transport/recording';
import { DEFAULT_LIMITS, DEFAULT_RETRY, isLoopbackUrl } from '../transport/sdk-caller';
import { DEFAULT_SETTINGS, type RunSettings } from '../runner/session';
import type { RunPlan, TargetPlan } from '../runner/plan';
import type { CaseSet } from '../cases/model';
import { formatLoc } from '../cases/model';
import { readResultsFile, ResultsFileError } from '../report/document';
import { writeReports, type ReportFailure } from '../report/write';
import { describeCase, headline, countsLine, expectationsLine, isBad, VERDICT_LABEL, VERDICT_MARK, comparisonLine, warningsLine } from '../report/format';
// Loaded by the commands that use them (matrix, coverage), not by every start.
const matrixModule = () => require('../report/matrix') as typeof import('../report/matrix');
const docsModule = () => require('../docs/generate') as typeof import('../docs/generate');
import { runSuite, type RunResults } from '../runner/run';
import { Judge, exercisedOperation, exitCodeOf, mergeDocuments, MergeError } from '../judge/judge';
import type { JudgedCase, ResultsDocument } from '../judge/types';
import { checkAccount, GuardRefusal, isRealAws, unsafeOperations } from '../safety/aws-guard';
import type { Contract } from '../contract';
import { ExpectationFileError, loadExpectations, type ExpectationFile } from '../expectations/expectations';
import { KnownDeviationsError, loadKnownDeviations } from '../expectations/known-deviations';
import { targetNameMismatch } from '../expectations/target-name';
import { writeFileSync, mkdirSync } from 'node:fs';

export const DEFAULT_CASES = path.join(PROJECT_ROOT, 'cases');
export const DEFAULT_RECORDING = path.join(PROJECT_ROOT, 'recordings', 'reference');

export class UsageError extends Error {}

/** Exit codes (README "Exit codes"). */
export const EXIT = { conforms: 0, verdict: 1, usage: 2, internal: 3 } as const;

/**
 * Test hook: IAM_CONFORMANCE_TEST_FAULT=<place> makes that place throw, as a bug of ours would, so a test can
 * prove that junit.xml is still written and the exit code is 3. Places: "run" (after the first case), or a
 * report file name ("report.html", "summary.md", "results.json", "junit.xml").
 */
export function injectedFault(place: string): void {
  if (process.env.IAM_CONFORMANCE_TEST_FAULT === place) throw new Error(`fault injected into ${place} (IAM_CONFORMANCE_TEST_FAULT)`);
}
const VERSION: string = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version;

interface RunOptions {
  specs?: string[];
  endpoint?: string;
  replay?: string;
  cases?: string[];
  reports: string;
  entityPath?: string;
  input?: string[];
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
  throttleRetries?: string;
  retries: string;
  retryBudget: string;
  idleTimeout: string;
  maxResponseSize: string;
  compare?: string;
  knownDeviations?: string;
  normalizeIds?: boolean;
  wire?: string;
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

/**
 * Against AWS (amazonaws.com, or the SDK's default endpoint), which adds members over time, elements the
 * contract does not define are warnings; emulators stay strict. --wire decides when it is given.
 */
/** The first wait between a report job's polls against a loopback endpoint. */
export const LOOPBACK_POLL_INTERVAL_MS = 5;

/**
 * The first wait between a report job's polls (each later one doubles, up to pollMaxIntervalMs). A replay
 * answers the next poll at once. A loopback emulator has nobody to be gentle with, and its jobs finish at
 * once or after a number of polls (the reference target), not after some time. Anything else (AWS, a
 * shared emulator) gets the default, 50 ms.
 */
export function firstPollWaitMs(target: { kind: 'live' | 'replay'; endpoint?: string }): number {
  if (target.kind === 'replay') return 0;
  return target.endpoint && isLoopbackUrl(target.endpoint) ? LOOPBACK_POLL_INTERVAL_MS : DEFAULT_SETTINGS.pollIntervalMs;
}

export function wireModeFor(endpoint: string | undefined, flag: string | undefined): 'strict' | 'lenient' {
  if (flag !== undefined) return wireMode(flag);
  return isRealAws(endpoint) ? 'lenient' : 'strict';
}

function wireMode(value: string): 'strict' | 'lenient' {
  if (value !== 'strict' && value !== 'lenient') throw new UsageError(`--wire is strict or lenient, not "${value}"`);
  return value;
}

/** A size in bytes: 4194304, 4MiB, 512KiB, 4MB. */
function byteSize(value: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i.exec(value);
  const unit = { '': 1, b: 1, k: 1024, kb: 1000, kib: 1024, m: 1024 ** 2, mb: 1000 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1000 ** 3, gib: 1024 ** 3 }[(m?.[2] ?? '').toLowerCase()];
  const n = m && unit ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!Number.isFinite(n) || n < 1024) throw new UsageError(`${flag} needs a size of at least 1KiB (e.g. 4MiB or 4194304), got "${value}"`);
  return n;
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
  try {
    return { compareWith: dir, knownDeviations: loadKnownDeviations(o.knownDeviations, contractOf(o)) };
  } catch (e) {
    if (e instanceof KnownDeviationsError) throw new UsageError(`bad --known-deviations file:\n${e.message}`);
    throw e;
  }
}

/** Where an option's value came from: typed by the user, or a default. */
type Sources = (name: string) => string | undefined;

interface ResolvedTarget {
  target: TargetPlan;
  /** The recording's case ids, for a replay. */
  recorded?: string[];
  /** The run inputs a replayed recording was made with (meta.settings: "input.NAME" -> text). */
  recordedInputs: Record<string, string>;
  /** Settings the target implies (against AWS: 5xx not checked, lenient wire). */
  settings: Partial<RunSettings>;
  label: string;
  /** Said on stderr before the run, --quiet or not. */
  note?: string;
}

/**
 * Options are validated together: those that only mean something against a live target are refused,
 * with the reason, when the run would replay a recording (a user who typed them expected a live run).
 */
function refuseLiveOnlyOptions(o: RunOptions, source: Sources, replayDir: string): void {
  const why = replayReason(o, replayDir);
  const given = [
    o.allowedAccounts !== undefined ? '--allowed-accounts' : '',
    o.compare !== undefined ? '--compare' : '',
    o.knownDeviations !== undefined ? '--known-deviations' : '',
    source('throttleRetries') === 'cli' ? '--throttle-retries' : '',
    ...(['retries', 'retryBudget', 'idleTimeout', 'maxResponseSize'] as const).map((k) => (source(k) === 'cli' ? `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : '')),
    source('region') === 'cli' && o.region !== undefined ? '--region' : '',
  ].filter(Boolean);
  if (given.length) throw new UsageError(`${given.join(', ')} only ${given.length > 1 ? 'apply' : 'applies'} to a live target, and ${why}. Add --endpoint URL (or --allow-aws for AWS itself), or drop ${given.join(', ')}.`);
}

function replayReason(o: RunOptions, replayDir: string): string {
  return o.replay ? `this run replays ${o.replay}` : `no live target is configured (no --endpoint, AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL or --allow-aws), so this run would replay ${path.relative(process.cwd(), replayDir) || replayDir}`;
}

/**
 * The run inputs: each declared input's default, overridden by what a replayed recording was made with, then by
 * --input NAME=VALUE (and its alias --entity-path). Every value must fit its member's shape.
 */
function resolveInputs(o: RunOptions, contract: Contract, set: CaseSet, recorded: Record<string, string>, replayDir?: string): Record<string, unknown> {
  const given: [string, string, string][] = []; // name, text, where it came from
  const fromRecording = new Map<string, string>();
  for (const [key, text] of Object.entries(recorded)) {
    const name = key === 'entityPath' ? 'EntityPath' : key.startsWith('input.') ? key.slice('input.'.length) : undefined; // entityPath: recordings before run inputs
    if (name && Object.hasOwn(set.inputs, name)) {
      given.push([name, text, 'the recording']);
      fromRecording.set(name, text);
    }
  }
  const flags = [...(o.entityPath !== undefined ? [`EntityPath=${o.entityPath}`] : []), ...(o.input ?? [])];
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new UsageError(`--input takes NAME=VALUE, got "${flag}"`);
    const name = flag.slice(0, eq);
    if (!Object.hasOwn(set.inputs, name)) {
      const declared = Object.keys(set.inputs);
      throw new UsageError(`--input ${name}: no case file declares an input ${name} (${declared.length ? `declared: ${declared.join(', ')}` : 'none are declared'})`);
    }
    const text = flag.slice(eq + 1);
    const flagName = flag === `EntityPath=${o.entityPath}` && !o.input?.includes(flag) ? '--entity-path' : `--input ${name}`;
    const parsed = parseRunInput(contract, set.inputs[name], text);
    if ('problem' in parsed) throw new UsageError(`${flagName}: ${parsed.problem}`);
    // A replay can only answer what was recorded.
    if (replayDir !== undefined && fromRecording.has(name) && fromRecording.get(name) !== text) {
      throw new UsageError(`${flagName} ${text}: ${replayReason(o, replayDir)}, which was recorded with ${name} ${fromRecording.get(name)}; a replay can only answer what was recorded. Add --endpoint URL for a live run, or drop ${flagName}.`);
    }
    given.push([name, text, flagName]);
  }
  const inputs: Record<string, unknown> = Object.fromEntries(Object.values(set.inputs).map((i) => [i.name, i.default]));
  for (const [name, text, from] of given) {
    const parsed = parseRunInput(contract, set.inputs[name], text);
    if ('problem' in parsed) throw new UsageError(`${from}: ${parsed.problem}`);
    inputs[name] = parsed.value;
  }
  return inputs;
}

function resolveTarget(o: RunOptions, source: Sources, recordTo?: string): ResolvedTarget {
  if (o.endpoint && o.replay) throw new UsageError('--endpoint and --replay exclude each other: pick a live endpoint or a recording');
  const endpoint = o.endpoint ?? (o.replay ? undefined : process.env.AWS_ENDPOINT_URL_IAM ?? process.env.AWS_ENDPOINT_URL);
  // Live when an endpoint is configured, when recording, or when AWS itself is asked for (--allow-aws).
  if (!o.replay && (endpoint || recordTo || o.allowAws)) {
    if (endpoint) {
      let url: URL;
      try {
        url = new URL(endpoint);
      } catch {
        const port = /^\w+:\/\/[^/:]+:(\d+)(?:[/?#]|$)/.exec(endpoint)?.[1];
        if (port !== undefined && Number(port) > 65535) throw new UsageError(`"${endpoint}": port ${port} is out of range (1 to 65535)`);
        throw new UsageError(`"${endpoint}" is not a URL (expected something like http://127.0.0.1:4566)`);
      }
      if (!/^https?:$/.test(url.protocol)) throw new UsageError(`${endpoint}: only http and https endpoints are supported`);
      if (isLoopbackUrl(endpoint)) process.env.AWS_EC2_METADATA_DISABLED ??= 'true';
    }
    return {
      target: {
        kind: 'live', endpoint, region: o.region, recordTo, recordName: o.targetName, normalizeIds: o.normalizeIds,
        throttleRetries: o.throttleRetries !== undefined ? nonNegativeInteger(o.throttleRetries, '--throttle-retries') : nonNegativeInteger(o.retries, '--retries'),
        retryBudgetMs: positiveNumber(o.retryBudget, '--retry-budget') * 1000,
        idleTimeoutMs: positiveNumber(o.idleTimeout, '--idle-timeout') * 1000,
        maxResponseBytes: byteSize(o.maxResponseSize, '--max-response-size'),
        ...comparison(o, endpoint),
      },
      // Against AWS a persistent 5xx is not checked, and members the contract does not define only warn
      // (AWS adds members over time); emulators stay strict unless --wire says otherwise.
      settings: { aws: isRealAws(endpoint), lenientWire: wireModeFor(endpoint, o.wire) === 'lenient' }, recordedInputs: {},
      label: `live ${endpoint ?? 'AWS (the SDK\'s default IAM endpoint)'}`,
      // A stray AWS_ENDPOINT_URL turns the offline default into a live run: say where the endpoint came from.
      ...(endpoint && !o.endpoint ? { note: `the endpoint ${endpoint} comes from ${process.env.AWS_ENDPOINT_URL_IAM ? 'AWS_ENDPOINT_URL_IAM' : 'AWS_ENDPOINT_URL'} (unset it, or pass --replay DIR, to replay a recording)` } : {}),
    };
  }
  const dir = path.resolve(o.replay ?? DEFAULT_RECORDING);
  try {
    const rec = readRecording(dir);
    refuseLiveOnlyOptions(o, source, dir);
    return {
      target: { kind: 'replay', dir, recording: rec },
      recorded: rec.meta.cases,
      recordedInputs: rec.meta.settings ?? {},
      settings: {},
      label: `replay ${path.relative(process.cwd(), dir) || dir} (recorded from ${rec.meta.recordedFrom} on ${rec.meta.recordedAt.slice(0, 10)})`,
    };
  } catch (e) {
    if (e instanceof RecordingError) throw new UsageError(e.message);
    throw e;
  }
}

function loadExpectationsFile(file: string, set: CaseSet, contract: Contract): ExpectationFile {
  try {
    return loadExpectations(path.resolve(file), { caseIds: set.cases.map((c) => c.id), tags: [...new Set(set.cases.flatMap((c) => c.tags))], operations: Object.keys(contract.operations) });
  } catch (e) {
    if (e instanceof ExpectationFileError) throw new UsageError(`bad expectations file:\n${e.message}`);
    throw e;
  }
}

/**
 * The expectations file names the target it describes (`target:`). With --target-name, the file's target
 * line must begin with the name given (case and spacing aside), else the gate would apply another
 * target's known gaps.
 */
function checkExpectationsTarget(expectations: ExpectationFile, targetName: string | undefined): void {
  if (targetName === undefined) return;
  const why = targetNameMismatch(expectations.target, targetName);
  if (why) {
    throw new UsageError(`the expectations file ${path.relative(process.cwd(), expectations.file) || expectations.file} is written for "${expectations.target}", and this run is for --target-name "${targetName}" (${why}): use that target's expectations, or correct --target-name`);
  }
}

async function runCommand(o: RunOptions, source: Sources, recordTo?: string): Promise<number> {
  const { target, recorded, recordedInputs, settings, label, note } = resolveTarget(o, source, recordTo);
  // Every option's value is checked before anything else happens (--list included).
  const limits = {
    pollBudgetMs: positiveNumber(o.pollBudget, '--poll-budget') * 1000,
    runBudgetMs: positiveNumber(o.budget, '--budget') * 1000,
    requestTimeoutMs: positiveNumber(o.requestTimeout, '--request-timeout') * 1000,
    lenientWire: settings.lenientWire ?? (o.wire !== undefined && wireMode(o.wire) === 'lenient'),
  };
  const casePaths = (o.cases?.length ? o.cases : [DEFAULT_CASES]).map((p) => path.resolve(p));
  // Validate every case file before anything runs: a broken case file is exit 2 with file:line.
  const contract = contractOf(o);
  const set = loadCases(casePaths, contract, { relativeTo: process.cwd() });
  const selection = selectCases(set, o, recorded, target.kind === 'replay' ? (target as { dir: string }).dir : undefined);
  const ids = selection.ids;
  if (o.list) {
    for (const c of set.cases.filter((x) => ids.includes(x.id))) process.stdout.write(`${c.id.padEnd(50)} ${exercisedOperation(c, set).padEnd(42)} ${c.rules.join(',').padEnd(14)} ${formatLoc(c.loc)}  ${c.title}\n`);
    process.stdout.write(`${ids.length} case(s)\n`);
    for (const note of selection.notes) process.stderr.write(`${note}\n`);
    return EXIT.conforms;
  }
  const expectations = o.expectations ? loadExpectationsFile(o.expectations, set, contract) : undefined;
  if (expectations) checkExpectationsTarget(expectations, o.targetName);
  const reportsDir = path.resolve(o.reports);
  try {
    mkdirSync(reportsDir, { recursive: true });
  } catch (e) {
    throw new UsageError(`--reports ${o.reports}: cannot create the reports folder: ${(e as Error).message}`);
  }
  if (target.kind === 'live') await guard(o, target.endpoint, contract);
  const plan: RunPlan = {
    target,
    caseIds: ids.length === set.cases.length && !recorded ? undefined : ids,
    settings: {
      ...DEFAULT_SETTINGS,
      ...settings,
      inputs: resolveInputs(o, contract, set, recordedInputs, target.kind === 'replay' ? target.dir : undefined),
      pollIntervalMs: firstPollWaitMs(target),
      pollBudgetMs: limits.pollBudgetMs,
      runBudgetMs: limits.runBudgetMs,
      lenientWire: limits.lenientWire,
    },
    requestTimeoutMs: limits.requestTimeoutMs,
    reportsDir,
  };
  // Progress and diagnostics go to stderr; the verdict (at the end) to stdout.
  const progress = process.stderr;
  const say = (s: string) => { if (!o.quiet) progress.write(s); };
  say(`${label}\n`);
  if (note) progress.write(`${note}\n`);
  const exp = expectations ? `expectations ${path.relative(process.cwd(), expectations.file) || expectations.file}, written for: ${expectations.target}` : undefined;
  if (exp) say(`${exp}\n`);
  for (const note of selection.notes) progress.write(`${note}\n`);
  const judge = new Judge(set, contract, { expectations });
  const judged: JudgedCase[] = [];
  const paint = colours(progress);
  const startedAt = new Date().toISOString();
  const internal: Error[] = [];
  let run: RunResults | undefined;
  try {
    run = await runSuite(plan, contract, set, {
      onCase: (r, i, total) => {
        const j = judge.judgeCase(r);
        judged.push(j);
        const mark = j.verdict === 'pass' ? paint.green('ok  ') : j.verdict === 'expected-failure' ? paint.yellow('xfail') : j.verdict === 'nothing-judged' ? paint.yellow('n/j ') : j.verdict === 'not-checked' ? paint.yellow('n/c ') : paint.red('FAIL');
        say(`  ${mark} ${String(i + 1).padStart(3)}/${total} ${r.caseId} (${Math.round(r.durationMs)} ms)\n`);
        injectedFault('run');
      },
      // Only with --bail: a run that may stop after a case judges it before starting the next (src/runner/run.ts).
      stopAfter: o.bail ? () => isBad(judged[judged.length - 1].verdict) : undefined,
      onProgress: o.quiet ? undefined : (m) => progress.write(`       ${paint.dim(m)}\n`),
    });
  } catch (e) {
    internal.push(e instanceof Error ? e : new Error(String(e)));
  }
  // A check that crashed, or the runner failing on a case, is our bug: exit 3 with its stack (the case is not checked).
  for (const c of run?.cases ?? []) {
    if (c.internalError) internal.push(Object.assign(new Error(`case ${c.caseId}: ${c.internalError.split('\n')[0]}`), { stack: `case ${c.caseId}: ${c.internalError}` }));
  }
  // One headline per reason the run stopped sending, with the URL and what the target last did.
  for (const h of run?.halted ?? []) progress.write(`${paint.red('!')} not checked from here on: ${h.detail}\n`);
  // What the live target itself gives away (no awsQuery answer at all: likely the wrong URL).
  if (target.kind === 'live') for (const p of run?.problems ?? []) progress.write(`${paint.red('!')} ${p}\n`);
  const ran: RunResults = run ?? { target: { label, kind: target.kind, description: '' }, startedAt, finishedAt: new Date().toISOString(), problems: [], cases: [] };
  if (o.bail && run && judged.length < ids.length) {
    const last = judged[judged.length - 1];
    progress.write(`stopped after the first case that keeps the gate red (--bail): ${last.caseId}, ${VERDICT_LABEL[last.verdict]}; ${ids.length - judged.length} case(s) not run\n`);
  }
  const doc = judge.document(ran, judged, {
    version: VERSION, label,
    shard: selection.shard,
    problems: [...selection.notes, ...internal.map((e) => `internal error during the run: ${e.message}`)],
    internalErrors: internal.map((e) => e.stack ?? e.message),
    wire: plan.settings.lenientWire ? 'lenient' : 'strict',
  });
  const failures = writeReports(doc, plan.reportsDir, undefined, injectedFault);
  if (!o.quiet) {
    // Cases left unchecked because the run stopped sending share the headline: one line, not one each.
    const halted = (run?.halted ?? []).map((h) => h.detail);
    const underHeadline = (c: JudgedCase) => c.verdict === 'not-checked' && c.notChecked !== undefined && halted.some((d) => c.notChecked!.detail.endsWith(d));
    for (const c of doc.cases.filter((x) => (isBad(x.verdict) || x.verdict === 'nothing-judged') && !underHeadline(x))) progress.write(`\n${x(c.verdict, paint)} ${describeCase(c)}\n`);
    const under = doc.cases.filter(underHeadline).length;
    if (under) progress.write(`\n${x('not-checked', paint)} ${under} more case(s) not checked: ${halted.join('; ')}\n`);
  }
  process.stdout.write(`${verdictLines(doc, plan.reportsDir)}\n`);
  if (recordTo) process.stdout.write(`${recordingOutcome(recordTo, doc.startedAt)}\n`);
  return finalCode(doc, internal, failures);
}

const x = (v: JudgedCase['verdict'], paint: ReturnType<typeof colours>) => (v === 'nothing-judged' || v === 'not-checked' ? paint.yellow(v === 'not-checked' ? '?' : '·') : paint.red('✗'));

/** Our own errors win over any verdict: exit 3, each stack on stderr. */
function finalCode(doc: ResultsDocument, internal: Error[], failures: ReportFailure[]): number {
  for (const e of internal) process.stderr.write(`iam-conformance: internal error during the run (a bug of iam-conformance, not a verdict on the target; junit.xml was still written):\n${e.stack ?? e.message}\n`);
  for (const f of failures) process.stderr.write(`iam-conformance: internal error writing ${f.file} (the other reports were written):\n${f.error.stack ?? f.error.message}\n`);
  return internal.length || failures.length ? EXIT.internal : exitCodeOf(doc);
}

/** The verdict, on stdout: the target, the expectations, what was compared, then the headline with the counts. */
function verdictLines(doc: ResultsDocument, reportsDir: string): string {
  const head = headline(doc);
  return [
    doc.target.label,
    expectationsLine(doc),
    comparisonLine(doc) ? `differential mode: ${comparisonLine(doc)}` : undefined,
    `${head[0].toUpperCase()}${head.slice(1)}: ${countsLine(doc)}. Reports: ${path.relative(process.cwd(), reportsDir) || '.'}/{junit.xml,report.html,summary.md,results.json}`,
    // Lenient wire mode (the default against AWS): what the contract does not define is reported, not failed.
    warningsLine(doc) ? `! ${warningsLine(doc)} (each in results.json, report.html and junit.xml)` : undefined,
  ].filter(Boolean).join('\n');
}

/** A recording identical to the one already there is left untouched (writeRecording): say which happened. */
function recordingOutcome(dir: string, runStartedAt: string): string {
  const where = path.relative(process.cwd(), dir) || dir;
  const recordedAt = readRecording(dir).meta.recordedAt;
  return recordedAt < runStartedAt ? `Recording unchanged: ${where} (the same as recorded on ${recordedAt})` : `Recording written to ${where}`;
}

/** The contract of --specs (files or folders), else every specs/*.yaml of the project. */
function contractOf(o: { specs?: string[] }): Contract {
  return o.specs?.length ? loadContract(o.specs.map((p) => path.resolve(p))) : loadContract();
}

interface Selection {
  ids: string[];
  shard?: { index: number; count: number };
  /** Selected cases that cannot run (not in the recording), said out loud. */
  notes: string[];
}

/** The case ids to run: the recording's (if any), narrowed by --case, --tag and --grep, then the shard. */
function selectCases(set: CaseSet, o: RunOptions, recorded: string[] | undefined, recordingDir: string | undefined): Selection {
  if (o.case?.length) o.caseId = [...(o.caseId ?? []), ...o.case];
  let cases = set.cases;
  if (o.caseId?.length) {
    const unknown = o.caseId.filter((id) => !set.cases.some((c) => c.id === id));
    if (unknown.length) throw new UsageError(`--case: no case has the id ${unknown.join(', ')}`);
    cases = cases.filter((c) => o.caseId!.includes(c.id));
  }
  if (o.tag?.length) {
    // A tag no case carries is a typo, not an empty selection.
    const known = [...new Set(set.cases.flatMap((c) => c.tags))].sort();
    const unknown = o.tag.filter((t) => !known.includes(t));
    const near = (t: string) => { const c = closest(t, known); return c ? ` (did you mean ${c}?)` : ''; };
    if (unknown.length) throw new UsageError(`--tag: no case has the tag ${unknown.map((t) => `${t}${near(t)}`).join(', ')}; the tags: ${known.join(', ')}`);
    cases = cases.filter((c) => c.tags.some((t) => o.tag!.includes(t)));
  }
  if (o.grep) {
    let re: RegExp;
    try {
      re = new RegExp(o.grep, 'i');
    } catch (e) {
      throw new UsageError(`--grep: ${(e as Error).message}`);
    }
    cases = cases.filter((c) => re.test(c.id) || re.test(c.title));
  }
  if (cases.length === 0) {
    const given = [o.caseId?.length ? `--case ${o.caseId.join(' ')}` : '', o.tag?.length ? `--tag ${o.tag.join(' ')}` : '', o.grep ? `--grep ${o.grep}` : ''].filter(Boolean);
    throw new UsageError(set.cases.length === 0 ? `the case files hold no case (${o.cases?.length ? `--cases ${o.cases.join(' ')}` : 'cases/'})` : `no case matches the selection (${given.join(', ')}): nothing to run`);
  }
  const notes: string[] = [];
  if (recorded) {
    const where = path.relative(process.cwd(), recordingDir ?? '') || recordingDir;
    const absent = cases.filter((c) => !recorded.includes(c.id)).map((c) => c.id);
    // A case asked for by id that the recording cannot answer is an error; cases a broader selection
    // picked up are reported (they cannot run), never dropped without a word.
    const named = absent.filter((id) => o.caseId?.includes(id));
    if (named.length) throw new UsageError(`--case ${named.join(', ')}: not in the recording ${where} (it holds ${recorded.length} case(s)); record it, or run it against a live --endpoint`);
    if (absent.length) notes.push(`${absent.length} selected case(s) are not in the recording ${where} and cannot run: ${absent.slice(0, 10).join(', ')}${absent.length > 10 ? ', …' : ''}`);
    cases = cases.filter((c) => recorded.includes(c.id));
    if (cases.length === 0) throw new UsageError(`none of the selected cases is in the recording ${where}`);
  }
  let shard: Selection['shard'];
  if (o.shard) {
    // Round robin over the selection: deterministic, and each shard gets a mix of slow and fast cases.
    const m = /^(\d+)\/(\d+)$/.exec(o.shard);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UsageError(`--shard is i/n with 1 <= i <= n, got "${o.shard}"`);
    const [i, n] = [Number(m[1]), Number(m[2])];
    cases = cases.filter((_, k) => k % n === i - 1);
    if (cases.length === 0) throw new UsageError(`shard ${o.shard} has no case (the selection has fewer than ${n})`);
    shard = { index: i, count: n };
  }
  return { ids: cases.map((c) => c.id), shard, notes };
}

/** Colour only on a terminal, and never with NO_COLOR set. */
function colours(stream: NodeJS.WriteStream) {
  const on = Boolean(stream.isTTY) && !process.env.NO_COLOR;
  const wrap = (code: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { green: wrap(32), red: wrap(31), yellow: wrap(33), dim: wrap(2) };
}

/** The results.json of an earlier run (for merge and matrix). */
function readResults(dir: string): ResultsDocument {
  try {
    return readResultsFile(path.join(dir, 'results.json'));
  } catch (e) {
    if (e instanceof ResultsFileError) throw new UsageError(e.message);
    throw e;
  }
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
    .description('Conformance suite for AWS IAM access advisor: the Organizations access report and the service last accessed reports (five operations)')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .addHelpText('after', EXIT_HELP);
  const common = (cmd: Command) =>
    cmd
      .option('--cases <path...>', 'case files or folders', undefined)
      .option('--specs <path...>', 'contract files or folders (default specs/: every *.yaml, merged)')
      .option('--case <id...>', 'run only these case ids')
      .addOption(new Option('--case-id <id...>', 'the same as --case').hideHelp())
      .option('--tag <tag...>', 'run only cases with one of these tags')
      .option('--grep <regex>', 'run only cases whose id or title matches (case-insensitive)')
      .option('--list', 'list the selected cases and exit without running them')
      .option('--bail', 'stop after the first case that keeps the gate red (does not conform, unexpected pass, or not checked)')
      .option('--shard <i/n>', 'run the i-th of n parts of the selection (merge the reports with "merge")')
      .option('--reports <dir>', 'where junit.xml, summary.md, report.html and results.json go', 'reports')
      .option('--input <name=value...>', 'set a run input the case files declare (inputs: in cases/), e.g. EntityPath=o-abc1234567/r-ab12')
      .option('--entity-path <path>', 'the same as --input EntityPath=<path>: what the shared report covers (default o-a1b2c3d4e5/r-f6g7)')
      .option('--region <region>', 'signing region for a live endpoint (default us-east-1)')
      .option('--poll-budget <seconds>', 'how long to wait for the report job', String(DEFAULT_SETTINGS.pollBudgetMs / 1000))
      .option('--request-timeout <seconds>', 'deadline for a whole response (connect, headers and body)', String(DEFAULT_LIMITS.requestTimeoutMs / 1000))
      .option('--idle-timeout <seconds>', 'cut a request when no byte arrives for this long', String(DEFAULT_LIMITS.idleTimeoutMs / 1000))
      .option('--max-response-size <size>', 'refuse response bodies beyond this size and drop the connection (e.g. 4MiB)', '4MiB')
      .option('--budget <seconds>', 'deadline for the whole run; cases it leaves no time for are not checked (run-budget-spent)', String(DEFAULT_SETTINGS.runBudgetMs / 1000))
      .option('--allow-aws', 'allow a run against real AWS (no --endpoint, or an amazonaws.com endpoint)')
      .option('--allowed-accounts <ids>', 'comma-separated account ids; checked with STS GetCallerIdentity before any other call')
      .option('--wire <mode>', 'strict: elements and members the contract does not define fail; lenient: they are warnings (default: lenient against AWS, strict otherwise)')
      .option('--retries <n>', 'retries, with backoff from 1 s doubling, of throttled answers and transient server errors', String(DEFAULT_RETRY.retries))
      .addOption(new Option('--throttle-retries <n>', 'the same as --retries').hideHelp())
      .option('--retry-budget <seconds>', 'the most a run waits between retries in all', String(DEFAULT_RETRY.budgetMs / 1000))
      .addOption(new Option('--quiet', 'print only the verdict (stdout), no progress or failure details (stderr)').hideHelp(false));
  common(program.command('run').description('run the cases against a live endpoint, or replay a recording (the default: the bundled one, offline)'))
    .option('--endpoint <url>', 'live endpoint (default: AWS_ENDPOINT_URL_IAM or AWS_ENDPOINT_URL; else the bundled recording)')
    .option('--replay <dir>', 'recording folder to replay offline (default recordings/reference)')
    .option('--expectations <file>', 'known gaps of the target (YAML): matching failures become expected failures')
    .option('--compare <dir>', 'differential mode: compare every live answer with this recording, field by field')
    .option('--known-deviations <file>', 'with --compare: YAML "paths:" whose differences this target is known for (not for AWS)')
    .option('--target-name <text>', 'what the target is (e.g. "moto 5.2.1"); the expectations file\'s target: line must begin with it')
    .addHelpText('after', EXIT_HELP)
    .action(async (o: RunOptions, cmd: Command) => setExit(await runCommand(o, (n) => cmd.getOptionValueSource(n))));
  common(program.command('record').description('run the cases against a live endpoint and record the exchanges as nock fixtures'))
    .option('--endpoint <url>', 'live endpoint to record (or --allow-aws to record AWS itself)')
    .requiredOption('--out <dir>', 'recording folder to write')
    .option('--target-name <text>', 'what is being recorded, kept in meta.json (default: the endpoint URL)')
    .option('--normalize-ids', 'replace organization, root, OU and account ids with placeholders (JobIds and markers always are)')
    .action(async (o: RunOptions & { out: string }, cmd: Command) => {
      if (!o.endpoint && !o.allowAws && !process.env.AWS_ENDPOINT_URL_IAM && !process.env.AWS_ENDPOINT_URL) throw new UsageError('record needs --endpoint URL (or --allow-aws to record AWS itself)');
      setExit(await runCommand(o, (n) => cmd.getOptionValueSource(n), path.resolve(o.out)));
    });
  program.command('merge')
    .description('merge the reports of sharded runs (their results.json) into one set of reports')
    .argument('<dirs...>', 'report folders of the shards')
    .option('--reports <dir>', 'where the merged reports go', 'reports')
    .option('--quiet', 'print only the verdict')
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
      const failures = writeReports(merged, dir, undefined, injectedFault);
      if (merged.merged?.missing.length) process.stderr.write(`iam-conformance: ${merged.problems[0]}\n`);
      process.stdout.write(`merged ${docs.length} report(s)${merged.merged ? ` (shards ${merged.merged.shards.join(', ')} of ${merged.merged.count})` : ''}:\n${verdictLines(merged, dir)}\n`);
      setExit(finalCode(merged, [], failures));
    });
  program.command('matrix')
    .description('one matrix (cases and rules x targets) from the reports of several runs: matrix.html and matrix.md')
    .argument('<dirs...>', 'report folders of the runs (each with results.json)')
    .option('--reports <dir>', 'where matrix.html and matrix.md go', 'reports')
    .action((dirs: string[], o: { reports: string }) => {
      const docs = dirs.map(readResults);
      const dir = path.resolve(o.reports);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'matrix.md'), matrixModule().renderMatrixMarkdown(docs));
      writeFileSync(path.join(dir, 'matrix.html'), matrixModule().renderMatrixHtml(docs));
      process.stdout.write(`matrix of ${docs.length} run(s): ${path.relative(process.cwd(), dir) || '.'}/{matrix.html,matrix.md}\n`);
      setExit(0);
    });
  program.command('coverage')
    .description('each rule of specs/rules.yaml with the cases that check it (docs/kill-matrix.md shows the breaks that prove them); exit 1 when a testable rule has no case')
    .option('--cases <path...>', 'case files or folders (default cases/)')
    .option('--specs <path...>', 'contract files or folders (default specs/)')
    .action((o: { cases?: string[]; specs?: string[] }) => {
      const contract = contractOf(o);
      const set = loadCases((o.cases?.length ? o.cases : [DEFAULT_CASES]).map((p) => path.resolve(p)), contract, { relativeTo: process.cwd() });
      const rows = docsModule().ruleCoverage(contract, set);
      for (const r of rows) {
        const status = !r.testable ? 'not testable' : r.cases.length ? `${r.cases.length} case(s)` : 'NOT COVERED';
        process.stdout.write(`${r.id.padEnd(4)} ${status.padEnd(13)} ${r.title}\n`);
        if (!r.testable) process.stdout.write(`       why: ${r.why}\n`);
        if (r.cases.length) process.stdout.write(`       cases: ${r.cases.join(', ')}\n`);
      }
      const uncovered = rows.filter((r) => r.testable && !r.cases.length).map((r) => r.id);
      process.stdout.write(`${rows.filter((r) => r.testable).length - uncovered.length} of ${rows.filter((r) => r.testable).length} testable rules covered${uncovered.length ? `; not covered: ${uncovered.join(', ')}` : ''}\n`);
      setExit(uncovered.length ? 1 : 0);
    });
  program.command('validate')
    .description('check the contract (specs/), the case files and an expectations file without running anything: exit 0 when valid, 2 with file:line otherwise')
    .option('--cases <path...>', 'case files or folders (default cases/)')
    .option('--specs <path...>', 'contract files or folders (default specs/)')
    .option('--expectations <file>', 'an expectations file to check against the cases')
    .action((o: { cases?: string[]; specs?: string[]; expectations?: string }) => {
      const contract = contractOf(o);
      const set = loadCases((o.cases?.length ? o.cases : [DEFAULT_CASES]).map((p) => path.resolve(p)), contract, { relativeTo: process.cwd() });
      if (o.expectations) loadExpectationsFile(o.expectations, set, contract);
      const generated = set.cases.filter((c) => c.tags.includes('generated')).length;
      process.stdout.write(`the contract (${contract.files.length} files: ${Object.keys(contract.operations).length} operations, ${Object.keys(contract.shapes).length} shapes, ${Object.keys(contract.rules).length} rules), ${set.cases.length} cases (${generated} generated) and ${Object.keys(set.fixtures).length} fixture(s) in ${set.files.length} files are valid${o.expectations ? `; ${o.expectations} is valid` : ''}\n`);
      setExit(0);
    });
  return program;
}

/** Errors that are the user's to fix (a flag, a file): exit 2 with the message, no stack. */
function isUserError(e: unknown): boolean {
  return e instanceof UsageError || e instanceof CaseFileError || e instanceof ContractError || e instanceof ExpectationFileError || e instanceof RecordingError
    || e instanceof GuardRefusal || e instanceof MergeError || e instanceof ResultsFileError
    // Other stages' file errors (a spec file with file:line, ...) follow the same naming.
    || (e instanceof Error && /(File|Spec|Usage)Error$/.test(e.constructor.name));
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.conforms : EXIT.usage;
    if (isUserError(e)) {
      process.stderr.write(`iam-conformance: ${(e as Error).message}\n`);
      return EXIT.usage;
    }
    // Anything else is a bug of ours: say so, with the stack, and a code of its own.
    process.stderr.write(`iam-conformance: internal error (a bug of iam-conformance, not a verdict on the target):\n${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT.internal;
  }
}

const EXIT_HELP = `
Exit codes:
  0  conforms (expected failures declared in --expectations allowed)
  1  some case does not conform, passed unexpectedly, or could not be checked; or nothing ran
  2  usage, configuration, case-file or expectations-file error, or a safety refusal (nothing ran)
  3  internal error of iam-conformance (a bug: its stack is printed; junit.xml is still written)
The verdict goes to stdout; progress and diagnostics to stderr.
`;

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}

