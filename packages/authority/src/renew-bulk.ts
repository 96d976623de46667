import { MtlsctlError } from '@mtlsctl/errors';
import type { AuthorityContext } from './context.js';
import { listClients } from './list-clients.js';
import { loadActiveCa, type ActiveCa } from './load-issuer.js';
import { renewWithCa } from './renew-client.js';

/** What happened to one user of a bulk renewal. */
export interface RenewOutcome {
  username: string;
  outcome: 'renewed' | 'failed';
  /** For failed: why (e.g. a CSR user, who must send a new CSR). */
  reason?: string;
  code?: string;
  serial?: string;
  previousSerial?: string;
}

/** Options of {@link renewBulk}. */
export interface RenewBulkOptions {
  /** The CAs whose users are renewed (full fingerprints); never the active CA, whose users are already on it. */
  issuerFingerprints: readonly string[];
  validityDays?: number;
  /** Revoke each old certificate (reason `superseded`). Default false. */
  revokeOld?: boolean;
  /** Called after each user. */
  onProgress?: (done: number, total: number, outcome: RenewOutcome) => void;
  /** Checked between users: when it returns true, no new user is started. */
  shouldStop?: () => boolean;
}

/**
 * Renews, from the active CA, every active user whose certificate was issued by one of `issuerFingerprints`
 * (the migration's "issue new certificates from the new CA"). Resumable by construction: a renewed user's
 * certificate is from the active CA, so running it again after an interruption renews only the rest. One user's
 * error (a user who keeps their own key needs a new CSR) does not stop the others. The active CA is read once,
 * for the first user renewed.
 *
 * @returns the outcomes in username order, and how many users were selected
 */
export async function renewBulk(ctx: AuthorityContext, options: RenewBulkOptions): Promise<{ selected: number; outcomes: RenewOutcome[] }> {
  const wanted = new Set(options.issuerFingerprints);
  const users = (await listClients(ctx, { status: 'active' })).filter((row) => wanted.has(row.issuerFingerprint));
  const outcomes: RenewOutcome[] = [];
  let active: Promise<ActiveCa> | undefined;
  const ca = () => (active ??= loadActiveCa(ctx));
  for (const user of users) {
    if (options.shouldStop?.()) break;
    let outcome: RenewOutcome;
    try {
      const renewed = await renewWithCa(
        ctx,
        {
          username: user.username,
          ...(options.validityDays !== undefined ? { validityDays: options.validityDays } : {}),
          revokeOld: options.revokeOld ?? false,
        },
        ca,
      );
      outcome = { username: user.username, outcome: 'renewed', serial: renewed.record.serial, previousSerial: renewed.previousSerial };
    } catch (error) {
      if (!MtlsctlError.isInstance(error)) throw error;
      outcome = { username: user.username, outcome: 'failed', reason: error.message, code: error.code };
    }
    outcomes.push(outcome);
    options.onProgress?.(outcomes.length, users.length, outcome);
  }
  return { selected: users.length, outcomes };
}
