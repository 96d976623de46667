import { CasConflictError, type ClientRecord, type IdentityClaim, type IdentityClaimKind } from '@mtlsctl/vault-store';
import { nowOf, type AuthorityContext } from './context.js';
import { ConcurrentIssuanceError, EmailTakenError, UsernameTakenError } from './errors/index.js';
import { RESERVATION_TIMEOUT_SECONDS } from './reserve-and-sign.js';

/** What {@link claimIdentity} claims, for whom. */
export interface IdentityClaimRequest {
  /** The exact username being issued (the claimant). */
  username: string;
  email: string;
  /** The user's own record as read for update (`getClientForUpdate`): its live value, if any, and its version. */
  own: { record?: ClientRecord | undefined; version: number };
  /** Share the email with another holder instead of refusing (the claim is still taken when it is free). */
  allowSharedEmail?: boolean;
}

/** How many times a claim is re-read after losing a check-and-set to another claimant before giving up. */
const MAX_ATTEMPTS = 8;

/**
 * Makes "one user per username regardless of case, one user per email" exact across processes: before a
 * user's serial is reserved, it claims the lower-cased username and the lower-cased email, each with one
 * create-only write (`cas: 0`) of a claim record naming the user (`claims/usernames/<sha256>`,
 * `claims/emails/<sha256>`, see `identityClaimPath`). Of concurrent runs for `Alice`, `alice` and `ALICE`, or for
 * two users with one email, exactly one write succeeds; the others read the winner's claim and fail. The username
 * is claimed first, then the email (always in that order, so two runs can never each hold the claim the other
 * needs and both fail); a run refused its email gives its username claim back. A new user costs two
 * create-only writes; a user issued again whose record holds both, two refused writes and two reads.
 *
 * A claim counts only while its claimant's record holds it, so nothing has to release it (and a crash between a
 * record write and a release cannot leave a stale claim): the username while the claimant has a live record; the
 * email while that record is active or pending with that email. A claim whose claimant does not hold it is taken
 * over with check-and-set on its version when the claimant's record was written after the claim was taken (that
 * issuance got past its reservation: it was revoked, deleted, undone, or moved to another email), or when the
 * claim is older than {@link RESERVATION_TIMEOUT_SECONDS} (an issuance interrupted before its reservation);
 * otherwise it is another run's issuance in progress and refused. The same claimant retaking its claim writes
 * nothing when its record holds it or the claim is fresh, else refreshes it (check-and-set).
 *
 * Records that predate claims have none: the snapshot check ({@link assertIdentityFree}) still refuses against
 * them, and each user's claims are written the next time they are issued. A user of a pair that already
 * coexists (`Alice` and `alice`, from before the rule) keeps being reissued: its own live record is its title.
 *
 * @throws UsernameTakenError, EmailTakenError (another user holds it, or is being issued with it right now);
 *   ConcurrentIssuanceError (the claim kept changing under this run)
 */
export async function claimIdentity(ctx: AuthorityContext, request: IdentityClaimRequest): Promise<void> {
  const now = nowOf(ctx);
  const username = await claimOne(ctx, 'username', request, now);
  try {
    await claimOne(ctx, 'email', request, now);
  } catch (error) {
    // Give back what this call took: a claim naming a user who was not issued would hold others off for a minute.
    if (username) await ctx.store.putIdentityClaim({ ...username.claim, claimant: '' }, { cas: username.version }).catch(() => undefined);
    throw error;
  }
}

type Verdict = { to: 'keep' } | { to: 'write' } | { to: 'refuse'; holder: string; inProgress: boolean };

/** Claims one key; returns what it wrote (to release on failure), undefined when it wrote nothing. */
async function claimOne(
  ctx: AuthorityContext,
  kind: IdentityClaimKind,
  request: IdentityClaimRequest,
  now: Date,
): Promise<{ claim: IdentityClaim; version: number } | undefined> {
  const key = (kind === 'username' ? request.username : request.email).toLowerCase();
  const claim: IdentityClaim = { kind, key, claimant: request.username, claimantVersion: request.own.version, claimedAt: now.toISOString() };
  let cas = 0;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    try {
      return { claim, version: await ctx.store.putIdentityClaim(claim, { cas }) };
    } catch (error) {
      if (!CasConflictError.isInstance(error)) throw error;
    }
    const found = await ctx.store.getIdentityClaim(kind, key);
    const verdict = await judge(ctx, kind, key, found.current?.value, request, now);
    if (verdict.to === 'keep') return undefined;
    if (verdict.to === 'refuse') {
      if (kind === 'email' && request.allowSharedEmail) return undefined;
      throw kind === 'username'
        ? new UsernameTakenError(request.username, verdict.holder, { inProgress: verdict.inProgress })
        : new EmailTakenError(request.username, request.email, [verdict.holder], { inProgress: verdict.inProgress });
    }
    cas = found.cas;
  }
  throw new ConcurrentIssuanceError(request.username);
}

/** Whether the claim read stays (keep: ours already), is ours to (re)write, or refuses this user. */
async function judge(
  ctx: AuthorityContext,
  kind: IdentityClaimKind,
  key: string,
  claim: IdentityClaim | undefined,
  request: IdentityClaimRequest,
  now: Date,
): Promise<Verdict> {
  if (!claim || claim.claimant === '') return { to: 'write' };
  const age = (now.getTime() - new Date(claim.claimedAt).getTime()) / 1000;
  if (claim.claimant === request.username) {
    const fresh = claim.claimantVersion >= request.own.version && age >= 0 && age < RESERVATION_TIMEOUT_SECONDS / 2;
    return holds(kind, key, request.own.record) || fresh ? { to: 'keep' } : { to: 'write' };
  }
  if (kind === 'username' && request.own.record) return { to: 'keep' };
  const entry = await ctx.store.getOrRepairInventory(claim.claimant);
  const live = entry && !entry.deleted ? entry : undefined;
  if (holds(kind, key, live)) return { to: 'refuse', holder: claim.claimant, inProgress: false };
  if ((entry?.currentVersion ?? 0) > claim.claimantVersion) return { to: 'write' };
  if (Math.abs(age) >= RESERVATION_TIMEOUT_SECONDS) return { to: 'write' };
  return { to: 'refuse', holder: claim.claimant, inProgress: true };
}

/** Whether a (live) record holds the claim: any live record its username; an active or pending one its email. */
function holds(kind: IdentityClaimKind, key: string, record: Pick<ClientRecord, 'email' | 'status'> | undefined): boolean {
  if (!record) return false;
  return kind === 'username' || (record.status !== 'revoked' && record.email.toLowerCase() === key);
}
