import { readFile } from 'node:fs/promises';
import { MtlsctlError } from '@mtlsctl/pki-core/errors';
import { readInputFile } from './read-input-file.js';

/** No passphrase was given for a backup. */
export class PassphraseMissingError extends MtlsctlError {
  constructor() {
    super({
      code: 'PASSPHRASE_MISSING',
      kind: 'invalid-input',
      message: 'a backup passphrase is needed: pass --passphrase-file <file> or set MTLSCTL_BACKUP_PASSPHRASE.',
    });
  }
}

/**
 * The backup passphrase: the first line of --passphrase-file, else $MTLSCTL_BACKUP_PASSPHRASE. Never a flag
 * value, so it does not land in shell history or `ps`.
 */
export async function readPassphrase(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (file) return (await readInputFile(file, readFile)).toString('utf8').split(/\r?\n/)[0] ?? '';
  const fromEnv = env['MTLSCTL_BACKUP_PASSPHRASE'];
  if (fromEnv) return fromEnv;
  throw new PassphraseMissingError();
}
