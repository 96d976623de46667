import { type FileHandle, open } from 'node:fs/promises';
import { InputFileError } from './errors/input-file-error.js';
import { fsErrorReason } from './fs-error-reason.js';

/** How much of an input mtlsctl reads, and what to call it when it is too big. */
export interface InputLimit {
  bytes: number;
  /** e.g. `a CSR`, for "it is larger than 256 KiB, the limit for a CSR". */
  what: string;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/** The size bound of every kind of input file (enforced while reading: `/dev/zero` or an endless pipe stops there). */
export const INPUT_LIMITS = {
  secret: { bytes: 4 * KiB, what: 'a passphrase, password or token file' },
  csr: { bytes: 256 * KiB, what: 'a CSR' },
  credential: { bytes: 1 * MiB, what: 'a certificate, key or PKCS#12 file' },
  text: { bytes: 1 * MiB, what: 'this input file' },
  pem: { bytes: 16 * MiB, what: 'a PEM bundle or CRL file' },
  list: { bytes: 16 * MiB, what: 'a user list' },
  backup: { bytes: 256 * MiB, what: 'a backup' },
} as const satisfies Record<string, InputLimit>;

/**
 * Reads a file named on the command line (`-` is standard input) with a size bound enforced while reading,
 * turning fs errors into one clear line. Regular files and pipes (`<(...)`, `/dev/stdin`) are read; devices,
 * sockets and directories are refused.
 *
 * @throws InputFileError when it cannot be read, is not a regular file or pipe, or is larger than `limit`
 */
export async function readInputFile(path: string, limit: InputLimit): Promise<Buffer> {
  const tooBig = () => new InputFileError(path === '-' ? 'standard input' : path, `it is larger than ${size(limit.bytes)}, the limit for ${limit.what}`);
  if (path === '-') return readStdin(limit.bytes, tooBig);
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new InputFileError(path, fsErrorReason(error));
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new InputFileError(path, 'it is a directory');
    if (!info.isFile() && !info.isFIFO()) throw new InputFileError(path, 'it is not a regular file (a device or socket)');
    if (info.isFile() && info.size > limit.bytes) throw tooBig();
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * KiB, limit.bytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit.bytes) throw tooBig();
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    if (InputFileError.isInstance(error)) throw error;
    throw new InputFileError(path, fsErrorReason(error));
  } finally {
    await handle.close();
  }
}

/**
 * A text input named on the command line (a file, or `-` for standard input) as UTF-8, bounded as
 * {@link readInputFile} bounds it: what every command reads a PEM, CSR, list or token file with.
 *
 * @throws InputFileError as {@link readInputFile}
 */
export async function readTextInput(path: string, limit: InputLimit = INPUT_LIMITS.text): Promise<string> {
  return (await readInputFile(path, limit)).toString('utf8');
}

/**
 * The first line of a secret file (a passphrase, password or token file: `printf` and `echo` both work), without its
 * line ending.
 *
 * @throws InputFileError as {@link readInputFile}
 */
export async function readFirstLine(path: string, limit: InputLimit = INPUT_LIMITS.secret): Promise<string> {
  return (await readTextInput(path, limit)).split(/\r?\n/)[0] ?? '';
}

async function readStdin(maxBytes: number, tooBig: () => InputFileError): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      process.stdin.destroy();
      throw tooBig();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, total);
}

function size(bytes: number): string {
  return bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / KiB} KiB`;
}
