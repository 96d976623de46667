import type { ErrorKind } from './error-kind.js';

/**
 * Every error code mtlsctl's libraries and CLI emit (the `code` of an error and of `--json` error output), with
 * its {@link ErrorKind}: this table is the one published list, and the kind of an error is looked up here, never
 * chosen at the throw site.
 *
 * Naming scheme: `SUBJECT_CONDITION` in UPPER_SNAKE_CASE — the thing at fault first (`PEM`, `CA`, `RECORD`,
 * `VAULT`, ...), then what is wrong with it (`INVALID`, `MISSING`, `NOT_FOUND`, `EXISTS`, `MISMATCH`,
 * `UNSUPPORTED`, `WRONG`, ...). A code, once published, keeps its meaning; add a new one rather than reuse it.
 */
export const ERROR_CODES = {
  // pki-core: certificates, keys, PEM/DER, CSRs
  PEM_INVALID: 'invalid-input',
  PEM_TYPE_WRONG: 'invalid-input',
  DER_INVALID: 'invalid-input',
  KEY_UNSUPPORTED: 'invalid-input',
  NAME_INVALID: 'invalid-input',
  PARAMETER_INVALID: 'invalid-input',
  VALIDITY_INVALID: 'invalid-input',
  VALIDITY_BEYOND_ISSUER: 'invalid-input',
  ISSUER_NOT_CA: 'invalid-input',
  ISSUER_KEY_MISMATCH: 'invalid-state',
  ISSUER_PATH_LENGTH_EXCEEDED: 'invalid-input',
  CSR_SIGNATURE_INVALID: 'invalid-input',
  CSR_POLICY_VIOLATED: 'invalid-input',
  // pki-core: PKCS#12
  P12_INVALID: 'invalid-input',
  P12_ALGORITHM_UNSUPPORTED: 'invalid-input',
  P12_CONTENT_UNEXPECTED: 'invalid-input',
  P12_PASSWORD_EMPTY: 'invalid-input',
  P12_PASSWORD_WRONG: 'invalid-input',
  P12_PARAMETER_INVALID: 'invalid-input',
  P12_KEY_CERTIFICATE_MISMATCH: 'invalid-input',
  // pki-core: issuance in worker threads (callers redo the job in their own thread, so users rarely see it)
  CREDENTIALS_WORKER_FAILED: 'invalid-state',
  // bundle-merge: trust bundles, CRL files, HAProxy rules
  BUNDLE_INVALID: 'invalid-input',
  BUNDLE_EMPTY: 'invalid-input',
  BUNDLE_PRIVATE_KEY_FOUND: 'invalid-input',
  BUNDLE_BLOCK_UNEXPECTED: 'invalid-input',
  BUNDLE_CERTIFICATE_INVALID: 'invalid-input',
  ISSUER_NOT_IN_BUNDLE: 'invalid-input',
  ISSUER_NAME_UNSUPPORTED: 'invalid-input',
  SERIAL_INVALID: 'invalid-input',
  // vault-store: records, the directory store, Vault
  RECORD_NOT_FOUND: 'not-found',
  RECORD_CORRUPT: 'invalid-state',
  RECORD_CAS_CONFLICT: 'conflict',
  PATH_SEGMENT_INVALID: 'invalid-input',
  KV_INPUT_INVALID: 'invalid-input',
  STORE_CONFIG_INVALID: 'invalid-input',
  VAULT_REQUEST_FAILED: 'upstream',
  VAULT_PERMISSION_DENIED: 'denied',
  VAULT_SEALED: 'upstream',
  VAULT_MOUNT_MISMATCH: 'invalid-state',
  // k8s-sync
  SYNC_OPTION_INVALID: 'invalid-input',
  KUBECONFIG_MISSING: 'invalid-input',
  KUBECONFIG_INVALID: 'invalid-input',
  KUBE_CONTEXT_MISSING: 'invalid-input',
  KUBE_UNREACHABLE: 'upstream',
  KUBE_UNAUTHORIZED: 'denied',
  KUBE_FORBIDDEN: 'denied',
  KUBE_NAMESPACE_MISSING: 'not-found',
  KUBE_KIND_NOT_SERVED: 'invalid-state',
  KUBE_INVALID_OBJECT: 'invalid-input',
  KUBE_APPLY_CONFLICT: 'conflict',
  KUBE_SECRET_MISSING: 'not-found',
  KUBE_SERVER_ERROR: 'upstream',
  // authority: the CA's workflows
  USERNAME_INVALID: 'invalid-input',
  EMAIL_INVALID: 'invalid-input',
  FINGERPRINT_INVALID: 'invalid-input',
  USERS_CSV_INVALID: 'invalid-input',
  CSR_REQUIRED: 'invalid-input',
  CERTIFICATE_NOT_CA: 'invalid-input',
  CA_MISSING: 'invalid-state',
  CA_EXISTS: 'conflict',
  CA_KEY_MISMATCH: 'invalid-state',
  CA_KEY_LOCKED: 'invalid-input',
  CA_PASSPHRASE_WRONG: 'invalid-input',
  CA_RETIRE_BLOCKED: 'invalid-state',
  CA_SUBJECT_DUPLICATE: 'invalid-input',
  PRIVATE_KEY_MISSING: 'invalid-state',
  CLIENT_EXISTS: 'conflict',
  USERNAME_TAKEN: 'conflict',
  EMAIL_TAKEN: 'conflict',
  USERS_TAKEN: 'conflict',
  CLIENT_NOT_FOUND: 'not-found',
  CLIENT_REVOKED: 'invalid-state',
  CLIENT_PENDING: 'invalid-state',
  ISSUANCE_CONCURRENT: 'conflict',
  SERIAL_NOT_FOUND: 'not-found',
  TRUSTED_CA_NOT_FOUND: 'not-found',
  CRL_NOT_FOUND: 'not-found',
  STORE_NOT_EMPTY: 'conflict',
  BACKUP_INVALID: 'invalid-input',
  BACKUP_PASSPHRASE_WEAK: 'invalid-input',
  BACKUP_PASSPHRASE_WRONG: 'invalid-input',
  // apps/cli: files and prompts
  INPUT_UNREADABLE: 'invalid-input',
  OUTPUT_EXISTS: 'conflict',
  OUTPUT_UNWRITABLE: 'invalid-input',
  PASSPHRASE_MISSING: 'invalid-input',
  STORE_FLAG_INVALID: 'invalid-input',
  STORE_NOT_FOUND: 'not-found',
  SECRET_NEEDED: 'invalid-input',
  NOT_CONFIRMED: 'invalid-input',
  PASSPHRASE_MISMATCH: 'invalid-input',
} as const satisfies Record<string, ErrorKind>;

/** One of the published error codes, see {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;
