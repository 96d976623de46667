import { MtlsctlError } from '@mtlsctl/errors';

/**
 * A KV request that KV v2 refuses as malformed (Vault's 400): custom metadata over Vault's limits (64 keys,
 * keys ≤ 128 bytes, values 1–512 bytes, printable), a write without `cas` where `cas_required` is set,
 * a malformed path. Both backends raise it for the same input.
 */
export class InvalidKvInputError extends MtlsctlError {
  readonly path: string;

  /**
   * @param params.path - the store path
   * @param params.problem - what KV v2 refused and why
   */
  constructor(params: { path: string; problem: string }) {
    super({ code: 'KV_INPUT_INVALID', message: `the store refused the request on ${params.path}: ${params.problem}` });
    this.path = params.path;
  }
}
