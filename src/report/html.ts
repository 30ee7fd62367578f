// report.html: one self-contained page (no script, no network) for people: the verdict, the rules with
// their cases, and every case grouped by operation, failing checks with expected vs actual and the raw
// request and response behind each failure.
import type { JudgedCase, ResultsDocument, Verdict } from '../judge/types';
import {
  comparisonLine, countsLine, describeExpectedFailure, expectationsLine, headline, isGreen, nothingJudgedNotes, notCheckedText, RULE_LABEL, rulesNotExercised, VERDICT_LABEL, warningsLine,
} from './format';

const esc = (s: unknown) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');


const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:18px 28px}.verdict{font-size:13px;border-radius:4px;padding:3px 8px;margin-right:8px;vertical-align:middle}.verdict.ok{background:#1a7f37}.verdict.bad{background:#c62828}
td.n{white-space:nowrap}header h1{margin:0 0 4px;font-size:20px}header p{margin:0;color:#c9d1e0}
main{padding:20px 28px;max-width:1200px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:0 0 20px}.card{background:#fff;border-radius:8px;padding:10px 16px;box-shadow:0 1px 2px #0002;min-width:110px}
.card b{display:block;font-size:24px}.card.pass b{color:#1a7f37}.card.fail b{color:#c62828}.card.xf b{color:#8a6d00}.card.up b{color:#6a1b9a}.card.inf b{color:#5d6b82}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;white-space:nowrap}
.pass .badge,.badge.pass{background:#dafbe1;color:#1a7f37}.fail .badge,.badge.fail{background:#ffebe9;color:#c62828}
.expected-failure .badge{background:#fff8c5;color:#8a6d00}.nothing-judged .badge,.badge.nj{background:#e8f0fe;color:#3b5bab}.badge.muted{background:#eef1f5;color:#5d6b82}.unexpected-pass .badge{background:#f3e8ff;color:#6a1b9a}.not-checked .badge{background:#eef1f5;color:#5d6b82}
h2{font-size:16px;margin:26px 0 8px}table{border-collapse:collapse;width:100%;background:#fff;border-radius:8px;overflow:hidden;box-shadow:0 1px 2px #0002}
td,th{padding:6px 10px;border-bottom:1px solid #eef0f3;text-align:left;vertical-align:top}th{background:#fafbfc;font-weight:600}
details.case{background:#fff;border-radius:8px;margin:6px 0;box-shadow:0 1px 2px #0002}details.case>summary{padding:8px 12px;cursor:pointer;list-style:none}
details.case>summary::-webkit-details-marker{display:none}details.case[open]>summary{border-bottom:1px solid #eef0f3}
.body{padding:8px 14px 12px}.finding{margin:6px 0 10px 0;padding-left:10px;border-left:3px solid #c62828}.finding.nj{border-left-color:#3b5bab}.finding.warn{border-left-color:#8a6d00}.badge.warn{background:#fff8c5;color:#8a6d00}
.kv{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px;white-space:pre-wrap;word-break:break-word}
pre{background:#0f1420;color:#e6e9ef;padding:10px;border-radius:6px;overflow:auto;max-height:320px;font-size:12px;white-space:pre-wrap;word-break:break-all}
.muted{color:#5d6b82}.rules{font-size:12px}.evidence{display:grid;grid-template-columns:1fr 1fr;gap:10px}`;

function caseBody(c: JudgedCase): string {
  const parts: string[] = [`<p class="muted">${esc(c.loc)} · rules ${esc(c.rules.join(', '))}${c.brokenRules.length ? ` · broken: ${esc(c.brokenRules.join(', '))}` : ''} · ${c.requests} request(s), ${Math.round(c.durationMs)} ms</p>`];
  if (c.verdict === 'expected-failure') parts.push(`<p>${esc(describeExpectedFailure(c))}</p>`);
  if (c.verdict === 'unexpected-pass') parts.push(`<p>Conforms, but the expectations said it would fail: ${esc(c.expected)}. Remove that expectation.</p>`);
  if (c.notImplemented) parts.push(`<p>Operation <b>${esc(c.notImplemented.operation)}</b> is not implemented by this target: it answered ${esc(c.notImplemented.answer)}.</p>`);
  if (c.notChecked) parts.push(`<p>Not checked: ${esc(notCheckedText(c.notChecked))}. No conformance verdict either way.</p>`);
  if (c.expectation && !c.expectation.matched && c.expectation.why && c.verdict === 'fail') parts.push(`<p>The expectation at ${esc(c.expectation.at)} is not met: ${esc(c.expectation.why)}.</p>`);
  if (c.setupProblem) parts.push(`<div class="finding"><b>setup</b><div class="kv">${esc(c.setupProblem)}</div></div>`);
  for (const n of nothingJudgedNotes(c)) parts.push(`<div class="finding nj"><b>nothing to judge</b><div class="kv">${esc(n)}</div></div>`);
  const findingHtml = (f: JudgedCase['checks'][number]['findings'][number]) => `<div class="kv">${esc(f.path ? `${f.path}: ` : '')}${esc(f.message)}${f.rule ? ` [${esc(f.rule)}]` : ''}${f.expected !== undefined ? `\n  expected: ${esc(f.expected)}` : ''}${f.actual !== undefined ? `\n  actual:   ${esc(f.actual)}` : ''}</div>`;
  const where = (k: JudgedCase['checks'][number]) => `<span class="rules">[${esc((k.rules.length ? k.rules : c.rules).join(', '))}] at ${esc(k.loc)}, step ${k.stepIndex + 1}</span>`;
  for (const k of c.checks.filter((x) => x.status === 'failed' || x.status === 'crashed')) {
    const findings = k.findings.filter((f) => !f.warning).map(findingHtml).join('');
    parts.push(`<div class="finding"><b>${esc(k.check)}</b> ${where(k)}${k.crash ? `<div class="kv">the check crashed: ${esc(k.crash)}</div>` : ''}${findings}</div>`);
  }
  // --wire lenient: what the contract does not define, reported on checks that pass or fail on other grounds.
  for (const k of c.checks.filter((x) => x.findings.some((f) => f.warning))) {
    parts.push(`<div class="finding warn"><span class="badge warn">warning, not a failure</span> <b>${esc(k.check)}</b> ${where(k)}${k.findings.filter((f) => f.warning).map(findingHtml).join('')}</div>`);
  }
  if (c.evidence.length && c.verdict !== 'pass' && c.verdict !== 'nothing-judged') {
    parts.push('<h4>Raw exchanges of the failing steps</h4>');
    for (const e of c.evidence) parts.push(`<p class="muted">step ${e.stepIndex + 1}: ${esc(e.operation)}</p><div class="evidence"><pre>${esc(e.request)}</pre><pre>${esc(e.response)}</pre></div>`);
  }
  return parts.join('\n');
}

export function renderHtml(doc: ResultsDocument): string {
  const s = doc.summary;
  const ok = isGreen(doc.overall);
  const byOperation = new Map<string, JudgedCase[]>();
  for (const c of doc.cases) byOperation.set(c.operation, [...(byOperation.get(c.operation) ?? []), c]);
  const order: Record<Verdict, number> = { fail: 0, 'unexpected-pass': 1, 'not-checked': 2, 'expected-failure': 3, 'nothing-judged': 4, pass: 5 };
  const sections = [...byOperation].map(([op, cases]) => `<h2>${esc(op)}</h2>\n${[...cases].sort((a, b) => order[a.verdict] - order[b.verdict]).map((c) =>
    `<details class="case ${c.verdict}"${c.verdict === 'fail' || c.verdict === 'unexpected-pass' || c.verdict === 'not-checked' ? ' open' : ''}><summary><span class="badge">${VERDICT_LABEL[c.verdict]}</span>${c.checks.some((k) => k.findings.some((f) => f.warning)) ? ' <span class="badge warn">warning</span>' : ''} <b>${esc(c.caseId)}</b> — ${esc(c.title)}</summary><div class="body">${caseBody(c)}</div></details>`).join('\n')}`).join('\n');
  const ruleCell = (r: ResultsDocument['rules'][number]) => {
    if (!r.testable) return '<span class="muted">not testable black-box</span>';
    const label = `<span class="badge ${r.outcome === 'fail' ? 'fail' : r.outcome === 'pass' ? 'pass' : r.outcome === 'nothing-judged' ? 'nj' : 'muted'}">${esc(RULE_LABEL[r.outcome])}</span>`;
    return `${label}${r.note ? ` <span class="muted">${esc(r.note)}</span>` : ''}`;
  };
  const rules = doc.rules.map((r) => `<tr><td><b>${esc(r.id)}</b></td><td>${esc(r.title)}</td><td class="n">${ruleCell(r)}</td><td class="n">${r.cases.length ? `${r.cases.length} case(s)` : ''}</td><td>${r.failing.map((c) => `<span class="badge fail">${esc(c)}</span>`).join(' ')}${r.expectedFailing.length ? ` <span class="muted">${r.expectedFailing.length} expected failure(s)</span>` : ''}</td></tr>`).join('\n');
  const unexercised = rulesNotExercised(doc);
  const notes = [
    expectationsLine(doc) ? `With ${esc(expectationsLine(doc))}.` : '',
    comparisonLine(doc) ? `Differential mode: ${esc(comparisonLine(doc))}.` : '',
    doc.shard ? `Shard ${doc.shard.index}/${doc.shard.count} of the selection.` : '',
    doc.merged ? `Merged shards ${doc.merged.shards.join(', ')} of ${doc.merged.count}${doc.merged.missing.length ? ` — <b>incomplete: ${doc.merged.missing.join(', ')} missing</b>` : ''}.` : '',
    s.notImplemented ? `${s.notImplemented} case(s) need an operation this target does not implement.` : '',
    warningsLine(doc) ? `<span class="badge warn">warnings</span> ${esc(warningsLine(doc))}; each is shown with its case below.` : '',
    unexercised.length ? `Rules not exercised against this target: ${unexercised.map((r) => `<b>${esc(r.id)}</b> (${esc(RULE_LABEL[r.outcome])})`).join(', ')}.` : '',
  ].filter(Boolean).map((n) => `<p>${n}</p>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>IAM conformance — ${esc(doc.target.label)}</title><style>${STYLE}</style></head>
<body><header><h1><span class="verdict ${ok ? 'ok' : 'bad'}">${esc(headline(doc).toUpperCase())}</span> IAM access advisor</h1><p>${esc(doc.target.label)}${doc.target.kind === 'replay' ? '' : ` · ${esc(doc.target.description)}`} · ${esc(doc.finishedAt)}</p></header>
<main>
<div class="cards">
<div class="card pass"><b>${s.pass}</b>conform</div><div class="card fail"><b>${s.fail}</b>do not conform</div>
<div class="card"><b>${s['nothing-judged']}</b>nothing judged</div>
<div class="card xf"><b>${s['expected-failure']}</b>expected failures</div><div class="card up"><b>${s['unexpected-pass']}</b>unexpected passes</div>
<div class="card inf"><b>${s['not-checked']}</b>not checked</div><div class="card"><b>${s.total}</b>cases (${s.generated} generated)</div>
</div>
<p>${esc(countsLine(doc))}.</p>
${notes}
${doc.internalErrors?.length ? `<p><b>Internal error of iam-conformance</b> (not a verdict on the target):</p><pre>${esc(doc.internalErrors.join('\n\n'))}</pre>` : ''}
${doc.problems.length ? `<p><b>Problems:</b> ${doc.problems.map((p) => esc(p.split('\n')[0])).join('; ')}</p>` : ''}
<h2>Rules</h2>
<table><tr><th>rule</th><th>what it says</th><th>outcome</th><th>cases</th><th>failing</th></tr>
${rules}
</table>
${sections}
<p class="muted">iam-conformance ${esc(doc.tool.version)} · results.json holds the same data (schema docs/results.schema.json)</p>
</main></body></html>
`;
}
