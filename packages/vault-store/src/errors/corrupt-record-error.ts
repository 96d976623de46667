import { MtlsctlError } from '@mtlsctl/errors';

/**
 * A stored record does not decode: a field is missing or malformed (e.g. written by hand or by another tool).
 * Names the path and field; never quotes the value, which may be secret.
 */
export class CorruptRecordError extends MtlsctlError {
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
      code: 'RECORD_CORRUPT',
      message:
        `the record at ${params.path} is malformed: field "${params.field}" ${params.reason}; ` +
        (params.fix ?? 'it was not written by this version of mtlsctl: restore it from a backup or rewrite it'),
    });
    this.path = params.path;
    this.field = params.field;
  }
}
