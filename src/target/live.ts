// A live endpoint: an emulator, the reference target, or AWS itself. Optionally records every exchange
// with nock's recorder so the run can be replayed offline later.
import type { Exchange } from './exchange';
import { loadNock } from './nock-loader';
import { isLoopbackUrl, SdkCaller } from './sdk-caller';
import { PLACEHOLDER_SCOPE, RECORDING_FORMAT, writeRecording, type NockDefinition } from './recording';
import type { Target } from './target';

export interface LiveOptions {
  endpoint?: string;
  region?: string;
  requestTimeoutMs: number;
  /** Folder to write a recording to when the target closes. */
  recordTo?: string;
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
    this.caller = new SdkCaller({ endpoint: options.endpoint, region: options.region, requestTimeoutMs: options.requestTimeoutMs });
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
    const fixtures = recorded.map(scrub);
    const scope = fixtures[0]?.scope ?? PLACEHOLDER_SCOPE;
    writeRecording(this.options.recordTo, {
      format: RECORDING_FORMAT,
      recordedFrom: this.label.replace(/^live /, ''),
      recordedAt: new Date().toISOString(),
      scope,
      cases: this.options.recordCases,
      settings: this.options.recordSettings,
    }, fixtures);
  }
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
