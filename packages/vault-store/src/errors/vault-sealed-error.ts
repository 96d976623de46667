import { MtlsctlError } from '@mtlsctl/pki-core';
import { VaultError } from './vault-error.js';

const marker = Symbol.for('mtlsctl.vault-store.VaultSealedError');

/** Vault answered 503: it is sealed, or a standby without an active node. Unseal it (or wait for failover). */
export class VaultSealedError extends VaultError {
  private readonly [marker] = true;

  /**
   * @param params.path - the API path
   * @param params.method - the HTTP verb
   * @param params.details - Vault's `errors` array
   * @param params.attempts - how many times the request was sent
   * @param params.addr - the Vault address, for the message
   */
  constructor(params: { path: string; method: string; details: string[]; attempts: number; addr: string }) {
    const sealed = params.details.some((d) => /sealed/i.test(d));
    super({
      status: 503,
      path: params.path,
      method: params.method,
      details: params.details,
      attempts: params.attempts,
      code: 'VAULT_SEALED',
      kind: 'upstream',
      isRetryable: true,
      message: sealed
        ? `Vault at ${params.addr} is sealed: unseal it (\`vault operator unseal\`) and retry.`
        : `Vault at ${params.addr} is unavailable (503: ${params.details.join('; ') || 'standby or maintenance'}): check \`vault status\` and retry.`,
    });
  }

  /** True when `error` is a VaultSealedError from any copy of this package. */
  static override isInstance(error: unknown): error is VaultSealedError {
    return MtlsctlError.isInstance(error) && (error as unknown as Record<symbol, unknown>)[marker] === true;
  }
}
