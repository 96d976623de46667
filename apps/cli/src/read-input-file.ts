import { InputFileError } from './errors/input-file-error.js';
import { fsErrorReason } from './fs-error-reason.js';

/** Reads a file named on the command line (`-` is standard input), turning fs errors into one clear line. */
export async function readInputFile(path: string, readFile: (path: string) => Promise<Buffer>, maxBytes = 64 * 1024 * 1024): Promise<Buffer> {
  let data: Buffer;
  try {
    data = path === '-' ? await readStdin() : await readFile(path);
  } catch (error) {
    throw new InputFileError(path, fsErrorReason(error));
  }
  if (data.length > maxBytes) throw new InputFileError(path, `it is larger than ${maxBytes} bytes`);
  return data;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
