// Calls any contract operation through the real @aws-sdk/client-iam, with SDK retries off, a deadline for
// the whole response, an idle timeout, a cap on the body's size, one bounded retry policy (throttling and
// transient server errors), and the raw HTTP exchange captured beside the parsed output.
import http from 'node:http';
import https from 'node:https';
// A plain require: `import * as` would copy the SDK's 850 exports into a namespace object at every start.
import iam = require('@aws-sdk/client-iam');
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { Exchange, RawRequest, RawResponse, SdkError, TransportFault } from './exchange';
import { notImplementedReason } from './not-implemented';

/** Defaults chosen so that a dead, silent or dripping endpoint ends a run by itself within minutes. */
export const DEFAULT_LIMITS = {
  /** The whole response (connect, headers and body) within this many ms: a body that trickles is cut by it. */
  requestTimeoutMs: 15_000,
  /** No byte for this many ms: the request is cut. */
  idleTimeoutMs: 10_000,
  /** Bodies beyond this many bytes are refused and the connection dropped (a page of 1,000 items is about 0.3 MB). */
  maxResponseBytes: 4 * 1024 * 1024,
};

/** One bounded retry policy for throttling and transient server errors. */
export const DEFAULT_RETRY = {
  /** Retries of one request. */
  retries: 3,
  /** First wait; it doubles with each retry (1 s, 2 s, 4 s). */
  baseMs: 1000,
  /** The waits of every retry in a run together never exceed this; past it, answers are taken as they come. */
  budgetMs: 30_000,
};

export interface CallerOptions {
  /** Endpoint URL; undefined means the SDK's own resolution (AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL, or AWS). */
  endpoint?: string;
  region?: string;
  /** Per request: connect + whole response within this many ms. */
  requestTimeoutMs: number;
  /** Per request: cut when no byte arrives for this many ms (default DEFAULT_LIMITS.idleTimeoutMs, capped by requestTimeoutMs). */
  idleTimeoutMs?: number;
  /** Per response: bodies beyond this many bytes are refused (default DEFAULT_LIMITS.maxResponseBytes). */
  maxResponseBytes?: number;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /**
   * Throttled answers and transient server errors are retried this many times (default 0), waiting
   * throttleBaseMs, then twice as long each time, within retryBudgetMs of waiting for the whole caller.
   */
  throttleRetries?: number;
  throttleBaseMs?: number;
  retryBudgetMs?: number;
}

/** Answers that say "slow down" rather than anything about conformance. */
const THROTTLING_CODES = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled', 'ReportGenerationLimitExceeded']);

export function throttlingOf(x: Exchange): string | undefined {
  if (x.response?.status === 429) return `HTTP 429${x.error?.code ? ` ${x.error.code}` : ''}`;
  if (x.error?.code && THROTTLING_CODES.has(x.error.code)) return `HTTP ${x.response?.status ?? '?'} ${x.error.code}`;
  return undefined;
}

/** Server errors that say "try again" (AWS's InternalFailure, ServiceUnavailable...), and gateway errors. */
const TRANSIENT_CODES = new Set(['InternalFailure', 'InternalError', 'InternalServerError', 'ServiceUnavailable', 'ServiceUnavailableException', 'ServiceFailure']);

/**
 * A transient server error: HTTP 502, 503 or 504 whatever the body, or HTTP 500 with an awsQuery code that
 * says the fault is passing. Not HTTP 501 (an operation missing is no passing fault) and not a bare 500
 * page (an emulator crashing on a request does that every time).
 */
export function transientErrorOf(x: Exchange): string | undefined {
  const status = x.response?.status;
  if (status === undefined) return undefined;
  const code = x.error?.code;
  if (status === 502 || status === 503 || status === 504) return `HTTP ${status}${code ? ` ${code}` : ''}`;
  if (status === 500 && code && TRANSIENT_CODES.has(code)) return `HTTP 500 ${code}`;
  return undefined;
}

/** A response body beyond the cap: the request fails and the connection is dropped. */
export class ResponseTooLarge extends Error {
  constructor(readonly limit: number, seen: string) {
    super(`response larger than ${limit} bytes (${seen}); the connection was dropped (--max-response-size)`);
    this.name = 'ResponseTooLarge';
  }
}

/** Harmless credentials for local endpoints; they open nothing anywhere. */
export const DUMMY_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'AKIDLOCALCONFORMANCE', secretAccessKey: 'not-a-secret' };

export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    // 127.0.0.0/8 as an address only: a name such as 127.0.0.1.example.com is resolved like any other
    return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host) || host.endsWith('.localhost');
  } catch {
    return false;
  }
}

/** The default credential chain; for a loopback endpoint, fall back to dummy credentials when none are configured. */
export function credentialsFor(endpoint: string | undefined): AwsCredentialIdentityProvider {
  const chain = defaultProvider();
  if (!endpoint || !isLoopbackUrl(endpoint)) return chain;
  return async () => {
    try {
      return await chain();
    } catch {
      return DUMMY_CREDENTIALS;
    }
  };
}

/**
 * The SDK's own keep-alive agents, counting the connections they open: a request that failed while no new
 * connection was opened for it went out on a kept-alive one (calls are serialised, one at a time).
 */
function countingAgents(): { http: http.Agent; https: https.Agent; opened: () => number } {
  let opened = 0;
  const count = <A extends http.Agent>(agent: A): A => {
    const create = (agent as any).createConnection.bind(agent);
    (agent as any).createConnection = (...args: unknown[]) => {
      opened++;
      return create(...args);
    };
    return agent;
  };
  return {
    http: count(new http.Agent({ keepAlive: true, maxSockets: 50 })),
    https: count(new https.Agent({ keepAlive: true, maxSockets: 50 })),
    opened: () => opened,
  };
}

export class SdkCaller {
  private readonly client: iam.IAMClient;
  private readonly agents = countingAgents();
  private capture?: { request?: RawRequest; response?: RawResponse; deadline: AbortSignal; tooLarge?: ResponseTooLarge };
  private queue: Promise<unknown> = Promise.resolve();
  private readonly idleTimeoutMs: number;
  private readonly maxResponseBytes: number;
  /** Time spent waiting between retries so far (bounded by retryBudgetMs). */
  private retryWaitedMs = 0;

  constructor(private readonly options: CallerOptions) {
    this.idleTimeoutMs = Math.min(options.idleTimeoutMs ?? DEFAULT_LIMITS.idleTimeoutMs, options.requestTimeoutMs);
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_LIMITS.maxResponseBytes;
    this.client = new iam.IAMClient({
      region: options.region ?? 'us-east-1',
      endpoint: options.endpoint,
      maxAttempts: 1, // a conformance call is observed once; retries would hide what the target did
      credentials: options.credentials ?? credentialsFor(options.endpoint),
      // The whole-response deadline is the abort signal of each call; the handler cuts a silent socket.
      requestHandler: { connectionTimeout: this.idleTimeoutMs, socketTimeout: this.idleTimeoutMs, httpAgent: this.agents.http, httpsAgent: this.agents.https },
    });
    // Innermost in the deserialize step: sees the raw response before the SDK parses it.
    this.client.middlewareStack.add(
      (next: any) => async (args: any) => {
        const cap = this.capture;
        const req = args.request;
        if (cap && req) {
          const query = req.query && Object.keys(req.query).length ? `?${new URLSearchParams(req.query).toString()}` : '';
          cap.request = {
            method: req.method,
            url: `${req.protocol}//${req.hostname}${req.port ? `:${req.port}` : ''}${req.path}${query}`,
            body: typeof req.body === 'string' ? req.body : req.body ? Buffer.from(req.body).toString('utf8') : '',
          };
        }
        const result = await next(args);
        const res = result.response;
        if (cap && res) {
          let buf: Buffer;
          try {
            buf = await readBody(res.body, cap.deadline, this.maxResponseBytes, res.headers);
          } catch (e) {
            if (e instanceof ResponseTooLarge) cap.tooLarge = e;
            throw e;
          }
          res.body = buf; // the SDK deserializer accepts a Uint8Array
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers ?? {})) headers[k.toLowerCase()] = String(v);
          cap.response = { status: res.statusCode, headers, body: buf.toString('utf8') };
        }
        return result;
      },
      { step: 'deserialize', priority: 'low', name: 'iamConformanceCaptureRaw' },
    );
  }

  /** Calls are serialised: the capture slot belongs to one call at a time. */
  call(operation: string, params: Record<string, unknown>): Promise<Exchange> {
    const run = this.queue.then(() => this.callWithBackoff(operation, params));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Bounded backoff on throttling and transient server errors: at most throttleRetries retries of a
   * request, and never more than retryBudgetMs of waiting in all. What still fails is marked, not judged.
   */
  private async callWithBackoff(operation: string, params: Record<string, unknown>): Promise<Exchange> {
    const retries = this.options.throttleRetries ?? 0;
    const budget = this.options.retryBudgetMs ?? DEFAULT_RETRY.budgetMs;
    let wait = this.options.throttleBaseMs ?? DEFAULT_RETRY.baseMs;
    for (let attempt = 0; ; attempt++) {
      const opened = this.agents.opened();
      let x = await this.callNow(operation, params);
      // A kept-alive connection the server closed while it was idle fails the next request before any
      // answer: that request was never seen, so it is sent once more, on a new connection. A reset on a
      // connection opened for the request is not resent: the server may have acted on it (a second report job).
      const reused = this.agents.opened() === opened;
      if (reused && x.transportFault === 'target-unreachable' && /ECONNRESET|socket hang up|EPIPE/i.test(x.transportError ?? '')) x = await this.callNow(operation, params);
      const throttled = throttlingOf(x);
      // An answer that says the operation is missing is final, whatever its status: no retry.
      const transient = throttled || notImplementedReason(x) ? undefined : transientErrorOf(x);
      if (!throttled && !transient) return x;
      const spent = this.retryWaitedMs + wait > budget;
      if (attempt >= retries || spent) {
        const why = `${throttled ?? transient}, still after ${attempt} ${attempt === 1 ? 'retry' : 'retries'} with backoff${spent && attempt < retries ? ` (the run's retry budget of ${budget / 1000} s is spent)` : ''}`;
        if (throttled) x.throttled = why;
        else x.transient = why;
        return x;
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
      this.retryWaitedMs += wait;
      wait *= 2;
    }
  }

  private async callNow(operation: string, params: Record<string, unknown>): Promise<Exchange> {
    const Command = (iam as Record<string, any>)[`${operation}Command`];
    if (typeof Command !== 'function') throw new Error(`@aws-sdk/client-iam has no ${operation}Command`);
    // A timer of our own, cleared with the answer: AbortSignal.timeout's stays pending for the whole
    // timeout and is tracked for the garbage collector, a cost on each of a run's hundreds of calls.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.options.requestTimeoutMs);
    const deadline = abort.signal;
    this.capture = { deadline };
    const started = performance.now();
    const exchange: Exchange = { operation, params, durationMs: 0 };
    let tooLarge: ResponseTooLarge | undefined;
    try {
      const out = await this.client.send(new Command(params), { abortSignal: deadline });
      const { $metadata, ...rest } = out;
      exchange.output = rest;
    } catch (err) {
      exchange.error = toSdkError(err);
    } finally {
      clearTimeout(timer);
      exchange.durationMs = performance.now() - started;
      exchange.request = this.capture.request;
      exchange.response = this.capture.response;
      tooLarge = this.capture.tooLarge;
      this.capture = undefined;
    }
    if (!exchange.response && exchange.error) {
      const fault = this.faultOf(exchange.error, deadline, tooLarge);
      exchange.transportFault = fault.kind;
      exchange.transportError = fault.text;
    }
    return exchange;
  }

  /** What kind of "no HTTP answer" this was, in words a user can act on. */
  private faultOf(error: SdkError, deadline: AbortSignal, tooLarge: ResponseTooLarge | undefined): { kind: TransportFault; text: string } {
    if (tooLarge) return { kind: 'response-too-large', text: tooLarge.message };
    if (deadline.aborted) return { kind: 'no-answer-in-time', text: `no complete response within ${this.options.requestTimeoutMs} ms (--request-timeout)` };
    if (/timed out after \d+ ms of inactivity|Connection timeout after/i.test(error.message)) {
      return { kind: 'no-answer-in-time', text: `no data for ${this.idleTimeoutMs} ms (--idle-timeout)` };
    }
    // The SDK names a reset a TimeoutError ("socket hang up"); say what happened.
    if (/socket hang up|ECONNRESET/i.test(error.message)) return { kind: 'target-unreachable', text: `the target closed the connection without an answer (${error.message})` };
    return { kind: 'target-unreachable', text: `${error.name}: ${error.message}` };
  }

  destroy(): void {
    this.client.destroy();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

/**
 * Reads a response body within the call's deadline and up to `limit` bytes. A declared Content-Length
 * beyond the limit is refused before reading; a body that grows beyond it is cut there. Either way the
 * stream (and so the connection) is destroyed, so memory stays bounded whatever the endpoint sends.
 */
async function readBody(body: any, deadline: AbortSignal, limit: number, headers: Record<string, string> = {}): Promise<Buffer> {
  if (body == null) return Buffer.alloc(0);
  if (body instanceof Uint8Array || typeof body === 'string') {
    const buf = Buffer.from(body);
    if (buf.length > limit) throw new ResponseTooLarge(limit, `${buf.length} bytes`);
    return buf;
  }
  const declared = Number(Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-length')?.[1]);
  if (Number.isFinite(declared) && declared > limit) {
    body.destroy?.();
    throw new ResponseTooLarge(limit, `Content-Length: ${declared}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const done = new Promise<never>((_, reject) => {
    const fail = () => {
      body.destroy?.();
      reject(new Error('response body did not complete before the per-request deadline'));
    };
    if (deadline.aborted) fail();
    deadline.addEventListener('abort', fail, { once: true });
  });
  const read = (async () => {
    for await (const c of body) {
      size += c.length;
      if (size > limit) {
        body.destroy?.();
        throw new ResponseTooLarge(limit, `more than ${limit} bytes arrived`);
      }
      // A stream's chunks are its own (never reused), so they are kept as they are: no copy of each.
      chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
  })();
  done.catch(() => undefined);
  return Promise.race([read, done]);
}

function toSdkError(err: unknown): SdkError {
  const e = err as Record<string, any>;
  return {
    name: String(e?.name ?? 'Error'),
    message: String(e?.message ?? err),
    code: e?.Code ?? e?.Error?.Code,
    type: e?.Type ?? e?.Error?.Type,
    fault: e?.$fault,
    httpStatus: e?.$metadata?.httpStatusCode ?? e?.$response?.statusCode,
  };
}
