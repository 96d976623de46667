import type { CertificateInfo } from '@mtlsctl/pki-core';
import type { VerdictReason } from './verify-report.js';

/**
 * The command (or step) that fixes a refusal. Certificates mtlsctl issues carry the username as CN.
 *
 * @param reason - why it is refused
 * @param certificate - the certificate, when it could be read
 */
export function verdictFix(reason: VerdictReason, certificate: CertificateInfo | undefined): string {
  const user = certificate?.commonName || '<user>';
  switch (reason) {
    case 'unreadable':
    case 'malformed':
      return 'pass the .p12 from `mtlsctl user download <user>` (or a PEM certificate with its key: --format pem); inspect it with `openssl pkcs12 -info -in <file> -noout` or `openssl x509 -in <file> -noout -text`';
    case 'wrong-password':
      return 'use the p12 password `mtlsctl user download` printed (or wrote to --password-file), or download the certificate again: `mtlsctl user download ' + user + '`';
    case 'key-mismatch':
      return `use the key the certificate was issued for, or download both again: \`mtlsctl user download ${user} --format pem\``;
    case 'expired':
      return `renew it: \`mtlsctl user renew ${user}\`, then \`mtlsctl user download ${user}\``;
    case 'not-yet-valid':
      return `check the clocks (certificate valid from ${certificate?.notBefore.toISOString() ?? '?'}); if they are right, wait or reissue: \`mtlsctl user renew ${user}\``;
    case 'missing-client-auth':
      return `it is not a TLS client certificate: issue one with \`mtlsctl user issue ${user} --email <email>\``;
    case 'untrusted-issuer':
    case 'bad-signature':
      return `get a certificate from the CA HAProxy trusts (\`mtlsctl user issue ${user} --email <email>\`), or, if its CA should be trusted, \`mtlsctl ca trust add <issuer-ca.pem>\``;
    case 'retired-ca':
      return `its CA was retired from the trust bundle: issue a new one from the active CA (\`mtlsctl user issue ${user} --email <email>\`, or \`mtlsctl user renew ${user}\` if the user is still in the store)`;
    case 'issuer-expired':
    case 'issuer-not-yet-valid':
    case 'issuer-not-ca':
    case 'path-length-exceeded':
      return `its CA cannot issue now: \`mtlsctl ca rotate\`, then \`mtlsctl user renew ${user}\``;
    case 'revoked':
      return `it was revoked: issue a new certificate (\`mtlsctl user issue ${user} --email <email>\`)`;
    case 'crl-expired':
    case 'crl-not-yet-valid':
    case 'crl-missing':
    case 'crl-bad-signature':
      return 'publish a current CRL for its CA: `mtlsctl crl update` (HAProxy refuses every client of a CA whose CRL is missing or past nextUpdate), then reload HAProxy\'s crl-file';
  }
}
