import type { TrustedCaStatus } from '@mtlsctl/authority';
import { renderer } from './renderer.js';
import { day, renderTable, shortFingerprint } from './table.js';

/** `migrate status`: for each trusted CA, its active certificates, last expiry and whether it can be retired; as JSON `{ cas }`. */
export const renderMigrateStatus = renderer<TrustedCaStatus[], { cas: TrustedCaStatus[] }>({
  text: (rows) =>
    renderTable(rows, [
      ['FINGERPRINT', (r) => shortFingerprint(r.fingerprint)],
      ['ROLE', (r) => r.role],
      ['ACTIVE CERTS', (r) => (r.tracked ? String(r.activeCertificates) : `${r.activeCertificates} (+ untracked)`)],
      ['LAST EXPIRY', (r) => (r.lastExpiry ? day(r.lastExpiry) : '-')],
      ['RETIRE', (r) => (r.canRetire ? 'yes' : 'no')],
      ['NOTE', (r) => r.note],
    ]),
  json: (rows): { cas: TrustedCaStatus[] } => ({ cas: rows }),
});
