import type { AuthorityContext } from './context.js';
import { EmailTakenError, UsernameTakenError } from './errors/index.js';

/**
 * Who holds which username and email in a store, read once from the inventory (KV metadata only: no data
 * record, no private key is read). Usernames are unique case-insensitively (`Alice` and `alice` cannot both be
 * issued; records that already coexist stay readable); an email belongs to one user whose certificate is active
 * or pending, unless shared explicitly.
 *
 * The index is a snapshot: two processes issuing `Alice` and `alice` (or two users one email) at the same instant
 * both pass it. What makes that exact is the claims (`claimIdentity` in identity-claims.ts: create-only records per lower-cased
 * username and email, taken before the serial reservation); this snapshot stays as the check against records
 * that predate claims (they hold none until issued again) and as the whole-file check of a bulk run.
 */
export interface IdentityIndex {
  /** Lower-cased username → the usernames stored under it. */
  readonly usernames: ReadonlyMap<string, readonly string[]>;
  /** Lower-cased email → the users whose active or pending certificate carries it. */
  readonly emails: ReadonlyMap<string, readonly string[]>;
}

/** Reads the store's inventory once into an {@link IdentityIndex}. */
export async function loadIdentityIndex(ctx: AuthorityContext): Promise<IdentityIndex> {
  const usernames = new Map<string, string[]>();
  const emails = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, username: string) => map.set(key, [...(map.get(key) ?? []), username]);
  for await (const entry of ctx.store.listInventory({ repair: true })) {
    if (entry.deleted) continue;
    add(usernames, entry.username.toLowerCase(), entry.username);
    if (entry.status !== 'revoked') add(emails, entry.email.toLowerCase(), entry.username);
  }
  return { usernames, emails };
}

/**
 * Refuses a username that another stored user's name equals but for case, and an email another user holds
 * (unless `allowSharedEmail`). The user's own record (same exact username) is never a conflict, so users that already
 * coexist (`Alice` and `alice` from an older version) can still be renewed and reissued.
 *
 * @throws UsernameTakenError, EmailTakenError
 */
export function assertIdentityFree(index: IdentityIndex, username: string, email: string, options: { allowSharedEmail?: boolean } = {}): void {
  const stored = index.usernames.get(username.toLowerCase()) ?? [];
  const other = stored.find((u) => u !== username);
  if (other !== undefined && !stored.includes(username)) throw new UsernameTakenError(username, other);
  if (options.allowSharedEmail) return;
  const holders = (index.emails.get(email.toLowerCase()) ?? []).filter((u) => u !== username);
  if (holders.length > 0) throw new EmailTakenError(username, email, holders);
}
