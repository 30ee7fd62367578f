// One matrix over several runs (targets): every case and every rule, one column per target. Renders the
// results.json of each run, so runs made anywhere (several emulators, AWS, a recording) compare at a glance.
// A rule passes only if a check of it ran and passed in that run; a rule whose checks all had nothing to judge, or
// whose cases were all not checked, says so.
import type { ResultsDocument, RuleOutcome, Verdict } from '../judge/types';
import { countsLine, headline, RULE_MARK, VERDICT_MARK } from './format';

const esc = (s: unknown) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cell = (s: string) => s.replace(/\|/g, '\\|');

type Mark = { text: string; css: string };

interface Row {
  id: string;
  title: string;
  verdicts: (Mark | undefined)[];
}

const ruleCss: Record<RuleOutcome, string> = {
  fail: 'fail', 'expected-failure': 'expected-failure', pass: 'pass', 'nothing-judged': 'nothing-judged', 'not-checked': 'not-checked', 'not-run': 'none', 'not-testable': 'none',
};
const caseMark = (v: Verdict): Mark => ({ text: VERDICT_MARK[v], css: v });

function rows(docs: ResultsDocument[]): { cases: Row[]; rules: Row[] } {
  const caseIds = [...new Set(docs.flatMap((d) => d.cases.map((c) => c.caseId)))];
  const titles = new Map(docs.flatMap((d) => d.cases.map((c) => [c.caseId, c.title] as const)));
  const cases = caseIds.map((id) => {
    const verdicts = docs.map((d) => d.cases.find((c) => c.caseId === id)?.verdict);
    return { id, title: titles.get(id) ?? '', verdicts: verdicts.map((v) => (v ? caseMark(v) : undefined)) };
  });
  const ruleIds = [...new Set(docs.flatMap((d) => d.rules.filter((r) => r.cases.length).map((r) => r.id)))];
  const ruleTitles = new Map(docs.flatMap((d) => d.rules.map((r) => [r.id, r.title] as const)));
  const rules = ruleIds.map((id) => ({
    id, title: ruleTitles.get(id) ?? '',
    verdicts: docs.map((d) => {
      const r = d.rules.find((x) => x.id === id);
      if (!r || r.outcome === 'not-run') return undefined;
      return { text: RULE_MARK[r.outcome], css: ruleCss[r.outcome] };
    }),
  }));
  return { cases, rules };
}

export function renderMatrixMarkdown(docs: ResultsDocument[]): string {
  const { cases, rules } = rows(docs);
  const head = `| | ${docs.map((d, i) => `${i + 1}`).join(' | ')} |\n|---|${docs.map(() => ':---:').join('|')}|`;
  const line = (r: Row) => `| \`${r.id}\` | ${r.verdicts.map((v) => v?.text ?? '–').join(' | ')} |`;
  return [
    '## IAM conformance matrix',
    '',
    ...docs.map((d, i) => `${i + 1}. \`${cell(d.target.label)}\`: ${headline(d)} — ${countsLine(d)}${d.expectations ? ` (expectations written for: ${cell(d.expectations.target)})` : ''}`),
    '',
    '### Rules',
    '',
    head,
    ...rules.map(line),
    '',
    '### Cases',
    '',
    head,
    ...cases.map(line),
    '',
    'pass: conforms (a rule: a check of it ran and passed) · FAIL: does not · xfail: expected failure · XPASS: unexpected pass · n/j: nothing judged · n/c: not checked · –: not run',
    '',
  ].join('\n');
}

export function renderMatrixHtml(docs: ResultsDocument[]): string {
  const { cases, rules } = rows(docs);
  const td = (v: Mark | undefined) => `<td class="${v?.css ?? 'none'}">${esc(v?.text ?? '–')}</td>`;
  const table = (title: string, list: Row[]) =>
    `<h2>${title}</h2><table><tr><th></th>${docs.map((_, i) => `<th>${i + 1}</th>`).join('')}</tr>${list.map((r) => `<tr><th title="${esc(r.title)}">${esc(r.id)}</th>${r.verdicts.map(td).join('')}</tr>`).join('')}</table>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>IAM conformance matrix</title><style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2330}table{border-collapse:collapse;margin-bottom:18px}
td,th{border:1px solid #e1e4e8;padding:3px 10px;text-align:center}th{text-align:left;font-weight:500}
.pass{background:#dafbe1;color:#1a7f37}.fail{background:#ffebe9;color:#c62828;font-weight:600}.expected-failure{background:#fff8c5}
.unexpected-pass{background:#f3e8ff}.nothing-judged{background:#e8f0fe}.not-checked,.none{color:#8b949e}</style></head><body>
<h1>IAM access advisor: conformance matrix</h1>
<ol>${docs.map((d) => `<li><b>${esc(d.target.label)}</b>: ${esc(headline(d))} — ${esc(countsLine(d))}${d.expectations ? ` (expectations written for: ${esc(d.expectations.target)})` : ''} (${esc(d.finishedAt)})</li>`).join('')}</ol>
${table('Rules', rules)}${table('Cases', cases)}
</body></html>
`;
}
