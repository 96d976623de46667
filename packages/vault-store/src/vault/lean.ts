// `@mtlsctl/vault-store/lean`: reading Vault over node:https, for a long-running process that counts its memory
// (mtlsctl-sync-verifier). It loads neither node-vault/axios nor pkijs/@peculiar/x509; the requests, results and
// errors are those of the main entry's VaultClient / VaultKvBackend / loginToVault (one VaultClientCore).
export { LeanVaultClient, httpsTransport } from './lean-vault-client.js';
export { LeanVaultKvBackend } from './lean-vault-kv-backend.js';
export { leanLoginToVault } from './lean-vault-login.js';
export { VaultClientCore, type VaultConnectionOptions, type VaultRequest, type VaultHttpTransport } from './vault-client-core.js';
export type { VaultKvBackendOptions } from './vault-kv-backend-core.js';
export type { VaultAuthMethod, VaultLogin } from './vault-login-core.js';
export { lookupTokenByAccessor, lookupSelfToken, type TokenInfo } from '../bootstrap/token-info.js';
export { PkiStore, type PkiStoreOptions } from '../pki-store.js';
export { trustBundlePem } from '../trust-bundle.js';
export { PermissionDeniedError } from '../errors/permission-denied-error.js';
export { VaultError } from '../errors/vault-error.js';
export { VaultSealedError } from '../errors/vault-sealed-error.js';
export { VaultMountError } from '../errors/vault-mount-error.js';
export { StoreConfigError } from '../errors/store-config-error.js';
export { NotFoundError } from '../errors/not-found-error.js';
export { CorruptRecordError } from '../errors/corrupt-record-error.js';
