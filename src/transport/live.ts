// A live endpoint: an emulator, the reference target, or AWS itself. Optionally records every exchange
// with nock's recorder so the run can be replayed offline later.
import type { Exchange } from './exchange';
import { loadNock } from './nock-loader';
import { isLoopbackUrl, SdkCaller } from './sdk-caller';
import { PLACEHOLDER_SCOPE, RECORDING_FORMAT, readRecording, requestKey, writeRecording, type NockDefinition } from './recording';
import { Normalizer } from './normalize';
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
  /** Replace organization, root, OU and account ids with placeholders in the recording. */
  normalizeIds?: boolean;
  /** Differential mode: the recording every live answer is compared with. */
  compareWith?: string;
  /** Paths whose differences this target is known for ("AccessDetails[*].Region"); never used against AWS. */
  knownDeviations?: string[];
}

/** Response headers worth keeping in a fixture; everything else is volatile or irrelevant. */
const KEPT_RESPONSE_HEADERS = new Set(['content-type', 'x-amzn-requestid']);

export class LiveTarget implements Target {
  readonly kind = 'live';
  readonly label: string;
  readonly description: string;
  private readonly caller: SdkCaller;
  private readonly reference?: { from: string; live: Normalizer; answers: Map<string, NockDefinition>; wildcard: boolean };

  constructor(private readonly options: LiveOptions) {
    if (options.compareWith) {
      const rec = readRecording(options.compareWith);
      const wildcard = Boolean(rec.meta.normalized?.ids);
      const answers = new Map<string, NockDefinition>(); // the last answer to each request wins
      for (const f of rec.fixtures) answers.set(requestKey(f.method, f.path, f.body, wildcard), f);
      this.reference = { from: `${options.compareWith} (recorded from ${rec.meta.recordedFrom} on ${rec.meta.recordedAt.slice(0, 10)})`, live: new Normalizer({ ids: wildcard }), answers, wildcard };
    }
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

  async send(operation: string, params: Record<string, unknown>): Promise<Exchange> {
    const x = await this.caller.call(operation, params);
    if (this.reference) this.attachRecorded(x);
    return x;
  }

  /** Differential mode: pair the live answer with the recorded answer to the same (normalised) request. */
  private attachRecorded(x: Exchange): void {
    const ref = this.reference!;
    const key = requestKey('POST', '/', ref.live.form(x.request?.body ?? ''), ref.wildcard);
    const recorded = ref.answers.get(key);
    if (x.response) ref.live.learn(x.response.body);
    x.comparison = {
      recordedFrom: ref.from,
      recorded: recorded ? { status: recorded.status, body: String(recorded.response ?? '') } : undefined,
      live: x.response ? { status: x.response.status, body: ref.live.xml(x.response.body) } : undefined,
      silenced: this.options.knownDeviations ?? [],
    };
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
    // Placeholders for JobIds and markers (and ids, on request), learnt from the answers in order.
    const normalizer = new Normalizer({ ids: this.options.normalizeIds });
    const fixtures = collapseRepeats(recorded.map(scrub).map((f) => {
      const body = normalizer.form(String(f.body ?? ''));
      normalizer.learn(String(f.response ?? ''));
      return { ...f, body, response: normalizer.xml(String(f.response ?? '')) };
    }));
    const settings = this.options.recordSettings && Object.fromEntries(Object.entries(this.options.recordSettings).map(([k, v]) => [k, normalizer.value(v)]));
    const scope = fixtures[0]?.scope ?? PLACEHOLDER_SCOPE;
    writeRecording(this.options.recordTo, {
      format: RECORDING_FORMAT,
      recordedFrom: this.options.recordName ?? this.label.replace(/^live /, ''),
      recordedAt: new Date().toISOString(),
      scope,
      cases: this.options.recordCases,
      settings,
      normalized: { jobIds: true, markers: true, ids: Boolean(this.options.normalizeIds) },
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
