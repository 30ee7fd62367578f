// A live endpoint: an emulator, the reference target, or AWS itself. Optionally records every exchange
// with nock's recorder so the run can be replayed offline later.
import { describeOutcome, type Exchange } from './exchange';
import { loadNock } from './nock-loader';
import { isLoopbackUrl, SdkCaller } from './sdk-caller';
import { PLACEHOLDER_SCOPE, RECORDING_FORMAT, readRecording, requestKey, writeRecording, type NockDefinition, type RecordingMeta } from './recording';
import { Correspondence, idShapes, Normalizer, volatileModel } from './normalize';
import type { RecordingRef, Target } from './target';
import { loadContract, type Contract } from '../contract';

export interface LiveOptions {
  /** What is volatile (opaque members, request ids, id kinds) for recordings and comparisons (default: the project's). */
  contract?: Contract;
  endpoint?: string;
  region?: string;
  requestTimeoutMs: number;
  /** Retries of throttled requests and transient server errors, and the run's budget for their waits (see SdkCaller). */
  throttleRetries?: number;
  retryBudgetMs?: number;
  /** Cut a request after this long without a byte; refuse bodies beyond this size (see SdkCaller). */
  idleTimeoutMs?: number;
  maxResponseBytes?: number;
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
  private readonly reference?: {
    from: string; pairs: Correspondence;
    /** The last answer to each request wins; by exact request, and (ids normalised) by the ids' shapes. */
    answers: Map<string, NockDefinition>; byShape?: Map<string, NockDefinition>; shape: (v: string) => string;
  };

  private readonly contract: () => Contract;
  readonly comparedWith?: RecordingRef;
  /** HTTP answers, those in awsQuery (a result, or an error with a code), 5xx ones, and the first not in awsQuery. */
  private readonly answers = { http: 0, awsQuery: 0, serverErrors: 0, firstOther: undefined as string | undefined };

  constructor(private readonly options: LiveOptions) {
    this.contract = () => options.contract ?? loadContract();
    if (options.compareWith) {
      const rec = readRecording(options.compareWith);
      const ids = Boolean(rec.meta.normalized?.ids);
      const model = volatileModel(this.contract());
      const shape = (v: string) => idShapes(model, v);
      const answers = new Map<string, NockDefinition>();
      const byShape = ids ? new Map<string, NockDefinition>() : undefined;
      for (const f of rec.fixtures) {
        answers.set(requestKey(f.method, f.path, f.body), f);
        byShape?.set(requestKey(f.method, f.path, f.body, shape), f);
      }
      const from = `${options.compareWith} (recorded from ${rec.meta.recordedFrom} on ${rec.meta.recordedAt.slice(0, 10)})`;
      this.comparedWith = { dir: options.compareWith, recordedFrom: rec.meta.recordedFrom, recordedAt: rec.meta.recordedAt };
      this.reference = { from, pairs: new Correspondence(this.contract(), { ids }), answers, byShape, shape };
    }
    const where = options.endpoint ?? process.env.AWS_ENDPOINT_URL_IAM ?? process.env.AWS_ENDPOINT_URL ?? 'https://iam.amazonaws.com';
    this.label = `live ${where}`;
    this.description = options.endpoint ? `endpoint ${where}` : `endpoint ${where} (resolved by the SDK)`;
    this.caller = new SdkCaller({
      endpoint: options.endpoint, region: options.region, requestTimeoutMs: options.requestTimeoutMs, idleTimeoutMs: options.idleTimeoutMs,
      maxResponseBytes: options.maxResponseBytes, throttleRetries: options.throttleRetries, retryBudgetMs: options.retryBudgetMs,
    });
    if (options.recordTo) {
      const nock = loadNock();
      nock.recorder.clear();
      nock.recorder.rec({ dont_print: true, output_objects: true, enable_reqheaders_recording: false });
    }
  }

  async send(operation: string, params: Record<string, unknown>): Promise<Exchange> {
    const x = await this.caller.call(operation, params);
    if (this.reference) this.attachRecorded(x);
    if (x.response) {
      this.answers.http++;
      if (x.response.status >= 500) this.answers.serverErrors++;
      if (x.output || x.error?.code) this.answers.awsQuery++;
      else this.answers.firstOther ??= describeOutcome(x);
    }
    return x;
  }

  /**
   * Differential mode: pair the live answer with the recorded answer to the same request, the live
   * target's volatile values (JobIds, markers; ids of a normalised recording) in the recording's words.
   */
  private attachRecorded(x: Exchange): void {
    const ref = this.reference!;
    const body = x.request?.body ?? '';
    const asRecorded = ref.pairs.request(body);
    let recorded = ref.answers.get(requestKey('POST', '/', asRecorded));
    if (!recorded && ref.byShape) {
      recorded = ref.byShape.get(requestKey('POST', '/', asRecorded, ref.shape));
      if (recorded) ref.pairs.pairRequests(body, String(recorded.body ?? ''));
    }
    const recordedBody = String(recorded?.response ?? '');
    x.comparison = {
      recordedFrom: ref.from,
      recorded: recorded ? { status: recorded.status, body: recordedBody } : undefined,
      live: x.response ? { status: x.response.status, body: ref.pairs.answer(x.response.body, recordedBody) } : undefined,
      silenced: this.options.knownDeviations ?? [],
    };
  }

  pause(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /**
   * A target that never answered in awsQuery, nor with a server error (an emulator lacking the operations,
   * a proxy), but with web pages, 404s and the like is likely no IAM endpoint at all (a wrong URL or port).
   */
  problems(): string[] {
    const a = this.answers;
    if (a.http === 0 || a.awsQuery > 0 || a.serverErrors > 0) return [];
    return [`none of the ${a.http} answers of ${this.label.replace(/^live /, '')} was an awsQuery response (the first: ${a.firstOther}): is that URL an IAM endpoint?`];
  }

  async close(): Promise<void> {
    this.caller.destroy();
    if (!this.options.recordTo) return;
    const nock = loadNock();
    const recorded = nock.recorder.play() as unknown as NockDefinition[];
    nock.recorder.clear();
    nock.restore();
    // Placeholders for opaque tokens and request ids (and ids, on request), learnt in the order of the exchanges.
    const normalizer = new Normalizer(this.contract(), { ids: this.options.normalizeIds });
    const fixtures = collapseRepeats(recorded.map(scrub).map((f) => {
      const body = normalizer.request(String(f.body ?? ''));
      const response = normalizer.answer(String(f.response ?? ''));
      return { ...f, body, response, rawHeaders: normalizer.headers(f.rawHeaders as Record<string, string>) };
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
      normalized: normalizedMeta(this.contract(), Boolean(this.options.normalizeIds)),
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

/** What a recording's placeholders stand for, for meta.json. */
function normalizedMeta(contract: Contract, ids: boolean): NonNullable<RecordingMeta['normalized']> {
  const opaque = Object.entries(contract.shapes).filter(([, s]) => 'opaque' in s && s.opaque === true).map(([name]) => name);
  const v = contract.volatile;
  return { opaque, envelope: [...v.envelope, ...v.headers], ids, ...(ids ? { idKinds: Object.keys(v.idKinds) } : {}) };
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
