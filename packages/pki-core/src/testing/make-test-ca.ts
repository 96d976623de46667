import { createRootCa } from '../certificates/create-root-ca.js';
import type { Issuer } from '../certificates/issuer.js';
import { issueClientCertificate } from '../certificates/issue-client-certificate.js';
import { issueServerCertificate } from '../certificates/issue-server-certificate.js';
import { generateKeyPair } from '../keys/generate-key-pair.js';
import type { KeyType } from '../keys/key-type.js';
import { exportPrivateKeyPem } from '../keys/private-key-pem.js';

/** A client identity issued by a test CA: its key (CryptoKey and PEM) and certificate. */
export interface TestClient {
  keyType: KeyType;
  privateKey: CryptoKey;
  privateKeyPem: string;
  certificatePem: string;
}

/** A TLS server identity (PEM key and certificate). */
export interface TestServer {
  keyPem: string;
  certificatePem: string;
}

/** A root CA made by pki-core's own createRootCa, ready to issue (it is an {@link Issuer}). */
export interface TestCa extends Issuer {
  keys: CryptoKeyPair;
  /** The CA certificate (the same text as `certificatePem`). */
  pem: string;
  /** `{ certificatePem, privateKey }`, for the issuance functions' `issuer`. */
  issuer: Issuer;
  /** Issues a client certificate for a fresh key of `keyType` (default p256), CN=`username`, valid `validityDays` (default 7). */
  issueClient(username: string, keyType?: KeyType, validityDays?: number): Promise<TestClient>;
  /** Issues a TLS server certificate for localhost and 127.0.0.1, valid 7 days (or until `validityDays`). */
  issueServer(options?: { validityDays?: number }): Promise<TestServer>;
}

/** What {@link makeTestCa} takes; every field is optional. */
export interface TestCaOptions {
  /** The subject DN; default `CN=Test CA <keyType>,O=mtlsctl tests`. */
  subject?: string;
  /** Issuance time; default the real clock (the openssl and tls peers check against it). */
  now?: Date;
  /** The CA's validity; default 3650 days. */
  validityDays?: number;
  pathLength?: number;
  /** The CA's key pair; default a fresh one of `keyType`. */
  keys?: CryptoKeyPair;
}

/**
 * Makes a throw-away root CA for a test with pki-core's own issuance API — the one test-CA factory of the
 * workspace's pki-core-based tests (bundle-merge's tests keep their own @peculiar/x509 CA, independent of
 * pki-core on purpose).
 *
 * @param keyType - the CA key type; default p256
 * @param options - see {@link TestCaOptions}
 * @example
 * const ca = await makeTestCa('p256', { subject: 'CN=P12 Test CA' });
 * const alice = await ca.issueClient('alice');
 */
export async function makeTestCa(keyType: KeyType = 'p256', options: TestCaOptions = {}): Promise<TestCa> {
  const now = options.now ?? new Date();
  const keys = options.keys ?? (await generateKeyPair(keyType));
  const pem = await createRootCa({
    subject: options.subject ?? `CN=Test CA ${keyType},O=mtlsctl tests`,
    keys,
    now,
    validityDays: options.validityDays ?? 3650,
    ...(options.pathLength === undefined ? {} : { pathLength: options.pathLength }),
  });
  const issuer: Issuer = { certificatePem: pem, privateKey: keys.privateKey };
  return {
    ...issuer,
    keys,
    pem,
    issuer,
    async issueClient(username, clientKeyType = 'p256', validityDays = 7) {
      const pair = await generateKeyPair(clientKeyType);
      const certificatePem = await issueClientCertificate({ username, publicKey: pair.publicKey, issuer, now, validityDays });
      return { keyType: clientKeyType, privateKey: pair.privateKey, privateKeyPem: await exportPrivateKeyPem(pair.privateKey), certificatePem };
    },
    async issueServer({ validityDays = 7 } = {}) {
      const pair = await generateKeyPair('p256');
      const certificatePem = await issueServerCertificate({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], publicKey: pair.publicKey, issuer, now, validityDays });
      return { keyPem: await exportPrivateKeyPem(pair.privateKey), certificatePem };
    },
  };
}
