// Differential mode: each live answer against the recorded answer to the same request.
import type { CheckDefinition, CheckResult, Finding } from './types';
import { readAwsQueryResponse } from '../wire/awsquery';
import { pageLabel, show } from './util';

/** Every scalar of a value, by path: {A: [{B: 1}]} -> {"A[0].B": 1}. */
function flatten(value: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  else out.set(prefix, value);
  return out;
}

/** "List[*].Member" (a known-deviation path) -> a regex over flattened paths: that member and what it holds. */
function pathPattern(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|\\]/g, '\\$&').replace(/\[\*\]/g, '\\[\\d+\\]').replace(/\[(\d+)\]/g, '\\[$1\\]')}(?:$|[.[])`);
}

const matchesRecording: CheckDefinition = {
  name: 'matches-recording',
  summary: 'In differential mode, each live answer equals the recorded answer to the same request, field by field',
  description:
    'Runs on every request when the run has `--compare DIR`. The live answer and the recorded answer to the same request ' +
    '(their volatile values paired: the live target\'s JobIds, markers and, for a recording made with `--normalize-ids`, ids stand for ' +
    'the recorded ones they first appear beside, see `volatile` in `specs/`) must have the same HTTP status, the same kind of body, the same ' +
    'error code and type, and the same members with the same values; the members listed under `comparison.presenceOnly` in ' +
    '`specs/` (dates) are compared for presence only, and error messages and request ids not at all. A request the recording ' +
    'has no answer for is reported. How many polls a job takes is timing, not behaviour: of a poll, only the last answer ' +
    'is compared, and always with the last answer recorded for that request. A target\'s known deviations (`--known-deviations`) silence the paths they list, except ' +
    'against AWS.',
  rules: [],
  appliesTo: ['call', 'walk', 'poll'],
  auto: (_s, obs) => obs.exchanges.some((x) => x.comparison),
  evaluate({ contract, observation }) {
    const findings: Finding[] = [];
    let judged = 0; // fields compared, for the run's totals (results.json "comparison")
    observation.exchanges.forEach((x, i) => {
      const c = x.comparison;
      if (!c || !c.live) return;
      const isPoll = observation.kind === 'poll';
      if (isPoll && i < observation.exchanges.length - 1) return;
      const at = pageLabel(observation, i + 1);
      const recordedAnswer = c.recorded;
      if (!recordedAnswer) {
        findings.push({ path: at, message: 'the recording has no answer to this request', expected: `an answer recorded in ${c.recordedFrom}`, actual: 'none (the recording and this run made different requests)' });
        return;
      }
      const silenced = c.silenced.map(pathPattern);
      const compare = (path: string, same: boolean, recorded: unknown, live: unknown) => {
        judged++;
        if (!same && !silenced.some((p) => p.test(path))) findings.push({ path: `${at}: ${path}`, message: `${path} differs from the recording`, expected: show(recorded), actual: show(live) });
      };
      compare('HTTP status', recordedAnswer.status === c.live.status, recordedAnswer.status, c.live.status);
      const recorded = readAwsQueryResponse(contract, observation.operation, recordedAnswer.body);
      const live = readAwsQueryResponse(contract, observation.operation, c.live.body);
      compare('body', recorded.kind === live.kind, `${recorded.kind} body`, `${live.kind} body`);
      if (recorded.kind !== live.kind) return;
      if (recorded.kind === 'error' && live.kind === 'error') {
        compare('Error.Code', recorded.code === live.code, recorded.code, live.code);
        compare('Error.Type', recorded.type === live.type, recorded.type, live.type);
        return;
      }
      if (recorded.kind !== 'result' || live.kind !== 'result') return;
      const a = flatten(recorded.result);
      const b = flatten(live.result);
      for (const path of new Set([...a.keys(), ...b.keys()])) {
        const member = path.replace(/\[\d+\]/g, '').split('.').pop()!;
        if (contract.comparison.presenceOnly.includes(member)) compare(path, a.has(path) === b.has(path), a.has(path) ? 'present' : 'absent', b.has(path) ? 'present' : 'absent');
        else compare(path, a.get(path) === b.get(path), a.get(path), b.get(path));
      }
    });
    if (judged === 0 && findings.length === 0) return { nothingToJudge: 'no live answer arrived to compare with the recording' };
    return { findings, judged };
  },
};

/** A run's differential-mode totals, from its cases' matches-recording results. */
export function comparisonTotals(checks: CheckResult[]): { fieldsCompared: number; differences: number } {
  const mine = checks.filter((k) => k.check === matchesRecording.name);
  return { fieldsCompared: mine.reduce((n, k) => n + (k.judged ?? 0), 0), differences: mine.reduce((n, k) => n + k.findings.length, 0) };
}

export const compareChecks = [matchesRecording];
