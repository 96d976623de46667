import { MtlsctlError } from '@mtlsctl/errors';

/** The record an operation needs does not exist (e.g. deleting a client that was never issued). */
export class NotFoundError extends MtlsctlError {
  readonly path: string;

  /**
   * @param params.path - the store path, e.g. `clients/alice`
   * @param params.what - what was looked for, e.g. `client "alice"`
   */
  constructor(params: { path: string; what: string }) {
    super({ code: 'RECORD_NOT_FOUND', message: `no ${params.what} in the store (${params.path}): check the name, or list what exists` });
    this.path = params.path;
  }
}
