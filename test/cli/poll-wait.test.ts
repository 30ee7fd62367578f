// The first wait between a report job's polls depends on the target: none for a replay, a short one for a
// loopback emulator, the default for anything else (AWS, an emulator on another machine).
import { firstPollWaitMs, LOOPBACK_POLL_INTERVAL_MS } from '../../src/cli/main';
import { DEFAULT_SETTINGS } from '../../src/runner/session';

describe('firstPollWaitMs', () => {
  it('does not wait for a replay, which answers the next poll at once', () => {
    expect(firstPollWaitMs({ kind: 'replay' })).toBe(0);
  });

  it.each(['http://127.0.0.1:4566', 'http://localhost:5000', 'http://[::1]:8080', 'http://127.8.0.1', 'http://iam.localhost:4566'])('waits briefly for the loopback endpoint %s', (endpoint) => {
    expect(firstPollWaitMs({ kind: 'live', endpoint })).toBe(LOOPBACK_POLL_INTERVAL_MS);
    expect(LOOPBACK_POLL_INTERVAL_MS).toBeLessThan(DEFAULT_SETTINGS.pollIntervalMs);
  });

  it.each([undefined, 'https://iam.amazonaws.com', 'http://10.0.0.5:4566', 'http://localstack:4566', 'http://127.0.0.1.example.com'])('keeps the default for %s', (endpoint) => {
    expect(firstPollWaitMs({ kind: 'live', endpoint })).toBe(DEFAULT_SETTINGS.pollIntervalMs);
  });
});
