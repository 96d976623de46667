import type { BundleEntry } from './bundle-entry.js';
import { UnknownIssuerError } from './errors/issuer-scope-error.js';
import { haproxyDistinguishedName } from './haproxy-distinguished-name.js';
import { haproxyQuote } from './haproxy-quote.js';
import { haproxySerialHex } from './haproxy-serial-hex.js';

/** A revoked client certificate, named by serial and optionally by the CA that issued it. */
export interface RevokedSerial {
  /** The serial in hexadecimal, in any form {@link haproxySerialHex} accepts. */
  serial: string;
  /** SHA-256 fingerprint (hex) of the issuing CA; it must be among `options.issuers`. Exact: preferred. */
  issuerFingerprint?: string;
  /** The issuing CA's subject, in the format of {@link BundleEntry.subject}. Used when no fingerprint is given. */
  issuerSubject?: string;
}

/** Options of {@link renderHaproxyDenyRules}. */
export interface DenyRulesOptions {
  /** The CAs `issuerFingerprint` refers to, e.g. the trust bundle's entries (default: none). */
  issuers?: readonly BundleEntry[];
  /** Prefix of the ACL names, so several rule sets can share a frontend (default `mtlsctl`). */
  aclPrefix?: string;
}

/** Serials per `acl` line: HAProxy 2.6 parses at most 64 words per line; lines of one name are ORed. */
const SERIALS_PER_LINE = 16;

/**
 * Renders HAProxy frontend lines that answer 403 to revoked client certificates, for the ingress's frontend
 * config snippet (the haproxytech ingress has no CRL option). Serials are matched on `ssl_c_serial,hex`
 * (see {@link haproxySerialHex}); a serial scoped to an issuer also needs `ssl_c_i_dn` (HAProxy's
 * `/C=../CN=..` form, see {@link haproxyDistinguishedName}) to match, so the same serial from another CA is
 * not denied. Output is deterministic (serials and issuers sorted, duplicates dropped) and ends with a
 * newline; an empty list renders a comment that denies nothing.
 *
 * @param revoked - the revoked certificates
 * @param options - see {@link DenyRulesOptions}
 * @throws InvalidSerialError, UnknownIssuerError, UnsupportedIssuerNameError
 * @example
 * renderHaproxyDenyRules([{ serial: '008f12ab' }]);
 * // # mtlsctl: deny revoked client certificates (1 serial) with 403
 * // acl mtlsctl_revoked ssl_c_serial,hex -m str 8F12AB
 * // http-request deny deny_status 403 if mtlsctl_revoked
 */
export function renderHaproxyDenyRules(revoked: readonly RevokedSerial[], options: DenyRulesOptions = {}): string {
  const prefix = options.aclPrefix ?? 'mtlsctl';
  if (!/^[A-Za-z0-9_.:-]+$/.test(prefix)) throw new TypeError(`aclPrefix ${JSON.stringify(prefix)} must be letters, digits, _ . : -`);
  const groups = groupByIssuer(revoked, options.issuers ?? []);
  const total = [...groups.values()].reduce((sum, group) => sum + group.serials.size, 0);
  if (total === 0) return `# ${prefix}: no revoked client certificates; these rules deny nothing\n`;
  const lines = [`# ${prefix}: deny revoked client certificates (${total === 1 ? '1 serial' : `${total} serials`}) with 403`];
  const unscoped = groups.get('');
  if (unscoped !== undefined) {
    lines.push(...serialAcl(`${prefix}_revoked`, unscoped.serials), `http-request deny deny_status 403 if ${prefix}_revoked`);
  }
  const scoped = [...groups.entries()].filter(([key]) => key !== '').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  scoped.forEach(([, group], index) => {
    const issuerAcl = `${prefix}_issuer_${index + 1}`;
    const serialsAcl = `${prefix}_revoked_${index + 1}`;
    lines.push(
      `acl ${issuerAcl} ssl_c_i_dn -m str ${haproxyQuote(group.dn)}`,
      ...serialAcl(serialsAcl, group.serials),
      `http-request deny deny_status 403 if ${issuerAcl} ${serialsAcl}`,
    );
  });
  return `${lines.join('\n')}\n`;
}

interface IssuerGroup {
  dn: Uint8Array;
  serials: Set<string>;
}

/** Groups normalized serials by the hex of their issuer DN bytes ('' = any issuer). */
function groupByIssuer(revoked: readonly RevokedSerial[], issuers: readonly BundleEntry[]): Map<string, IssuerGroup> {
  const byFingerprint = new Map(issuers.map((entry) => [entry.fingerprint, entry]));
  const groups = new Map<string, IssuerGroup>();
  for (const item of revoked) {
    const serial = haproxySerialHex(item.serial);
    const dn = issuerDn(item, byFingerprint);
    const key = dn === undefined ? '' : Buffer.from(dn).toString('hex');
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { dn: dn ?? new Uint8Array(), serials: new Set() }));
    group.serials.add(serial);
  }
  return groups;
}

function issuerDn(item: RevokedSerial, byFingerprint: Map<string, BundleEntry>): Uint8Array | undefined {
  if (item.issuerFingerprint !== undefined) {
    const fingerprint = item.issuerFingerprint.replace(/:/g, '').toLowerCase();
    const issuer = byFingerprint.get(fingerprint);
    if (issuer === undefined) throw new UnknownIssuerError(item.issuerFingerprint);
    return haproxyDistinguishedName(issuer);
  }
  return item.issuerSubject === undefined ? undefined : haproxyDistinguishedName(item.issuerSubject);
}

function serialAcl(name: string, serials: Set<string>): string[] {
  const sorted = [...serials].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const lines: string[] = [];
  for (let i = 0; i < sorted.length; i += SERIALS_PER_LINE) {
    lines.push(`acl ${name} ssl_c_serial,hex -m str ${sorted.slice(i, i + SERIALS_PER_LINE).join(' ')}`);
  }
  return lines;
}
