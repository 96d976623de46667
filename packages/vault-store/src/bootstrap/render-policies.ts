import { InvalidPathSegmentError } from '../errors/invalid-path-segment-error.js';
import { segmentProblem } from '../path-segment.js';

/** Where the records live in Vault. */
export interface PolicyLayout {
  /** KV v2 mount (default `secret`). */
  mount?: string;
  /** Folder under the mount (default `pki`). */
  prefix?: string;
}

/** The policy ESO's token holds: the public CA bundle and CRL, nothing else. */
export const ESO_READER_POLICY = 'eso-pki-reader';
/** The policy of the people who run the CA: every record under the prefix. */
export const ADMIN_POLICY = 'mtlsctl-admin';
/** The policy of the sync-verifier and monitoring: public records and client metadata, never client data. */
export const VERIFIER_POLICY = 'mtlsctl-verifier';

function paths(layout: PolicyLayout): { data: string; metadata: string; del: string; undel: string; destroy: string } {
  const mount = (layout.mount ?? 'secret').replace(/^\/+|\/+$/g, '');
  const prefix = (layout.prefix ?? 'pki').replace(/^\/+|\/+$/g, '');
  const under = (area: string) => [mount, area, prefix].filter((s) => s !== '').join('/');
  return { data: under('data'), metadata: under('metadata'), del: under('delete'), undel: under('undelete'), destroy: under('destroy') };
}

function stanza(path: string, capabilities: string[], comment?: string): string {
  return `${comment ? `# ${comment}\n` : ''}path "${path}" {\n  capabilities = [${capabilities.map((c) => `"${c}"`).join(', ')}]\n}\n`;
}

/**
 * `eso-pki-reader`: read `<mount>/data/<prefix>/ca` and `.../crl` only. The CA key, client records and all
 * metadata stay out of reach, so nothing secret can be synced into the ingress cluster.
 *
 * @example
 * renderEsoReaderPolicy({ mount: 'secret', prefix: 'pki' });
 */
export function renderEsoReaderPolicy(layout: PolicyLayout = {}): string {
  const p = paths(layout);
  return [
    '# eso-pki-reader: External Secrets Operator syncs the public CA bundle (and CRL) to the ingress cluster.\n# It must never read the CA key or client records.\n',
    stanza(`${p.data}/ca`, ['read']),
    stanza(`${p.data}/crl`, ['read']),
  ].join('\n');
}

/** `mtlsctl-admin`: everything under the prefix (data, metadata, delete, undelete, destroy, list). */
export function renderAdminPolicy(layout: PolicyLayout = {}): string {
  const p = paths(layout);
  const crud = ['create', 'read', 'update', 'delete', 'list'];
  return [
    '# mtlsctl-admin: runs the CA (init, issue, renew, revoke, rotate, backup) on every record under the prefix.\n',
    stanza(`${p.data}/*`, crud, 'records'),
    stanza(`${p.metadata}/*`, crud, 'versions, inventory (custom_metadata), purge'),
    stanza(p.metadata, ['list'], 'listing the prefix itself'),
    stanza(`${p.del}/*`, ['update'], 'soft delete'),
    stanza(`${p.undel}/*`, ['update'], 'undelete'),
    stanza(`${p.destroy}/*`, ['update'], 'destroy versions'),
  ].join('\n');
}

/** `mtlsctl-verifier`: read `ca` and `crl`, read and list client metadata (the inventory); no client data. */
export function renderVerifierPolicy(layout: PolicyLayout = {}): string {
  const p = paths(layout);
  return [
    '# mtlsctl-verifier: the sync-verifier and monitoring compare the CA bundle and CRL and read the client\n# inventory from metadata. It can never read a client record (private keys, p12 passwords).\n',
    stanza(`${p.data}/ca`, ['read']),
    stanza(`${p.data}/crl`, ['read']),
    stanza(`${p.metadata}/clients/*`, ['read', 'list']),
  ].join('\n');
}

/**
 * The name of a user's policy. Vault lowercases policy names, so letters are encoded to keep distinct users
 * distinct: `_` → `__`, an uppercase letter X → `_x` (`alice` → `mtlsctl-user-alice`, `Alice` → `mtlsctl-user-_alice`).
 */
export function userPolicyName(username: string): string {
  checkUsername(username);
  return `mtlsctl-user-${username.replace(/_/g, '__').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
}

/**
 * `mtlsctl-user-<username>`: read that user's own record (`<mount>/data/<prefix>/clients/<username>`) only,
 * which is all the seed's `vault kv get -field=p12 ...` step needs.
 *
 * @throws InvalidPathSegmentError when the username could act as a policy glob or break the HCL string
 */
export function renderUserPolicy(username: string, layout: PolicyLayout = {}): string {
  checkUsername(username);
  const p = paths(layout);
  return [`# ${userPolicyName(username)}: ${username} downloads their own certificate.\n`, stanza(`${p.data}/clients/${username}`, ['read'])].join('\n');
}

/** The three shared policies by name, rendered. */
export function renderPolicies(layout: PolicyLayout = {}): Record<string, string> {
  return {
    [ESO_READER_POLICY]: renderEsoReaderPolicy(layout),
    [ADMIN_POLICY]: renderAdminPolicy(layout),
    [VERIFIER_POLICY]: renderVerifierPolicy(layout),
  };
}

function checkUsername(username: string): void {
  const problem = segmentProblem(username) ?? (/[*+"\\{}\s]/.test(username) ? 'policy paths treat "*" and "+" as globs and it must fit in an HCL string: it may not contain * + " \\ { } or spaces' : undefined);
  if (problem) throw new InvalidPathSegmentError({ what: 'username', value: username, reason: problem });
}
