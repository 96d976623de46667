import { MtlsctlError } from '@mtlsctl/pki-core';

const marker = Symbol.for('mtlsctl.vault-store.CorruptRecordError');

/**
 * A stored record does not decode: a field is missing or malformed (e.g. written by hand or by another tool).
 * Names the path and field; never quotes the value, which may be secret.
 */
export class CorruptRecordError extends MtlsctlError {
  private readonly [marker] = true;
  readonly path: string;
  readonly field: string;

  /**
   * @param params.path - the store path
   * @param params.field - the KV field (or custom_metadata key) at fault
   * @param params.reason - what is wrong with it
   * @param params.fix - how to fix it (default: restore from a backup or rewrite the record)
   */
  constructor(params: { path: string; field: string; reason: string; fix?: string }) {
    super({
      code: 'CORRUPT_RECORD',
      kind: 'invalid-state',
      message:
        `The record at ${params.path} is malformed: field "${params.field}" ${params.reason}. ` +
        (params.fix ?? 'It was not written by this version of mtlsctl; restore it from a backup or rewrite it.'),
    });
    this.path = params.path;
    this.field = params.field;
  }

  /** True when `error` is a CorruptRecordError from any copy of this package. */
  static override isInstance(error: unknown): error is CorruptRecordError {
    return MtlsctlError.isInstance(error) && (error as unknown as Record<symbol, unknown>)[marker] === true;
  }
}
