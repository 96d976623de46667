import { makeTestCa } from '@mtlsctl/pki-core/testing';

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
  const ca = await makeTestCa('p256', { subject: 'CN=mtlsctl test Vault CA', now, validityDays: 2 });
  const server = await ca.issueServer({ validityDays: 1 });
  const client = await ca.issueClient('mtlsctl-test-client', 'p256', 1);
  return { certPem: server.certificatePem, keyPem: server.keyPem, caCertPem: ca.certificatePem, clientCertPem: client.certificatePem, clientKeyPem: client.privateKeyPem };
}
