import { inspectCertificate, type CertificateInfo } from '@mtlsctl/pki-core';
import type { ClientRecord } from '@mtlsctl/vault-store';
import type { AuthorityContext } from './context.js';
import { ClientNotFoundError } from './errors.js';
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
  /** KV version of the record. */
  version: number;
}

/** Reads one user's certificate record, without secrets. @throws ClientNotFoundError */
export async function showClient(ctx: AuthorityContext, username: string): Promise<ClientView> {
  validateUsername(username);
  const found = await ctx.store.getClient(username);
  if (!found) throw new ClientNotFoundError(username);
  return toClientView(found.value, found.version);
}

/** Strips the secrets from a client record. */
export function toClientView(record: ClientRecord, version: number): ClientView {
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
    version,
  };
}
