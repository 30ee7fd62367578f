// awsQuery response bodies, written the way IAM writes them.
import { randomUUID } from 'node:crypto';

export const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An XML fragment for a value: objects become nested elements, arrays <member> lists, absent members nothing. */
export function toXml(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return `<${name}>${value.map((v) => toXml('member', v)).join('')}</${name}>`;
  if (typeof value === 'object') return `<${name}>${Object.entries(value).map(([k, v]) => toXml(k, v)).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export interface WireAnswer {
  status: number;
  body: string;
  requestId: string;
}

export function success(operation: string, result: Record<string, unknown>): WireAnswer {
  const requestId = randomUUID();
  const members = Object.entries(result).map(([k, v]) => toXml(k, v)).join('');
  return {
    status: 200,
    requestId,
    body: `<${operation}Response xmlns="${XMLNS}"><${operation}Result>${members}</${operation}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`,
  };
}

export function failure(status: number, code: string, message: string, type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender'): WireAnswer {
  const requestId = randomUUID();
  return {
    status,
    requestId,
    body: `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

/** IAM's wording for a constraint violation: "1 validation error detected: Value 'x' at 'maxItems' failed to satisfy constraint: ...". */
export function validationError(member: string, value: string | undefined, constraint: string): WireAnswer {
  const field = member.charAt(0).toLowerCase() + member.slice(1);
  const shown = value === undefined ? 'null' : `'${value}'`;
  return failure(400, 'ValidationError', `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`);
}
