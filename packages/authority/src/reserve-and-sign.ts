import { randomSerialNumber } from '@mtlsctl/pki-core';
import { CasConflictError, InventoryWriteError, type ClientRecord, type EarlierCertificate } from '@mtlsctl/vault-store';
import { addDays, nowOf, type AuthorityContext } from './context.js';
import { ConcurrentIssuanceError } from './errors/index.js';
import type { ActiveCa } from './load-issuer.js';

/**
 * How long a reservation counts as another run's issuance in progress. Older ones were interrupted: the next
 * issuance replaces them (signing takes well under a second; an RSA-4096 key a few seconds).
 */
export const RESERVATION_TIMEOUT_SECONDS = 60;

/** What {@link reserveAndSign} starts from: the record as read for update. */
export interface ReservationBase {
  username: string;
  email: string;
  /** The live record being replaced (renew, `--replace`, reissue after revoke), if any. */
  previous?: ClientRecord;
  /** The check-and-set version read together with `previous`. */
  cas: number;
  /** The earlier certificates the new record keeps listing. */
  earlier: EarlierCertificate[];
  /** Planned lifetime, for the reservation's notAfter bound. */
  validityDays: number;
}

/**
 * Issues a user's certificate without ever holding a signed certificate the store does not know:
 * 1. reserves a fresh serial in the user's record (check-and-set on the version read: of concurrent runs for
 *    one user exactly one gets past this point; the others fail with {@link ConcurrentIssuanceError} before
 *    signing anything);
 * 2. signs with that serial (`sign`);
 * 3. writes the final record (check-and-set on the reservation's version). When only its inventory write fails
 *    (Vault: a second request), the issuance stands and `warning` says how the inventory is repaired.
 * If signing fails, the reservation is undone. A run killed between 1 and 3 leaves the reserved serial in the
 * record, covered by `user revoke`; issuing again once it is older than {@link RESERVATION_TIMEOUT_SECONDS}
 * replaces it (a younger one is another run's issuance in progress: ConcurrentIssuanceError).
 *
 * @param sign - builds the final record for the serial (the earlier list is filled in here)
 * @param beforeCommit - runs after signing, before the final write (e.g. revoking the old certificate)
 */
export async function reserveAndSign(
  ctx: AuthorityContext,
  active: ActiveCa,
  base: ReservationBase,
  sign: (serialNumber: string) => Promise<ClientRecord>,
  beforeCommit?: () => Promise<void>,
): Promise<{ record: ClientRecord; version: number; warning?: string }> {
  const now = nowOf(ctx);
  assertNoIssuanceInProgress(base, now);
  const serial = randomSerialNumber(ctx.crypto ?? globalThis.crypto);
  const reserved: EarlierCertificate = {
    serial,
    notAfter: addDays(now, base.validityDays).toISOString(),
    issuerFingerprint: active.ca.value.activeFingerprint,
    created: now.toISOString(),
  };
  const reservation = reservationRecord(active, base, reserved);
  // The reservation's data is what counts: when only its inventory write failed, the final write rewrites that.
  const reservedVersion = await withConflict(base.username, () => ctx.store.putClient(reservation, { cas: base.cas })).catch((error: unknown) => {
    if (InventoryWriteError.isInstance(error)) return error.version;
    throw error;
  });
  let record: ClientRecord;
  try {
    record = { ...(await sign(serial)), earlier: base.earlier, reserved: null };
    if (record.serial !== serial) throw new Error(`signed serial ${record.serial} is not the reserved ${serial}`);
    await beforeCommit?.();
  } catch (error) {
    await undoReservation(ctx, base, reservedVersion).catch(() => undefined);
    throw error;
  }
  try {
    return { record, version: await withConflict(base.username, () => ctx.store.putClient(record, { cas: reservedVersion })) };
  } catch (error) {
    // The certificate is stored (and tracked by its record): only the inventory lags; say so and how it mends.
    if (InventoryWriteError.isInstance(error)) return { record, version: error.version, warning: error.message };
    throw error;
  }
}

function assertNoIssuanceInProgress(base: ReservationBase, now: Date): void {
  const reserved = base.previous?.reserved;
  if (!reserved) return;
  const age = (now.getTime() - new Date(reserved.created).getTime()) / 1000;
  if (age >= 0 && age < RESERVATION_TIMEOUT_SECONDS) {
    throw new ConcurrentIssuanceError(base.username, { since: reserved.created, retryAfterSeconds: Math.ceil(RESERVATION_TIMEOUT_SECONDS - age) });
  }
}

/** The earlier certificates a record hands on to its successor: its still-unexpired earlier ones, and its own. */
export function carriedForward(record: ClientRecord | undefined, now: Date, keepCurrent: boolean): EarlierCertificate[] {
  if (!record) return [];
  const live = record.earlier.filter((e) => new Date(e.notAfter) > now);
  if (keepCurrent && record.status === 'active' && record.certificatePem !== '' && new Date(record.notAfter) > now) {
    live.push({ serial: record.serial, notAfter: record.notAfter, issuerFingerprint: record.issuerFingerprint, created: record.created });
  }
  return live;
}

function reservationRecord(active: ActiveCa, base: ReservationBase, reserved: EarlierCertificate): ClientRecord {
  if (base.previous && base.previous.status !== 'pending') return { ...base.previous, reserved };
  return {
    username: base.username,
    email: base.email,
    serial: reserved.serial,
    certificatePem: '',
    privateKeyPem: '',
    caCertificatePem: active.issuer.certificatePem,
    p12Base64: '',
    p12Password: '',
    p12Profile: '',
    created: reserved.created,
    notAfter: reserved.notAfter,
    issuerFingerprint: reserved.issuerFingerprint,
    status: 'pending',
    revokedAt: '',
    revocationReason: '',
    earlier: base.earlier,
    reserved,
  };
}

/** Puts back what was there before the reservation (nothing was signed, or the signature was thrown away). */
async function undoReservation(ctx: AuthorityContext, base: ReservationBase, reservedVersion: number): Promise<void> {
  if (base.previous) await ctx.store.putClient(base.previous, { cas: reservedVersion });
  else await ctx.store.deleteClient(base.username);
}

async function withConflict<T>(username: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (CasConflictError.isInstance(error)) throw new ConcurrentIssuanceError(username);
    throw error;
  }
}
