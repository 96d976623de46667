import type { BulkOutcome, RenewOutcome, RevokeOutcome } from '@mtlsctl/authority';
import { renderer } from './renderer.js';
import { shortFingerprint } from './table.js';

/** How many of a bulk run's outcomes are `outcome`. */
function tally<O extends string>(outcomes: ReadonlyArray<{ outcome: O }>, outcome: O): number {
  return outcomes.filter((o) => o.outcome === outcome).length;
}

/** A bulk run over a list of users: how many were listed, how many were never started (interrupted), and each one's outcome. */
export interface BulkListResult<O> {
  total: number;
  notStarted: number;
  outcomes: O[];
}

/** `user issue --from --json`: the counts and each user's outcome. */
export interface UserIssueBulkJson {
  total: number;
  issued: number;
  skipped: number;
  failed: number;
  notStarted: number;
  outcomes: BulkOutcome[];
}

/** `user issue --from`: one line per user (outcome, serial or reason), then the counts; as JSON the same. */
export const renderUserIssueBulk = renderer<BulkListResult<BulkOutcome>, UserIssueBulkJson>({
  text: ({ notStarted, outcomes }) =>
    [
      ...outcomes.map((o) => `  ${o.username}: ${o.outcome}${o.serial && o.outcome === 'issued' ? ` (serial ${o.serial})` : ''}${o.reason ? ` (${o.reason})` : ''}`),
      `${tally(outcomes, 'issued')} issued, ${tally(outcomes, 'skipped')} skipped (already issued), ${tally(outcomes, 'failed')} failed, ${notStarted} not started.`,
    ].join('\n'),
  json: ({ total, notStarted, outcomes }): UserIssueBulkJson => ({ total, issued: tally(outcomes, 'issued'), skipped: tally(outcomes, 'skipped'), failed: tally(outcomes, 'failed'), notStarted, outcomes }),
});

/** `user revoke --from --json`: the counts and each user's outcome. */
export interface UserRevokeBulkJson {
  total: number;
  revoked: number;
  skipped: number;
  failed: number;
  notStarted: number;
  outcomes: RevokeOutcome[];
}

/** `user revoke --from`: one line per user (outcome, reason), then the counts; as JSON the same. */
export const renderUserRevokeBulk = renderer<BulkListResult<RevokeOutcome>, UserRevokeBulkJson>({
  text: ({ notStarted, outcomes }) =>
    [
      ...outcomes.map((o) => `  ${o.username}: ${o.outcome}${o.reason ? ` (${o.reason})` : ''}`),
      `${tally(outcomes, 'revoked')} revoked, ${tally(outcomes, 'skipped')} skipped (already revoked), ${tally(outcomes, 'failed')} failed, ${notStarted} not started.`,
    ].join('\n'),
  json: ({ total, notStarted, outcomes }): UserRevokeBulkJson => ({ total, revoked: tally(outcomes, 'revoked'), skipped: tally(outcomes, 'skipped'), failed: tally(outcomes, 'failed'), notStarted, outcomes }),
});

/** What `user renew --issuer / --all` did: the CAs whose users it renewed, the active CA they moved to, and each user's outcome. */
export interface UserRenewBulkResult {
  /** Active users of `issuers` when the run started. */
  selected: number;
  outcomes: RenewOutcome[];
  issuers: string[];
  /** The active CA's fingerprint. */
  active: string | undefined;
}

/** `user renew --issuer / --all --json`: the counts, the CAs renewed from, and each user's outcome. */
export interface UserRenewBulkJson {
  total: number;
  renewed: number;
  failed: number;
  notStarted: number;
  issuers: string[];
  outcomes: RenewOutcome[];
}

/** `user renew --issuer / --all`: one line per user (new and old serial, or why it failed), then the counts; as JSON the same. */
export const renderUserRenewBulk = renderer<UserRenewBulkResult, UserRenewBulkJson>({
  text: ({ selected, outcomes, issuers, active }) =>
    [
      ...outcomes.map((o) => `  ${o.username}: ${o.outcome}${o.serial ? ` (serial ${o.serial}, was ${o.previousSerial})` : ''}${o.reason ? ` (${o.reason})` : ''}`),
      `${tally(outcomes, 'renewed')} renewed from ${shortFingerprint(active ?? '')}, ${tally(outcomes, 'failed')} failed, ${selected - outcomes.length} not started (${issuers.map(shortFingerprint).join(', ') || 'no other CA'} had ${selected} active user(s)).`,
    ].join('\n'),
  json: ({ selected, outcomes, issuers }): UserRenewBulkJson => ({ total: selected, renewed: tally(outcomes, 'renewed'), failed: tally(outcomes, 'failed'), notStarted: selected - outcomes.length, issuers, outcomes }),
});
