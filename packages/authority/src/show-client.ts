import { inspectCertificate, type CertificateInfo } from '@mtlsctl/pki-core';
import type { ClientRecord, EarlierCertificate } from '@mtlsctl/vault-store';
import type { AuthorityContext } from './context.js';
import { ClientNotFoundError, ClientPendingError } from './errors/index.js';
import { validateUsername } from './username.js';

/** A user's certificate as shown to an admin: everything but the key and the p12 password. */
export interface ClientView {
  username: string;
  email: string;
  status: ClientRecord['status'];
  serial: string;
  created: string;
  notAfter: string;
  issuerFingerprint: string;
  revokedAt?: string;
  revocationReason?: string;
  p12Profile?: string;
  /** True when the store holds the private key (false for CSR issuance). */
  hasPrivateKey: boolean;
  certificate: CertificateInfo;
  certificatePem: string;
  /**
   * Every certificate of the user that may still be valid besides the current one (kept after renew or
   * `--replace`, revocable with `user revoke --serial`), oldest first; plus one being issued, if any.
   */
  earlier: EarlierCertificate[];
  /** A serial reserved for a certificate being issued (or whose issuance was interrupted). */
  reserved?: EarlierCertificate;
  /** KV version of the record. */
  version: number;
}

/** Reads one user's certificate record, without secrets. @throws ClientNotFoundError, ClientPendingError */
export async function showClient(ctx: AuthorityContext, username: string): Promise<ClientView> {
  validateUsername(username);
  const found = await ctx.store.getClient(username);
  if (!found) throw new ClientNotFoundError(username);
  return toClientView(found.value, found.version);
}

/** Strips the secrets from a client record. @throws ClientPendingError when it holds no certificate yet */
export function toClientView(record: ClientRecord, version: number): ClientView {
  if (record.status === 'pending') throw new ClientPendingError(record.username);
  return {
    username: record.username,
    email: record.email,
    status: record.status,
    serial: record.serial,
    created: record.created,
    notAfter: record.notAfter,
    issuerFingerprint: record.issuerFingerprint,
    ...(record.revokedAt ? { revokedAt: record.revokedAt, revocationReason: record.revocationReason } : {}),
    ...(record.p12Profile ? { p12Profile: record.p12Profile } : {}),
    hasPrivateKey: record.privateKeyPem !== '',
    certificate: inspectCertificate(record.certificatePem),
    certificatePem: record.certificatePem,
    earlier: record.earlier,
    ...(record.reserved ? { reserved: record.reserved } : {}),
    version,
  };
}
