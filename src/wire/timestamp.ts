// awsQuery timestamps: with no timestampFormat trait the protocol writes `date-time`, RFC 3339 section 5.6
// (`2019-06-18T19:47:35.241Z`, `2019-12-16T22:48:18-01:00`). Stricter than ajv-formats' date-time, which
// also takes a space for the T, a lowercase t or z, and offsets without the colon (`+0000`).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1-12) of the proleptic Gregorian calendar, as RFC 3339 counts them. */
function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS[month - 1];
}

/** True for an RFC 3339 date-time as awsQuery writes it: `T`, seconds, optional fraction, `Z` or `±hh:mm`. */
export function isAwsQueryDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (!m) return false;
  // Fields read one by one, not through slice/map: every timestamp of every answer comes here.
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(Number(m[1]), month)) return false;
  // Second 60 is RFC 3339's leap second; offsets stay within a day (RFC 3339: hh 00-23, mm 00-59).
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 60) return false;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return true;
}

/** ajv's format table for the contract's validators (src/contract/validate.ts), which take date-time as awsQuery writes it. */
export const AJV_FORMATS = { 'date-time': { type: 'string' as const, validate: isAwsQueryDateTime } };
