// awsQuery answers as IAM writes them: <{Op}Response> in the IAM namespace with <{Op}Result> and
// ResponseMetadata, or <ErrorResponse> with Error{Type,Code,Message} and a sibling RequestId.
import { randomUUID } from 'node:crypto';

export const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** A finished answer: the HTTP status, the XML body and the request id sent in body and header. */
export interface WireAnswer {
  status: number;
  body: string;
  requestId: string;
}

// Characters XML 1.0 cannot carry at all, not even as character references. Error messages echo client
// input (any 36 characters make a JobId), so such characters are shown as \uXXXX instead of breaking
// the document for every parser.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text content, escaped. A CR becomes &#13; because XML parsers would otherwise turn it into LF. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/** One element with text content; nothing at all for an absent value (awsQuery leaves nulls out). */
export function element(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A list member: a wrapper named after the member, one <member> per item (IAM lists are never flattened). */
export function list(name: string, itemsXml: string[]): string {
  return `<${name}>${itemsXml.map((x) => `<member>${x}</member>`).join('')}</${name}>`;
}

export function success(operation: string, resultXml: string): WireAnswer {
  const requestId = randomUUID();
  return {
    status: 200,
    requestId,
    body:
      `<${operation}Response xmlns="${XMLNS}"><${operation}Result>${resultXml}</${operation}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`,
  };
}

/** An error; the Type follows the status (Sender for 4xx, Receiver for 5xx), as the protocol says. */
export function failure(status: number, code: string, message: string): WireAnswer {
  const requestId = randomUUID();
  const type = status >= 500 ? 'Receiver' : 'Sender';
  return {
    status,
    requestId,
    body:
      `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type>${element('Code', code)}${element('Message', message)}</Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

/**
 * One broken constraint in IAM's words: "Value 'x' at 'maxItems' failed to satisfy constraint: Member must ...".
 * The member is named in lowerCamelCase, as IAM does; a missing value is shown as null, without quotes.
 */
export function violation(member: string, value: string | undefined, constraint: string): string {
  const field = member.charAt(0).toLowerCase() + member.slice(1);
  return `Value ${value === undefined ? 'null' : `'${value}'`} at '${field}' failed to satisfy constraint: Member must ${constraint}`;
}

/** IAM reports every broken constraint of a request in one ValidationError (400, Sender). */
export function validationError(violations: string[]): WireAnswer {
  const n = violations.length;
  return failure(400, 'ValidationError', `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`);
}
