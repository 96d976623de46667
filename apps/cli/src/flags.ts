import { Flags, type Interfaces } from '@oclif/core';
import { validateUsername } from '@mtlsctl/authority';
import type { StoreRole } from '@mtlsctl/vault-store';
import { DEFAULT_VAULT_MOUNT, DEFAULT_VAULT_PREFIX } from '@mtlsctl/vault-store/layout';
import { KEY_TYPES, PKCS12_PROFILES, type KeyType, type Pkcs12Profile } from '@mtlsctl/pki-core/choices';
import { parseDuration, parseDurationDays } from './duration.js';

/** `--debug`: stack traces on errors. */
export const debugFlag = Flags.boolean({ description: 'Show stack traces of errors.', default: false, helpGroup: 'GLOBAL' });

/** Where mtlsctl's records are in Vault: the KV v2 mount and the prefix in it. */
export const vaultLayoutFlags = {
  'vault-mount': Flags.string({ description: 'KV v2 mount.', default: DEFAULT_VAULT_MOUNT, env: 'MTLSCTL_VAULT_MOUNT', helpGroup: 'STORE' }),
  'vault-prefix': Flags.string({ description: 'Path prefix of mtlsctl records in the mount.', default: DEFAULT_VAULT_PREFIX, env: 'MTLSCTL_VAULT_PREFIX', helpGroup: 'STORE' }),
};

/**
 * The one `--vault-namespace`: the namespace of the store's Vault and of the ClusterSecretStore `k8s` renders.
 * Default: BAO_NAMESPACE, else VAULT_NAMESPACE (read as the `bao` CLI reads them, by vault-store).
 */
export const vaultNamespaceFlag = Flags.string({ description: 'Vault Enterprise namespace (overrides BAO_NAMESPACE / VAULT_NAMESPACE).', helpGroup: 'STORE' });

/** Flags every store-using command takes: where the store is, and how to reach Vault. */
export const storeFlags = {
  store: Flags.string({
    description:
      'Where the CA lives: "vault" (Vault KV v2, configured by VAULT_ADDR, VAULT_TOKEN or ~/.vault-token, VAULT_CACERT, VAULT_NAMESPACE), or a directory for the embedded store. Default: $MTLSCTL_STORE, else the directory $MTLSCTL_HOME or ~/.local/share/mtlsctl.',
    env: 'MTLSCTL_STORE',
    helpGroup: 'STORE',
  }),
  'vault-addr': Flags.string({ description: 'Vault address (overrides VAULT_ADDR).', helpGroup: 'STORE' }),
  'vault-namespace': vaultNamespaceFlag,
  ...vaultLayoutFlags,
  'ca-passphrase-file': Flags.string({
    description: 'File (mode 0600) whose first line is the passphrase the CA key is encrypted with at rest: ca init and ca rotate store new CA keys encrypted with it; signing with an encrypted key needs it.',
    env: 'MTLSCTL_CA_PASSPHRASE_FILE',
    helpGroup: 'STORE',
  }),
  'ca-key-path': Flags.string({
    description: 'Record name of the active CA private key, under the prefix.',
    default: 'ca-key',
    env: 'MTLSCTL_CA_KEY_PATH',
    helpGroup: 'STORE',
  }),
  debug: debugFlag,
};

const DURATION_HELP = '<duration>';

/**
 * A validity or window flag in whole days, in mtlsctl's one duration syntax (`90d`, `12w`, `1y`, `18mo`); the default is
 * written the same way, so help shows `[default: 1y]`.
 */
export function daysFlag(options: { description: string; default: string }): Interfaces.OptionFlag<number> {
  return Flags.custom<number>({ parse: async (input) => parseDurationDays(input), helpValue: DURATION_HELP })({
    description: options.description,
    default: parseDurationDays(options.default),
    defaultHelp: async () => options.default,
  });
}

/** A time window in days (fractions allowed: `12h` is half a day), e.g. `--expiring 30d`. */
export const windowFlag = Flags.custom<number>({ parse: async (input) => parseDuration(input) / 86_400, helpValue: DURATION_HELP });

/** A duration in seconds (a token TTL), in the same syntax; the default shown as written. */
export function secondsFlag(options: { description: string; default: string }): Interfaces.OptionFlag<number> {
  return Flags.custom<number>({ parse: async (input) => parseDuration(input), helpValue: DURATION_HELP })({
    description: options.description,
    default: parseDuration(options.default),
    defaultHelp: async () => options.default,
  });
}

/** The key algorithm of a new key. */
export const keyTypeFlag = Flags.custom<KeyType>({
  options: [...KEY_TYPES],
  helpValue: `<${KEY_TYPES.join('|')}>`,
});

/** The PKCS#12 profile. */
export const p12ProfileFlag = Flags.custom<Pkcs12Profile>({
  options: [...PKCS12_PROFILES],
  description: 'PKCS#12 encryption: modern (AES-256, OpenSSL 3 default) or legacy (3DES + SHA-1 MAC, for macOS/iOS Keychain and older Windows).',
});

/** `--quiet`: nothing on stdout but what the command exists to hand over (a password, a token); errors still on stderr. */
export const quietFlag = Flags.boolean({ char: 'q', description: 'Print nothing but the requested secret or value; for scripts (the exit code tells the outcome).', default: false, helpGroup: 'GLOBAL' });

/** The formats of `-o`, kubectl's output flag. */
export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;

/** `-o json|yaml|table` on commands that show or list, as kubectl has it (`-o json` is the same as `--json`). */
export const outputFlag = Flags.option({ char: 'o', options: OUTPUT_FORMATS, description: 'Output format: table (text), json (as --json) or yaml.', helpGroup: 'GLOBAL' })();

/** `--role`: whose token is checked — admin, verifier, eso, or user:<name> (the username validated). */
export const roleFlag = Flags.custom<StoreRole>({
  parse: async (input) => {
    if (input.startsWith('user:')) return { user: validateUsername(input.slice(5)) };
    if (input === 'admin' || input === 'verifier' || input === 'eso') return input;
    throw new Error(`--role must be admin, verifier, eso or user:<name>, not ${input}`);
  },
  helpValue: '<admin|verifier|eso|user:NAME>',
});

/**
 * A `key=value` flag (a label), parsed: a missing `=` or an empty key is refused at parse time (exit 2).
 */
export const keyValueFlag = Flags.custom<{ key: string; value: string }>({
  parse: async (input, _context, flag) => {
    const at = input.indexOf('=');
    if (at <= 0) throw new Error(`--${flag.name} must be key=value, not "${input}"`);
    return { key: input.slice(0, at), value: input.slice(at + 1) };
  },
  helpValue: '<key=value>',
});

/** `--yes` (`-y`): go ahead with a destructive command without asking; required when stdin is not a terminal. */
export const yesFlag = Flags.boolean({ char: 'y', description: 'Do it without asking (required when standard input is not a terminal).', default: false });
