import { MtlsctlError } from '@mtlsctl/errors';

/**
 * A record's data was written but its inventory (the path's custom_metadata, a second request on Vault) was not:
 * the record is stored and tracked (readable, listable once repaired); its inventory reads as missing or stale
 * until the next admin listing or write of that record repairs it (`PkiStore.repairClientInventory`).
 */
export class InventoryWriteError extends MtlsctlError {
  /** The store path written. */
  readonly path: string;
  /** The data version that was written. */
  readonly version: number;

  /**
   * @param params.path - the store path
   * @param params.version - the data version written
   * @param params.cause - why the metadata write failed (a VaultError: no token in it)
   */
  constructor(params: { path: string; version: number; cause: unknown }) {
    const reason = params.cause instanceof Error ? params.cause.message : String(params.cause);
    super({
      code: 'RECORD_INVENTORY_WRITE_FAILED',
      message: `${params.path} version ${params.version} was written but its inventory was not (${reason}): the next \`mtlsctl user list\` with an admin token, or the next write of it, repairs it`,
      cause: params.cause,
    });
    this.path = params.path;
    this.version = params.version;
  }
}
