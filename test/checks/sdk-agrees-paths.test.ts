// sdk-agrees names the place of each difference as a path from the Result element: members joined by
// dots, list items by index ("Result.AccessDetails[1].ServiceName"), and one finding per difference.
import { loadContract } from '../../src/contract';
import { getCheck } from '../../src/checks/registry';
import type { Finding, Observation } from '../../src/checks/types';

const contract = loadContract();
const OP = 'GetOrganizationsAccessReport';

function item(name: string, namespace: string): string {
  return `<member><ServiceName>${name}</ServiceName><ServiceNamespace>${namespace}</ServiceNamespace><TotalAuthenticatedEntities>1</TotalAuthenticatedEntities></member>`;
}

const xml =
  `<${OP}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${OP}Result><JobStatus>COMPLETED</JobStatus>` +
  '<JobCreationDate>2026-12-01T10:00:00Z</JobCreationDate><JobCompletionDate>2026-12-01T10:01:00Z</JobCompletionDate>' +
  `<NumberOfServicesAccessible>2</NumberOfServicesAccessible><AccessDetails>${item('Amazon EC2', 'ec2')}${item('Amazon S3', 's3')}</AccessDetails>` +
  `</${OP}Result><ResponseMetadata><RequestId>paths-1</RequestId></ResponseMetadata></${OP}Response>`;

/** What the SDK makes of `xml`, as a test can change it. */
function sdkOutput(): Record<string, any> {
  return {
    JobStatus: 'COMPLETED', JobCreationDate: new Date('2026-12-01T10:00:00Z'), JobCompletionDate: new Date('2026-12-01T10:01:00Z'), NumberOfServicesAccessible: 2,
    AccessDetails: [{ ServiceName: 'Amazon EC2', ServiceNamespace: 'ec2', TotalAuthenticatedEntities: 1 }, { ServiceName: 'Amazon S3', ServiceNamespace: 's3', TotalAuthenticatedEntities: 1 }],
  };
}

function agrees(output: Record<string, any>, pages = 1): Finding[] {
  const exchange = () => ({ operation: OP, params: {}, durationMs: 1, response: { status: 200, headers: { 'content-type': 'text/xml' }, body: xml }, output });
  const observation: Observation = { kind: 'walk', operation: OP, params: {}, exchanges: Array.from({ length: pages }, exchange), ended: 'complete' };
  const said = getCheck('sdk-agrees')!.evaluate({ contract, observation, step: {} as never, ref: () => observation, options: { lenientWire: false } }, undefined);
  return said as Finding[];
}

test('the SDK output as the XML says: no finding', () => {
  expect(agrees(sdkOutput())).toEqual([]);
});

test('a changed, a dropped and an invented value are each named by their path', () => {
  const out = sdkOutput();
  out.AccessDetails[1].ServiceName = 'Amazon S4';
  delete out.AccessDetails[0].TotalAuthenticatedEntities;
  out.NumberOfServicesNotAccessed = 3;
  expect(agrees(out)).toEqual([
    { path: 'response: Result.NumberOfServicesNotAccessed', message: 'the SDK read Result.NumberOfServicesNotAccessed differently from the XML', expected: 'as sent: absent', actual: 'SDK: 3' },
    { path: 'response: Result.AccessDetails[0].TotalAuthenticatedEntities', message: 'the SDK read Result.AccessDetails[0].TotalAuthenticatedEntities differently from the XML', expected: 'as sent: 1', actual: 'SDK: absent (dropped)' },
    { path: 'response: Result.AccessDetails[1].ServiceName', message: 'the SDK read Result.AccessDetails[1].ServiceName differently from the XML', expected: 'as sent: "Amazon S3"', actual: 'SDK: "Amazon S4"' },
  ]);
});

test('a list of another length and another instant, on the second page of a walk', () => {
  const out = sdkOutput();
  out.AccessDetails.pop();
  out.JobCompletionDate = new Date('2026-12-01T10:02:00Z');
  const findings = agrees(out, 2).map((f) => f.path);
  expect(findings).toEqual(['page 1: Result.JobCompletionDate', 'page 1: Result.AccessDetails', 'page 2: Result.JobCompletionDate', 'page 2: Result.AccessDetails']);
});
