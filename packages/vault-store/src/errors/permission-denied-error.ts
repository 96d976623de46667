import { VaultError } from './vault-error.js';

/**
 * Vault answered 403: the token lacks the capability on the path, or the token is unknown or expired.
 * Names the path, the capability needed and the policy that grants it.
 */
export class PermissionDeniedError extends VaultError {
  /** The capability the request needed, e.g. `read`, `create or update`, `list`. */
  readonly capability: string;
  /** Which mtlsctl policy grants it, e.g. `mtlsctl-admin`. */
  readonly policyHint: string;

  /**
   * @param params.path - the API path, e.g. `secret/data/pki/ca-key`
   * @param params.method - the HTTP verb
   * @param params.capability - the capability needed
   * @param params.policyHint - the policy that grants it
   */
  constructor(params: { path: string; method: string; capability: string; policyHint: string; details?: string[] }) {
    super({
      status: 403,
      path: params.path,
      method: params.method,
      details: params.details ?? ['permission denied'],
      attempts: 1,
      code: 'VAULT_PERMISSION_DENIED',
      isRetryable: false,
      message:
        `the Vault denied ${params.method} ${params.path}: the token needs the "${params.capability}" capability there ` +
        `(${params.policyHint}), or it is expired or unknown (check with \`vault token capabilities ${params.path}\`)`,
    });
    this.capability = params.capability;
    this.policyHint = params.policyHint;
  }
}
