// One request/response pair as the suite observed it: the raw HTTP exchange beside what the SDK made of it.
export interface RawRequest {
  method: string;
  url: string;
  /** The form body as sent (awsQuery: application/x-www-form-urlencoded). */
  body: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface SdkError {
  name: string;
  message: string;
  /** The awsQuery error code the SDK read (`<Code>`), if any. */
  code?: string;
  type?: string;
  fault?: string;
  httpStatus?: number;
}

/** Why no HTTP answer arrived, as a not-checked reason (src/runner/results.ts NOT_CHECKED_REASONS). */
export type TransportFault = 'target-unreachable' | 'no-answer-in-time' | 'response-too-large' | 'not-recorded';

export interface Exchange {
  operation: string;
  params: Record<string, unknown>;
  request?: RawRequest;
  /** Absent when no HTTP response arrived (refused, reset, timed out). */
  response?: RawResponse;
  /** The SDK's parsed output, without $metadata, when the call succeeded. */
  output?: Record<string, any>;
  /** The SDK's error, when the call failed. */
  error?: SdkError;
  /** Why there is no HTTP response at all (refused, reset, cut, timed out, too large), in words. */
  transportError?: string;
  /** The kind of transportError. */
  transportFault?: TransportFault;
  /** Set when the target kept throttling through every retry: the case is not checked, no verdict. */
  throttled?: string;
  /** Set when a transient server error (HTTP 5xx that says "try again") persisted through every retry. */
  transient?: string;
  /** Differential mode: the recorded answer to the same request, beside the live one (both normalised). */
  comparison?: {
    recordedFrom: string;
    /**
     * The last recorded answer to the same request. Earlier ones can only differ while a job is in
     * progress, and how many polls a job takes is timing, not behaviour.
     */
    recorded?: { status: number; body: string };
    live?: { status: number; body: string };
    /** Known deviations of this target: paths whose differences are not reported. */
    silenced: string[];
  };
  durationMs: number;
}

/** A short, human description of what came back, for failure messages. */
export function describeOutcome(x: Exchange): string {
  if (x.transportError) return `no HTTP response (${x.transportError})`;
  const status = x.response?.status ?? x.error?.httpStatus;
  if (x.error?.code) return `HTTP ${status ?? '?'} ${x.error.code}: ${truncate(x.error.message, 160)}`;
  if (x.error) {
    // The SDK could not read an error out of it (HTML page, garbage, empty body): show what came instead.
    const type = x.response?.headers['content-type'];
    return `HTTP ${status ?? '?'}${type ? ` (${type})` : ''} that is not an awsQuery answer the SDK can read — ${bodySnippet(x)}`;
  }
  return `HTTP ${status ?? '?'} success`;
}

function bodySnippet(x: Exchange): string {
  const body = (x.response?.body ?? '').replace(/\s+/g, ' ').trim();
  return body ? `body: ${truncate(body, 200)}` : 'empty body';
}

export function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
