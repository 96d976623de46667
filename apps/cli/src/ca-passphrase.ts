import { stat } from 'node:fs/promises';
import { InputFileError } from './errors/input-file-error.js';
import { fsErrorReason } from './fs-error-reason.js';
import { readFirstLine } from './read-input-file.js';

/**
 * The CA key passphrase from `--ca-passphrase-file` (its first line). As ssh does for its keys, a file that
 * others may read or write (any group/other permission bit) is refused with the `chmod` that fixes it.
 *
 * @throws InputFileError when the file is missing, too loose, too big or its first line is empty
 */
export async function readCaPassphrase(file: string): Promise<string> {
  let mode: number;
  try {
    mode = (await stat(file)).mode & 0o777;
  } catch (error) {
    throw new InputFileError(file, fsErrorReason(error));
  }
  if ((mode & 0o077) !== 0) {
    throw new InputFileError(file, `others may read or change it (mode ${mode.toString(8).padStart(4, '0')}): run \`chmod 600 ${file}\``);
  }
  const passphrase = await readFirstLine(file);
  if (passphrase === '') throw new InputFileError(file, 'its first line (the passphrase) is empty');
  return passphrase;
}
