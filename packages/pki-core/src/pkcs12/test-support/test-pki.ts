import { createRootCa } from '../../certificates/create-root-ca.js';
import type { Issuer } from '../../certificates/issuer.js';
import { issueClientCertificate } from '../../certificates/issue-client-certificate.js';
import { issueServerCertificate } from '../../certificates/issue-server-certificate.js';
import { generateKeyPair } from '../../keys/generate-key-pair.js';
import { exportPrivateKeyPem } from '../../keys/private-key-pem.js';
import type { KeyType } from '../../keys/key-type.js';

/** A client identity issued by a test CA: its key (CryptoKey and PEM) and certificate. */
export interface TestClient {
  keyType: KeyType;
  privateKey: CryptoKey;
  privateKeyPem: string;
  certificatePem: string;
}

/** A CA that signs test certificates. */
export interface TestCa extends Issuer {
  /** Issues a client certificate for a fresh key of `keyType`, CN=`username`. */
  issueClient(keyType: KeyType, username: string): Promise<TestClient>;
}

/**
 * Creates a throw-away root CA (P-256) with pki-core's own issuance API.
 *
 * @param name - the CA's CN
 */
export async function makeTestCa(name: string): Promise<TestCa> {
  const now = new Date();
  const keys = await generateKeyPair('p256');
  const certificatePem = await createRootCa({ subject: `CN=${name}`, keys, now, validityDays: 30 });
  const issuer: Issuer = { certificatePem, privateKey: keys.privateKey };
  return {
    ...issuer,
    async issueClient(keyType, username) {
      const pair = await generateKeyPair(keyType);
      const clientPem = await issueClientCertificate({ username, publicKey: pair.publicKey, issuer, now, validityDays: 7 });
      return { keyType, privateKey: pair.privateKey, privateKeyPem: await exportPrivateKeyPem(pair.privateKey), certificatePem: clientPem };
    },
  };
}

/** A TLS server identity for 127.0.0.1 / localhost issued by `ca`. */
export async function makeTestServer(ca: TestCa): Promise<{ keyPem: string; certificatePem: string }> {
  const pair = await generateKeyPair('p256');
  const certificatePem = await issueServerCertificate({
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
    publicKey: pair.publicKey,
    issuer: ca,
    now: new Date(),
    validityDays: 7,
  });
  return { keyPem: await exportPrivateKeyPem(pair.privateKey), certificatePem };
}
