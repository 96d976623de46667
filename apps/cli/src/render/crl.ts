import type { PublishedCrl } from '@mtlsctl/authority';
import type { RenderFormat } from './renderer.js';

/** `crl update --json`: the new CRL number and next update, the revoked serials, and which CAs got a CRL. */
export interface CrlUpdateJson {
  crlNumber: PublishedCrl['record']['crlNumber'];
  nextUpdate: string;
  revoked: PublishedCrl['record']['revoked'];
  coveredCas: string[];
  uncoveredCas: string[];
}

/** `crl update`: one line (CRL number, CAs covered, revoked count, next update); as JSON the same facts. */
export function renderCrlUpdate(published: PublishedCrl, format: 'text'): string;
export function renderCrlUpdate(published: PublishedCrl, format: 'json'): CrlUpdateJson;
export function renderCrlUpdate(published: PublishedCrl, format: RenderFormat): string | CrlUpdateJson {
  const { record, coveredCas, uncoveredCas } = published;
  if (format === 'json') return { crlNumber: record.crlNumber, nextUpdate: record.nextUpdate, revoked: record.revoked, coveredCas, uncoveredCas };
  return `Published CRL #${record.crlNumber} for ${coveredCas.length} CA(s), ${record.revoked.length} revoked, next update ${record.nextUpdate}.`;
}
