import { inspectCertificate, type KeyType, type Pkcs12Profile } from '@mtlsctl/pki-core';
import type { AuthorityContext } from './context.js';
import { nowOf } from './context.js';
import { validateEmail } from './email.js';
import { ClientNotFoundError, ClientRevokedError, CsrRequiredError } from './errors.js';
import { createClientRecord, type IssuedClient } from './issue-client.js';
import { loadActiveCa } from './load-issuer.js';
import { publishCrl } from './publish-crl.js';
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
 * also moves the user off a rotated-out CA. The old certificate stays valid until it expires unless
 * `revokeOld`, in which case it is put on the CRL before the new record is written.
 *
 * @throws ClientNotFoundError, ClientRevokedError, NoCaError, CasConflictError
 */
export async function renewClient(ctx: AuthorityContext, options: RenewClientOptions): Promise<IssuedClient & { previousSerial: string }> {
  const username = validateUsername(options.username);
  const current = await ctx.store.getClient(username);
  if (!current) throw new ClientNotFoundError(username);
  const old = current.value;
  if (old.status === 'revoked') throw new ClientRevokedError(username);
  if (old.privateKeyPem === '' && options.csrPem === undefined) throw new CsrRequiredError(username);
  const email = validateEmail(options.email ?? old.email);
  const active = await loadActiveCa(ctx);
  const record = await createClientRecord(ctx, active, {
    username,
    email,
    keyType: options.keyType ?? keyTypeOfCertificate(old.certificatePem),
    validityDays: options.validityDays ?? 365,
    p12Profile: options.p12Profile ?? (old.p12Profile || 'modern'),
    ...(options.csrPem !== undefined ? { csrPem: options.csrPem } : {}),
  });
  if (options.revokeOld) {
    const published = (await ctx.store.getCrl())?.value.revoked ?? [];
    if (!published.some((r) => r.serial === old.serial && r.issuerFingerprint === old.issuerFingerprint)) {
      const entry = {
        serial: old.serial,
        revokedAt: nowOf(ctx).toISOString(),
        reason: 'superseded',
        username,
        issuerFingerprint: old.issuerFingerprint,
      };
      await publishCrl(ctx, { revoked: [...published, entry] });
    }
  }
  const version = await ctx.store.putClient(record, { cas: current.version });
  return { record, certificate: inspectCertificate(record.certificatePem), version, previousSerial: old.serial };
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
