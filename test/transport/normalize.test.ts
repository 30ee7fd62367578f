// Normalisation is driven by the contract: members of `opaque` shapes, the spec's envelope values and id
// kinds. Placeholders keep each value's length and character class per position (boundary values stay on
// their side of the constraint), are consistent within a recording, and a member or id kind added to a
// spec is normalised without a code change.
import { Contract, loadContract, type Shape } from '../../src/contract';
import { Correspondence, Normalizer, shapeOf } from '../../src/transport/normalize';

const contract = loadContract();
const GET = 'GetOrganizationsAccessReport';
const GEN = 'GenerateOrganizationsAccessReport';

const classes = (s: string) => [...s].map((c) => (/[0-9]/.test(c) ? 'd' : /[a-z]/.test(c) ? 'l' : /[A-Z]/.test(c) ? 'u' : c)).join('');
const answer = (op: string, result: string, requestId = 'f00dfeed-0000-4000-8000-000000000001') =>
  `<${op}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${op}Result>${result}</${op}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${op}Response>`;
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const field = (body: string, name: string) => new URLSearchParams(body).get(name);
const element = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

test('a JobId and a marker from answers are replaced, keeping length and character class, consistently in later requests', () => {
  const n = new Normalizer(contract);
  const jobId = '3f2a9c1e-77b0-4d21-9e6a-0c5d8b4f1a23';
  const generated = n.answer(answer(GEN, `<JobId>${jobId}</JobId>`));
  const placeholder = element(generated, 'JobId')!;
  expect(placeholder).not.toBe(jobId);
  expect(classes(placeholder)).toBe(classes(jobId));
  const marker = 'Qm9va21hcms6MTAw&page=2 é';
  const page = n.answer(answer(GET, `<JobStatus>COMPLETED</JobStatus><IsTruncated>true</IsTruncated><Marker>${marker.replace('&', '&amp;')}</Marker>`));
  const markerPlaceholder = element(page, 'Marker')!.replace('&amp;', '&');
  expect(classes(markerPlaceholder)).toBe(classes(marker));
  expect(markerPlaceholder).not.toBe(marker);
  // The next request sends the real values: it is recorded with the same placeholders.
  const next = n.request(form({ Action: GET, Version: '2010-05-08', JobId: jobId, Marker: marker }));
  expect(field(next, 'JobId')).toBe(placeholder);
  expect(field(next, 'Marker')).toBe(markerPlaceholder);
  // A JobId cut by one character, or extended by one, is cut or extended from its placeholder: still 35 or 37 characters.
  expect(field(n.request(form({ Action: GET, JobId: jobId.slice(0, 35) })), 'JobId')).toBe(placeholder.slice(0, 35));
  expect(field(n.request(form({ Action: GET, JobId: `${jobId}a` })), 'JobId')).toBe(`${placeholder}a`);
  // A JobId no answer gave is the case's own and stays.
  expect(field(n.request(form({ Action: GET, JobId: '00000000-0000-4000-8000-00000000dead' })), 'JobId')).toBe('00000000-0000-4000-8000-00000000dead');
});

test('request ids (the spec\'s envelope values and headers) get one placeholder in body and header', () => {
  const n = new Normalizer(contract);
  const id = '89db74f9-3ff3-43e5-8c8b-86a7a62d972c';
  const body = n.answer(answer(GEN, '<JobId>3f2a9c1e-77b0-4d21-9e6a-0c5d8b4f1a23</JobId>', id));
  const placeholder = element(body, 'RequestId')!;
  expect(placeholder).not.toBe(id);
  expect(classes(placeholder)).toBe(classes(id));
  expect(n.headers({ 'x-amzn-requestid': id, 'content-type': 'text/xml' })).toEqual({ 'x-amzn-requestid': placeholder, 'content-type': 'text/xml' });
});

test('with ids, every id keeps its prefix, length and character class, boundary values included, and the same id gets the same placeholder', () => {
  const n = new Normalizer(contract, { ids: true });
  const good = 'o-a1b2c3d4e5/r-f6g7';
  const short = 'o-a1b2c3d4e5/r-f6g'; // 18 characters: one too few for the entity path, and a root id too short
  const long = `o-a1b2c3d4e5/r-f6g7${'a'.repeat(409)}`; // 428 characters: one too many
  const other = 'o-zz9y8x7w6v/r-q1w2/ou-q1w2-abcd1234/111122223333';
  const [g, s, l, o] = [good, short, long, other].map((p) => field(n.request(form({ Action: GEN, EntityPath: p })), 'EntityPath')!);
  for (const [before, after] of [[good, g], [short, s], [long, l], [other, o]]) {
    expect(after.length).toBe(before.length);
    expect(classes(after)).toBe(classes(before));
    for (const id of before.split('/')) if (id.length > 3) expect(after).not.toContain(id.slice(2));
  }
  expect(s).toBe(g.slice(0, short.length)); // cut from the well-formed id's placeholder
  expect(l.startsWith(g)).toBe(true);
  expect(o.startsWith('o-')).toBe(true);
  expect(o.split('/').map((x) => x.slice(0, 3))).toEqual(['o-a', 'r-a', 'ou-', '000']);
  // Well-formed ids stay well-formed: they still match the spec's patterns.
  const patterns = contract.volatile.idKinds;
  expect(o.split('/')[0]).toMatch(new RegExp(patterns.organization.pattern));
  expect(o.split('/')[1]).toMatch(new RegExp(patterns.root.pattern));
  expect(o.split('/')[2]).toMatch(new RegExp(patterns.organizationalUnit.pattern));
  expect(o.split('/')[3]).toMatch(new RegExp(patterns.account.pattern));
  // Consistent: the same originals again, in an answer and in a setting.
  expect(n.value(good)).toBe(g);
  expect(n.answer(answer(GET, `<JobStatus>COMPLETED</JobStatus><AccessDetails><member><EntityPath>${other}</EntityPath></member></AccessDetails>`))).toContain(`<EntityPath>${o}</EntityPath>`);
  // Two different ids never share a placeholder.
  expect(new Set([g, s, l, o].map((p) => p.split('/')[1])).size).toBe(4);
});

test('shapeOf keeps separators and prefixes, and maps digits and letters to one of their class', () => {
  expect(shapeOf('r-f6g7', 2)).toBe('r-a0a0');
  expect(shapeOf('Ab-9/é')).toBe('Aa-0/é');
});

/** The project's contract with one more opaque member and one more id kind, as a spec edit would add them. */
function extendedContract(): Contract {
  const shapes: Record<string, Shape> = JSON.parse(JSON.stringify(contract.shapes));
  shapes.sessionTokenType = { type: 'string', length: [1, 64], opaque: true };
  const out = shapes.GetOrganizationsAccessReportResponse;
  const input = shapes.GetOrganizationsAccessReportRequest;
  if (out.type !== 'structure' || input.type !== 'structure') throw new Error('unexpected spec');
  out.members.SessionToken = { shape: 'sessionTokenType' };
  input.members.SessionToken = { shape: 'sessionTokenType' };
  const volatile = { ...contract.volatile, envelope: [...contract.volatile.envelope, 'TraceId'], idKinds: { ...contract.volatile.idKinds, policy: { prefix: 'p-', find: '\\bp-[0-9a-zA-Z_]+', pattern: '^p-[0-9a-zA-Z_]{8,128}$' } } };
  return new Contract(contract.service, contract.operations, shapes, contract.rules, contract.comparison, volatile);
}

test('a new opaque member, envelope value and id kind in a spec are normalised without a code change', () => {
  const token = 'SeSsIoN-1234-abcd';
  const xml = answer(GET, `<JobStatus>COMPLETED</JobStatus><SessionToken>${token}</SessionToken><Note>policy p-Examplepolicy_1</Note>`).replace('</ResponseMetadata>', '<TraceId>trace-77</TraceId></ResponseMetadata>');
  // The project's own spec knows none of them: they stay.
  const plain = new Normalizer(contract, { ids: true }).answer(xml);
  expect(plain).toContain(token);
  expect(plain).toContain('trace-77');
  expect(plain).toContain('p-Examplepolicy_1');
  const n = new Normalizer(extendedContract(), { ids: true });
  const normalised = n.answer(xml);
  const placeholder = element(normalised, 'SessionToken')!;
  expect(classes(placeholder)).toBe(classes(token));
  expect(placeholder).not.toBe(token);
  expect(element(normalised, 'TraceId')).not.toBe('trace-77');
  expect(classes(element(normalised, 'TraceId')!)).toBe(classes('trace-77'));
  const policy = /p-[0-9a-zA-Z_]+/.exec(element(normalised, 'Note')!)![0];
  expect(policy).not.toBe('p-Examplepolicy_1');
  expect(classes(policy)).toBe(classes('p-Examplepolicy_1'));
  expect(field(n.request(form({ Action: GET, JobId: 'x'.repeat(36), SessionToken: token })), 'SessionToken')).toBe(placeholder);
});

test('in differential mode, the live target\'s tokens are paired with the recording\'s as they are met, whatever their form', () => {
  const pairs = new Correspondence(contract, { ids: false });
  const live = pairs.answer(answer(GEN, '<JobId>live0000-aaaa-4000-8000-000000000001</JobId>'), answer(GEN, '<JobId>REC-00000000000000000000000000000001</JobId>'));
  expect(element(live, 'JobId')).toBe('REC-00000000000000000000000000000001');
  // The live JobId in a later request is asked for in the recording's words, a cut one too.
  expect(field(pairs.request(form({ Action: GET, JobId: 'live0000-aaaa-4000-8000-000000000001' })), 'JobId')).toBe('REC-00000000000000000000000000000001');
  expect(field(pairs.request(form({ Action: GET, JobId: 'live0000-aaaa-4000-8000-00000000000' })), 'JobId')).toBe('REC-0000000000000000000000000000000');
  // A second live JobId is not the recording's first one: it stays as it is, so the comparison reports it.
  const second = pairs.answer(answer(GEN, '<JobId>live0000-aaaa-4000-8000-000000000002</JobId>'), answer(GEN, '<JobId>REC-00000000000000000000000000000001</JobId>'));
  expect(element(second, 'JobId')).toBe('live0000-aaaa-4000-8000-000000000002');
});
