import type { CaView, InitCaResult, RetiredCa, RotatedCa, TrustCaResult, restoreStore } from '@mtlsctl/authority';
import { renderCertificate } from './certificate.js';
import { type RenderFormat, renderer } from './renderer.js';
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
export const renderCaShow = renderer<CaShowResult, CaView>({
  text: ({ view, pem }) => {
    if (pem) return view.activeCertificatePem.trimEnd();
    const bundle = renderTable(view.trusted, [
      ['ROLE', (t) => t.role],
      ['FINGERPRINT', (t) => shortFingerprint(t.fingerprint)],
      ['NOT AFTER', (t) => day(t.notAfter)],
      ['SUBJECT', (t) => t.subject],
    ]);
    return `${renderCertificate(view.active)}\n\nTrust bundle (tls.crt, ${view.trusted.length} CA):\n${bundle}`;
  },
  json: ({ view }): CaView => view,
});

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

/** `ca init --json`: the CA certificate, its PEM, and whether the init was resumed or replaced a CA. */
export interface CaInitJson {
  certificate: InitCaResult['certificate'];
  certificatePem: string;
  resumed: boolean;
  replaced: boolean;
  archivedFingerprint?: string;
}

/** `ca init`: what was done (created, replaced, finished), the CA's fields and the next step; as JSON the CA. */
export function renderCaInit(result: InitCaResult, format: 'text'): string;
export function renderCaInit(result: InitCaResult, format: 'json'): CaInitJson;
export function renderCaInit(result: InitCaResult, format: RenderFormat): string | CaInitJson {
  if (format === 'json') {
    return {
      certificate: result.certificate,
      certificatePem: result.certificatePem,
      resumed: result.resumed,
      replaced: result.replaced,
      ...(result.archivedFingerprint ? { archivedFingerprint: result.archivedFingerprint } : {}),
    };
  }
  const verb = result.resumed ? 'Finished an interrupted init: published' : result.replaced ? 'Replaced the CA with' : 'Created';
  const archived = result.archivedFingerprint ? `\nThe old CA's key is archived at ca-keys/${result.archivedFingerprint}.` : '';
  return `${verb} the CA.${archived}\n\n${renderCertificate(result.certificate)}\n\nNext: mtlsctl user issue <username> --email <email>`;
}

/** `ca trust add --json`: the CAs added (without their PEM), the fingerprints already trusted, the warnings. */
export interface CaTrustAddJson {
  added: Omit<TrustCaResult['added'][number], 'certificatePem'>[];
  alreadyTrusted: string[];
  warnings: string[];
}

/** `ca trust add`: a line per CA added and per CA already trusted; as JSON the same, without the PEM. */
export function renderCaTrustAdd(result: TrustCaResult, format: 'text'): string;
export function renderCaTrustAdd(result: TrustCaResult, format: 'json'): CaTrustAddJson;
export function renderCaTrustAdd(result: TrustCaResult, format: RenderFormat): string | CaTrustAddJson {
  if (format === 'json') return { added: result.added.map(({ certificatePem: _, ...rest }) => rest), alreadyTrusted: result.alreadyTrusted, warnings: result.warnings };
  return [
    ...result.added.map((added) => `Trusted ${shortFingerprint(added.fingerprint)}  ${added.subject}`),
    ...result.alreadyTrusted.map((fp) => `Already trusted ${shortFingerprint(fp)}`),
  ].join('\n');
}

/** `ca retire --json`: the CA retired (without its PEM), the users locked out, the warning. */
export interface CaRetireJson {
  retired: Omit<RetiredCa['retired'], 'certificatePem'> & { certificatePem: undefined };
  lockedOut: string[];
  warning: string | undefined;
}

/** `ca retire`: the CA retired and, with --force, who is locked out; as JSON the same, without the PEM. */
export function renderCaRetire(result: RetiredCa, format: 'text'): string;
export function renderCaRetire(result: RetiredCa, format: 'json'): CaRetireJson;
export function renderCaRetire(result: RetiredCa, format: RenderFormat): string | CaRetireJson {
  if (format === 'json') return { retired: { ...result.retired, certificatePem: undefined }, lockedOut: result.lockedOut, warning: result.warning };
  const retired = `Retired ${shortFingerprint(result.retired.fingerprint)} (${result.retired.subject}).`;
  return result.lockedOut.length ? `${retired}\nLocked out (--force): ${result.lockedOut.join(', ')}` : retired;
}

/** What `ca restore` did. */
export type CaRestoreResult = Awaited<ReturnType<typeof restoreStore>>;

/** `ca restore`: the records restored (and whether an interrupted restore was finished), then the users revoked; as JSON the result. */
export function renderCaRestore(result: CaRestoreResult, format: 'text'): string;
export function renderCaRestore(result: CaRestoreResult, format: 'json'): CaRestoreResult;
export function renderCaRestore(result: CaRestoreResult, format: RenderFormat): string | CaRestoreResult {
  if (format === 'json') return result;
  const resumed = result.written < result.records ? ` ${result.records - result.written} were already there: an interrupted restore was finished.` : '';
  const lines = [`Restored ${result.records} records (backup of ${result.source}, made ${result.createdAt}).${resumed}`];
  if (result.retired.length > 0) {
    lines.push(`Revoked ${result.retired.length} user(s) the backup does not hold, whose CA it does not trust (their serials stay on the CRL record):`);
    for (const r of result.retired) lines.push(`  ${r.username}: issued by ${shortFingerprint(r.issuerFingerprint)}, revoked ${r.revokedSerials.join(', ')}`);
  }
  return lines.join('\n');
}
