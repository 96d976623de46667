import { InvalidPathSegmentError } from '../errors/invalid-path-segment-error.js';
import { segmentProblem } from '../path-segment.js';
import { vaultLayout, type VaultLayout, type VaultLayoutInput } from '../vault-layout.js';
import { policyToHcl, type PolicyDocument } from './policy-document.js';

/** Where the records live in Vault (a {@link VaultLayoutInput}: mount, prefix). */
export type PolicyLayout = VaultLayoutInput;

/** The default layout's ESO policy: the public CA bundle and CRL, nothing else. */
export const ESO_READER_POLICY = 'eso-pki-reader';
/** The default layout's policy of the people who run the CA: every record under the prefix. */
export const ADMIN_POLICY = 'mtlsctl-admin';
/** The default layout's policy of the sync-verifier and monitoring: public records and client metadata, never client data. */
export const VERIFIER_POLICY = 'mtlsctl-verifier';

/** A checked layout from either a raw one or a checked one (checked again: cheap, and nothing unchecked slips in). */
function checked(layout: PolicyLayout | VaultLayout): VaultLayout {
  return vaultLayout({ mount: layout.mount, prefix: layout.prefix });
}

/** `eso-pki-reader`: read `<mount>/data/<prefix>/ca` and `.../crl` only. */
export function esoReaderPolicy(layout: PolicyLayout | VaultLayout = {}): PolicyDocument {
  const l = checked(layout);
  return {
    name: l.policies.esoReader,
    description: [`${l.policies.esoReader}: External Secrets Operator syncs the public CA bundle (and CRL) to the ingress cluster.`, 'It must never read the CA key or client records.'],
    rules: [
      { path: l.api('data', 'ca'), capabilities: ['read'] },
      { path: l.api('data', 'crl'), capabilities: ['read'] },
    ],
  };
}

/** `mtlsctl-admin`: everything under the prefix (data, metadata, delete, undelete, destroy, list). */
export function adminPolicy(layout: PolicyLayout | VaultLayout = {}): PolicyDocument {
  const l = checked(layout);
  const under = (area: string) => l.api(area, '*');
  return {
    name: l.policies.admin,
    description: [`${l.policies.admin}: runs the CA (init, issue, renew, revoke, rotate, backup) on every record under the prefix.`],
    rules: [
      { path: under('data'), capabilities: ['create', 'read', 'update', 'delete', 'list'], comment: 'records' },
      { path: under('metadata'), capabilities: ['create', 'read', 'update', 'delete', 'list'], comment: 'versions, inventory (custom_metadata), purge' },
      { path: l.api('metadata'), capabilities: ['list'], comment: 'listing the prefix itself' },
      { path: under('delete'), capabilities: ['update'], comment: 'soft delete' },
      { path: under('undelete'), capabilities: ['update'], comment: 'undelete' },
      { path: under('destroy'), capabilities: ['update'], comment: 'destroy versions' },
    ],
  };
}

/** `mtlsctl-verifier`: read `ca` and `crl`, read and list client metadata (the inventory); no client data. */
export function verifierPolicy(layout: PolicyLayout | VaultLayout = {}): PolicyDocument {
  const l = checked(layout);
  return {
    name: l.policies.verifier,
    description: [
      `${l.policies.verifier}: the sync-verifier and monitoring compare the CA bundle and CRL and read the client`,
      'inventory from metadata. It can never read a client record (private keys, p12 passwords).',
    ],
    rules: [
      { path: l.api('data', 'ca'), capabilities: ['read'] },
      { path: l.api('data', 'crl'), capabilities: ['read'] },
      { path: l.api('metadata', 'clients/*'), capabilities: ['read', 'list'] },
      { path: 'auth/token/lookup-accessor', capabilities: ['update'], comment: "ESO's token expiry by its accessor: a token's TTL and policies, never the token itself" },
    ],
  };
}

/** `mtlsctl-user-<username>`: read that user's own record only (all the seed's `vault kv get -field=p12 ...` needs). */
export function userPolicy(username: string, layout: PolicyLayout | VaultLayout = {}): PolicyDocument {
  checkUsername(username);
  const l = checked(layout);
  return {
    name: l.userPolicy(username),
    description: [`${l.userPolicy(username)}: ${username} downloads their own certificate.`],
    rules: [{ path: l.api('data', `clients/${username}`), capabilities: ['read'] }],
  };
}

/**
 * `mtlsctl-users`: one policy for every user who logs in through the auth method with this accessor (LDAP,
 * userpass, OIDC): each reads the record named after their login (`{{identity.entity.aliases.<accessor>.name}}`),
 * as Vault's docs recommend instead of one policy per user.
 *
 * @param accessor - the auth mount's accessor, e.g. `auth_userpass_1a2b3c4d` (`vault auth list -format=json`)
 * @throws InvalidPathSegmentError when the accessor is not one
 */
export function usersTemplatePolicy(accessor: string, layout: PolicyLayout | VaultLayout = {}): PolicyDocument {
  if (!/^auth_[a-z0-9-]+_[0-9a-f]{8}$/.test(accessor)) {
    throw new InvalidPathSegmentError({ what: 'auth accessor', value: accessor, reason: 'an auth accessor looks like auth_<type>_<8 hex digits> (`vault auth list -format=json`)' });
  }
  const l = checked(layout);
  return {
    name: l.policies.users,
    description: [`${l.policies.users}: every user logging in through ${accessor} reads their own certificate record, named after their login.`],
    rules: [{ path: l.api('data', `clients/{{identity.entity.aliases.${accessor}.name}}`), capabilities: ['read'] }],
  };
}

/** HCL of {@link esoReaderPolicy}. @example renderEsoReaderPolicy({ mount: 'secret', prefix: 'pki' }) */
export const renderEsoReaderPolicy = (layout: PolicyLayout | VaultLayout = {}): string => policyToHcl(esoReaderPolicy(layout));
/** HCL of {@link adminPolicy}. */
export const renderAdminPolicy = (layout: PolicyLayout | VaultLayout = {}): string => policyToHcl(adminPolicy(layout));
/** HCL of {@link verifierPolicy}. */
export const renderVerifierPolicy = (layout: PolicyLayout | VaultLayout = {}): string => policyToHcl(verifierPolicy(layout));
/**
 * HCL of {@link userPolicy}.
 *
 * @throws InvalidPathSegmentError when the username could act as a policy glob or break the HCL string
 */
export const renderUserPolicy = (username: string, layout: PolicyLayout | VaultLayout = {}): string => policyToHcl(userPolicy(username, layout));

/**
 * The name of a user's policy. Vault lowercases policy names, so letters are encoded to keep distinct users
 * distinct: `_` → `__`, an uppercase letter X → `_x` (`alice` → `mtlsctl-user-alice`, `Alice` → `mtlsctl-user-_alice`);
 * a layout other than the default adds its suffix.
 */
export function userPolicyName(username: string, layout: PolicyLayout | VaultLayout = {}): string {
  checkUsername(username);
  return checked(layout).userPolicy(username);
}

/** The three shared policies of a layout by name, rendered. */
export function renderPolicies(layout: PolicyLayout | VaultLayout = {}): Record<string, string> {
  return Object.fromEntries([esoReaderPolicy(layout), adminPolicy(layout), verifierPolicy(layout)].map((p) => [p.name, policyToHcl(p)]));
}

function checkUsername(username: string): void {
  const problem = segmentProblem(username) ?? (/[*+"\\{}\s@]/.test(username) ? 'policy paths treat "*" and "+" as globs and it must fit in an HCL string: it may not contain * + " \\ { } @ or spaces' : undefined);
  if (problem) throw new InvalidPathSegmentError({ what: 'username', value: username, reason: problem });
}
