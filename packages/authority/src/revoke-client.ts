import type { CrlReason } from '@mtlsctl/pki-core';
import { toClientView, type ClientView } from './show-client.js';
import type { ClientRecord, RevokedEntry } from '@mtlsctl/vault-store';
import { nowOf, type AuthorityContext } from './context.js';
import { ClientNotFoundError, ConcurrentIssuanceError, SerialNotFoundError } from './errors/index.js';
import { publishCrl, type PublishedCrl } from './publish-crl.js';
import { validateUsername } from './username.js';
import { CasConflictError } from '@mtlsctl/vault-store';

/** Options of {@link revokeClient}. */
export interface RevokeClientOptions {
  username: string;
  /** RFC 5280 reason. Default `unspecified`. */
  reason?: CrlReason;
  /**
   * Revoke only this certificate of the user (hex serial, colons allowed): the current one or an earlier one.
   * Default: every certificate the user holds that has not expired (the current one, earlier ones kept after
   * renew or `--replace`, and a serial reserved by an interrupted issuance).
   */
  serial?: string;
}

/** What {@link revokeClient} did. */
export interface RevokedClient {
  record: ClientRecord;
  crl: PublishedCrl;
  /** The serials this run put on the CRL (empty when all were listed already). */
  revokedSerials: string[];
  /** False when nothing new was revoked (the CRL was still checked and republished). */
  changed: boolean;
  /** KV version of the record now (the one written, or the one read when nothing changed). */
  version: number;
  /** The user as `user show` reports it, at that version; undefined for a record that holds no certificate (a reservation, pending or revoked). */
  view: ClientView | undefined;
}

/**
 * Revokes a user's certificates: their serials are added to the CRL set (regenerated and stored first), then
 * the user's record is updated (status revoked when the current certificate is; revoked earlier certificates
 * leave its `earlier` list). Running it again after an interruption finishes the job.
 *
 * @throws ClientNotFoundError, SerialNotFoundError (`serial` is none of the user's), NoCaError,
 *   ConcurrentIssuanceError
 */
export async function revokeClient(ctx: AuthorityContext, options: RevokeClientOptions): Promise<RevokedClient> {
  const username = validateUsername(options.username);
  const client = await ctx.store.getClient(username);
  if (!client) throw new ClientNotFoundError(username);
  const now = nowOf(ctx);
  const record = client.value;
  const wanted = options.serial === undefined ? undefined : normalizeSerial(options.serial);
  const candidates = liveSerials(record, now);
  const targets = wanted === undefined ? candidates : candidates.filter((c) => c.serial === wanted);
  if (wanted !== undefined && targets.length === 0 && !(wanted === record.serial && record.status === 'revoked')) {
    throw new SerialNotFoundError(username, wanted);
  }
  const current = targets.some((t) => t.serial === record.serial);
  const reason = options.reason ?? 'unspecified';
  const revokedAt = now.toISOString();

  const published = (await ctx.store.getCrl())?.value.revoked ?? [];
  const isListed = (t: { serial: string; issuerFingerprint: string }) => published.some((r) => r.serial === t.serial && r.issuerFingerprint === t.issuerFingerprint);
  const added: RevokedEntry[] = targets.filter((t) => !isListed(t)).map((t) => ({ serial: t.serial, revokedAt, reason, username, issuerFingerprint: t.issuerFingerprint }));
  const crl = await publishCrl(ctx, { revoked: [...published, ...added] });

  const revokedSet = new Set(targets.map((t) => t.serial));
  const updated: ClientRecord = {
    ...record,
    earlier: record.earlier.filter((e) => !revokedSet.has(e.serial)),
    ...(current && record.status !== 'revoked' ? { status: 'revoked' as const, revokedAt, revocationReason: reason } : {}),
  };
  const changed = added.length > 0 || updated.status !== record.status || updated.earlier.length !== record.earlier.length;
  let version = client.version;
  if (changed) {
    try {
      version = await ctx.store.putClient(updated, { cas: client.version });
    } catch (error) {
      if (CasConflictError.isInstance(error)) throw new ConcurrentIssuanceError(username);
      throw error;
    }
  }
  // A reservation (a run stopped after signing) holds no certificate to show, pending or revoked.
  const view = updated.certificatePem === '' ? undefined : toClientView(updated, version);
  return { record: updated, crl, revokedSerials: added.map((a) => a.serial), changed, version, view };
}

/** Every serial of the user that may still be valid: current (unless revoked), earlier, and a reserved one. */
function liveSerials(record: ClientRecord, now: Date): { serial: string; issuerFingerprint: string }[] {
  const out: { serial: string; issuerFingerprint: string }[] = [];
  if (record.status !== 'revoked') out.push({ serial: record.serial, issuerFingerprint: record.issuerFingerprint });
  for (const e of record.earlier) if (new Date(e.notAfter) > now) out.push({ serial: e.serial, issuerFingerprint: e.issuerFingerprint });
  const reserved = record.reserved;
  if (reserved && new Date(reserved.notAfter) > now && !out.some((o) => o.serial === reserved.serial)) {
    out.push({ serial: reserved.serial, issuerFingerprint: reserved.issuerFingerprint });
  }
  return out;
}

function normalizeSerial(serial: string): string {
  return serial.replace(/:/g, '').toLowerCase().replace(/^(00)+(?=.)/, '');
}
