// Builders for awsQuery XML bodies, so tests can state a response in a line and break it on purpose.
const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

import type { ServiceEntry } from '../../src/reference-target/data';

/** One AccessDetail, as the reference target stores it. */
export type Service = ServiceEntry;

export interface ReportPage {
  JobStatus?: string;
  JobCreationDate?: string;
  JobCompletionDate?: string;
  NumberOfServicesAccessible?: number | string;
  NumberOfServicesNotAccessed?: number | string;
  IsTruncated?: boolean | string;
  Marker?: string;
  AccessDetails?: Service[];
  ErrorDetails?: { Code?: string; Message?: string };
  /** Raw XML appended inside the Result element (unknown members, duplicates...). */
  extraXml?: string;
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function el(name: string, value: unknown): string {
  return value === undefined ? '' : `<${name}>${esc(String(value))}</${name}>`;
}

export function serviceXml(s: Service): string {
  return `<member>${Object.entries(s).map(([k, v]) => el(k, v)).join('')}</member>`;
}

export function reportXml(p: ReportPage, root = 'GetOrganizationsAccessReport', layout: { reverse?: boolean; pretty?: boolean } = {}): string {
  const details = p.AccessDetails ? `<AccessDetails>${p.AccessDetails.map(serviceXml).join('')}</AccessDetails>` : '';
  const err = p.ErrorDetails ? `<ErrorDetails>${el('Code', p.ErrorDetails.Code)}${el('Message', p.ErrorDetails.Message)}</ErrorDetails>` : '';
  const parts = [
    el('JobStatus', p.JobStatus), el('JobCreationDate', p.JobCreationDate), el('JobCompletionDate', p.JobCompletionDate),
    el('NumberOfServicesAccessible', p.NumberOfServicesAccessible), el('NumberOfServicesNotAccessed', p.NumberOfServicesNotAccessed),
    el('IsTruncated', p.IsTruncated), el('Marker', p.Marker), details, err, p.extraXml ?? '',
  ].filter(Boolean);
  if (layout.reverse) parts.reverse();
  const body = layout.pretty ? `\n    ${parts.join('\n    ').replace(/<member>/g, '\n      <member>')}\n  ` : parts.join('');
  if (layout.pretty) {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}Response xmlns="${NS}">\n  <${root}Result>${body}</${root}Result>\n  <ResponseMetadata>\n    <RequestId>r-1</RequestId>\n  </ResponseMetadata>\n</${root}Response>\n`;
  }
  return `<${root}Response xmlns="${NS}"><${root}Result>${body}</${root}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></${root}Response>`;
}

export function generateXml(jobId: string): string {
  return `<GenerateOrganizationsAccessReportResponse xmlns="${NS}"><GenerateOrganizationsAccessReportResult><JobId>${esc(jobId)}</JobId></GenerateOrganizationsAccessReportResult><ResponseMetadata><RequestId>r-g</RequestId></ResponseMetadata></GenerateOrganizationsAccessReportResponse>`;
}

export function errorXml(code: string, message: string, type = 'Sender'): string {
  return `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${esc(code)}</Code><Message>${esc(message)}</Message></Error><RequestId>r-e</RequestId></ErrorResponse>`;
}

/** Any operation's answer from a plain object: nested objects become elements, arrays lists of <member>. */
export function answerXml(action: string, output: Record<string, unknown>): string {
  const xml = (name: string, v: unknown): string => {
    if (v === undefined) return '';
    if (Array.isArray(v)) return `<${name}>${v.map((m) => xml('member', m)).join('')}</${name}>`;
    if (v && typeof v === 'object') return `<${name}>${Object.entries(v).map(([k, x]) => xml(k, x)).join('')}</${name}>`;
    return el(name, v);
  };
  const result = Object.entries(output).map(([k, v]) => xml(k, v)).join('');
  return `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></${action}Response>`;
}
