import { randomBytes } from 'node:crypto';
import { link, lstat, open, rename, unlink } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { MtlsctlError } from '@mtlsctl/errors';
import { OutputExistsError, OutputFileError } from './errors/output-file-errors.js';
import { fsErrorReason } from './fs-error-reason.js';

/**
 * Writes a file that may hold a secret: mode 0600 from the start, written to a temp file in the same
 * directory, fsynced, then moved into place, so a reader never sees half a file. Without `overwrite`, an
 * existing file is never replaced (the move is a hard link, which fails if the name exists); with it, only a
 * regular file is (never a device node, FIFO, socket, directory or symlink).
 */
export async function writePrivateFile(path: string, contents: string | Uint8Array, options: { overwrite?: boolean } = {}): Promise<void> {
  try {
    await writeAtomically(path, contents, options);
  } catch (error) {
    if (MtlsctlError.isInstance(error)) throw error;
    // The temp file is created first, so ENOENT here means the directory is missing.
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its directory does not exist' : fsErrorReason(error);
    throw new OutputFileError(path, reason);
  }
}

/** Refuses early what a write would refuse or must not do: an existing name without `overwrite`, a non-regular file with it. */
export async function assertWritable(path: string, options: { overwrite?: boolean } = {}): Promise<void> {
  const existing = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new OutputFileError(path, fsErrorReason(error));
  });
  if (!existing) return;
  if (!options.overwrite) throw new OutputExistsError(path);
  if (!existing.isFile()) throw new OutputFileError(path, 'it is not a regular file (a device, FIFO, socket, directory or symlink): refusing to replace it');
}

async function writeAtomically(path: string, contents: string | Uint8Array, options: { overwrite?: boolean }): Promise<void> {
  if (options.overwrite) await assertWritable(path, options);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (options.overwrite) {
      await rename(temp, path);
      return;
    }
    await link(temp, path).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EEXIST' ? new OutputExistsError(path) : error;
    });
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
