import { MtlsctlError } from '@mtlsctl/errors';

/**
 * Text that should be PEM is not: garbage around or inside a block, a missing END line, bad base64,
 * an empty input, or more blocks than expected. `line` (1-based) names the offending line when known.
 */
export class PemFormatError extends MtlsctlError {
  /** The 1-based line of the input where the problem was found, when it is one line. */
  readonly line: number | undefined;
  /** What is wrong, without the line prefix (for a caller that words the position its own way). */
  readonly reason: string;

  /**
   * @param message - what is wrong, why, and how to fix it (never the PEM body itself)
   * @param line - the 1-based line number of the problem, if known
   */
  constructor(message: string, line?: number) {
    super({ code: 'PEM_INVALID', message: line === undefined ? message : `line ${line}: ${message}` });
    this.line = line;
    this.reason = message;
  }
}
