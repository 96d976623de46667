import { MtlsctlError } from '@mtlsctl/errors';

/** The output file exists and --force was not given. */
export class OutputExistsError extends MtlsctlError {
  constructor(path: string) {
    super({ code: 'OUTPUT_EXISTS', message: `${path} already exists: choose another -o path or pass --force to replace it` });
  }
}

/** The output file could not be written (missing directory, permissions, full disk). */
export class OutputFileError extends MtlsctlError {
  constructor(path: string, reason: string) {
    super({ code: 'OUTPUT_UNWRITABLE', message: `cannot write ${path}: ${reason}` });
  }
}
