import type { CaView, RotatedCa } from '@mtlsctl/authority';
import { renderCertificate } from './certificate.js';
import type { RenderFormat } from './renderer.js';
import { day, renderTable, shortFingerprint } from './table.js';

/** What `ca backup` wrote: the file and how many records it holds. */
export interface CaBackupResult {
  file: string;
  records: number;
}

/** `ca backup`: one line naming the file (written 0600); as JSON the file and the record count. */
export function renderCaBackup(result: CaBackupResult, format: 'text'): string;
export function renderCaBackup(result: CaBackupResult, format: 'json'): CaBackupResult;
export function renderCaBackup(result: CaBackupResult, format: RenderFormat): string | CaBackupResult {
  if (format === 'json') return { file: result.file, records: result.records };
  return `Backed up ${result.records} records to ${result.file} (mode 0600).`;
}

/** `ca show`: the active CA's certificate (or its PEM with `--pem`), and the trust bundle. */
export interface CaShowResult {
  view: CaView;
  pem: boolean;
}

/** `ca show`: the active CA's fields and the trust bundle table, or the bare PEM; as JSON the CA view. */
export function renderCaShow(result: CaShowResult, format: 'text'): string;
export function renderCaShow(result: CaShowResult, format: 'json'): CaView;
export function renderCaShow({ view, pem }: CaShowResult, format: RenderFormat): string | CaView {
  if (format === 'json') return view;
  if (pem) return view.activeCertificatePem.trimEnd();
  const bundle = renderTable(view.trusted, [
    ['ROLE', (t) => t.role],
    ['FINGERPRINT', (t) => shortFingerprint(t.fingerprint)],
    ['NOT AFTER', (t) => day(t.notAfter)],
    ['SUBJECT', (t) => t.subject],
  ]);
  return `${renderCertificate(view.active)}\n\nTrust bundle (tls.crt, ${view.trusted.length} CA):\n${bundle}`;
}

/** `ca rotate`: the new active CA, the one still trusted, and what to do next; as JSON the rotation. */
export function renderCaRotate(rotated: RotatedCa, format: 'text'): string;
export function renderCaRotate(rotated: RotatedCa, format: 'json'): RotatedCa;
export function renderCaRotate(rotated: RotatedCa, format: RenderFormat): string | RotatedCa {
  if (format === 'json') return rotated;
  return (
    `${rotated.resumed ? 'Finished an interrupted rotation.' : 'Rotated the CA.'}\n` +
    `  new active CA: ${shortFingerprint(rotated.current.fingerprint)}  ${rotated.current.subject}\n` +
    `  still trusted: ${shortFingerprint(rotated.previous.fingerprint)}  ${rotated.previous.subject}\n\n` +
    'Next: renew users (mtlsctl user renew <user>), check `mtlsctl migrate status`, then `mtlsctl ca retire <old fingerprint>`.'
  );
}
