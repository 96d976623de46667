import { MtlsctlError } from '@mtlsctl/errors';
import { PassphraseMissingError } from './errors/passphrase-missing-error.js';
import { promptSecret } from './prompt-secret.js';
import { readFirstLine } from './read-input-file.js';

/** The two passphrases typed for a new backup differ. */
export class PassphraseMismatchError extends MtlsctlError {
  constructor() {
    super({ code: 'PASSPHRASE_MISMATCH', message: 'the two passphrases differ: nothing was written' });
  }
}

/**
 * The backup passphrase: the first line of --passphrase-file, else $MTLSCTL_BACKUP_PASSPHRASE, else asked on the
 * terminal without echo (twice with `confirm`, for a new backup). Never a flag value, so it does not land in shell
 * history or `ps`.
 *
 * @throws PassphraseMissingError without a file, the variable or a terminal; PassphraseMismatchError; PromptAbortedError
 */
export async function readPassphrase(file: string | undefined, options: { confirm?: boolean; env?: NodeJS.ProcessEnv; input?: NodeJS.ReadStream } = {}): Promise<string> {
  if (file) return await readFirstLine(file);
  const fromEnv = (options.env ?? process.env)['MTLSCTL_BACKUP_PASSPHRASE'];
  if (fromEnv) return fromEnv;
  const input = options.input ?? process.stdin;
  if (!input.isTTY) throw new PassphraseMissingError();
  const first = await promptSecret('Backup passphrase: ', 'the backup passphrase', '--passphrase-file', { input, output: process.stderr });
  if (options.confirm && (await promptSecret('The same passphrase again: ', 'the backup passphrase', '--passphrase-file', { input, output: process.stderr })) !== first) {
    throw new PassphraseMismatchError();
  }
  return first;
}
