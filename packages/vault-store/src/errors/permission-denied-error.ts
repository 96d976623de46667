import { MtlsctlError } from '@mtlsctl/pki-core';
import { VaultError } from './vault-error.js';

const marker = Symbol.for('mtlsctl.vault-store.PermissionDeniedError');

/**
 * Vault answered 403: the token lacks the capability on the path, or the token is unknown or expired.
 * Names the path, the capability needed and the policy that grants it.
 */
export class PermissionDeniedError extends VaultError {
  private readonly [marker] = true;
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
      kind: 'denied',
      isRetryable: false,
      message:
        `Vault denied ${params.method} ${params.path}: the token needs the "${params.capability}" capability there ` +
        `(${params.policyHint}), or it is expired or unknown. Check with \`vault token capabilities ${params.path}\`.`,
    });
    this.capability = params.capability;
    this.policyHint = params.policyHint;
  }

  /** True when `error` is a PermissionDeniedError from any copy of this package. */
  static override isInstance(error: unknown): error is PermissionDeniedError {
    return MtlsctlError.isInstance(error) && (error as unknown as Record<symbol, unknown>)[marker] === true;
  }
}
