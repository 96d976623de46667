import { MtlsctlError } from '@mtlsctl/errors';

/** Bytes that should be a DER structure (a certificate, a CRL, a CSR, a key) are not valid ASN.1 of that type. */
export class DerDecodeError extends MtlsctlError {
  /** What the bytes should have been, e.g. `CERTIFICATE`. */
  readonly expected: string;

  /**
   * @param expected - the structure expected, e.g. `CERTIFICATE`
   * @param detail - why decoding failed (the parser's reason)
   * @param cause - the parser's error
   */
  constructor(expected: string, detail: string, cause?: unknown) {
    super({
      code: 'DER_INVALID',
      message: `the input is not a valid ${expected}: ${detail}. Check that the file is a ${expected} in PEM or DER form and is not truncated`,
      cause,
    });
    this.expected = expected;
  }
}
