import type { PublishedCrl, showCrl } from '@mtlsctl/authority';
import { renderer } from './renderer.js';
import { day, renderTable } from './table.js';

/** `crl update --json`: the new CRL number and next update, the revoked serials, and which CAs got a CRL. */
export interface CrlUpdateJson {
  crlNumber: PublishedCrl['record']['crlNumber'];
  nextUpdate: string;
  revoked: PublishedCrl['record']['revoked'];
  coveredCas: string[];
  uncoveredCas: string[];
}

/** `crl update`: one line (CRL number, CAs covered, revoked count, next update); as JSON the same facts. */
export const renderCrlUpdate = renderer<PublishedCrl, CrlUpdateJson>({
  text: ({ record, coveredCas }) => `Published CRL #${record.crlNumber} for ${coveredCas.length} CA(s), ${record.revoked.length} revoked, next update ${record.nextUpdate}.`,
  json: ({ record, coveredCas, uncoveredCas }): CrlUpdateJson => ({ crlNumber: record.crlNumber, nextUpdate: record.nextUpdate, revoked: record.revoked, coveredCas, uncoveredCas }),
});

/** The stored CRL set as `crl show` reads it. */
export type CrlShowRecord = Awaited<ReturnType<typeof showCrl>>;

/** `crl show`: the CRL set, and which part its text prints (`--pem`, `--haproxy-deny`, else a summary). */
export interface CrlShowResult {
  crl: CrlShowRecord;
  show: 'summary' | 'pem' | 'haproxy-deny';
}

/** `crl show --json`. */
export interface CrlShowJson {
  crlNumber: CrlShowRecord['crlNumber'];
  nextUpdate: string;
  revoked: CrlShowRecord['revoked'];
  crlPem: string;
  haproxyDeny: string;
}

/** `crl show`: a summary line and the revoked serials, or the PEM, or the HAProxy deny rules; as JSON all of it. */
export const renderCrlShow = renderer<CrlShowResult, CrlShowJson>({
  text: ({ crl: r, show }) => {
    if (show === 'pem') return r.crlPem.trimEnd();
    if (show === 'haproxy-deny') return r.haproxyDeny.trimEnd();
    const summary = `CRL #${r.crlNumber}, next update ${r.nextUpdate}, ${r.revoked.length} revoked`;
    if (!r.revoked.length) return summary;
    return `${summary}\n${renderTable(r.revoked, [['USERNAME', (e) => e.username], ['SERIAL', (e) => e.serial], ['REVOKED', (e) => day(e.revokedAt)], ['REASON', (e) => e.reason]])}`;
  },
  json: ({ crl: r }): CrlShowJson => ({ crlNumber: r.crlNumber, nextUpdate: r.nextUpdate, revoked: r.revoked, crlPem: r.crlPem, haproxyDeny: r.haproxyDeny }),
});
