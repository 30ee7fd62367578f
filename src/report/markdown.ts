// summary.md: a short Markdown report, fit for $GITHUB_STEP_SUMMARY.
import { NOT_CHECKED_REASONS } from '../runner/results';
import type { ResultsDocument } from './document';
import { describeExpectedFailure } from '../runner/results';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(doc: ResultsDocument): string {
  const s = doc.summary;
  const ok = s.fail + s['unexpected-pass'] + s['not-checked'] === 0;
  const lines = [
    `## IAM Organizations access report conformance: ${ok ? '✅ conforms' : '❌ does not conform'}`,
    '',
    `Target: \`${doc.target.label}\``,
    '',
    '| conform | do not | expected failures | unexpected passes | could not be checked | total |',
    '|---:|---:|---:|---:|---:|---:|',
    `| ${s.pass} | ${s.fail} | ${s['expected-failure']} | ${s['unexpected-pass']} | ${s['not-checked']} | ${s.total} |`,
    '',
  ];
  if (s.notImplemented) lines.push(`${s.notImplemented} case(s) need an operation the target does not implement.`, '');
  const failing = doc.cases.filter((c) => c.verdict === 'fail' || c.verdict === 'unexpected-pass' || c.verdict === 'not-checked');
  if (failing.length) {
    lines.push('### Cases that do not conform', '', '| case | rules | first finding | where |', '|---|---|---|---|');
    for (const c of failing.slice(0, 50)) {
      const first = c.notImplemented
        ? `operation ${c.notImplemented.operation} not implemented (${c.notImplemented.answer})`
        : c.verdict === 'unexpected-pass' ? `conforms, but expected to fail: ${c.expected}`
        : c.notChecked ? `not checked: ${NOT_CHECKED_REASONS[c.notChecked.reason]} (${c.notChecked.detail})`
        : c.setupProblem ?? c.checks.filter((k) => k.status !== 'passed').map((k) => `${k.check}: ${k.findings[0]?.message ?? k.crash ?? ''}`)[0] ?? '';
      lines.push(`| \`${c.caseId}\` | ${c.rules.join(', ')} | ${cell(first)} | ${c.loc} |`);
    }
    if (failing.length > 50) lines.push('', `… and ${failing.length - 50} more (see report.html).`);
    lines.push('');
  }
  const expected = doc.cases.filter((c) => c.verdict === 'expected-failure');
  if (expected.length) {
    lines.push(`<details><summary>${expected.length} expected failure(s)</summary>`, '', ...expected.map((c) => `- \`${c.caseId}\`: ${cell(describeExpectedFailure(c))}`), '', '</details>', '');
  }
  const broken = doc.rules.filter((r) => r.failing.length);
  if (broken.length) {
    lines.push('### Rules broken', '', '| rule | what it says | failing cases |', '|---|---|---|', ...broken.map((r) => `| ${r.id} | ${cell(r.title)} | ${r.failing.map((c) => `\`${c}\``).join(', ')} |`), '');
  }
  lines.push(`<sub>iam-conformance ${doc.tool.version}, ${doc.finishedAt}. Full details: report.html, results.json, junit.xml.</sub>`, '');
  return lines.join('\n');
}
