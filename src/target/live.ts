// A live endpoint: an emulator, the reference target, or AWS itself. Optionally records every exchange
// with nock's recorder so the run can be replayed offline later.
import type { Exchange } from './exchange';
import { loadNock } from './nock-loader';
import { isLoopbackUrl, SdkCaller } from './sdk-caller';
import { PLACEHOLDER_SCOPE, RECORDING_FORMAT, requestKey, writeRecording, type NockDefinition } from './recording';
import type { Target } from './target';

export interface LiveOptions {
  endpoint?: string;
  region?: string;
  requestTimeoutMs: number;
  /** Retries of throttled requests (see SdkCaller). */
  throttleRetries?: number;
  /** Folder to write a recording to when the target closes. */
  recordTo?: string;
  /** Says, in the recording, what was recorded (default: the endpoint URL). */
  recordName?: string;
  recordSettings?: Record<string, string>;
  recordCases?: string[];
}

/** Response headers worth keeping in a fixture; everything else is volatile or irrelevant. */
const KEPT_RESPONSE_HEADERS = new Set(['content-type', 'x-amzn-requestid']);

export class LiveTarget implements Target {
  readonly kind = 'live';
  readonly label: string;
  readonly description: string;
  private readonly caller: SdkCaller;

  constructor(private readonly options: LiveOptions) {
    const where = options.endpoint ?? process.env.AWS_ENDPOINT_URL_IAM ?? process.env.AWS_ENDPOINT_URL ?? 'https://iam.amazonaws.com';
    this.label = `live ${where}`;
    this.description = options.endpoint ? `endpoint ${where}` : `endpoint ${where} (resolved by the SDK)`;
    this.caller = new SdkCaller({ endpoint: options.endpoint, region: options.region, requestTimeoutMs: options.requestTimeoutMs, throttleRetries: options.throttleRetries });
    if (options.recordTo) {
      const nock = loadNock();
      nock.recorder.clear();
      nock.recorder.rec({ dont_print: true, output_objects: true, enable_reqheaders_recording: false });
    }
  }

  send(operation: string, params: Record<string, unknown>): Promise<Exchange> {
    return this.caller.call(operation, params);
  }

  pause(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  problems(): string[] {
    return [];
  }

  async close(): Promise<void> {
    this.caller.destroy();
    if (!this.options.recordTo) return;
    const nock = loadNock();
    const recorded = nock.recorder.play() as unknown as NockDefinition[];
    nock.recorder.clear();
    nock.restore();
    const fixtures = collapseRepeats(recorded.map(scrub));
    const scope = fixtures[0]?.scope ?? PLACEHOLDER_SCOPE;
    writeRecording(this.options.recordTo, {
      format: RECORDING_FORMAT,
      recordedFrom: this.options.recordName ?? this.label.replace(/^live /, ''),
      recordedAt: new Date().toISOString(),
      scope,
      cases: this.options.recordCases,
      settings: this.options.recordSettings,
    }, fixtures);
  }
}

/**
 * Replay answers identical requests with the recorded answers in order, then repeats the last one. So the
 * answers that merely repeat the final answer to the same request add nothing and are dropped (request
 * ids aside); earlier repeats (two IN_PROGRESS polls, say) are kept, so the sequence replays as recorded.
 */
function collapseRepeats(fixtures: NockDefinition[]): NockDefinition[] {
  const comparable = (f: NockDefinition) => `${f.status} ${String(f.response).replace(/<RequestId>[^<]*<\/RequestId>/g, '')}`;
  const byKey = new Map<string, number[]>();
  fixtures.forEach((f, i) => {
    const key = requestKey(f.method, f.path, f.body);
    byKey.set(key, [...(byKey.get(key) ?? []), i]);
  });
  const drop = new Set<number>();
  for (const indexes of byKey.values()) {
    const final = comparable(fixtures[indexes[indexes.length - 1]]);
    let start = indexes.length - 1;
    while (start > 0 && comparable(fixtures[indexes[start - 1]]) === final) start--;
    indexes.slice(start + 1).forEach((i) => drop.add(i));
  }
  return fixtures.filter((_, i) => !drop.has(i));
}

function scrub(def: NockDefinition): NockDefinition {
  const headers: Record<string, string> = {};
  const raw = def.rawHeaders;
  const pairs: [string, string][] = Array.isArray(raw)
    ? raw.reduce<[string, string][]>((acc, v, i, arr) => (i % 2 ? acc : [...acc, [v, arr[i + 1]]]), [])
    : Object.entries(raw ?? {});
  for (const [k, v] of pairs) if (KEPT_RESPONSE_HEADERS.has(k.toLowerCase())) headers[k.toLowerCase()] = v;
  const scope = isLoopbackUrl(def.scope) ? PLACEHOLDER_SCOPE : def.scope.replace(/:443$/, '');
  return { scope, method: def.method, path: def.path, body: def.body, status: def.status, response: def.response, rawHeaders: headers };
}
