export type * from './kv-backend.js';
export type * from './records.js';

export { PkiStore, type PkiStoreOptions, type Versioned, type ClientInventoryEntry, type ExportedRecord } from './pki-store.js';
export { trustBundlePem } from './trust-bundle.js';
export { caRecordCodec, caKeyRecordCodec, clientRecordCodec, clientInventoryCodec, crlRecordCodec, identityClaimCodec } from './record-codecs.js';
export { identityClaimPath } from './identity-claim-path.js';
export { assertPathSegment, segmentProblem, MAX_SEGMENT_LENGTH } from './path-segment.js';

export { DirectoryKvBackend, type DirectoryKvBackendOptions } from './directory/directory-kv-backend.js';
export { defaultStoreDir } from './directory/default-store-dir.js';

export { VaultKvBackend, type VaultKvBackendOptions } from './vault/vault-kv-backend.js';
export { VaultClient, type VaultConnectionOptions, type VaultRequest, type VaultHttpTransport } from './vault/vault-client.js';
export { VaultClientCore } from './vault/vault-client-core.js';
export { VaultKvBackendCore } from './vault/vault-kv-backend-core.js';
export { vaultServerInfo, type VaultServerInfo, type VaultServerFlavour } from './vault/vault-server-info.js';
export { vaultConfigFromEnv, readVaultSetting, type VaultConfig, type VaultConfigSources } from './vault/vault-config-from-env.js';
export { retryDelayMs, type BackoffOptions } from './vault/retry-delay.js';
export { loginToVault, type VaultAuthMethod, type VaultLogin } from './vault/vault-login.js';
export { vaultAuthFromEnv, SERVICE_ACCOUNT_TOKEN_FILE } from './vault/vault-auth-from-env.js';

export { CasConflictError } from './errors/cas-conflict-error.js';
export { CorruptRecordError } from './errors/corrupt-record-error.js';
export { InvalidKvInputError } from './errors/invalid-kv-input-error.js';
export { InventoryWriteError } from './errors/inventory-write-error.js';
export { InvalidPathSegmentError } from './errors/invalid-path-segment-error.js';
export { NotFoundError } from './errors/not-found-error.js';
export { PermissionDeniedError } from './errors/permission-denied-error.js';
export { StoreConfigError } from './errors/store-config-error.js';
export { VaultError, isRetryableStatus, type VaultErrorParams } from './errors/vault-error.js';
export { VaultMountError } from './errors/vault-mount-error.js';
export { VaultSealedError } from './errors/vault-sealed-error.js';

export { vaultLayout, layoutProblem, DEFAULT_VAULT_MOUNT, DEFAULT_VAULT_PREFIX, type VaultLayout, type VaultLayoutInput, type LayoutPolicyNames } from './vault-layout.js';
export { policyToHcl, type PolicyDocument, type PolicyRule, type PolicyCapability } from './bootstrap/policy-document.js';
export {
  esoReaderPolicy,
  adminPolicy,
  verifierPolicy,
  userPolicy,
  usersTemplatePolicy,
  renderEsoReaderPolicy,
  renderAdminPolicy,
  renderVerifierPolicy,
  renderUserPolicy,
  renderPolicies,
  userPolicyName,
  ESO_READER_POLICY,
  ADMIN_POLICY,
  VERIFIER_POLICY,
  type PolicyLayout,
} from './bootstrap/render-policies.js';
export { ensureKvMount, inspectKvMount, type MountAction } from './bootstrap/ensure-kv-mount.js';
export { writePolicies, readPolicy, type PolicyWrite } from './bootstrap/write-policies.js';
export { lineDiff } from './bootstrap/line-diff.js';
export { authAccessor } from './bootstrap/auth-accessor.js';
export { planBootstrap, type BootstrapPlan, type BootstrapPlanOptions, type PolicyChange, type EsoTokenStep } from './bootstrap/plan-bootstrap.js';
export { esoTokenRecordPath, lookupAccessor, revokeAccessor, type EsoTokenRecord, type LiveToken } from './bootstrap/eso-token-record.js';
export { esoTokenStatus, rotateEsoToken, revokeEsoToken, type EsoTokenStatus } from './bootstrap/manage-eso-token.js';
export { createEsoToken, type EsoTokenOptions, type CreatedToken } from './bootstrap/create-eso-token.js';
export { auditStatus, type AuditStatus } from './bootstrap/audit-status.js';
export { lookupSelfToken, lookupTokenByAccessor, type TokenInfo } from './bootstrap/token-info.js';
export { checkCapabilities, type StoreRole, type CapabilityCheck, type CapabilityReport } from './bootstrap/check-capabilities.js';
export { bootstrapVault, type BootstrapOptions, type BootstrapReport } from './bootstrap/bootstrap-vault.js';
