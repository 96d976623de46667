import type { CrlReason } from '@mtlsctl/pki-core';
import type { ClientRecord } from '@mtlsctl/vault-store';
import { nowOf, type AuthorityContext } from './context.js';
import { ClientNotFoundError } from './errors.js';
import { publishCrl, type PublishedCrl } from './publish-crl.js';
import { validateUsername } from './username.js';

/** Options of {@link revokeClient}. */
export interface RevokeClientOptions {
  username: string;
  /** RFC 5280 reason. Default `unspecified`. */
  reason?: CrlReason;
}

/** What {@link revokeClient} did. */
export interface RevokedClient {
  record: ClientRecord;
  crl: PublishedCrl;
  /** False when the certificate was already revoked (the CRL was still checked and republished). */
  changed: boolean;
}

/**
 * Revokes a user's current certificate: its serial is added to the CRL set (regenerated and stored first),
 * then the user's record is marked revoked. Running it again after an interruption finishes the job.
 *
 * @throws ClientNotFoundError, NoCaError, CasConflictError
 */
export async function revokeClient(ctx: AuthorityContext, options: RevokeClientOptions): Promise<RevokedClient> {
  const username = validateUsername(options.username);
  const client = await ctx.store.getClient(username);
  if (!client) throw new ClientNotFoundError(username);
  const now = nowOf(ctx);
  const record = client.value;
  const changed = record.status !== 'revoked';
  const reason = changed ? (options.reason ?? 'unspecified') : record.revocationReason || 'unspecified';
  const revokedAt = changed ? now.toISOString() : record.revokedAt || now.toISOString();

  const published = (await ctx.store.getCrl())?.value.revoked ?? [];
  const listed = published.some((r) => r.serial === record.serial && r.issuerFingerprint === record.issuerFingerprint);
  const revoked = listed
    ? published
    : [...published, { serial: record.serial, revokedAt, reason, username, issuerFingerprint: record.issuerFingerprint }];
  const crl = await publishCrl(ctx, { revoked });

  const updated: ClientRecord = { ...record, status: 'revoked', revokedAt, revocationReason: reason };
  if (changed) await ctx.store.putClient(updated, { cas: client.version });
  return { record: updated, crl, changed };
}
