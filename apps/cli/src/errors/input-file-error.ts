import { MtlsctlError } from '@mtlsctl/errors';

/** An input file could not be read. */
export class InputFileError extends MtlsctlError {
  constructor(path: string, reason: string) {
    super({ code: 'INPUT_UNREADABLE', message: `cannot read ${path}: ${reason}` });
  }
}
