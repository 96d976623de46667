import { MtlsctlError } from '@mtlsctl/errors';

/**
 * A check-and-set write found another version than the one it expected: someone else wrote the path
 * meanwhile. Nothing was written; read the path again and retry.
 */
export class CasConflictError extends MtlsctlError {
  /** The store path, relative to the store root (e.g. `clients/alice`). */
  readonly path: string;
  /** The version the write expected to replace (0: expected the path not to exist). */
  readonly expectedVersion: number;

  /**
   * @param params.path - the path written
   * @param params.expectedVersion - the `cas` value of the write
   * @param params.where - the store, for the message (e.g. `vault https://v:8200 secret/pki`)
   */
  constructor(params: { path: string; expectedVersion: number; where?: string }) {
    const expected = params.expectedVersion === 0 ? 'expected it not to exist yet' : `expected version ${params.expectedVersion}`;
    super({
      code: 'RECORD_CAS_CONFLICT',
      message:
        `check-and-set conflict on ${params.path}${params.where ? ` in ${params.where}` : ''}: the write ${expected}, ` +
        'but the store holds another version (someone else wrote it meanwhile); nothing was written: read it again and retry',
    });
    this.path = params.path;
    this.expectedVersion = params.expectedVersion;
  }
}
