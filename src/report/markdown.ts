// summary.md: a short Markdown report, fit for $GITHUB_STEP_SUMMARY.
import type { ResultsDocument } from '../judge/types';
import {
  comparisonLine, countsLine, describeExpectedFailure, expectationsLine, firstFinding, headline, isGreen, nothingJudgedNotes, rulesNotExercised, RULE_LABEL, VERDICT_LABEL, warningsOf,
} from './format';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(doc: ResultsDocument): string {
  const s = doc.summary;
  const lines = [
    `## IAM access advisor conformance: ${isGreen(doc.overall) ? '✅' : '❌'} ${headline(doc)}`,
    '',
    `Target: \`${doc.target.label}\``,
    '',
  ];
  const expectations = expectationsLine(doc);
  if (expectations) lines.push(`With ${expectations}`, '');
  const comparison = comparisonLine(doc);
  if (comparison) lines.push(`Differential mode: ${comparison}`, '');
  if (doc.shard) lines.push(`Shard ${doc.shard.index}/${doc.shard.count} of the selection.`, '');
  if (doc.merged) lines.push(`Merged shards ${doc.merged.shards.join(', ')} of ${doc.merged.count}${doc.merged.missing.length ? ` — **incomplete: ${doc.merged.missing.join(', ')} missing**` : ''}.`, '');
  lines.push(
    `${countsLine(doc)}.`,
    '',
    '| conform | do not conform | nothing judged | expected failures | unexpected passes | not checked | total |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${s.pass} | ${s.fail} | ${s['nothing-judged']} | ${s['expected-failure']} | ${s['unexpected-pass']} | ${s['not-checked']} | ${s.total} |`,
    '',
  );
  if (doc.internalErrors?.length) lines.push(`**Internal error of iam-conformance** (not a verdict on the target): ${cell(doc.internalErrors[0].split('\n')[0])}`, '');
  const bad = (v: string) => doc.cases.filter((c) => c.verdict === v);
  const table = (title: string, cases: ResultsDocument['cases']) => {
    if (!cases.length) return;
    lines.push(`### ${title}`, '', '| case | rules | first finding | where |', '|---|---|---|---|');
    for (const c of cases.slice(0, 50)) lines.push(`| \`${c.caseId}\` | ${(c.brokenRules.length ? c.brokenRules : c.rules).join(', ')} | ${cell(firstFinding(c))} | ${c.loc} |`);
    if (cases.length > 50) lines.push('', `… and ${cases.length - 50} more (see report.html).`);
    lines.push('');
  };
  table('Cases that do not conform', bad('fail'));
  table('Unexpected passes (remove their expectations)', bad('unexpected-pass'));
  table('Cases not checked (no verdict either way)', bad('not-checked'));
  const expected = bad('expected-failure');
  if (expected.length) {
    lines.push(`<details><summary>${expected.length} expected failure(s)</summary>`, '', ...expected.map((c) => `- \`${c.caseId}\`: ${cell(describeExpectedFailure(c))}`), '', '</details>', '');
  }
  const empty = bad('nothing-judged');
  if (empty.length) {
    lines.push('### Conforms, nothing judged', '', 'Nothing failed, but every check these cases ask for had nothing to judge against this target:', '',
      ...empty.map((c) => `- \`${c.caseId}\`: ${cell(nothingJudgedNotes(c).join('; '))}`), '');
  }
  const warned = doc.cases.filter((c) => warningsOf(c).length);
  if (warned.length) {
    // --wire lenient (the default against AWS, which adds members over time): reported, never a failure.
    lines.push(`### Warnings (${s.warnings ?? warned.length}): not failures`, '',
      'Elements and members the contract does not define (`--wire lenient`, the default against AWS; `--wire strict` makes them fail):', '',
      ...warned.slice(0, 50).flatMap((c) => warningsOf(c).slice(0, 5).map((w) => `- \`${c.caseId}\` (${VERDICT_LABEL[c.verdict]}): ${cell(w)}`)), '');
    if (warned.length > 50) lines.push(`… and more in ${warned.length - 50} other case(s) (see report.html).`, '');
  }
  const broken = doc.rules.filter((r) => r.failing.length);
  if (broken.length) {
    lines.push('### Rules broken', '', '| rule | what it says | failing cases |', '|---|---|---|', ...broken.map((r) => `| ${r.id} | ${cell(r.title)} | ${r.failing.map((c) => `\`${c}\``).join(', ')} |`), '');
  }
  const unexercised = rulesNotExercised(doc);
  if (unexercised.length) {
    lines.push('### Rules not exercised against this target', '', '| rule | what it says | why |', '|---|---|---|',
      ...unexercised.map((r) => `| ${r.id} | ${cell(r.title)} | ${RULE_LABEL[r.outcome]}${r.note ? `: ${cell(r.note)}` : ''} |`), '');
  }
  if (doc.problems.length) lines.push('### Problems', '', ...doc.problems.slice(0, 20).map((p) => `- ${cell(p.split('\n')[0])}`), '');
  lines.push(`<sub>iam-conformance ${doc.tool.version}, ${doc.finishedAt}. Full details: report.html, results.json, junit.xml.</sub>`, '');
  return lines.join('\n');
}
