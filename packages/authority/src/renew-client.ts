import { inspectCertificate, type KeyType, type Pkcs12Profile } from '@mtlsctl/pki-core';
import type { AuthorityContext } from './context.js';
import { nowOf } from './context.js';
import { validateEmail } from './email.js';
import { ClientNotFoundError, ClientRevokedError, CsrRequiredError } from './errors/index.js';
import { createClientRecord, type IssuedClient } from './issue-client.js';
import { loadActiveCa, type ActiveCa } from './load-issuer.js';
import type { ClientRecord } from '@mtlsctl/vault-store';
import { publishCrl } from './publish-crl.js';
import { carriedForward, reserveAndSign } from './reserve-and-sign.js';
import { validateUsername } from './username.js';

/** Options of {@link renewClient}. */
export interface RenewClientOptions {
  username: string;
  /** Default: the current email. */
  email?: string;
  /** Default: the current key's type. */
  keyType?: KeyType;
  /** Default 365. */
  validityDays?: number;
  /** Default: the current p12 profile. */
  p12Profile?: Pkcs12Profile;
  /** A new CSR, required when the user kept their own key. */
  csrPem?: string;
  /** Revoke the old certificate (reason `superseded`) instead of letting it run out. Default false. */
  revokeOld?: boolean;
}

/**
 * Renews a user's certificate: a new key (or the user's new CSR) and certificate from the active CA, which
 * also moves the user off a rotated-out CA. The old certificate stays valid (listed in the record's `earlier`
 * certificates, so `user revoke` still reaches it) until it expires, unless `revokeOld`, in which case it is put
 * on the CRL before the new record is written.
 *
 * @throws ClientNotFoundError, ClientRevokedError, NoCaError, ConcurrentIssuanceError
 */
export async function renewClient(ctx: AuthorityContext, options: RenewClientOptions): Promise<IssuedClient & { previousSerial: string }> {
  const renewed = await renewWithCa(ctx, options, () => loadActiveCa(ctx));
  return { ...renewed, certificate: inspectCertificate(renewed.record.certificatePem) };
}

/**
 * {@link renewClient} with the active CA from `ca` (a bulk renewal loads it once for every user), returning no
 * {@link IssuedClient.certificate}: nothing is parsed again after signing.
 * @internal
 */
export async function renewWithCa(
  ctx: AuthorityContext,
  options: RenewClientOptions,
  ca: () => Promise<ActiveCa>,
): Promise<{ record: ClientRecord; version: number; previousSerial: string }> {
  const username = validateUsername(options.username);
  const { current, cas } = await ctx.store.getClientForUpdate(username);
  if (!current || current.value.status === 'pending') throw new ClientNotFoundError(username);
  const old = current.value;
  if (old.status === 'revoked') throw new ClientRevokedError(username);
  if (old.privateKeyPem === '' && options.csrPem === undefined) throw new CsrRequiredError(username);
  const email = validateEmail(options.email ?? old.email);
  const active = await ca();
  const validityDays = options.validityDays ?? 365;
  const revokeOld = async () => {
    const published = (await ctx.store.getCrl())?.value.revoked ?? [];
    if (published.some((r) => r.serial === old.serial && r.issuerFingerprint === old.issuerFingerprint)) return;
    const entry = { serial: old.serial, revokedAt: nowOf(ctx).toISOString(), reason: 'superseded', username, issuerFingerprint: old.issuerFingerprint };
    await publishCrl(ctx, { revoked: [...published, entry] });
  };
  const { record, version } = await reserveAndSign(
    ctx,
    active,
    { username, email, previous: old, cas, validityDays, earlier: carriedForward(old, nowOf(ctx), !options.revokeOld) },
    (serialNumber) =>
      createClientRecord(ctx, active, {
        username,
        email,
        keyType: options.keyType ?? keyTypeOfCertificate(old.certificatePem),
        validityDays,
        p12Profile: options.p12Profile ?? (old.p12Profile || 'modern'),
        serialNumber,
        ...(options.csrPem !== undefined ? { csrPem: options.csrPem } : {}),
      }),
    options.revokeOld ? revokeOld : undefined,
  );
  return { record, version, previousSerial: old.serial };
}

function keyTypeOfCertificate(certificatePem: string): KeyType {
  const algorithm = inspectCertificate(certificatePem).keyAlgorithm;
  const table: Record<string, KeyType> = {
    'ECDSA P-256': 'p256',
    'ECDSA P-384': 'p384',
    'RSA 2048': 'rsa2048',
    'RSA 3072': 'rsa3072',
    'RSA 4096': 'rsa4096',
    Ed25519: 'ed25519',
  };
  return table[algorithm] ?? 'p256';
}
