import { createRootCa, exportPrivateKeyPem, generateKeyPair, issueClientCertificate, issueServerCertificate } from '@mtlsctl/pki-core';

/** A server certificate for 127.0.0.1 / localhost, a client certificate, and the CA that signed both, PEM text, made by pki-core. */
export interface VaultTlsMaterial {
  certPem: string;
  keyPem: string;
  caCertPem: string;
  /** A TLS client certificate (CN=mtlsctl-test-client) signed by the same CA, for `tls_require_and_verify_client_cert`. */
  clientCertPem: string;
  clientKeyPem: string;
}

/**
 * Makes a CA and a TLS server certificate for a test Vault on 127.0.0.1 with pki-core itself (P-256), so a
 * test's `startBao({ tls })` proves both Vault's certificate handling and our issuance.
 *
 * @param now - issuance time (default the real clock: the server and Node's TLS check against it)
 */
export async function makeVaultTlsMaterial(now: Date = new Date()): Promise<VaultTlsMaterial> {
  const caKeys = await generateKeyPair('p256');
  const caCertPem = await createRootCa({ subject: 'CN=mtlsctl test Vault CA', keys: caKeys, now, validityDays: 2 });
  const serverKeys = await generateKeyPair('p256');
  const certPem = await issueServerCertificate({
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
    publicKey: serverKeys.publicKey,
    issuer: { certificatePem: caCertPem, privateKey: caKeys.privateKey },
    now,
    validityDays: 1,
  });
  const clientKeys = await generateKeyPair('p256');
  const issuer = { certificatePem: caCertPem, privateKey: caKeys.privateKey };
  const clientCertPem = await issueClientCertificate({ username: 'mtlsctl-test-client', publicKey: clientKeys.publicKey, issuer, now, validityDays: 1 });
  return { certPem, keyPem: await exportPrivateKeyPem(serverKeys.privateKey), caCertPem, clientCertPem, clientKeyPem: await exportPrivateKeyPem(clientKeys.privateKey) };
}
