import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built `mtlsctl` entry point. */
export const CLI = fileURLToPath(new URL('../bin/run.js', import.meta.url));

/** How one `mtlsctl` run ended. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs). */
  json<T = Record<string, unknown>>(): T;
}

/** How to run it. */
export interface RunCliOptions {
  env?: Record<string, string>;
  cwd?: string;
  input?: string;
  onStderr?: (chunk: string) => void;
  /**
   * A slow consumer: stdout is not read until `resumeStdout()` or the process's exit, so the CLI's writes fill
   * the pipe and queue in its own process (what it has not handed over when it exits is lost).
   */
  holdStdout?: boolean;
}

/**
 * Runs the built `mtlsctl` binary as a user would: a child process with its own environment (HOME and
 * MTLSCTL_HOME point where the test says; no Vault or OpenBao variables leak in from the machine).
 */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliResult> & { kill(signal: NodeJS.Signals): void; resumeStdout(): void } {
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(VAULT|BAO|MTLSCTL)_/.test(key)) base[key] = value;
  }
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...base, NODE_ENV: 'production', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: string[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  const resumeStdout = () => child.stdout.resume();
  if (options.holdStdout) {
    child.stdout.pause();
    child.once('exit', resumeStdout);
  }
  child.stderr.on('data', (c: Buffer) => {
    err.push(c.toString());
    options.onStderr?.(c.toString());
  });
  // A child that exits before it reads its input (a usage error, say) closes the pipe: the write then fails with
  // EPIPE, which is no fault of the test and must not surface as an uncaught error in vitest.
  child.stdin.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  child.stdin.end(options.input ?? '');
  const promise = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString();
      resolve({
        code,
        stdout,
        stderr: err.join(''),
        json<T>() {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`stdout is not JSON (exit ${code}):\n${stdout}\nstderr:\n${err.join('')}`);
          }
        },
      });
    });
  });
  return Object.assign(promise, { kill: (signal: NodeJS.Signals) => void child.kill(signal), resumeStdout });
}
