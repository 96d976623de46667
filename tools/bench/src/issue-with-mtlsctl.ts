import { buildPkcs12, generateKeyPair, generatePassword, issueClientCertificate, type Issuer } from '@mtlsctl/pki-core';
import type { BenchKeyType } from './client-key-type.js';

/**
 * One client issuance the mtlsctl way, all in memory: a new key pair, a client certificate from the CA, and a
 * `modern` PKCS#12 (key + certificate + CA) with a fresh generated password.
 *
 * @param params.issuer - the CA
 * @param params.keyType - the client key type
 * @param params.username - the certificate's CN (the email is `<username>@example.com`)
 * @param params.now - the issuance time
 * @returns the p12 bytes and its password
 */
export async function issueWithMtlsctl(params: {
  issuer: Issuer;
  keyType: BenchKeyType;
  username: string;
  now: Date;
}): Promise<{ p12: Uint8Array; password: string }> {
  const keys = await generateKeyPair(params.keyType);
  const certificatePem = await issueClientCertificate({
    username: params.username,
    email: `${params.username}@example.com`,
    publicKey: keys.publicKey,
    issuer: params.issuer,
    now: params.now,
  });
  const password = generatePassword();
  const p12 = await buildPkcs12({
    privateKey: keys.privateKey,
    certificatePem,
    chainPems: [params.issuer.certificatePem],
    password,
    friendlyName: params.username,
  });
  return { p12, password };
}
