// Input checks shared by the reference target's read operations: the model's constraints on JobId,
// MaxItems and Marker, each broken one reported in IAM's words (collected into one ValidationError).
import { violation } from './wire';

export const DEFAULT_PAGE_SIZE = 100;
// The model's pattern, matched against the whole value. The text is quoted in error messages as IAM does.
const MARKER = { text: '[\\u0020-\\u00FF]+', regex: /^[\u0020-\u00FF]+$/ };

/** Length as the model counts it: Unicode code points, not UTF-16 units. */
export function length(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** JobId: required, exactly 36 characters (jobIDType). */
export function checkJobId(jobId: string | undefined, bad: string[]): void {
  if (jobId === undefined) bad.push(violation('JobId', undefined, 'not be null'));
  else if (length(jobId) < 36) bad.push(violation('JobId', jobId, 'have length greater than or equal to 36'));
  else if (length(jobId) > 36) bad.push(violation('JobId', jobId, 'have length less than or equal to 36'));
}

/** MaxItems: optional, 1..1000 (maxItemsType). Returns the page size to use (NaN when it is not a number). */
export function checkMaxItems(text: string | undefined, bad: string[]): number {
  if (text === undefined) return DEFAULT_PAGE_SIZE;
  const maxItems = /^[+-]?[0-9]+$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(maxItems)) bad.push(violation('MaxItems', text, 'be an integer'));
  else if (maxItems < 1) bad.push(violation('MaxItems', text, 'have value greater than or equal to 1'));
  else if (maxItems > 1000) bad.push(violation('MaxItems', text, 'have value less than or equal to 1000'));
  return maxItems;
}

/** Marker: optional, 1..320 characters of U+0020..U+00FF (markerType). */
export function checkMarker(marker: string | undefined, bad: string[]): void {
  if (marker === undefined) return;
  if (length(marker) < 1) bad.push(violation('Marker', marker, 'have length greater than or equal to 1'));
  if (length(marker) > 320) bad.push(violation('Marker', marker, 'have length less than or equal to 320'));
  if (marker !== '' && !MARKER.regex.test(marker)) bad.push(violation('Marker', marker, `satisfy regular expression pattern: ${MARKER.text}`));
}
