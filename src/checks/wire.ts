// The awsQuery wire format of every answer, read with a real XML parser, and the agreement of the SDK's
// parsed view with the raw one. Emulators get these details wrong in ways one SDK tolerates and another
// rejects; the SDK view alone would hide them.
import { perShape, type Contract } from '../contract';
import type { CheckDefinition, Finding } from './types';
import { wireViewOf } from '../wire/awsquery';
import { pageLabel, show } from './util';

const wireFormat: CheckDefinition = {
  name: 'wire-format',
  summary: 'Every answer is awsQuery on the wire: content type, root element and namespace, Result wrapper, RequestId; errors as ErrorResponse with a status and Type that fit the code',
  description:
    'Runs on every answer. Success (2xx): `Content-Type: text/xml` (parameters such as charset allowed); root ' +
    '`<{Operation}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/">` holding `<{Operation}Result>` and ' +
    '`<ResponseMetadata><RequestId>` (not empty). Error (4xx/5xx): root `<ErrorResponse>` (the IAM namespace, which real IAM ' +
    'sends, or none, as in the Smithy protocol tests), `<Error>` with `<Type>` Sender or Receiver, `<Code>` and `<Message>`, and ' +
    'a sibling `<RequestId>`; Sender with 4xx, Receiver with 5xx; a code the contract models must come with its modelled HTTP ' +
    'status (`error: { code, httpStatus }` in specs/). Elements awsQuery does not define in the envelope fail the check; with ' +
    '`--wire lenient` (the default against AWS) they are warnings: reported, without failing it. Answers the target does not send as awsQuery at all (HTML pages) are left to ' +
    'the "not implemented" outcome and to the outcome check.',
  rules: ['service.wireFormat'],
  appliesTo: ['call', 'walk', 'poll'],
  auto: (_s, obs) => obs.exchanges.some((x) => x.response),
  evaluate({ contract, observation, options }) {
    const findings: Finding[] = [];
    observation.exchanges.forEach((x, i) => {
      const r = x.response;
      if (!r) return;
      const at = pageLabel(observation, i + 1);
      const view = wireViewOf(contract, observation.operation, r);
      if (view.kind === 'unreadable') return; // outcome and response-schema report it; HTML pages are "not implemented"
      const add = (path: string, message: string, expected: string, actual: string) => findings.push({ path: `${at}: ${path}`, message, expected, actual });
      const type = r.headers['content-type'];
      if (!/^text\/xml\s*(;|$)/i.test(type ?? '')) add('Content-Type', 'the answer is not declared as text/xml', 'text/xml', show(type));
      for (const e of view.extras) {
        add(e, `<${e.split('/').pop()}> is not part of the awsQuery envelope`, 'no such element', 'present');
        if (options.lenientWire) findings[findings.length - 1].warning = true; // reported, not a failure
      }
      if (r.status < 300) {
        const op = observation.operation;
        if (view.kind === 'error') return add('body', 'an error body with a success status', `<${op}Response>`, `HTTP ${r.status} <ErrorResponse>`);
        if (view.root !== `${op}Response`) add('root element', 'wrong root element', `<${op}Response>`, `<${view.root}>`);
        if (view.xmlns !== contract.service.xmlNamespace) add('xmlns', 'wrong or missing XML namespace on the root element', contract.service.xmlNamespace, show(view.xmlns));
        if (!view.resultElement) add(`${op}Result`, 'no Result wrapper', `<${op}Result> inside the root`, 'absent');
        if (!view.requestId) add('ResponseMetadata/RequestId', 'no request id in the body', 'a non-empty <ResponseMetadata><RequestId>', show(view.requestId));
        return;
      }
      if (view.kind !== 'error') return add('body', 'a success body with an error status', '<ErrorResponse>', `HTTP ${r.status} <${view.root}>`);
      if (view.xmlns !== undefined && view.xmlns !== contract.service.xmlNamespace) add('xmlns', 'wrong XML namespace on <ErrorResponse>', `${contract.service.xmlNamespace} (or none)`, show(view.xmlns));
      if (view.type !== 'Sender' && view.type !== 'Receiver') add('Error/Type', 'missing or unknown error type', 'Sender or Receiver', show(view.type));
      else if ((view.type === 'Sender') !== (r.status < 500)) add('Error/Type', `a ${view.type} error with HTTP ${r.status}`, r.status < 500 ? 'Sender (4xx)' : 'Receiver (5xx)', view.type);
      if (!view.code) add('Error/Code', 'no error code', 'a non-empty <Code>', show(view.code));
      if (view.message === undefined) add('Error/Message', 'no error message', 'a <Message>', 'absent');
      if (!view.requestId) add('RequestId', 'no request id beside <Error>', 'a non-empty <RequestId>', show(view.requestId));
      const modelled = view.code ? contract.errorByCode(view.code) : undefined;
      if (modelled && modelled.trait.httpStatus !== r.status) add('HTTP status', `${view.code} with the wrong HTTP status`, String(modelled.trait.httpStatus), String(r.status));
    });
    return findings;
  },
};

/** Where agree is in an answer: "Result", then member names and list indexes, written out only for a difference. */
type PathStep = string | number;

function pathText(steps: PathStep[]): string {
  let text = '';
  for (const s of steps) text += typeof s === 'number' ? `[${s}]` : text ? `.${s}` : s;
  return text;
}

function differ(out: Finding[], at: string, steps: PathStep[], expected: string, actual: string): void {
  const path = pathText(steps);
  out.push({ path: `${at}: ${path}`, message: `the SDK read ${path} differently from the XML`, expected: `as sent: ${expected}`, actual: `SDK: ${actual}` });
}

/** Compares a raw value (wire view) with what the SDK made of it; `steps` is where the value is. */
type Agree = (raw: unknown, sdk: unknown, steps: PathStep[], out: Finding[], at: string) => void;

/** The comparer of a shape (made once per contract and shape): absent on either side, then the values. */
const agreeFor = perShape<Agree>((contract, shapeName) => {
  const values = valueAgreer(contract, shapeName);
  return (raw, sdk, steps, out, at) => {
    if (raw === undefined) {
      if (sdk !== undefined) differ(out, at, steps, 'absent', show(sdk));
      return;
    }
    if (sdk === undefined) return differ(out, at, steps, show(raw), 'absent (dropped)');
    values(raw, sdk, steps, out, at);
  };
});

/** The comparison of two values that are both present. */
function valueAgreer(contract: Contract, shapeName: string): Agree {
  const shape = contract.shape(shapeName);
  switch (shape.type) {
    case 'structure': {
      const members = Object.entries(shape.members).map(([name, ref]) => ({ name, agree: agreeFor(contract, ref.shape) }));
      return (raw, sdk, steps, out, at) => {
        for (const { name, agree } of members) {
          steps.push(name);
          agree((raw as Record<string, unknown>)[name], (sdk as Record<string, unknown>)[name], steps, out, at);
          steps.pop();
        }
      };
    }
    case 'list': {
      const item = agreeFor(contract, shape.member);
      return (raw, sdk, steps, out, at) => {
        const [a, b] = [raw as unknown[], sdk as unknown[]];
        if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return differ(out, at, steps, `${Array.isArray(a) ? a.length : '?'} items`, `${Array.isArray(b) ? b.length : '?'} items`);
        for (let i = 0; i < a.length; i++) {
          steps.push(i);
          item(a[i], b[i], steps, out, at);
          steps.pop();
        }
      };
    }
    case 'timestamp':
      return (raw, sdk, steps, out, at) => {
        const t = Date.parse(String(raw));
        const s = sdk instanceof Date ? sdk.getTime() : NaN;
        if (!(t === s || (Number.isNaN(t) && Number.isNaN(s)))) differ(out, at, steps, show(raw), show(sdk));
      };
    default:
      // A malformed integer or boolean stays text in the raw view; the schema reports it. Here, what counts is
      // that the SDK did not silently turn well-formed text into another value.
      return (raw, sdk, steps, out, at) => {
        if (typeof raw === typeof sdk ? raw !== sdk : typeof raw !== 'string') differ(out, at, steps, show(raw), show(sdk));
        else if (typeof raw === 'string' && typeof sdk !== 'string') differ(out, at, steps, show(raw), show(sdk));
      };
  }
}

const sdkAgrees: CheckDefinition = {
  name: 'sdk-agrees',
  summary: 'What the AWS SDK parsed equals what the raw XML says: no member dropped, changed or invented',
  description:
    'Runs on every answer. For a success, every output member in the raw XML must appear in the SDK\'s output with the same value ' +
    '(timestamps as the same instant, lists with the same items), and the SDK must not report members the XML lacks: an element ' +
    'name in the wrong case, or `yes` for a boolean, is read by the SDK as absent or false, and clients then act on a value the ' +
    'target never sent. For an error, the SDK must see the same code and HTTP status as the raw response.',
  rules: ['service.sdkAgreement'],
  appliesTo: ['call', 'walk', 'poll'],
  auto: (_s, obs) => obs.exchanges.some((x) => x.response),
  evaluate({ contract, observation }) {
    const findings: Finding[] = [];
    observation.exchanges.forEach((x, i) => {
      if (!x.response) return;
      const at = pageLabel(observation, i + 1);
      const view = wireViewOf(contract, observation.operation, x.response);
      if (view.kind === 'result' && x.output && view.resultElement) {
        agreeFor(contract, contract.operation(observation.operation).output)(view.result, x.output, ['Result'], findings, at);
      } else if (view.kind === 'error' && x.error) {
        if (view.code !== undefined && x.error.code !== view.code) findings.push({ path: `${at}: Error/Code`, message: 'the SDK read another error code', expected: `as sent: ${view.code}`, actual: `SDK: ${show(x.error.code)} (${x.error.name})` });
        if (x.error.httpStatus !== x.response.status) findings.push({ path: `${at}: HTTP status`, message: 'the SDK saw another status', expected: String(x.response.status), actual: show(x.error.httpStatus) });
      }
    });
    return findings;
  },
};

export const wireChecks = [wireFormat, sdkAgrees];
