import type { CertificateInfo } from '@mtlsctl/pki-core';
import { renderFields } from './table.js';

/** The fields of a certificate an admin looks at, aligned. */
export function renderCertificate(info: CertificateInfo, extra: [string, string | undefined][] = []): string {
  return renderFields([
    ['Subject', info.subject],
    ['Issuer', info.issuer],
    ['Serial', info.serialNumber],
    ['Emails', info.emails.join(', ')],
    ['Not before', info.notBefore.toISOString()],
    ['Not after', info.notAfter.toISOString()],
    ['Key', info.keyAlgorithm],
    ['CA', info.isCa ? `yes${info.pathLength !== undefined ? ` (pathlen ${info.pathLength})` : ''}` : 'no'],
    ['Usages', info.extendedKeyUsages.join(', ')],
    ['SHA-256', info.fingerprint],
    ...extra,
  ]);
}
