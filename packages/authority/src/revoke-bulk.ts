import type { CrlReason } from '@mtlsctl/pki-core';
import { MtlsctlError } from '@mtlsctl/errors';
import type { AuthorityContext } from './context.js';
import type { PublishedCrl } from './publish-crl.js';
import { revokeClient } from './revoke-client.js';

/** What happened to one user of a bulk revocation. */
export interface RevokeOutcome {
  username: string;
  outcome: 'revoked' | 'skipped' | 'failed';
  /** For skipped and failed: why. */
  reason?: string;
  /** For failed: the error code. */
  code?: string;
  serial?: string;
}

/** Options of {@link revokeBulk}. */
export interface RevokeBulkOptions {
  /** RFC 5280 reason. Default `unspecified`. */
  reason?: CrlReason;
  /** Called after each user, in order. */
  onProgress?: (done: number, total: number, outcome: RevokeOutcome) => void;
  /** Checked between users: when it returns true, no new user is started. */
  shouldStop?: () => boolean;
}

/** What {@link revokeBulk} did: one outcome per user handled, and the last CRL set published. */
export interface RevokedBulk {
  outcomes: RevokeOutcome[];
  crl?: PublishedCrl;
}

/**
 * Revokes many users, one {@link revokeClient} each (so every certificate a user was ever issued and that has
 * not expired goes on the CRL, as for one user). Idempotent and resumable: users already revoked are skipped, and
 * running the same list again after an interruption revokes the rest. A user who does not exist, or whose name is
 * invalid, fails alone. The last CRL published is returned.
 */
export async function revokeBulk(ctx: AuthorityContext, names: readonly string[], options: RevokeBulkOptions = {}): Promise<RevokedBulk> {
  const usernames = [...new Set(names)];
  const outcomes: RevokeOutcome[] = [];
  let crl: PublishedCrl | undefined;
  for (const name of usernames) {
    if (options.shouldStop?.()) break;
    let outcome: RevokeOutcome;
    try {
      const result = await revokeClient(ctx, { username: name, reason: options.reason ?? 'unspecified' });
      crl = result.crl;
      outcome = result.changed
        ? { username: name, outcome: 'revoked', serial: result.revokedSerials.join(', ') }
        : { username: name, outcome: 'skipped', reason: 'already revoked' };
    } catch (error) {
      outcome = failure(name, error);
    }
    outcomes.push(outcome);
    options.onProgress?.(outcomes.length, usernames.length, outcome);
  }
  return { outcomes, ...(crl ? { crl } : {}) };
}

function failure(username: string, error: unknown): RevokeOutcome {
  if (MtlsctlError.isInstance(error)) return { username, outcome: 'failed', reason: error.message, code: error.code };
  throw error;
}
