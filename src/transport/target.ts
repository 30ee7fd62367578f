// A target is where requests go: a live endpoint or a set of recorded fixtures replayed through nock.
// Both use the same SDK client path, so the checks never know which one they are looking at.
import type { Exchange } from './exchange';

/** A recording, as reports name it. */
export interface RecordingRef {
  /** The recording's folder, as given. */
  dir: string;
  recordedFrom: string;
  recordedAt: string;
}

export interface Target {
  /** Human label, used as the JUnit suite name, e.g. "live http://127.0.0.1:4566" or "replay recordings/reference". */
  readonly label: string;
  readonly kind: 'live' | 'replay';
  /** Where the target came from (for replay: the recording's metadata). */
  readonly description: string;
  send(operation: string, params: Record<string, unknown>): Promise<Exchange>;
  /** Wait between polls of a job; replay does not wait. */
  pause(ms: number): Promise<void>;
  /** Differential mode: the recording every answer is compared with. */
  readonly comparedWith?: RecordingRef;
  /** Problems the target itself saw (e.g. replay requests that no recording matched). */
  problems(): string[];
  close(): Promise<void>;
}
