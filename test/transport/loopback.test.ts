// What counts as a loopback endpoint (dummy credentials when none are configured, no EC2 metadata lookups,
// recordings with a placeholder scope, a short first poll wait): addresses and names that never leave the machine.
import { isLoopbackUrl } from '../../src/transport/sdk-caller';

describe('isLoopbackUrl', () => {
  it.each(['http://127.0.0.1:4566', 'http://127.255.3.4', 'http://127.1:80', 'http://localhost:5000', 'http://[::1]:8080', 'http://iam.localhost'])('%s is loopback', (url) => {
    expect(isLoopbackUrl(url)).toBe(true);
  });

  it.each(['http://127.0.0.1.example.com', 'http://127.attacker.net', 'https://iam.amazonaws.com', 'http://10.0.0.5', 'http://localhost.example.com', 'not a url'])('%s is not', (url) => {
    expect(isLoopbackUrl(url)).toBe(false);
  });
});
