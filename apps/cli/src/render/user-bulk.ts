import type { BulkOutcome, RenewOutcome, RevokeOutcome } from '@mtlsctl/authority';
import type { RenderFormat } from './renderer.js';
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
export function renderUserIssueBulk(result: BulkListResult<BulkOutcome>, format: 'text'): string;
export function renderUserIssueBulk(result: BulkListResult<BulkOutcome>, format: 'json'): UserIssueBulkJson;
export function renderUserIssueBulk({ total, notStarted, outcomes }: BulkListResult<BulkOutcome>, format: RenderFormat): string | UserIssueBulkJson {
  const issued = tally(outcomes, 'issued');
  const skipped = tally(outcomes, 'skipped');
  const failed = tally(outcomes, 'failed');
  if (format === 'json') return { total, issued, skipped, failed, notStarted, outcomes };
  return [
    ...outcomes.map((o) => `  ${o.username}: ${o.outcome}${o.serial && o.outcome === 'issued' ? ` (serial ${o.serial})` : ''}${o.reason ? ` (${o.reason})` : ''}`),
    `${issued} issued, ${skipped} skipped (already issued), ${failed} failed, ${notStarted} not started.`,
  ].join('\n');
}

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
export function renderUserRevokeBulk(result: BulkListResult<RevokeOutcome>, format: 'text'): string;
export function renderUserRevokeBulk(result: BulkListResult<RevokeOutcome>, format: 'json'): UserRevokeBulkJson;
export function renderUserRevokeBulk({ total, notStarted, outcomes }: BulkListResult<RevokeOutcome>, format: RenderFormat): string | UserRevokeBulkJson {
  const revoked = tally(outcomes, 'revoked');
  const skipped = tally(outcomes, 'skipped');
  const failed = tally(outcomes, 'failed');
  if (format === 'json') return { total, revoked, skipped, failed, notStarted, outcomes };
  return [
    ...outcomes.map((o) => `  ${o.username}: ${o.outcome}${o.reason ? ` (${o.reason})` : ''}`),
    `${revoked} revoked, ${skipped} skipped (already revoked), ${failed} failed, ${notStarted} not started.`,
  ].join('\n');
}

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
export function renderUserRenewBulk(result: UserRenewBulkResult, format: 'text'): string;
export function renderUserRenewBulk(result: UserRenewBulkResult, format: 'json'): UserRenewBulkJson;
export function renderUserRenewBulk({ selected, outcomes, issuers, active }: UserRenewBulkResult, format: RenderFormat): string | UserRenewBulkJson {
  const renewed = tally(outcomes, 'renewed');
  const failed = tally(outcomes, 'failed');
  const notStarted = selected - outcomes.length;
  if (format === 'json') return { total: selected, renewed, failed, notStarted, issuers, outcomes };
  return [
    ...outcomes.map((o) => `  ${o.username}: ${o.outcome}${o.serial ? ` (serial ${o.serial}, was ${o.previousSerial})` : ''}${o.reason ? ` (${o.reason})` : ''}`),
    `${renewed} renewed from ${shortFingerprint(active ?? '')}, ${failed} failed, ${notStarted} not started (${issuers.map(shortFingerprint).join(', ') || 'no other CA'} had ${selected} active user(s)).`,
  ].join('\n');
}
