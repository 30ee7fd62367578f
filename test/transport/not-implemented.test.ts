// "Not implemented" only when the answer says the operation is missing; "service unavailable" when it says
// the service is not there (a gateway, a switched-off service, a 501 that names nothing); every other
// answer is judged by the checks. The answers are those of real emulators and proxies.
import { classifyAnswer } from '../../src/transport/not-implemented';
import type { Exchange } from '../../src/transport/exchange';
import { errorXml } from '../support/awsquery-xml';

const exchange = (status: number, body: string, type = 'text/xml', code?: string, message = 'x', operation = 'GetOrganizationsAccessReport'): Exchange => ({
  operation, params: {}, durationMs: 1,
  response: { status, headers: { 'content-type': type }, body }, error: { name: code ?? 'Unknown', message, code, httpStatus: status },
});
const localstack = (action: string) => `The ${action} action has not been implemented`;
const NGINX_503 = '<html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>503</h1></body></html>';
const MOTO_500 = '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your request.</p>';

test.each<[string, Exchange, 'not-implemented' | 'service-unavailable' | undefined, RegExp?]>([
  ['LocalStack 4.14: 501 InternalFailure naming the action (Get)', exchange(501, errorXml('InternalFailure', localstack('get_organizations_access_report')), 'text/xml', 'InternalFailure', localstack('get_organizations_access_report')), 'not-implemented', /HTTP 501 InternalFailure: The get_organizations_access_report action has not been implemented/],
  ['LocalStack 4.14: the same for Generate', exchange(501, '', 'text/xml', 'InternalFailure', localstack('generate_organizations_access_report'), 'GenerateOrganizationsAccessReport'), 'not-implemented', undefined],
  ['InvalidAction (the code says the action is unknown)', exchange(400, errorXml('InvalidAction', 'unknown action'), 'text/xml', 'InvalidAction', 'unknown action'), 'not-implemented', /HTTP 400 InvalidAction/],
  ['NotImplemented naming the operation', exchange(501, '', 'text/xml', 'NotImplemented', 'GetOrganizationsAccessReport is not supported'), 'not-implemented', undefined],
  ['a 400 whose message names the operation as not implemented', exchange(400, '', 'text/xml', 'ValidationError', 'Operation GetOrganizationsAccessReport is not implemented'), 'not-implemented', undefined],
  ['a message saying the requested action is unknown, naming none', exchange(400, '', 'text/xml', 'ValidationError', 'Unknown action.'), 'not-implemented', undefined],
  ['a message saying the operation is not supported, naming none', exchange(400, '', 'text/xml', 'ValidationError', 'The operation is not supported by this server.'), 'not-implemented', undefined],
  ['a message saying a value is not supported by this operation (a refusal, judged)', exchange(400, errorXml('ValidationError', 'The value is not supported by this operation.'), 'text/xml', 'ValidationError', 'The value is not supported by this operation.'), undefined, undefined],
  ['a message that another operation is not implemented (judged)', exchange(400, '', 'text/xml', 'ValidationError', 'The generate_organizations_access_report action has not been implemented'), undefined, undefined],
  ['a refusal mentioning the operation without saying it is missing (judged)', exchange(400, '', 'text/xml', 'InvalidInput', 'Invalid value for SortKey in operation GetOrganizationsAccessReport'), undefined, undefined],
  ['LocalStack with SERVICES=sts: 501 "Service \'iam\' is not enabled"', exchange(501, '', 'text/xml', 'InternalFailure', "Service 'iam' is not enabled. Please check your 'SERVICES' configuration variable."), 'service-unavailable', /Service 'iam' is not enabled/],
  ['a 501 that names no operation', exchange(501, errorXml('InternalFailure', 'not yet', 'Receiver'), 'text/xml', 'InternalFailure', 'not yet'), 'service-unavailable', /names no operation/],
  ['a 501 with an empty body', exchange(501, '', 'text/plain', undefined, 'UnknownError'), 'service-unavailable', undefined],
  ['a proxy: 503 with an HTML page', exchange(503, NGINX_503, 'text/html'), 'service-unavailable', /HTTP 503 with an HTML page: <html>/],
  ['a proxy: 502 with an HTML page', exchange(502, '<html>Bad Gateway</html>', 'text/html'), 'service-unavailable', undefined],
  ['503 ServiceUnavailable (awsQuery)', exchange(503, errorXml('ServiceUnavailable', 'try again', 'Receiver'), 'text/xml', 'ServiceUnavailable', 'try again'), 'service-unavailable', undefined],
  ['a 302 redirect (the URL is a web page, not an IAM endpoint)', { operation: 'GetOrganizationsAccessReport', params: {}, durationMs: 1, response: { status: 302, headers: { location: 'https://example.com/login' }, body: '' } }, 'service-unavailable', /HTTP 302 redirect to https:\/\/example\.com\/login: no IAM answer at this URL/],
  ['a 301 without Location', { operation: 'GetOrganizationsAccessReport', params: {}, durationMs: 1, response: { status: 301, headers: {}, body: '' } }, 'service-unavailable', /HTTP 301 redirect: no IAM answer/],
  ['moto 5.2.1: its own HTML 500 page (the application crashed on the request)', exchange(500, MOTO_500, 'text/html; charset=utf-8'), undefined, undefined],
  ['an XML ServiceFailure (implemented, failing)', exchange(500, errorXml('ServiceFailure', 'boom', 'Receiver'), 'text/xml', 'ServiceFailure', 'boom'), undefined, undefined],
  ['a 404 NoSuchEntity (implemented)', exchange(404, errorXml('NoSuchEntity', 'no job'), 'text/xml', 'NoSuchEntity', 'no job'), undefined, undefined],
  ['a 404 HTML page (an answer to judge)', exchange(404, '<html><body>NoSuchEntity</body></html>', 'text/html'), undefined, undefined],
  ['a 200 success', { operation: 'GetOrganizationsAccessReport', params: {}, durationMs: 1, response: { status: 200, headers: {}, body: '<x/>' } }, undefined, undefined],
])('%s: %s', (_name, x, outcome, answer) => {
  const c = classifyAnswer(x);
  expect(c?.outcome).toBe(outcome);
  if (answer) expect(c?.answer).toMatch(answer);
});
