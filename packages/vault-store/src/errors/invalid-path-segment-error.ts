import { MtlsctlError } from '@mtlsctl/errors';

/** A name used as one segment of a store path (username, fingerprint, key path) is not safe to use there. */
export class InvalidPathSegmentError extends MtlsctlError {
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
      code: 'PATH_SEGMENT_INVALID',
      message: `invalid ${params.what} ${JSON.stringify(params.value.slice(0, 140))}: ${params.reason}`,
    });
    this.what = params.what;
    this.reason = params.reason;
  }
}
