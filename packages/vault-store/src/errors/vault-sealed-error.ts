import { VaultError } from './vault-error.js';

/** Vault answered 503: it is sealed, or a standby without an active node. Unseal it (or wait for failover). */
export class VaultSealedError extends VaultError {

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
      isRetryable: true,
      message: sealed
        ? `the Vault at ${params.addr} is sealed: unseal it (\`vault operator unseal\`) and retry`
        : `the Vault at ${params.addr} is unavailable (503: ${params.details.join('; ') || 'standby or maintenance'}): check \`vault status\` and retry`,
    });
  }
}
