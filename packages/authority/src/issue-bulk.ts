import type { KeyType, Pkcs12Profile } from '@mtlsctl/pki-core';
import { MtlsctlError } from '@mtlsctl/errors';
import { ClientExistsError, ConcurrentIssuanceError, UsersTakenError } from './errors/index.js';
import { assertIdentityFree, loadIdentityIndex, type IdentityIndex } from './identity-index.js';
import type { AuthorityContext } from './context.js';
import { validateEmail } from './email.js';
import { validateUsername } from './username.js';
import { issueForUpdate } from './issue-client.js';
import { loadActiveCa, type ActiveCa } from './load-issuer.js';
import { startBulkSigner, type BulkSigner, type BulkWorkers } from './bulk-signer.js';
import type { BulkUser } from './users-csv.js';

/** What happened to one user of a bulk run. */
export interface BulkOutcome {
  username: string;
  outcome: 'issued' | 'skipped' | 'failed';
  /** For skipped and failed: why. */
  reason?: string;
  /** For failed: the error code. */
  code?: string;
  serial?: string;
  /** For issued: the certificate is stored but its inventory write failed (Vault); how it is repaired. */
  warning?: string;
}

/** Options of {@link issueBulk}. */
export interface IssueBulkOptions {
  /** Defaults for lines that do not name them. */
  keyType?: KeyType;
  validityDays?: number;
  p12Profile?: Pkcs12Profile;
  /** Users issued at once. Default 4. */
  concurrency?: number;
  /** Called after each user, in completion order. */
  onProgress?: (done: number, total: number, outcome: BulkOutcome) => void;
  /** Checked between users: when it returns true, no new user is started. */
  shouldStop?: () => boolean;
  /** Let a user of the file share an email with a user in the store. Default false. */
  allowSharedEmail?: boolean;
  /** Sign in worker threads (key generation, signing and the PKCS#12 build use every core). Default: in this thread. */
  workers?: BulkWorkers;
  /** Called once when `workers` were asked for but could not start (the run signs in this thread). */
  onWorkersUnavailable?: (reason: string) => void;
}

/**
 * Issues certificates for many users. Idempotent and resumable: a user who already has an active certificate
 * for the same email is skipped, so running the same file again after an interruption issues only the rest,
 * with no duplicates. Each user is one check-and-set write: an interruption never leaves half a user.
 * Errors of one user do not stop the others; they are reported in the outcomes.
 *
 * The active CA is read (and its key imported) once, when the first user needs a certificate, and signs every
 * user of the run; each user's record is read once. With `workers`, users are signed in worker threads.
 *
 * Before anything is issued, every user is checked against the store's inventory, read once: a username that
 * differs from a stored one only in case, or an email another stored user holds (without `allowSharedEmail`),
 * refuses the whole run.
 *
 * @throws UsersTakenError naming each clashing line; nothing was issued
 */
export async function issueBulk(ctx: AuthorityContext, users: readonly BulkUser[], options: IssueBulkOptions = {}): Promise<BulkOutcome[]> {
  const identities = await loadIdentityIndex(ctx);
  const clashes: { line: number; message: string }[] = [];
  for (const user of users) {
    try {
      assertIdentityFree(identities, user.username, user.email, { allowSharedEmail: options.allowSharedEmail ?? false });
    } catch (error) {
      clashes.push({ line: user.line, message: (error as Error).message });
    }
  }
  if (clashes.length) throw new UsersTakenError(clashes);
  const outcomes: BulkOutcome[] = new Array(users.length);
  let signing: Promise<{ active: ActiveCa; signer: BulkSigner }> | undefined;
  const ca = () =>
    (signing ??= loadActiveCa(ctx).then(async (active) => {
      const signer = await startBulkSigner(ctx, active, options.workers, users.length);
      if (signer.fallbackReason !== undefined) options.onWorkersUnavailable?.(signer.fallbackReason);
      return { active, signer };
    }));
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < users.length && !options.shouldStop?.()) {
      const index = next++;
      const user = users[index] as BulkUser;
      const outcome = await issueOne(ctx, ca, user, options, identities);
      outcomes[index] = outcome;
      options.onProgress?.(++done, users.length, outcome);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  } finally {
    await signing?.then(({ signer }) => signer.close()).catch(() => undefined);
  }
  return outcomes.filter((o) => o !== undefined);
}

async function issueOne(
  ctx: AuthorityContext,
  ca: () => Promise<{ active: ActiveCa; signer: BulkSigner }>,
  user: BulkUser,
  options: IssueBulkOptions,
  identities: IdentityIndex,
): Promise<BulkOutcome> {
  const forUpdate = await ctx.store.getClientForUpdate(user.username);
  const existing = forUpdate.current;
  if (existing?.value.status === 'active') {
    if (existing.value.email === user.email) await ensureInventory(ctx, user.username);
    return existing.value.email === user.email
      ? { username: user.username, outcome: 'skipped', reason: 'already has an active certificate', serial: existing.value.serial }
      : { username: user.username, outcome: 'failed', code: 'CLIENT_EXISTS', reason: `has an active certificate for another email (${existing.value.email})` };
  }
  try {
    const keyType = user.keyType ?? options.keyType;
    const validityDays = user.validityDays ?? options.validityDays;
    const p12Profile = user.p12Profile ?? options.p12Profile;
    const username = validateUsername(user.username);
    const email = validateEmail(user.email);
    assertIdentityFree(identities, username, email, { allowSharedEmail: options.allowSharedEmail ?? false });
    const { active, signer } = await ca();
    const { record, warning } = await issueForUpdate(ctx, active, forUpdate, {
      username,
      email,
      allowSharedEmail: options.allowSharedEmail ?? false,
      ...(signer.sign ? { signer: signer.sign } : {}),
      ...(keyType ? { keyType } : {}),
      ...(validityDays ? { validityDays } : {}),
      ...(p12Profile ? { p12Profile } : {}),
    });
    return { username: user.username, outcome: 'issued', serial: record.serial, ...(warning !== undefined ? { warning } : {}) };
  } catch (error) {
    if (!MtlsctlError.isInstance(error)) throw error;
    if (ConcurrentIssuanceError.isInstance(error) || ClientExistsError.isInstance(error)) {
      // Another run (e.g. the same file issued twice at once) won this user: skipped if it issued what we would have.
      const now = await settled(ctx, user.username);
      if (now?.value.status === 'active' && now.value.email === user.email) {
        return { username: user.username, outcome: 'skipped', reason: 'issued by another run at the same time', serial: now.value.serial };
      }
    }
    return { username: user.username, outcome: 'failed', code: error.code, reason: error.message };
  }
}

/** The user's record once no issuance is under way (polls for up to ~30 s while another run signs). */
async function settled(ctx: AuthorityContext, username: string) {
  for (let attempt = 0, waited = 0; ; attempt++) {
    const found = await ctx.store.getClient(username);
    if (!found?.value.reserved || waited >= 30_000) return found;
    const wait = Math.min(100 * 2 ** attempt, 2000);
    await new Promise((resolve) => setTimeout(resolve, wait));
    waited += wait;
  }
}

/** A run interrupted between a user's data write and its inventory write left the inventory stale: mend it. */
async function ensureInventory(ctx: AuthorityContext, username: string): Promise<void> {
  const inventory = await ctx.store.getClientInventory(username).catch(() => undefined);
  if (!inventory || inventory.stale) await ctx.store.repairClientInventory(username);
}
