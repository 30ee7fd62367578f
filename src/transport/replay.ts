// Replays a recording through nock with every real connection refused. Identical requests get the
// recorded answers in order, and the last answer again once those run out (so a shorter or longer poll
// than at recording time still works). A request nothing was recorded for leaves its case not checked
// (not-recorded), naming the request.
import type nockType from 'nock';
import { loadNock } from './nock-loader';
import type { Exchange } from './exchange';
import { readRecording, requestKey, type NockDefinition, type Recording } from './recording';
import { SdkCaller, DUMMY_CREDENTIALS } from './sdk-caller';
import type { Target } from './target';
import { loadContract, type Contract } from '../contract';
import { idShapes, volatileModel } from './normalize';

export class ReplayTarget implements Target {
  readonly kind = 'replay';
  readonly label: string;
  readonly description: string;
  readonly recording: Recording;
  private readonly caller: SdkCaller;
  private readonly answers = new Map<string, { list: NockDefinition[]; next: number }>();
  private readonly unmatched: string[] = [];
  /**
   * Set for recordings whose ids were normalised: a request no recorded one equals is matched with ids
   * compared by their shape (a run sends its case files' ids, the recording holds placeholders).
   */
  private readonly shape?: (v: string) => string;
  private readonly byShape = new Map<string, { list: NockDefinition[]; next: number }>();
  private scope?: nockType.Scope;
  private readonly nock = loadNock();

  /** source: a recording's folder, or the recording already read from it. */
  constructor(source: string | Recording, options: { requestTimeoutMs: number; contract?: Contract }) {
    this.recording = typeof source === 'string' ? readRecording(source) : source;
    const { dir, meta, fixtures } = this.recording;
    this.label = `replay ${dir}`;
    this.description = `recorded from ${meta.recordedFrom} on ${meta.recordedAt}`;
    if (meta.normalized?.ids) {
      const model = volatileModel(options.contract ?? loadContract());
      this.shape = (v) => idShapes(model, v);
    }
    const add = (map: Map<string, { list: NockDefinition[]; next: number }>, key: string, f: NockDefinition) => {
      const slot = map.get(key) ?? { list: [], next: 0 };
      slot.list.push(f);
      map.set(key, slot);
    };
    for (const f of fixtures) {
      add(this.answers, requestKey(f.method, f.path, f.body), f);
      if (this.shape) add(this.byShape, requestKey(f.method, f.path, f.body, this.shape), f);
    }
    this.open();
    this.caller = new SdkCaller({ endpoint: meta.scope, requestTimeoutMs: options.requestTimeoutMs, credentials: DUMMY_CREDENTIALS });
  }

  private open(): void {
    const nock = this.nock;
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
    const scope = this.recording.meta.scope;
    this.scope = nock(scope)
      .persist()
      .intercept(/.*/, 'POST')
      .reply(async (request: Request) => {
        const url = new URL(request.url);
        const body = await request.text();
        const slot = this.answers.get(requestKey(request.method, url.pathname, body))
          ?? (this.shape ? this.byShape.get(requestKey(request.method, url.pathname, body, this.shape)) : undefined);
        if (!slot) {
          const what = `${request.method} ${url.pathname} ${decodeForm(body)}`;
          this.unmatched.push(what);
          throw new Error(`replay: the recording has no response for ${what}`);
        }
        const def = slot.list[Math.min(slot.next, slot.list.length - 1)];
        slot.next++;
        return [def.status, typeof def.response === 'string' ? def.response : JSON.stringify(def.response ?? ''), headersOf(def)];
      });
  }

  async send(operation: string, params: Record<string, unknown>): Promise<Exchange> {
    const missed = this.unmatched.length;
    const x = await this.caller.call(operation, params);
    // A gap in the recording says nothing about the target it was recorded from.
    if (!x.response && this.unmatched.length > missed) {
      x.transportFault = 'not-recorded';
      x.transportError = `the recording has no response for ${this.unmatched[this.unmatched.length - 1]}`;
    }
    return x;
  }

  async pause(): Promise<void> {}

  problems(): string[] {
    return this.unmatched.map((u) => `no recorded response for ${u}`);
  }

  async close(): Promise<void> {
    this.caller.destroy();
    this.scope?.persist(false);
    this.nock.cleanAll();
    this.nock.enableNetConnect();
    this.nock.restore();
  }
}

function headersOf(def: NockDefinition): Record<string, string> {
  if (Array.isArray(def.rawHeaders)) {
    const out: Record<string, string> = {};
    for (let i = 0; i + 1 < def.rawHeaders.length; i += 2) out[def.rawHeaders[i]] = def.rawHeaders[i + 1];
    return out;
  }
  return { ...(def.rawHeaders ?? def.headers ?? {}) };
}

function decodeForm(body: string): string {
  const fields = [...new URLSearchParams(body).entries()].filter(([k]) => k !== 'Version');
  return fields.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
}
