import { InvalidPathSegmentError } from './errors/invalid-path-segment-error.js';
import { MAX_SEGMENT_LENGTH } from './path-segment.js';

/** Where mtlsctl's records live in Vault, as given (flags, env). Both optional. */
export interface VaultLayoutInput {
  /** KV v2 mount (default `secret`). */
  mount?: string | undefined;
  /** Folder under the mount (default `pki`; `''` for the mount's root). */
  prefix?: string | undefined;
}

/** The names of the policies of one layout: two installs on one Vault never share one. */
export interface LayoutPolicyNames {
  esoReader: string;
  admin: string;
  verifier: string;
  /** The one templated policy every user shares (identity-based, for LDAP/userpass/OIDC logins). */
  users: string;
}

/**
 * A checked layout: mount and prefix are sequences of safe path segments (so they can go into a policy path
 * and a URL), and the policy names belong to this mount and prefix alone.
 */
export interface VaultLayout {
  readonly mount: string;
  readonly prefix: string;
  readonly policies: Readonly<LayoutPolicyNames>;
  /** The policy name of one user's own record (`mtlsctl-user-<name>`, plus the layout suffix). */
  userPolicy(username: string): string;
  /** The KV v2 API path of `area` (`data`, `metadata`, ...) for `path` under the prefix, e.g. `secret/data/pki/ca`. */
  api(area: string, path?: string): string;
}

/** The default mount and prefix: their policies keep the names the deployment guide uses. */
export const DEFAULT_VAULT_MOUNT = 'secret';
export const DEFAULT_VAULT_PREFIX = 'pki';

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Why `value` is not a safe mount or prefix, or undefined. Only letters, digits, `_`, `.` and `-` in
 * `/`-separated segments: nothing that is a policy glob (`*`, `+`), that ends an HCL string or block (`"`, `}`,
 * `\`, a newline), that is a template (`{{`), or that climbs a folder (`..`).
 */
export function layoutProblem(value: string, what: 'mount' | 'prefix'): string | undefined {
  if (typeof value !== 'string') return 'it is not a string';
  if (value === '') return what === 'mount' ? 'it is empty' : undefined;
  if (value.length > 4 * MAX_SEGMENT_LENGTH) return `it is longer than ${4 * MAX_SEGMENT_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return 'it contains a control character or newline';
  const bad = /[*+"'\\{}[\]\s#$%&()=,;:<>?@^`|~!]/.exec(value);
  if (bad) return `it contains ${JSON.stringify(bad[0])}: a mount or prefix is letters, digits, "_", "." and "-" in "/"-separated segments (policy paths treat * and + as globs, and " } \\ would end the policy's string)`;
  for (const segment of value.split('/')) {
    if (segment === '') return 'it has an empty segment ("//", or a leading or trailing "/")';
    if (segment === '.' || segment === '..' || segment.includes('..')) return 'it contains "..", which could climb out of its folder';
    if (!SEGMENT.test(segment)) return `its segment ${JSON.stringify(segment)} must start with a letter, digit or "_"`;
  }
  return undefined;
}

/**
 * Checks a mount and prefix and names their policies. The default layout (`secret`, `pki`) keeps the guide's
 * names (`eso-pki-reader`, `mtlsctl-admin`, `mtlsctl-verifier`, `mtlsctl-user-<name>`); any other gets the
 * suffix `@<mount>@<prefix>` (`/` written `:`, an uppercase letter X `_x`, `_` `__`, as Vault lowercases policy
 * names), so a second install on the same Vault has its own policies.
 *
 * Leading and trailing slashes are dropped (`/secret/` is `secret`); anything else unsafe is refused, before
 * any policy text or request path is built from it.
 *
 * @param input - mount (default `secret`) and prefix (default `pki`)
 * @throws InvalidPathSegmentError naming `--vault-mount` or `--vault-prefix`
 * @example
 * vaultLayout({ mount: 'kv', prefix: 'team-a/pki' }).policies.admin; // 'mtlsctl-admin@kv@team-a:pki'
 */
export function vaultLayout(input: VaultLayoutInput = {}): VaultLayout {
  const mount = trimSlashes(input.mount ?? DEFAULT_VAULT_MOUNT);
  const prefix = trimSlashes(input.prefix ?? DEFAULT_VAULT_PREFIX);
  for (const [what, value, flag] of [['mount', mount, '--vault-mount'], ['prefix', prefix, '--vault-prefix']] as const) {
    const reason = layoutProblem(value, what);
    if (reason) throw new InvalidPathSegmentError({ what: `Vault ${what} (${flag})`, value, reason });
  }
  const suffix = mount === DEFAULT_VAULT_MOUNT && prefix === DEFAULT_VAULT_PREFIX ? '' : `@${encodeName(mount)}@${encodeName(prefix)}`;
  const policies = Object.freeze({
    esoReader: `eso-pki-reader${suffix}`,
    admin: `mtlsctl-admin${suffix}`,
    verifier: `mtlsctl-verifier${suffix}`,
    users: `mtlsctl-users${suffix}`,
  });
  return Object.freeze({
    mount,
    prefix,
    policies,
    userPolicy: (username: string) => `mtlsctl-user-${encodeName(username)}${suffix}`,
    api: (area: string, path = '') => [mount, area, prefix, path].filter((s) => s !== '').join('/'),
  });
}

/** Vault lowercases policy names: keep distinct names distinct (`_` → `__`, `A` → `_a`, `/` → `:`). */
function encodeName(value: string): string {
  return value.replace(/_/g, '__').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/\//g, ':');
}

/** A mount or prefix without its leading and trailing slashes (`/secret/` is `secret`), as Vault's paths take it. */
export function trimSlashes(value: string): string {
  return typeof value === 'string' ? value.replace(/^\/+|\/+$/g, '') : value;
}
