import { MtlsctlError } from '@mtlsctl/pki-core';

const marker = Symbol.for('mtlsctl.vault-store.InvalidPathSegmentError');

/** A name used as one segment of a store path (username, fingerprint, key path) is not safe to use there. */
export class InvalidPathSegmentError extends MtlsctlError {
  private readonly [marker] = true;
  /** What the segment names, e.g. `username`. */
  readonly what: string;
  readonly reason: string;

  /**
   * @param params.what - what the segment names
   * @param params.value - the rejected value (quoted in the message; never a secret)
   * @param params.reason - why it is rejected
   */
  constructor(params: { what: string; value: string; reason: string }) {
    super({
      code: 'INVALID_PATH_SEGMENT',
      kind: 'invalid-input',
      message: `Invalid ${params.what} ${JSON.stringify(params.value.slice(0, 140))}: ${params.reason}.`,
    });
    this.what = params.what;
    this.reason = params.reason;
  }

  /** True when `error` is an InvalidPathSegmentError from any copy of this package. */
  static override isInstance(error: unknown): error is InvalidPathSegmentError {
    return MtlsctlError.isInstance(error) && (error as unknown as Record<symbol, unknown>)[marker] === true;
  }
}
