// Calls any contract operation through the real @aws-sdk/client-iam, with SDK retries off, a per-request
// deadline, and the raw HTTP exchange captured beside the parsed output.
import * as iam from '@aws-sdk/client-iam';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { Exchange, RawRequest, RawResponse, SdkError } from './exchange';

export interface CallerOptions {
  /** Endpoint URL; undefined means the SDK's own resolution (AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL, or AWS). */
  endpoint?: string;
  region?: string;
  /** Per request: connect + whole response within this many ms. */
  requestTimeoutMs: number;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Throttled answers are retried this many times, waiting throttleBaseMs, then twice as long each time. */
  throttleRetries?: number;
  throttleBaseMs?: number;
}

/** Answers that say "slow down" rather than anything about conformance. */
const THROTTLING_CODES = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled', 'ReportGenerationLimitExceeded']);

export function throttlingOf(x: Exchange): string | undefined {
  if (x.response?.status === 429) return 'HTTP 429';
  if (x.error?.code && THROTTLING_CODES.has(x.error.code)) return `HTTP ${x.response?.status ?? '?'} ${x.error.code}`;
  return undefined;
}

/** Harmless credentials for local endpoints; they open nothing anywhere. */
export const DUMMY_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'AKIDLOCALCONFORMANCE', secretAccessKey: 'not-a-secret' };

export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\./.test(host) || host.endsWith('.localhost');
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

export class SdkCaller {
  private readonly client: iam.IAMClient;
  private capture?: { request?: RawRequest; response?: RawResponse; deadline: AbortSignal };
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: CallerOptions) {
    this.client = new iam.IAMClient({
      region: options.region ?? 'us-east-1',
      endpoint: options.endpoint,
      maxAttempts: 1, // a conformance call is observed once; retries would hide what the target did
      credentials: options.credentials ?? credentialsFor(options.endpoint),
      requestHandler: { connectionTimeout: options.requestTimeoutMs, requestTimeout: options.requestTimeoutMs },
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
          const buf = await readBody(res.body, cap.deadline);
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

  /** Bounded backoff on throttling; what is still throttled after the last retry is marked, not judged. */
  private async callWithBackoff(operation: string, params: Record<string, unknown>): Promise<Exchange> {
    const retries = this.options.throttleRetries ?? 0;
    let wait = this.options.throttleBaseMs ?? 1000;
    for (let attempt = 0; ; attempt++) {
      const x = await this.callNow(operation, params);
      const throttled = throttlingOf(x);
      if (!throttled) return x;
      if (attempt >= retries) {
        x.throttled = `${throttled}, still after ${retries} ${retries === 1 ? 'retry' : 'retries'} with backoff`;
        return x;
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait *= 2;
    }
  }

  private async callNow(operation: string, params: Record<string, unknown>): Promise<Exchange> {
    const Command = (iam as Record<string, any>)[`${operation}Command`];
    if (typeof Command !== 'function') throw new Error(`@aws-sdk/client-iam has no ${operation}Command`);
    const deadline = AbortSignal.timeout(this.options.requestTimeoutMs);
    this.capture = { deadline };
    const started = performance.now();
    const exchange: Exchange = { operation, params, durationMs: 0 };
    try {
      const out = await this.client.send(new Command(params), { abortSignal: deadline });
      const { $metadata, ...rest } = out;
      exchange.output = rest;
    } catch (err) {
      exchange.error = toSdkError(err);
    } finally {
      exchange.durationMs = performance.now() - started;
      exchange.request = this.capture.request;
      exchange.response = this.capture.response;
      this.capture = undefined;
    }
    if (!exchange.response && exchange.error) {
      exchange.transportError = deadline.aborted
        ? `no complete response within ${this.options.requestTimeoutMs} ms`
        : `${exchange.error.name}: ${exchange.error.message}`;
    }
    return exchange;
  }

  destroy(): void {
    this.client.destroy();
  }
}

async function readBody(body: any, deadline: AbortSignal): Promise<Buffer> {
  if (body == null) return Buffer.alloc(0);
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (typeof body === 'string') return Buffer.from(body);
  const chunks: Buffer[] = [];
  const done = new Promise<never>((_, reject) => {
    const fail = () => {
      body.destroy?.();
      reject(new Error('response body did not complete before the per-request deadline'));
    };
    if (deadline.aborted) fail();
    deadline.addEventListener('abort', fail, { once: true });
  });
  const read = (async () => {
    for await (const c of body) chunks.push(Buffer.from(c));
    return Buffer.concat(chunks);
  })();
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
