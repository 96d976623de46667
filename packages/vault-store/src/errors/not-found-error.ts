import { MtlsctlError } from '@mtlsctl/pki-core';

const marker = Symbol.for('mtlsctl.vault-store.NotFoundError');

/** The record an operation needs does not exist (e.g. deleting a client that was never issued). */
export class NotFoundError extends MtlsctlError {
  private readonly [marker] = true;
  readonly path: string;

  /**
   * @param params.path - the store path, e.g. `clients/alice`
   * @param params.what - what was looked for, e.g. `client "alice"`
   */
  constructor(params: { path: string; what: string }) {
    super({ code: 'NOT_FOUND', kind: 'not-found', message: `No ${params.what} in the store (${params.path}): check the name, or list what exists.` });
    this.path = params.path;
  }

  /** True when `error` is a NotFoundError from any copy of this package. */
  static override isInstance(error: unknown): error is NotFoundError {
    return MtlsctlError.isInstance(error) && (error as unknown as Record<symbol, unknown>)[marker] === true;
  }
}
