// Checks on the report itself: the job's lifecycle across polls, the counts against the items, and the
// shape of entries for services nobody used.
import type { CheckDefinition, Finding } from './types';
import { itemsOf, pageLabel, show, succeeded, where, paginationOf } from './util';

function time(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const t = v instanceof Date ? v.getTime() : Date.parse(String(v));
  return Number.isNaN(t) ? undefined : t;
}

const jobLifecycle: CheckDefinition = {
  name: 'job-lifecycle',
  summary: 'A polled job reaches a terminal status within the budget, with the dates and failure details the contract requires',
  description:
    'For a `poll` step of an operation with a job lifecycle in the contract. Fails when the job does not reach a terminal status ' +
    '(COMPLETED or FAILED) within the poll budget, when a poll answers with an error, when JobCompletionDate is present while ' +
    'IN_PROGRESS or absent once terminal, when JobCompletionDate is earlier than JobCreationDate, when JobCreationDate changes ' +
    'between polls, when a terminal job goes back to IN_PROGRESS, or when a FAILED job lacks ErrorDetails with Code and Message. ' +
    'Any number of IN_PROGRESS polls is fine.',
  rules: ['R10', 'R11', 'R12'],
  appliesTo: ['poll'],
  example: 'job-lifecycle',
  evaluate({ contract, observation }) {
    const job = contract.operation(observation.operation).job;
    if (!job) throw new Error(`${observation.operation} has no job lifecycle in the contract`);
    const findings: Finding[] = [];
    let created: number | undefined;
    let terminalSeen: string | undefined;
    observation.exchanges.forEach((x, i) => {
      if (!succeeded(x)) return;
      const at = pageLabel(observation, i + 1);
      const status = x.output[job.status];
      const completed = x.output[job.completedAt];
      const createdNow = time(x.output[job.createdAt]);
      if (created !== undefined && createdNow !== undefined && createdNow !== created) {
        findings.push({ path: at, message: `${job.createdAt} changed between polls`, expected: show(new Date(created)), actual: show(x.output[job.createdAt]), rule: 'R10' });
      }
      created ??= createdNow;
      if (job.inProgress.includes(status)) {
        if (completed !== undefined) findings.push({ path: at, message: `${job.completedAt} is set while ${status}`, expected: 'absent', actual: show(completed), rule: 'R11' });
        if (terminalSeen) findings.push({ path: at, message: `the job went back to ${status} after ${terminalSeen}`, expected: terminalSeen, actual: status, rule: 'R10' });
      } else if (job.terminal.includes(status)) {
        terminalSeen = status;
        const done = time(completed);
        if (done === undefined) findings.push({ path: at, message: `${job.completedAt} is missing on a ${status} job`, expected: 'present', actual: show(completed), rule: 'R11' });
        else if (createdNow !== undefined && done < createdNow) {
          findings.push({ path: at, message: `${job.completedAt} is before ${job.createdAt}`, expected: `>= ${show(x.output[job.createdAt])}`, actual: show(completed), rule: 'R11' });
        }
        if (job.failed.includes(status)) {
          const details = x.output[job.failureDetails];
          if (!details?.Code || !details?.Message) {
            findings.push({ path: at, message: `a ${status} job does not say why`, expected: `${job.failureDetails} with Code and Message`, actual: show(details), rule: 'R12' });
          }
        }
      }
    });
    if (observation.ended === 'error' && observation.endedDetail) {
      findings.push({ message: 'polling stopped on a status that is neither in progress nor terminal', expected: [...job.inProgress, ...job.terminal].join(', '), actual: observation.endedDetail, rule: 'R10' });
    }
    if (observation.ended === 'budget') {
      findings.push({ message: 'the job did not finish within the poll budget', expected: `one of ${job.terminal.join(', ')}`, actual: observation.endedDetail ?? 'still in progress', rule: 'R10' });
    }
    return findings;
  },
};

const countsMatchItems: CheckDefinition = {
  name: 'counts-match-items',
  summary: 'NumberOfServicesAccessible equals the services listed; NumberOfServicesNotAccessed equals those never accessed',
  description:
    'For a complete walk of a COMPLETED report. Every service the SCPs allow is listed (R13), so NumberOfServicesAccessible must ' +
    'equal the number of items across all pages, and NumberOfServicesNotAccessed the number of items without LastAuthenticatedTime; ' +
    'it can never exceed the first. A count that is absent is not checked (the members are optional); a count that differs between ' +
    'pages is a break.',
  rules: ['R15'],
  appliesTo: ['walk'],
  example: 'counts-match-items',
  evaluate({ contract, observation }) {
    const findings: Finding[] = [];
    if (observation.ended !== 'complete') return findings; // walk-completes reports why; counting a partial list proves nothing
    const items = itemsOf(contract, observation);
    const notAccessed = items.filter((i) => i.value.LastAuthenticatedTime === undefined).length;
    const expected: Record<string, number> = { NumberOfServicesAccessible: items.length, NumberOfServicesNotAccessed: notAccessed };
    for (const [member, want] of Object.entries(expected)) {
      const seen = new Set<number>();
      observation.exchanges.forEach((x, i) => {
        if (!succeeded(x) || x.output[member] === undefined) return;
        seen.add(x.output[member]);
        if (x.output[member] !== want) {
          findings.push({ path: `${pageLabel(observation, i + 1)}: ${member}`, message: `${member} disagrees with the listed services`, expected: String(want), actual: show(x.output[member]) });
        }
      });
      if (seen.size > 1) findings.push({ message: `${member} differs between pages`, expected: 'one value for the whole report', actual: [...seen].join(', ') });
    }
    return findings;
  },
};

const neverAccessedEntries: CheckDefinition = {
  name: 'never-accessed-entries',
  summary: 'Services nobody tried are listed without Region and EntityPath, with TotalAuthenticatedEntities 0 or absent',
  description:
    'For every item without LastAuthenticatedTime: Region and EntityPath must be absent (they are null when no attempt happened, ' +
    'R13) and TotalAuthenticatedEntities must be 0 or absent (R14). For items with LastAuthenticatedTime, TotalAuthenticatedEntities, ' +
    'when present, must be at least 1: somebody tried. Never negative.',
  rules: ['R13', 'R14'],
  appliesTo: ['walk', 'call'],
  example: 'never-accessed-entries',
  evaluate({ contract, observation }) {
    const listName = paginationOf(contract, observation.operation)?.items ?? 'items';
    const findings: Finding[] = [];
    for (const item of itemsOf(contract, observation)) {
      const v = item.value;
      const total = v.TotalAuthenticatedEntities;
      if (typeof total === 'number' && total < 0) {
        findings.push({ path: where(observation, item, listName, 'TotalAuthenticatedEntities'), message: 'a negative count', expected: '>= 0', actual: String(total), rule: 'R14' });
      }
      if (v.LastAuthenticatedTime === undefined) {
        for (const m of ['Region', 'EntityPath']) {
          if (v[m] !== undefined) findings.push({ path: where(observation, item, listName, m), message: `${v.ServiceNamespace} was never accessed but has ${m}`, expected: 'absent', actual: show(v[m]), rule: 'R13' });
        }
        if (total !== undefined && total !== 0) {
          findings.push({ path: where(observation, item, listName, 'TotalAuthenticatedEntities'), message: `${v.ServiceNamespace} was never accessed but counts entities`, expected: '0 or absent', actual: show(total), rule: 'R14' });
        }
      } else if (typeof total === 'number' && total < 1) {
        findings.push({ path: where(observation, item, listName, 'TotalAuthenticatedEntities'), message: `${v.ServiceNamespace} was accessed but counts no entity`, expected: '>= 1', actual: String(total), rule: 'R14' });
      }
    }
    return findings;
  },
};

export const reportChecks = [jobLifecycle, countsMatchItems, neverAccessedEntries];
