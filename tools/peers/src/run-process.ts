import { spawn } from 'node:child_process';

/** What a finished process printed and how it ended. */
export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs a program to completion with optional standard input, never through a shell.
 *
 * @param command - the program, e.g. `openssl`
 * @param args - its arguments
 * @param options.input - bytes written to its standard input (then closed)
 * @param options.cwd - working directory
 * @param options.env - extra environment variables (merged over process.env)
 * @param options.replaceEnv - use `options.env` as the whole environment instead
 * @param options.timeoutMs - kill it after this long (default 60 s)
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { input?: string | Uint8Array | undefined; cwd?: string | undefined; env?: Record<string, string>; replaceEnv?: boolean; timeoutMs?: number | undefined } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.replaceEnv ? options.env : { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.on('error', () => undefined); // the program may exit before reading its input
    child.stdin.end(options.input ?? '');
  });
}
