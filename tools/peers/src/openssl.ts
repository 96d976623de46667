import { runProcess, type ProcessResult } from './run-process.js';

/** The `openssl` CLI failed; its stderr is in the message. */
export class OpensslError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly result: ProcessResult,
  ) {
    super(`openssl ${args.join(' ')} exited with ${result.code ?? result.signal}: ${result.stderr.trim()}`);
    this.name = 'OpensslError';
  }
}

/**
 * Runs the real `openssl` CLI and returns its stdout as text; throws OpensslError on a non-zero exit.
 *
 * @example
 * const text = await openssl(['x509', '-noout', '-text'], { input: certificatePem });
 */
export async function openssl(
  args: readonly string[],
  options: { input?: string | Uint8Array | undefined; cwd?: string } = {},
): Promise<string> {
  return (await opensslRaw(args, options)).stdout.toString('utf8');
}

/** Like {@link openssl} but returns stdout as bytes (for DER and PKCS#12 output). */
export async function opensslRaw(
  args: readonly string[],
  options: { input?: string | Uint8Array | undefined; cwd?: string } = {},
): Promise<ProcessResult> {
  const result = await runProcess('openssl', args, options);
  if (result.code !== 0) throw new OpensslError(args, result);
  return result;
}

/** Runs `openssl` and resolves with the whole result whatever the exit code (for expected failures). */
export function opensslResult(
  args: readonly string[],
  options: { input?: string | Uint8Array | undefined; cwd?: string } = {},
): Promise<ProcessResult> {
  return runProcess('openssl', args, options);
}
