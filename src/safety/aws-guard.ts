// Guards for runs against real AWS: an explicit opt-in, an optional allow-list of accounts checked with
// STS GetCallerIdentity before any other call, and only operations the contract marks as reads or as
// report generation.
import type { Contract } from '../contract';
import { credentialsFor } from '../transport/sdk-caller';

export class GuardRefusal extends Error {}

/** No endpoint means the SDK's own (AWS); otherwise AWS's public endpoints by host name. */
export function isRealAws(endpoint: string | undefined): boolean {
  if (!endpoint) return true;
  try {
    const host = new URL(endpoint).hostname.toLowerCase();
    return /(^|\.)amazonaws\.com(\.cn)?$/.test(host) || /(^|\.)api\.aws$/.test(host);
  } catch {
    return false;
  }
}

/** Operation kinds a run against AWS may call: nothing that changes an account beyond starting a report. */
export const AWS_SAFE_KINDS = ['read', 'job-start'];

export function unsafeOperations(contract: Contract): string[] {
  return Object.values(contract.operations).filter((op) => !AWS_SAFE_KINDS.includes(op.kind)).map((op) => op.name);
}

/**
 * The account the credentials belong to, refused unless it is on the list. Called before any IAM request.
 * `endpoint` is for emulators that serve STS too; for AWS it is undefined.
 */
export async function checkAccount(allowed: string[], options: { endpoint?: string; region?: string }): Promise<string> {
  // Loaded here: only runs with --allowed-accounts need STS.
  const { GetCallerIdentityCommand, STSClient } = require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts');
  const sts = new STSClient({ endpoint: options.endpoint, region: options.region ?? 'us-east-1', maxAttempts: 1, credentials: credentialsFor(options.endpoint) });
  try {
    const { Account } = await sts.send(new GetCallerIdentityCommand({}));
    if (!Account || !allowed.includes(Account)) {
      throw new GuardRefusal(`the credentials belong to account ${Account ?? '(unknown)'}, which is not in --allowed-accounts (${allowed.join(', ')}); nothing was called`);
    }
    return Account;
  } catch (e) {
    if (e instanceof GuardRefusal) throw e;
    throw new GuardRefusal(`could not confirm the account with STS GetCallerIdentity (${(e as Error).name}: ${(e as Error).message}); nothing else was called`);
  } finally {
    sts.destroy();
  }
}
