// Tells "this target does not implement the operation" apart from "the service is not there" and from "it
// implements it wrongly". Only an answer that says the *operation* is missing is "not implemented": HTTP 501
// naming the operation (LocalStack: 501 InternalFailure "The get_organizations_access_report action has
// not been implemented"), or an error code or message that names the action as unknown or not implemented
// (InvalidAction, NotImplemented...). A gateway error (502, 503, 504), a 5xx HTML page instead of an
// awsQuery answer, a message about the service being disabled (LocalStack with SERVICES=sts: 501 "Service 'iam' is
// not enabled"), or a 501 that names no operation says nothing about the operation: the service is not
// available, and the case is not checked. An HTTP 500 page from the application itself (moto's server
// crashing on an operation it lacks), and a 4xx page, are answers to an in-contract request, judged like
// any other. A redirect says the URL is not an IAM endpoint: the service is not available there.
import type { Exchange } from './exchange';

const NOT_IMPLEMENTED_CODES = new Set(['InvalidAction', 'NotImplemented', 'NotImplementedException', 'UnknownOperation', 'UnknownOperationException', 'UnsupportedOperation', 'UnsupportedOperationException']);

/** Words that say an action is missing. */
const MISSING = /\b(not (yet )?(been )?implemented|not supported|unknown (action|operation)|(action|operation) (is )?unknown|is not a valid (action|operation)|invalid action)\b/i;
/** Words that say the service, not an operation, is off. */
const SERVICE_OFF = /\bservice\b[^.]*\b(is not enabled|not enabled|is disabled|disabled|is not available|unavailable)\b|\bis not enabled\b/i;

export interface AnswerClass {
  outcome: 'not-implemented' | 'service-unavailable';
  /** What the target answered, in a few words ("HTTP 501 InternalFailure: The … action has not been implemented"). */
  answer: string;
}

/** The ways an answer can name an operation: GetOrganizationsAccessReport, get_organizations_access_report. */
function namesOperation(text: string, operation: string): boolean {
  const snake = operation.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const t = text.toLowerCase();
  return t.includes(operation.toLowerCase()) || t.includes(snake);
}

/**
 * A message whose subject is the requested action itself ("unknown action", "the operation is not
 * supported", "could not find operation"), without naming it. "The value is not supported by this
 * operation" is about a value, not the operation, and does not qualify.
 */
const ACTION_MISSING = /\b(unknown|unsupported|invalid|unrecognized) (action|operation)\b|\bcould not find (the )?(action|operation)\b|\bis not a valid (action|operation)\b|\b(this|the|requested) (action|operation) (is unknown|is not (yet )?(implemented|supported)|has not (yet )?been implemented|is not recognized)\b/i;

function isHtml(x: Exchange): boolean {
  const r = x.response!;
  return /text\/html/i.test(r.headers['content-type'] ?? '') || /^\s*<(!doctype html|html)/i.test(r.body);
}

function snippet(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 120 ? `${t.slice(0, 119)}…` : t;
}

/** Answers already classified (the caller's retry policy and the session both ask about each one). */
const classified = new WeakMap<Exchange, AnswerClass | null>();

/** "Not implemented", "service unavailable", or undefined: an answer like any other, to be judged. */
export function classifyAnswer(x: Exchange): AnswerClass | undefined {
  const r = x.response;
  if (!r || r.status < 300) return undefined;
  let c = classified.get(x);
  if (c === undefined) classified.set(x, (c = classify(x, r) ?? null));
  return c ?? undefined;
}

function classify(x: Exchange, r: NonNullable<Exchange['response']>): AnswerClass | undefined {
  // A redirect: no IAM answers at this URL (IAM never redirects); a misconfigured endpoint, not a verdict.
  if (r.status < 400) {
    const to = r.headers.location;
    return { outcome: 'service-unavailable', answer: `HTTP ${r.status} redirect${to ? ` to ${snippet(to)}` : ''}: no IAM answer at this URL (check --endpoint)` };
  }
  const code = x.error?.code;
  const message = x.error?.message && x.error.message !== code ? x.error.message : '';
  const head = `HTTP ${r.status}${code ? ` ${code}` : ''}`;
  // Worded only for an answer that is classified: most error answers (an out-of-contract input refused) are not.
  const said = () => (message ? `${head}: ${snippet(message)}` : head);
  if (SERVICE_OFF.test(message)) return { outcome: 'service-unavailable', answer: said() };
  if (code && NOT_IMPLEMENTED_CODES.has(code)) return { outcome: 'not-implemented', answer: said() };
  if ((MISSING.test(message) && namesOperation(message, x.operation)) || ACTION_MISSING.test(message)) return { outcome: 'not-implemented', answer: said() };
  if (r.status === 502 || r.status === 503 || r.status === 504) {
    return { outcome: 'service-unavailable', answer: isHtml(x) ? `${head} with an HTML page: ${snippet(r.body)}` : said() };
  }
  if (r.status === 501) return { outcome: 'service-unavailable', answer: `${said()} (an HTTP 501 that names no operation)` };
  if (isHtml(x) && r.status > 500) return { outcome: 'service-unavailable', answer: `${head} with an HTML page instead of an awsQuery answer: ${snippet(r.body)}` };
  return undefined;
}

/** What the target answered when it said it does not implement the operation. */
export function notImplementedReason(x: Exchange): string | undefined {
  const c = classifyAnswer(x);
  return c?.outcome === 'not-implemented' ? c.answer : undefined;
}
