import { cryptoOrDefault } from '../internal/x509.js';
import { generateKeyPair } from '../keys/generate-key-pair.js';
import type { KeyType } from '../keys/key-type.js';
import { exportPrivateKeyPem } from '../keys/private-key-pem.js';
import { buildPkcs12 } from '../pkcs12/build-pkcs12.js';
import { generatePassword } from '../pkcs12/generate-password.js';
import type { Pkcs12Profile } from '../pkcs12/pkcs12-profile.js';
import { issueForKeyWithFacts, type ClientCertificatePolicy, type SignedCertificate } from './issue-client-certificate.js';

/** What {@link issueClientCredentials} makes for one user, besides the issuer (which a worker thread holds). */
export interface ClientCredentialsRequest extends Omit<ClientCertificatePolicy, 'issuer' | 'crypto'> {
  /** The key generated for the user. Default `p256`. */
  keyType?: KeyType;
  /** The PKCS#12 profile. Default `modern`. */
  p12Profile?: Pkcs12Profile;
  /** The p12 password. Default: a fresh {@link generatePassword}. */
  password?: string;
  /** The p12's friendlyName. Default: `username`. */
  friendlyName?: string;
}

/** A user's new key, certificate and PKCS#12, all in memory. */
export interface ClientCredentials extends SignedCertificate {
  /** The user's private key, unencrypted PKCS#8 PEM. */
  privateKeyPem: string;
  /** The PKCS#12 (PFX) DER: key, certificate and the issuing CA certificate. */
  p12: Uint8Array;
  /** Its password. */
  p12Password: string;
}

/**
 * One client issuance with a generated key: a key pair, the client certificate ({@link issueClientCertificate}'s
 * profile), the key as PKCS#8 PEM and a password-protected PKCS#12 holding key, certificate and the issuer's
 * certificate. The serial and notAfter come from the certificate as signed, so the caller never parses it again.
 *
 * @param params - the request, the issuer and optionally the WebCrypto provider
 * @throws issueClientCertificate's and buildPkcs12's errors
 * @example
 * const { certificatePem, p12, p12Password, serialNumber } = await issueClientCredentials({ username: 'alice', email: 'alice@example.com', issuer, now: new Date() });
 */
export async function issueClientCredentials(
  params: ClientCredentialsRequest & Pick<ClientCertificatePolicy, 'issuer' | 'crypto'>,
): Promise<ClientCredentials> {
  const crypto = cryptoOrDefault(params.crypto);
  const keyType = params.keyType ?? 'p256';
  const keys = await generateKeyPair(keyType, crypto);
  const signed = await issueForKeyWithFacts({ ...params, crypto }, keys.publicKey, keyType);
  const privateKeyPem = await exportPrivateKeyPem(keys.privateKey, crypto);
  const p12Password = params.password ?? generatePassword(crypto);
  const p12 = await buildPkcs12({
    privateKey: keys.privateKey,
    certificatePem: signed.certificatePem,
    chainPems: [params.issuer.certificatePem],
    password: p12Password,
    friendlyName: params.friendlyName ?? params.username,
    profile: params.p12Profile ?? 'modern',
    crypto,
  });
  return { ...signed, privateKeyPem, p12, p12Password };
}
