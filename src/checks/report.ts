// Checks on a report job and its content, driven by the operation's spec: the job's lifecycle across polls
// (`job`), the consistency of its dates (`job.notAfterCompletion`, `job.rules`), counts against the items
// (`counts`), and what each item must hold (`itemRules`). No member of any operation is named here.
import type { Contract, ItemRule, JobLifecycle } from '../contract';
import type { CheckDefinition, Finding, NothingToJudge, Observation } from './types';
import { ruleFor } from './rules';
import { itemName, itemsOf, pageLabel, paginationOf, show, succeeded, timeOf, valueAt, valuesAt, where } from './util';

function jobOf(contract: Contract, observation: Observation): JobLifecycle {
  const job = contract.operation(observation.operation).job;
  if (!job) throw new Error(`${observation.operation} has no job lifecycle in the contract`);
  return job;
}

/** The members the failure-details member's shape requires (they say why the job failed). */
function failureMembers(contract: Contract, operation: string, job: JobLifecycle): string[] {
  const out = contract.shape(contract.operation(operation).output);
  const ref = out.type === 'structure' ? out.members[job.failureDetails] : undefined;
  const details = ref ? contract.shape(ref.shape) : undefined;
  return details?.type === 'structure' ? Object.entries(details.members).filter(([, m]) => m.required).map(([n]) => n) : [];
}

const noJobSpec = (_a: unknown, operation: string, contract: Contract) => (contract.operations[operation]?.job ? undefined : `${operation} has no job lifecycle in the contract (specs/: job)`);

const jobLifecycle: CheckDefinition = {
  name: 'job-lifecycle',
  summary: 'A polled job reaches a terminal status, never goes back, with a completion date and, when it failed, the reason',
  description:
    'For a `poll` step of an operation with a job in the contract (`job`). Fails when polling stops on a status that is neither in ' +
    'progress nor terminal, when a terminal job goes back ' +
    'to in progress, when the completion date is missing once terminal, or when a failed job lacks its failure details with the ' +
    'members their shape requires. Any number of in-progress polls (none included) is fine, and a job still in progress at the ' +
    'poll budget is not a failure (the contract does not bound how long a job runs; the case is not checked: report-job-incomplete). ' +
    'What an in-progress answer holds is ' +
    '`job-in-progress`\'s, and how the dates relate is `job-times`\'s.',
  rules: ['job.status', 'job.completion', 'job.failure'],
  appliesTo: ['poll'],
  example: 'job-lifecycle',
  validateArgs: noJobSpec,
  inContract: (contract, operation) => {
    const job = contract.operations[operation]?.job;
    return job && `\`${job.status}\` in progress: ${job.inProgress.join(', ')}; terminal: ${job.terminal.join(', ')}; \`${job.completedAt}\` once terminal; \`${job.failureDetails}\` (${failureMembers(contract, operation, job).join(', ')}) when ${job.failed.join(', ')}`;
  },
  evaluate({ contract, observation }) {
    const job = jobOf(contract, observation);
    const op = observation.operation;
    const rule = (role: 'status' | 'completion' | 'failure') => ruleFor(contract, op, `job.${role}`);
    const needed = failureMembers(contract, op, job);
    const findings: Finding[] = [];
    let terminalSeen: string | undefined;
    let answered = 0;
    observation.exchanges.forEach((x, i) => {
      if (!succeeded(x)) return;
      answered++;
      const at = pageLabel(observation, i + 1);
      const status = x.output[job.status];
      if (job.inProgress.includes(status)) {
        if (terminalSeen) findings.push({ path: at, message: `the job went back to ${status} after ${terminalSeen}`, expected: terminalSeen, actual: status, rule: rule('status') });
      } else if (job.terminal.includes(status)) {
        terminalSeen = status;
        if (timeOf(x.output[job.completedAt]) === undefined) findings.push({ path: at, message: `${job.completedAt} is missing on a ${status} job`, expected: 'present', actual: show(x.output[job.completedAt]), rule: rule('completion') });
        if (job.failed.includes(status)) {
          const details = x.output[job.failureDetails];
          if (!details || needed.some((m) => !details[m])) {
            findings.push({ path: at, message: `a ${status} job does not say why`, expected: `${job.failureDetails} with ${needed.join(' and ') || 'its members'}`, actual: show(details), rule: rule('failure') });
          }
        }
      }
    });
    if (observation.ended === 'error' && observation.endedDetail) {
      findings.push({ message: 'polling stopped on a status that is neither in progress nor terminal', expected: [...job.inProgress, ...job.terminal].join(', '), actual: observation.endedDetail, rule: rule('status') });
    }
    // A job still in progress at the poll budget breaks nothing: the contract does not bound how long a job
    // runs. The runner makes such a case not checked (report-job-incomplete); the polls it saw are judged above.
    if (!findings.length && answered === 0) return { nothingToJudge: 'no poll was answered with a report (the outcome check says what came instead)' };
    return findings;
  },
};

const jobInProgress: CheckDefinition = {
  name: 'job-in-progress',
  summary: 'While the job is in progress, its answers carry no completion date (where the contract says so)',
  description:
    'For a `poll` step of an operation with a job. Every answer with an in-progress status must leave the completion date out when ' +
    'the contract says it is absent while in progress (`job.completedAtWhileInProgress: absent`, the default). Nothing to judge ' +
    'when no poll saw the job in progress (it had already finished at the first poll), or when the contract lets an in-progress ' +
    'answer have a completion date or not (`optional`).',
  rules: ['job.completion'],
  appliesTo: ['poll'],
  example: 'job-in-progress',
  validateArgs: noJobSpec,
  inContract: (contract, operation) => {
    const job = contract.operations[operation]?.job;
    return job && `\`${job.completedAt}\` while ${job.inProgress.join(', ')}: ${job.completedAtWhileInProgress ?? 'absent'}`;
  },
  evaluate({ contract, observation }) {
    const job = jobOf(contract, observation);
    const findings: Finding[] = [];
    let inProgress = 0;
    observation.exchanges.forEach((x, i) => {
      if (!succeeded(x) || !job.inProgress.includes(x.output[job.status])) return;
      inProgress++;
      const completed = x.output[job.completedAt];
      if ((job.completedAtWhileInProgress ?? 'absent') === 'absent' && completed !== undefined) {
        findings.push({ path: pageLabel(observation, i + 1), message: `${job.completedAt} is set while ${x.output[job.status]}`, expected: 'absent', actual: show(completed), rule: ruleFor(contract, observation.operation, 'job.completion') });
      }
    });
    if (!inProgress) return { nothingToJudge: `no poll saw the job ${job.inProgress.join(' or ')}: it had finished by the first poll, so an in-progress answer was never observed` };
    if (job.completedAtWhileInProgress === 'optional') return { nothingToJudge: `the contract lets an in-progress answer carry ${job.completedAt} or not` };
    return findings;
  },
};

const jobTimes: CheckDefinition = {
  name: 'job-times',
  summary: 'The dates of one job agree: completion not before creation, both the same on every answer, no report time later than the completion',
  description:
    'Runs on every step of an operation with a job that got a successful answer. Across the answers of the step (polls, or the pages ' +
    'of a walk: all about one job), the creation date never changes, and once there the completion date never changes; on each ' +
    'answer the completion is not before the creation, and no timestamp the contract lists under `job.notAfterCompletion` (access ' +
    'times in the report) is later than the completion. Equal instants pass, whatever their offsets. The contract says nothing of ' +
    'clocks: an access time later than the creation of the job, or a date in the future of the suite\'s clock, is not judged. ' +
    'Nothing to judge with a single answer that lacks either date.',
  rules: ['job.timesBeforeCompletion', 'job.completionAfterCreation', 'job.creationStable', 'job.completionStable'],
  appliesTo: ['call', 'walk', 'poll'],
  auto: (_s, obs, contract) => contract.operations[obs.operation]?.job !== undefined && obs.exchanges.some(succeeded),
  inContract: (contract, operation) => {
    const job = contract.operations[operation]?.job;
    return job && `\`${job.createdAt}\`, \`${job.completedAt}\`; not after completion: ${(job.notAfterCompletion ?? []).map((p) => `\`${p}\``).join(', ') || 'none'}`;
  },
  evaluate({ contract, observation }) {
    const job = jobOf(contract, observation);
    const rule = (role: 'timesBeforeCompletion' | 'completionAfterCreation' | 'creationStable' | 'completionStable') => ruleFor(contract, observation.operation, `job.${role}`);
    const findings: Finding[] = [];
    let created: { t: number; raw: unknown } | undefined;
    let completed: { t: number; raw: unknown } | undefined;
    let judged = 0;
    const late: Finding[] = [];
    observation.exchanges.forEach((x, i) => {
      if (!succeeded(x)) return;
      const at = pageLabel(observation, i + 1);
      const c = timeOf(x.output[job.createdAt]);
      const d = timeOf(x.output[job.completedAt]);
      if (c !== undefined) {
        if (created) {
          judged++;
          if (c !== created.t) findings.push({ path: at, message: `${job.createdAt} changed between answers about the same job`, expected: show(created.raw), actual: show(x.output[job.createdAt]), rule: rule('creationStable') });
        } else created = { t: c, raw: x.output[job.createdAt] };
      }
      // Once the job is over its completion date stays put. A date sent while it runs, where the contract lets
      // one be sent at all (job.completedAtWhileInProgress: optional), is not yet the completion.
      const over = job.terminal.includes(x.output[job.status]);
      if (d !== undefined) {
        if (completed && over) {
          judged++;
          if (d !== completed.t) findings.push({ path: at, message: `${job.completedAt} changed between answers about the same job`, expected: show(completed.raw), actual: show(x.output[job.completedAt]), rule: rule('completionStable') });
        } else if (over) completed = { t: d, raw: x.output[job.completedAt] };
        if (c !== undefined) {
          judged++;
          if (d < c) findings.push({ path: at, message: `${job.completedAt} is before ${job.createdAt}`, expected: `>= ${show(x.output[job.createdAt])}`, actual: show(x.output[job.completedAt]), rule: rule('completionAfterCreation') });
        }
        for (const p of job.notAfterCompletion ?? []) {
          for (const { at: member, value } of valuesAt(x.output, p)) {
            const t = timeOf(value);
            if (t === undefined) continue;
            judged++;
            if (t > d) late.push({ path: `${at}: ${member}`, message: `${member.replace(/^.*\./, '')} is later than the job's ${job.completedAt}`, expected: `<= ${show(x.output[job.completedAt])}`, actual: show(value), rule: rule('timesBeforeCompletion') });
          }
        }
      }
    });
    // One finding per late time would bury the rest; the first few name them, a last one counts them.
    findings.push(...late.slice(0, 5));
    if (late.length > 5) findings.push({ message: `${late.length - 5} more times later than ${job.completedAt}`, expected: 'none', actual: `${late.length} in all`, rule: rule('timesBeforeCompletion') });
    if (!judged) return { nothingToJudge: `a single answer without both ${job.createdAt} and ${job.completedAt}: no two dates to compare` };
    return findings;
  },
};

const countsMatchItems: CheckDefinition = {
  name: 'counts-match-items',
  summary: 'Each count the report gives equals what it counts among the items of the whole list',
  description:
    'For a complete walk. The contract lists the counts of an operation (`counts`: a member, and whether it counts all items or ' +
    'those without, or with, a member); each must equal that number over the items of all pages, on every page that carries it. ' +
    'A count that is absent is not checked (the members are optional); one that differs between pages is a break. Nothing to ' +
    'judge when the walk did not complete (walk-completes says why) or no page carried any count.',
  rules: ['counts'],
  appliesTo: ['walk'],
  example: 'counts-match-items',
  validateArgs: (_a, operation, contract) => (contract.operations[operation]?.counts?.length ? undefined : `${operation} has no counts in the contract (specs/: counts)`),
  inContract: (contract, operation) => {
    const counts = contract.operations[operation]?.counts;
    return counts?.length ? counts.map((c) => `\`${c.member}\` = ${c.count === 'all' ? 'all items' : 'without' in c.count ? `items without \`${c.count.without}\`` : `items with \`${c.count.with}\``}`).join('; ') : undefined;
  },
  evaluate({ contract, observation }) {
    if (observation.ended !== 'complete') return { nothingToJudge: 'the walk did not complete, and counts are only compared with the whole list' };
    const counts = contract.operation(observation.operation).counts ?? [];
    const items = itemsOf(contract, observation);
    const findings: Finding[] = [];
    let compared = 0;
    for (const c of counts) {
      const want = c.count === 'all' ? items.length
        : 'without' in c.count ? items.filter((i) => valueAt(i.value, (c.count as { without: string }).without) === undefined).length
        : items.filter((i) => valueAt(i.value, (c.count as { with: string }).with) !== undefined).length;
      const seen = new Set<unknown>();
      observation.exchanges.forEach((x, i) => {
        if (!succeeded(x) || x.output[c.member] === undefined) return;
        compared++;
        seen.add(x.output[c.member]);
        if (x.output[c.member] !== want) findings.push({ path: `${pageLabel(observation, i + 1)}: ${c.member}`, message: `${c.member} disagrees with the listed items`, expected: String(want), actual: show(x.output[c.member]), rule: c.rule });
      });
      if (seen.size > 1) findings.push({ message: `${c.member} differs between pages`, expected: 'one value for the whole report', actual: [...seen].join(', '), rule: c.rule });
    }
    if (!compared) return { nothingToJudge: `no page carried ${counts.map((c) => c.member).join(' or ')} (optional members)` };
    return findings;
  },
};

function describeWhen(r: ItemRule): string {
  if (!r.when) return 'every item';
  return 'absent' in r.when ? `items without \`${r.when.absent}\`` : `items with \`${r.when.present}\``;
}

function describeRange([min, max]: [number | null, number | null]): string {
  if (min !== null && min === max) return `${min} or absent`;
  return [min !== null ? `>= ${min}` : '', max !== null ? `<= ${max}` : ''].filter(Boolean).join(' and ') + ' (when present)';
}

const itemRules: CheckDefinition = {
  name: 'item-rules',
  summary: 'Every item satisfies the item rules of the contract (members absent or present together, counts within bounds)',
  description:
    'For the items of a walk or a call. The contract lists rules over the items of an operation (`itemRules`): for the items ' +
    'where a member is absent (or present), or for all, some members must be absent, some present, and numeric members, when ' +
    'present, within bounds; a rule may apply to the elements of a list inside each item (`each`). Each finding names the item by ' +
    'its key and the member. Nothing to judge when the list is empty or no rule applied to any item (e.g. no item lacked the ' +
    'member a rule is about).',
  rules: ['itemRules'],
  appliesTo: ['walk', 'call'],
  example: 'item-rules',
  validateArgs: (_a, operation, contract) => (contract.operations[operation]?.itemRules?.length ? undefined : `${operation} has no item rules in the contract (specs/: itemRules)`),
  inContract: (contract, operation) => {
    const rules = contract.operations[operation]?.itemRules;
    return rules?.length ? rules.map((r) => `${describeWhen(r)}${r.each ? ` (each \`${r.each}\`)` : ''}: ${[
      ...(r.absent ?? []).map((m) => `no \`${m}\``), ...(r.present ?? []).map((m) => `\`${m}\``),
      ...Object.entries(r.range ?? {}).map(([m, b]) => `\`${m}\` ${describeRange(b)}`),
    ].join(', ')} [${r.rule ?? ''}]`).join('; ') : undefined;
  },
  evaluate({ contract, observation }) {
    const rules = contract.operation(observation.operation).itemRules ?? [];
    const listName = paginationOf(contract, observation.operation)?.items ?? 'items';
    const items = itemsOf(contract, observation);
    if (!items.length) return { nothingToJudge: `the list ${listName} is empty` };
    const findings: Finding[] = [];
    let applied = 0;
    for (const item of items) {
      const name = itemName(contract, observation.operation, item);
      for (const r of rules) {
        const subjects = r.each ? valuesAt(item.value, `${r.each}[*]`).map((s) => ({ at: s.at, value: s.value as Record<string, unknown> })) : [{ at: '', value: item.value }];
        for (const s of subjects) {
          if (r.when && ('absent' in r.when ? valueAt(s.value, r.when.absent) !== undefined : valueAt(s.value, r.when.present) === undefined)) continue;
          applied++;
          const path = (m: string) => where(observation, item, listName, s.at ? `${s.at}.${m}` : m);
          const whenText = r.when ? ('absent' in r.when ? ` without ${r.when.absent}` : ` with ${r.when.present}`) : '';
          for (const m of r.absent ?? []) {
            if (valueAt(s.value, m) !== undefined) findings.push({ path: path(m), message: `${name}${whenText} has ${m}`, expected: 'absent', actual: show(valueAt(s.value, m)), rule: r.rule });
          }
          for (const m of r.present ?? []) {
            if (valueAt(s.value, m) === undefined) findings.push({ path: path(m), message: `${name}${whenText} lacks ${m}`, expected: 'present', actual: 'absent', rule: r.rule });
          }
          for (const [m, [min, max]] of Object.entries(r.range ?? {})) {
            const v = valueAt(s.value, m);
            if (typeof v === 'number' && ((min !== null && v < min) || (max !== null && v > max))) {
              findings.push({ path: path(m), message: `${name}${whenText} has ${m} out of bounds`, expected: describeRange([min, max]), actual: String(v), rule: r.rule });
            }
          }
        }
      }
    }
    if (!applied) return { nothingToJudge: `no rule applied to any of the ${items.length} items (${rules.map(describeWhen).join(', ')})` };
    return findings;
  },
};

export type { NothingToJudge };
export const reportChecks = [jobLifecycle, jobInProgress, jobTimes, countsMatchItems, itemRules];
