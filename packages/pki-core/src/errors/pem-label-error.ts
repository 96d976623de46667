import { MtlsctlError } from '@mtlsctl/errors';

/** A PEM block of the wrong type, e.g. "expected a CERTIFICATE but found a PRIVATE KEY". */
export class PemLabelError extends MtlsctlError {
  /** The label (or labels) that would have been accepted. */
  readonly expected: string;
  /** The label found in the input. */
  readonly found: string;

  /**
   * @param expected - the accepted label, e.g. `CERTIFICATE`
   * @param found - the label in the input, e.g. `PRIVATE KEY`
   * @param hint - an optional sentence on how to fix it
   */
  constructor(expected: string, found: string, hint?: string) {
    super({
      code: 'PEM_TYPE_WRONG',
      message: `expected a ${expected} but found a ${found}${hint === undefined ? '' : `: ${hint}`}`,
    });
    this.expected = expected;
    this.found = found;
  }
}
