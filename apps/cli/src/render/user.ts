import { type ClientDownload, type ClientView, type InventoryRow, type IssuedClient, type RevokedClient, toClientView } from '@mtlsctl/authority';
import { renderCertificate } from './certificate.js';
import { type RenderFormat, renderer } from './renderer.js';
import { day, renderTable, shortFingerprint } from './table.js';

type Status = ClientDownload['status'];

/** What `user download` wrote: one PEM file, or the p12 with its password printed once or written to a file. */
export type UserDownloadResult =
  | { format: 'pem'; username: string; file: string; withPrivateKey: boolean; status: Status; notAfter: string }
  | { format: 'p12'; username: string; file: string; passwordFile: string; status: Status; notAfter: string }
  | { format: 'p12'; username: string; file: string; password: string; status: Status; notAfter: string };

/** `user download --json`: the file written and, for a p12, its password or the file holding it. */
export type UserDownloadJson =
  | { username: string; file: string; format: 'pem'; status: Status; notAfter: string }
  | { username: string; file: string; format: 'p12'; passwordFile: string; status: Status; notAfter: string }
  | { username: string; file: string; format: 'p12'; password: string; status: Status; notAfter: string };

/**
 * `user download`: the line naming the file written (mode 0600) and what it holds; the password printed once is
 * handed over by the command (`p12 password: ...`, or bare with `--quiet`). As JSON the same facts.
 */
export function renderUserDownload(result: UserDownloadResult, format: 'text'): string;
export function renderUserDownload(result: UserDownloadResult, format: 'json'): UserDownloadJson;
export function renderUserDownload(r: UserDownloadResult, format: RenderFormat): string | UserDownloadJson {
  if (r.format === 'pem') {
    if (format === 'json') return { username: r.username, file: r.file, format: 'pem', status: r.status, notAfter: r.notAfter };
    return `Wrote ${r.file} (certificate, CA certificate${r.withPrivateKey ? ', private key' : ''}; mode 0600).`;
  }
  if ('passwordFile' in r) {
    if (format === 'json') return { username: r.username, file: r.file, format: 'p12', passwordFile: r.passwordFile, status: r.status, notAfter: r.notAfter };
    return `Wrote ${r.file} (mode 0600); its password is in ${r.passwordFile}.`;
  }
  if (format === 'json') return { username: r.username, file: r.file, format: 'p12', password: r.password, status: r.status, notAfter: r.notAfter };
  return `Wrote ${r.file} (mode 0600).`;
}

/** `user list`: a table of the inventory rows (an expired active certificate shows as expired), or that none match; as JSON `{ clients }`. */
export function renderUserList(rows: InventoryRow[], format: 'text'): string;
export function renderUserList(rows: InventoryRow[], format: 'json'): { clients: InventoryRow[] };
export function renderUserList(rows: InventoryRow[], format: RenderFormat): string | { clients: InventoryRow[] } {
  if (format === 'json') return { clients: rows };
  if (rows.length === 0) return 'No certificates match.';
  return renderTable(rows, [
    ['USERNAME', (r) => r.username],
    ['EMAIL', (r) => r.email],
    ['STATUS', (r) => (r.status === 'active' && r.expired ? 'expired' : r.status)],
    ['NOT AFTER', (r) => day(r.notAfter)],
    ['DAYS LEFT', (r) => String(r.daysLeft)],
    ['SERIAL', (r) => r.serial],
    ['ISSUER', (r) => shortFingerprint(r.issuerFingerprint)],
  ]);
}

/** `user show`: the user's view, and whether to print only the certificate's PEM (`--pem`). */
export interface UserShowResult {
  view: ClientView;
  pem: boolean;
}

/** `user show`: the certificate's fields, status, p12 and version, then the user's other live certificates (or the bare PEM); as JSON the view. */
export const renderUserShow = renderer<UserShowResult, ClientView>({
  text: ({ view, pem }) => {
    if (pem) return view.certificatePem.trimEnd();
    return (
      renderCertificate(view.certificate, [
        ['Status', view.status + (view.revokedAt ? ` (${view.revocationReason}, ${view.revokedAt})` : '')],
        ['Created', view.created],
        ['p12', view.hasPrivateKey ? `yes (${view.p12Profile})` : 'no (issued from a CSR)'],
        ['Version', String(view.version)],
      ]) + earlierLines(view.earlier, view.reserved)
    );
  },
  json: ({ view }): ClientView => view,
});

/** The user's other live certificates, one line each, so an admin sees what `user revoke` will revoke. */
function earlierLines(earlier: ClientView['earlier'], reserved: ClientView['reserved']): string {
  const lines = earlier.map((e) => `  ${e.serial}  issued ${e.created}, valid until ${e.notAfter}`);
  if (reserved) lines.push(`  ${reserved.serial}  being issued (or interrupted) since ${reserved.created}`);
  return lines.length === 0 ? '' : `\n\nAlso valid (earlier certificates, revoked too by \`user revoke\`; one with --serial):\n${lines.join('\n')}`;
}

/** `user issue <username>`: the certificate issued, and whether the user keeps their own key (`--csr`). */
export interface UserIssueResult {
  /** As given on the command line. */
  username: string;
  issued: IssuedClient;
  fromCsr: boolean;
}

/** `user issue --json`: the user as `user show` reports it, and the inventory warning if there was one. */
export type UserIssueJson = ClientView & { warning?: string };

/** `user issue`: the certificate's fields and how the user gets it; as JSON the user's view (at the version written). */
export function renderUserIssue(result: UserIssueResult, format: 'text'): string;
export function renderUserIssue(result: UserIssueResult, format: 'json'): UserIssueJson;
export function renderUserIssue({ username, issued, fromCsr }: UserIssueResult, format: RenderFormat): string | UserIssueJson {
  if (format === 'json') return { ...toClientView(issued.record, issued.version), ...(issued.warning !== undefined ? { warning: issued.warning } : {}) };
  return (
    `Issued a certificate for ${username}.\n\n${renderCertificate(issued.certificate)}\n\n` +
    (fromCsr ? `The user keeps their key; they get the certificate with: mtlsctl user download ${username} --format pem` : `The user downloads it with: mtlsctl user download ${username} -o ${username}.p12`)
  );
}

/** What `user renew <username>` returns: the new certificate and the serial it replaced. */
export type RenewedClient = IssuedClient & { previousSerial: string };

/** `user renew <username>`: the user as given, the renewal, and whether the old certificate was revoked. */
export interface UserRenewResult {
  username: string;
  renewed: RenewedClient;
  revokedOld: boolean;
}

/** `user renew`: the serial replaced (and revoked, with --revoke-old) and the new certificate's fields; as JSON the user's view and the previous serial. */
export function renderUserRenew(result: UserRenewResult, format: 'text'): string;
export function renderUserRenew(result: UserRenewResult, format: 'json'): ClientView & { previousSerial: string };
export function renderUserRenew({ username, renewed, revokedOld }: UserRenewResult, format: RenderFormat): string | (ClientView & { previousSerial: string }) {
  if (format === 'json') return { ...toClientView(renewed.record, renewed.version), previousSerial: renewed.previousSerial };
  return `Renewed ${username} (previous serial ${renewed.previousSerial}${revokedOld ? ', revoked' : ''}).\n\n${renderCertificate(renewed.certificate)}`;
}

/** `user revoke --json`: the user now, the serials this run revoked, and the CRL published. */
export interface UserRevokeJson {
  client: ClientView | undefined;
  revokedSerials: string[];
  changed: boolean;
  crlNumber: RevokedClient['crl']['record']['crlNumber'];
  uncoveredCas: string[];
}

/** `user revoke <username>`: the user as given, and what the revocation did. */
export interface UserRevokeResult {
  username: string;
  revoked: RevokedClient;
}

/** `user revoke <username>`: what was revoked (or that it already was) and the CRL published; as JSON the same. */
export function renderUserRevoke(result: UserRevokeResult, format: 'text'): string;
export function renderUserRevoke(result: UserRevokeResult, format: 'json'): UserRevokeJson;
export function renderUserRevoke({ username, revoked: result }: UserRevokeResult, format: RenderFormat): string | UserRevokeJson {
  const { record } = result.crl;
  if (format === 'json') return { client: result.view, revokedSerials: result.revokedSerials, changed: result.changed, crlNumber: record.crlNumber, uncoveredCas: result.crl.uncoveredCas };
  const serials = result.revokedSerials.join(', ');
  const what = result.changed ? `Revoked ${username} (serial${result.revokedSerials.length > 1 ? 's' : ''} ${serials})` : `Already revoked: ${username}`;
  return `${what}. CRL #${record.crlNumber} published, next update ${record.nextUpdate}.`;
}
