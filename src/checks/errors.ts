// Checks on error answers, on both views: what the AWS SDK made of the error and the raw HTTP response.
// The rules come from the spec: `errorRules` by code, and the protocol's `service.rules`.
import type { CheckDefinition, Finding } from './types';
import { wireViewOf } from '../wire/awsquery';
import { describeOutcome } from '../transport/exchange';
import { pageLabel, show } from './util';
import { ruleFor } from './rules';

const errorCode: CheckDefinition<{ status: number; code: string; type?: 'Sender' | 'Receiver' }> = {
  name: 'error-code',
  summary: 'The answer is the named awsQuery error: HTTP status, <Code> and <Type>, in the raw response and as the SDK parsed it',
  description:
    'Arguments: `status` (HTTP), `code` (the wire code, as in `<Code>`) and optionally `type` (Sender or Receiver). The raw response ' +
    'must carry that status and an `<ErrorResponse><Error>` whose `<Code>` and `<Type>` match; the SDK\'s error must report the same ' +
    'status and code. Checking both matters: the SDK maps errors leniently. Reported against the rule the spec names for that ' +
    'code (`errorRules`), else against the case\'s rules.',
  rules: ['errorRules'],
  rulesFor: (contract, operation, args) => [contract.operations[operation]?.errorRules?.[args?.code]],
  appliesTo: ['call'],
  args: {
    type: 'object', additionalProperties: false, required: ['status', 'code'],
    properties: { status: { type: 'integer', minimum: 100, maximum: 599 }, code: { type: 'string' }, type: { enum: ['Sender', 'Receiver'] } },
  },
  example: (contract) => {
    const e = Object.values(contract.shapes).find((s) => s.type === 'structure' && s.error);
    return e?.type === 'structure' && e.error ? `error-code: { status: ${e.error.httpStatus}, code: ${e.error.code}, type: ${e.error.type} }` : undefined;
  },
  evaluate({ contract, observation }, args) {
    const findings: Finding[] = [];
    observation.exchanges.forEach((x, i) => {
      const at = pageLabel(observation, i + 1);
      if (!x.response) {
        findings.push({ path: at, message: 'no HTTP response', expected: `HTTP ${args.status} ${args.code}`, actual: x.transportError ?? 'none' });
        return;
      }
      if (x.response.status !== args.status) findings.push({ path: `${at}: HTTP status`, message: 'wrong HTTP status', expected: String(args.status), actual: describeOutcome(x) });
      const view = wireViewOf(contract, observation.operation, x.response);
      if (view.kind !== 'error') {
        findings.push({ path: `${at}: body`, message: 'the body is not an awsQuery <ErrorResponse>', expected: `<ErrorResponse><Error><Code>${args.code}</Code>...`, actual: view.kind === 'unreadable' ? view.reason : `<${view.root}>` });
      } else {
        if (view.code !== args.code) findings.push({ path: `${at}: <Code>`, message: 'wrong error code in the body', expected: args.code, actual: show(view.code) });
        if (args.type && view.type !== args.type) findings.push({ path: `${at}: <Type>`, message: 'wrong error type in the body', expected: args.type, actual: show(view.type) });
      }
      if (!x.error) findings.push({ path: `${at}: SDK`, message: 'the SDK saw a success', expected: `an error with code ${args.code}`, actual: 'success' });
      else {
        if (x.error.code !== args.code && x.error.name !== args.code && x.error.name !== `${args.code}Exception`) {
          findings.push({ path: `${at}: SDK`, message: 'the SDK parsed a different error', expected: args.code, actual: `${x.error.name} (code ${show(x.error.code)})` });
        }
        if (x.error.httpStatus !== args.status) findings.push({ path: `${at}: SDK`, message: 'the SDK saw a different HTTP status', expected: String(args.status), actual: show(x.error.httpStatus) });
      }
    });
    return findings;
  },
};

const clientError: CheckDefinition = {
  name: 'client-error',
  summary: 'An out-of-contract request is refused with a 4xx awsQuery error: not accepted, not a 5xx, not an HTML or empty page',
  description:
    'For requests whose input breaks the model\'s constraints. Any 4xx awsQuery error passes, whatever its code: the model does not ' +
    'say which code IAM uses (in practice ValidationError, 400). The refusal must be an awsQuery error: an `<ErrorResponse>` with an ' +
    '`<Error>` holding a non-empty `<Code>`, and, when the code is one the contract models, the `<Type>` that code implies. A 4xx ' +
    'with an HTML, empty or other body is a wire-format failure, not a clean refusal (reported against the wire-format rule). ' +
    'Accepting the request (2xx), failing with a 5xx, being throttled, or sending no response fails.',
  rules: ['service.inputConstraints', 'service.wireFormat'],
  appliesTo: ['call'],
  example: 'client-error',
  evaluate({ contract, observation }) {
    const findings: Finding[] = [];
    const wireRule = ruleFor(contract, observation.operation, 'service.wireFormat');
    const rule = ruleFor(contract, observation.operation, 'service.inputConstraints');
    observation.exchanges.forEach((x, i) => {
      const at = pageLabel(observation, i + 1);
      const status = x.response?.status;
      if (status === undefined) findings.push({ path: at, message: 'no HTTP response', expected: 'HTTP 4xx', actual: x.transportError ?? 'none', rule });
      // "Slow down" (throttling, the report job limit) refuses nothing about the input: it was not judged.
      else if (x.throttled) findings.push({ path: at, message: 'the request was throttled, so the input was never judged', expected: 'HTTP 4xx refusing the input', actual: x.throttled, rule });
      else if (status < 400) findings.push({ path: at, message: 'the out-of-contract request was accepted', expected: 'HTTP 4xx client error', actual: describeOutcome(x), rule });
      else if (status >= 500) findings.push({ path: at, message: 'a server error instead of a client error', expected: 'HTTP 4xx client error', actual: describeOutcome(x), rule });
      else {
        const view = wireViewOf(contract, observation.operation, x.response!);
        if (view.kind !== 'error') {
          const body = x.response!.body.trim();
          findings.push({
            path: `${at}: body`, message: `HTTP ${status} without an awsQuery error body: not a clean refusal`, expected: '<ErrorResponse><Error><Code>...</Code></Error></ErrorResponse>',
            actual: view.kind === 'unreadable' ? `${view.reason}${body ? `: ${show(body.slice(0, 80))}` : ''}` : `<${view.root}>`, rule: wireRule,
          });
        } else if (!view.code) {
          findings.push({ path: `${at}: Error/Code`, message: 'the refusal names no error code', expected: 'a non-empty <Code>', actual: show(view.code), rule: wireRule });
        } else {
          const modelled = contract.errorByCode(view.code);
          if (modelled && view.type !== modelled.trait.type) {
            findings.push({ path: `${at}: Error/Type`, message: `${view.code} with the wrong error type`, expected: modelled.trait.type, actual: show(view.type), rule: wireRule });
          }
        }
      }
    });
    return findings;
  },
};

const acceptedInput: CheckDefinition<{ tolerateRefusal?: boolean }> = {
  name: 'accepted-input',
  summary: 'A request whose values are all legal is not refused as invalid: success, or one of the operation\'s modelled errors',
  description:
    'For inputs at the edge of the contract (the lowest and highest legal values, strings of exactly the allowed length...). A 2xx ' +
    'passes; so does an error the operation models (an unknown but well-formed id answered with the modelled not-found error). ' +
    'Any other 4xx means a legal value was refused; a 5xx or no response always fails. With `tolerateRefusal` (tokens only the ' +
    'target can mint, such as continuation tokens) any 4xx passes too, except throttling: a throttled request was never judged ' +
    '(the runner makes the case not checked: throttled).',
  rules: ['service.inputConstraints'],
  appliesTo: ['call'],
  args: { type: 'object', additionalProperties: false, properties: { tolerateRefusal: { type: 'boolean' } } },
  example: 'accepted-input: {}',
  evaluate({ contract, observation }, args) {
    const findings: Finding[] = [];
    const modelled = contract.operation(observation.operation).errors.map((e) => {
      const s = contract.shape(e);
      return s.type === 'structure' ? s.error?.code : undefined;
    });
    observation.exchanges.forEach((x, i) => {
      const at = pageLabel(observation, i + 1);
      const status = x.response?.status;
      if (status === undefined) findings.push({ path: at, message: 'no HTTP response', expected: 'an answer', actual: x.transportError ?? 'none' });
      // Throttling ("slow down", the report job limit) says nothing about the input: it was never judged.
      else if (x.throttled) findings.push({ path: at, message: 'the request was throttled, so the input was never judged', expected: '2xx, or a modelled error', actual: x.throttled });
      else if (status >= 500) findings.push({ path: at, message: 'a server error for a legal request', expected: '2xx, or a modelled error', actual: describeOutcome(x) });
      else if (status >= 400 && !args?.tolerateRefusal && !modelled.includes(x.error?.code)) {
        findings.push({ path: at, message: 'a legal value was refused', expected: `2xx, or one of ${modelled.join(', ') || 'the modelled errors'}`, actual: describeOutcome(x) });
      }
    });
    return findings;
  },
};

export const errorChecks = [errorCode, clientError, acceptedInput];
