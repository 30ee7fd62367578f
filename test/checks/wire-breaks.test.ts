// Wire-level defects: each is caught by the wire checks (through the real SDK over real HTTP), while the
// reference target and the legal variations (test/checks/legal-variations.test.ts) pass.
import { startScriptedTarget, type ScriptedTarget, type ScriptedReply, type ScriptedRequest } from '../support/scripted-target';
import { reportModel } from '../support/report-model';
import { errorXml } from '../support/awsquery-xml';
import { runProjectCase, failedChecks, findingRules } from '../support/run-case';

let target: ScriptedTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

type Edit = (reply: ScriptedReply) => ScriptedReply;
const bigPage = (edit: Edit) => (req: ScriptedRequest, n: ScriptedReply) => (req.params.MaxItems === '1000' && n.body.includes('COMPLETED') ? edit(n) : n);
const unknownJob = (edit: Edit) => (req: ScriptedRequest, n: ScriptedReply) => (req.params.JobId?.endsWith('dead') ? edit(n) : n);
const body = (from: RegExp | string, to: string): Edit => (r) => ({ ...r, body: r.body.replace(from, to) });

const rows: [string, (req: ScriptedRequest, n: ScriptedReply) => ScriptedReply, string, string, string?][] = [
  ['a success declared as application/json', bigPage((r) => ({ ...r, headers: { 'content-type': 'application/json' } })), 'completed-report-schema', 'wire-format'],
  ['a success root in another namespace', bigPage(body('https://iam.amazonaws.com/doc/2010-05-08/', 'https://iam.amazonaws.com/doc/2010-05-07/')), 'completed-report-schema', 'wire-format'],
  ['a success root without a namespace', bigPage(body(/ xmlns="[^"]*"/, '')), 'completed-report-schema', 'wire-format'],
  ['no ResponseMetadata/RequestId', bigPage(body(/<ResponseMetadata>.*<\/ResponseMetadata>/, '')), 'completed-report-schema', 'wire-format'],
  ['an element outside the awsQuery envelope', bigPage(body('</GetOrganizationsAccessReportResult>', '</GetOrganizationsAccessReportResult><Debug>trace</Debug>')), 'completed-report-schema', 'wire-format'],
  ['an error without Type', unknownJob(body(/<Type>Sender<\/Type>/, '')), 'unknown-job-id-is-no-such-entity', 'wire-format'],
  ['an error Type that contradicts the status (Receiver with 404)', unknownJob(body('<Type>Sender</Type>', '<Type>Receiver</Type>')), 'unknown-job-id-is-no-such-entity', 'wire-format'],
  ['a modelled code with the wrong status (NoSuchEntity with 400)', unknownJob((r) => ({ ...r, status: 400 })), 'unknown-job-id-is-no-such-entity', 'wire-format'],
  ['an error without RequestId', unknownJob(body(/<RequestId>[^<]*<\/RequestId><\/ErrorResponse>/, '</ErrorResponse>')), 'unknown-job-id-is-no-such-entity', 'wire-format'],
  ['an error body with HTTP 200', unknownJob((r) => ({ ...r, status: 200 })), 'unknown-job-id-is-no-such-entity', 'wire-format'],
  ['a server error typed Sender', unknownJob(() => ({ status: 500, body: errorXml('ServiceFailure', 'boom', 'Sender') })), 'unknown-job-id-is-no-such-entity', 'wire-format'],
  ['a boolean written "yes" (the SDK reads false)', bigPage(body('<IsTruncated>false</IsTruncated>', '<IsTruncated>yes</IsTruncated>')), 'completed-report-schema', 'sdk-agrees'],
  ['a boolean written "TRUE"', bigPage(body('<IsTruncated>false</IsTruncated>', '<IsTruncated>TRUE</IsTruncated>')), 'completed-report-schema', 'sdk-agrees'],
  ['a number the SDK reads as NaN', bigPage(body(/<NumberOfServicesAccessible>\d+/, '<NumberOfServicesAccessible>24x')), 'completed-report-schema', 'sdk-agrees'],
  // The SDK refuses this one outright, so the schema check (not sdk-agrees) is the one to report it.
  ['a member sent twice', bigPage(body('<JobStatus>COMPLETED</JobStatus>', '<JobStatus>COMPLETED</JobStatus><JobStatus>FAILED</JobStatus>')), 'completed-report-schema', 'response-schema'],
  // A scalar or a list holding what its shape cannot hold: the SDK reads the text and drops the rest.
  ['an element inside a string member', bigPage(body(/<ServiceNamespace>/, '<ServiceNamespace><x>1</x>')), 'completed-report-schema', 'response-schema', 'W2'],
  ['an element inside an integer member', bigPage(body(/<NumberOfServicesAccessible>/, '<NumberOfServicesAccessible><n>1</n>')), 'completed-report-schema', 'response-schema', 'R15'],
  ['an element inside a timestamp member', bigPage(body(/<JobCreationDate>/, '<JobCreationDate><t>x</t>')), 'completed-report-schema', 'response-schema'],
  ['text beside the items of a list', bigPage(body('<AccessDetails><member>', '<AccessDetails>oops<member>')), 'completed-report-schema', 'response-schema', 'W2'],
  ['text beside the members of a structure', bigPage(body(/<AccessDetails><member>/, '<AccessDetails><member>oops')), 'completed-report-schema', 'response-schema', 'W2'],
  // An element name that every JavaScript object also has as a member is an element like any other.
  ['an element named hasOwnProperty outside the envelope', bigPage(body('</GetOrganizationsAccessReportResult>', '</GetOrganizationsAccessReportResult><hasOwnProperty>1</hasOwnProperty>')), 'completed-report-schema', 'wire-format'],
  ['a list item outside <member>', bigPage(body('<AccessDetails><member>', '<AccessDetails><item><ServiceName>X</ServiceName><ServiceNamespace>x</ServiceNamespace></item><member>')), 'completed-report-schema', 'sdk-agrees'],
];

test.each(rows.map(([n, reply, c, k, rule]) => [n, c, k, reply, rule] as const))('%s is caught by case %s (check %s)', async (_n, caseId, check, reply, rule) => {
  target = await startScriptedTarget(reportModel({ reply }));
  const result = await runProjectCase(target.url, caseId);
  expect(failedChecks(result)).toContain(check);
  expect(findingRules(result, check)).toContain(rule ?? ({ 'wire-format': 'W3', 'sdk-agrees': 'W4' } as Record<string, string>)[check] ?? 'R10');
});

test('with --wire lenient, an element outside the envelope and an unknown member are not failures', async () => {
  const extra = bigPage(body('</GetOrganizationsAccessReportResult>', '<Extra>1</Extra></GetOrganizationsAccessReportResult><Debug>trace</Debug>'));
  target = await startScriptedTarget(reportModel({ reply: extra }));
  const strict = await runProjectCase(target.url, 'completed-report-schema');
  expect(failedChecks(strict)).toEqual(expect.arrayContaining(['wire-format', 'response-schema']));
  const lenient = await runProjectCase(target.url, 'completed-report-schema', { lenientWire: true });
  expect(lenient.status).toBe('passed');
});

// Unknown members named like every JavaScript object's own members (a reader that looked them up in a
// plain object took them for modelled members and crashed): reported like any other unknown member.
test.each([
  ['toString', body('<JobStatus>', '<toString>x</toString><JobStatus>')],
  ['__proto__', body('<JobStatus>', '<__proto__>x</__proto__><JobStatus>')],
  ['constructor (in an item)', body('<AccessDetails><member>', '<AccessDetails><member><constructor>x</constructor>')],
] as const)('an unknown member named %s fails the schema check, as an unknown member', async (name, edit) => {
  target = await startScriptedTarget(reportModel({ reply: bigPage(edit) }));
  const result = await runProjectCase(target.url, 'completed-report-schema');
  const schema = result.checks.filter((c) => c.check === 'response-schema');
  expect(schema.map((c) => [c.status, c.crash?.split("\n").slice(0, 3).join(" | ")])).toContainEqual(["failed", undefined]);
  expect(schema.some((c) => c.status === 'crashed')).toBe(false);
  const member = name.split(' ')[0];
  expect(schema.flatMap((c) => c.findings).some((f) => `${f.path} ${f.message} ${f.actual ?? ''}`.includes(member))).toBe(true);
});
