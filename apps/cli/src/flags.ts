import { Flags } from '@oclif/core';
import { parseDurationDays } from './duration.js';

const KEY_TYPES = ['p256', 'p384', 'rsa2048', 'rsa3072', 'rsa4096', 'ed25519'] as const;

/** `--debug`: stack traces on errors. */
export const debugFlag = Flags.boolean({ description: 'Show stack traces of errors.', default: false, helpGroup: 'GLOBAL' });

/** Where mtlsctl's records are in Vault: the KV v2 mount and the prefix in it. */
export const vaultLayoutFlags = {
  'vault-mount': Flags.string({ description: 'KV v2 mount.', default: 'secret', env: 'MTLSCTL_VAULT_MOUNT', helpGroup: 'STORE' }),
  'vault-prefix': Flags.string({ description: 'Path prefix of mtlsctl records in the mount.', default: 'pki', env: 'MTLSCTL_VAULT_PREFIX', helpGroup: 'STORE' }),
};

/** Flags every store-using command takes: where the store is, and how to reach Vault. */
export const storeFlags = {
  store: Flags.string({
    description:
      'Where the CA lives: "vault" (Vault KV v2, configured by VAULT_ADDR, VAULT_TOKEN or ~/.vault-token, VAULT_CACERT, VAULT_NAMESPACE), or a directory for the embedded store. Default: $MTLSCTL_STORE, else the directory $MTLSCTL_HOME or ~/.local/share/mtlsctl.',
    env: 'MTLSCTL_STORE',
    helpGroup: 'STORE',
  }),
  'vault-addr': Flags.string({ description: 'Vault address (overrides VAULT_ADDR).', helpGroup: 'STORE' }),
  'vault-namespace': Flags.string({ description: 'Vault Enterprise namespace (overrides VAULT_NAMESPACE).', helpGroup: 'STORE' }),
  ...vaultLayoutFlags,
  'ca-key-path': Flags.string({
    description: 'Record name of the active CA private key, under the prefix.',
    default: 'ca-key',
    env: 'MTLSCTL_CA_KEY_PATH',
    helpGroup: 'STORE',
  }),
  debug: debugFlag,
};

/** A validity or window flag: 90d, 12w, 1y, or a number of days. */
export const durationFlag = Flags.custom<number>({
  parse: async (input) => parseDurationDays(input),
  helpValue: '<90d|12w|1y>',
});

/** The key algorithm of a new key. */
export const keyTypeFlag = Flags.custom<(typeof KEY_TYPES)[number]>({
  options: [...KEY_TYPES],
  helpValue: `<${KEY_TYPES.join('|')}>`,
});

/** The PKCS#12 profile. */
export const p12ProfileFlag = Flags.custom<'modern' | 'legacy'>({
  options: ['modern', 'legacy'],
  description: 'PKCS#12 encryption: modern (AES-256, OpenSSL 3 default) or legacy (3DES + SHA-1 MAC, for macOS/iOS Keychain and older Windows).',
});
