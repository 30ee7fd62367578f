// summary.md, report.html and the matrix on hand-made judged results: headlines count what happened,
// the three outcomes stay apart, checks with nothing to judge are shown, "rules broken" comes from the
// failed checks, and a rule passes in the matrix only where a check of it ran and passed.
import { renderMarkdown } from '../../src/report/markdown';
import { renderHtml } from '../../src/report/html';
import { renderMatrixMarkdown } from '../../src/report/matrix';
import { check, doc, entry } from '../support/judged';

const notImplemented = { operation: 'GenerateOrganizationsAccessReport', answer: 'HTTP 501 InternalFailure' };

/** What moto with its expectations file looks like: every case an expected "not implemented". */
const motoLike = doc([
  entry('job-lifecycle', 'expected-failure', { status: 'not-implemented', notImplemented, rules: ['R10', 'R11'], brokenRules: ['R10', 'R11'], expected: 'moto lacks it (expectations/moto.yaml:4:5)' }),
  entry('sort-time-descending', 'expected-failure', { status: 'not-implemented', notImplemented, rules: ['R8'], brokenRules: ['R8'], expected: 'moto lacks it (expectations/moto.yaml:4:5)' }),
], { expectations: { file: 'expectations/moto.yaml', target: 'moto 5.2.1 server' } });

test('expected failures are not "conforms": the headline says what happened, with the expectations target', () => {
  const md = renderMarkdown(motoLike);
  expect(md).toMatch(/^## IAM access advisor conformance: ✅ conforms except 2 expected failures$/m);
  expect(md).toMatch(/^0 conform, 0 do not conform, 2 expected failures \(2 need an operation the target does not implement\)\.$/m);
  expect(md).toMatch(/With expectations expectations\/moto\.yaml, written for: moto 5\.2\.1 server/);
  expect(renderHtml(motoLike)).toMatch(/<span class="verdict ok">CONFORMS EXCEPT 2 EXPECTED FAILURES<\/span>/);
});

test('the matrix does not show rules as passing where nothing was implemented', () => {
  const md = renderMatrixMarkdown([motoLike]);
  expect(md).toMatch(/\| `R8` \| xfail \|/);
  expect(md).toMatch(/\| `R10` \| xfail \|/);
  expect(md).not.toMatch(/\| `R\d+` \| pass \|/);
  expect(md).toMatch(/conforms except 2 expected failures — 0 conform, 0 do not conform, 2 expected failures .*\(expectations written for: moto 5\.2\.1 server\)/);
});

test('unexpected passes are counted as such, apart from non-conformance', () => {
  const d = doc([entry('a', 'pass'), entry('b', 'unexpected-pass', { expected: 'old gap (e.yaml:3:5)' })]);
  const md = renderMarkdown(d);
  // Red, and the headline says what is wrong: the expectations, not the target.
  expect(md).toMatch(/❌ does not match its expectations: 1 case declared to fail conforms \(update the expectations file\)$/m);
  expect(md).toMatch(/^1 conform, 0 do not conform, 1 unexpected pass\.$/m);
  // With a real failure beside it, the headline is non-conformance.
  expect(renderMarkdown(doc([entry('a', 'fail'), entry('b', 'unexpected-pass', { expected: 'old gap (e.yaml:3:5)' })]))).toMatch(/❌ does not conform$/m);
  expect(md).toMatch(/### Unexpected passes \(remove their expectations\)[\s\S]*\| `b` \|/);
  expect(md).not.toMatch(/### Cases that do not conform/);
});

test('rules broken are the rules of the failed checks, not every rule of the failing case', () => {
  const sorted = check('sorted-by', 'failed', { rules: ['R8'], findings: [{ message: 'ServiceNamespace is not in ascending order', rule: 'R9' }] });
  const d = doc([entry('default-order-is-namespace-ascending', 'fail', { rules: ['R7', 'R9'], brokenRules: ['R9'], checks: [check('walk-equals', 'passed', { rules: ['R7'] }), sorted] })]);
  const md = renderMarkdown(d);
  expect(md).toMatch(/### Rules broken[\s\S]*\| R9 \|/);
  expect(md.slice(md.indexOf('### Rules broken'))).not.toMatch(/\| R7 \|/);
  expect(md).toMatch(/\| `default-order-is-namespace-ascending` \| R9 \| sorted-by: ServiceNamespace is not in ascending order \|/);
  const matrix = renderMatrixMarkdown([d]);
  expect(matrix).toMatch(/\| `R9` \| FAIL \|/);
  expect(matrix).toMatch(/\| `R7` \| pass \|/);
  expect(matrix).toMatch(/\| `R8` \| – \|/); // the sorted-by check speaks for R9 here, and nothing else ran of R8
});

test('a case whose checks had nothing to judge is "conforms, nothing judged", with the rules never exercised listed', () => {
  const empty = check('sorted-by', 'nothing-to-judge', { rules: ['R8'], note: 'fewer than two items with a LastAuthenticatedTime' });
  const d = doc([entry('sort-time-descending', 'nothing-judged', { rules: ['R8'], checks: [check('schema', 'passed', { auto: true, rules: ['R2'] }), empty] }), entry('job-lifecycle', 'pass', { rules: ['R10'], checks: [check('job-lifecycle', 'passed', { rules: ['R10'] })] })]);
  expect(d.overall).toBe('conforms');
  const md = renderMarkdown(d);
  expect(md).toMatch(/✅ conforms, 1 case with nothing judged/);
  expect(md).toMatch(/^1 conform, 0 do not conform, 1 with nothing judged\.$/m);
  expect(md).toMatch(/### Conforms, nothing judged[\s\S]*- `sort-time-descending`: sorted-by at cases\/x\.yaml:9:11 \(step 1\): fewer than two items with a LastAuthenticatedTime/);
  expect(md).toMatch(/### Rules not exercised against this target[\s\S]*\| R8 \| [^|]+ \| nothing judged: sorted-by in sort-time-descending: fewer than two items/);
  expect(md).toMatch(/\| R12 \| [^|]+ \| not exercised: no case of it ran \|/);
  const html = renderHtml(d);
  expect(html).toMatch(/<details class="case nothing-judged"><summary><span class="badge">conforms, nothing judged<\/span> <b>sort-time-descending<\/b>/);
  expect(html).toMatch(/<div class="finding nj"><b>nothing to judge<\/b><div class="kv">sorted-by at cases\/x\.yaml:9:11 \(step 1\): fewer than two items/);
  expect(html).toMatch(/<td><b>R8<\/b><\/td><td>[^<]*<\/td><td class="n"><span class="badge nj">nothing judged<\/span>/);
  expect(renderMatrixMarkdown([d])).toMatch(/\| `R8` \| n\/j \|/);
  expect(renderMatrixMarkdown([d])).toMatch(/\| `sort-time-descending` \| n\/j \|/);
});

test('not checked is its own outcome everywhere, with the reason and its detail', () => {
  const d = doc([entry('a', 'pass'), entry('job-lifecycle', 'not-checked', { notChecked: { reason: 'report-job-incomplete', detail: 'job FAILED: Throttled, The job was cancelled.' } })]);
  expect(d.overall).toBe('not-checked');
  const md = renderMarkdown(d);
  expect(md).toMatch(/❌ not checked: 1 case could not be checked/);
  expect(md).toMatch(/^1 conform, 0 do not conform, 1 not checked \(1 report-job-incomplete\)\.$/m);
  expect(md).toMatch(/### Cases not checked \(no verdict either way\)[\s\S]*\| `job-lifecycle` \| R1 \| not checked: the report job it needs did not complete \(FAILED, or still running at the poll budget\) \(job FAILED: Throttled, The job was cancelled\.\) \|/);
  expect(md).not.toMatch(/### Cases that do not conform/);
  const html = renderHtml(d);
  expect(html).toMatch(/<span class="verdict bad">NOT CHECKED: 1 CASE COULD NOT BE CHECKED<\/span>/);
  expect(html).toMatch(/Not checked: the report job it needs did not complete .*job FAILED: Throttled/);
  expect(renderMatrixMarkdown([d])).toMatch(/\| `job-lifecycle` \| n\/c \|/);
});
