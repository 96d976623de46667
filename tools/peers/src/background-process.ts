import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** A server process a test started: its output so far, and `stop()`. */
export interface BackgroundProcess {
  pid: number;
  /** Everything it printed so far (stdout and stderr, interleaved), for failure messages. */
  logs(): string;
  /** True once it has exited. */
  exited(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs` (default 5 s); resolves once it has exited. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a long-running program (never through a shell), keeping the last 256 KiB of its output, and kills it
 * when the test process exits so no server outlives its test file.
 *
 * @param command - the program's path
 * @param args - its arguments
 * @param options.env - extra environment variables (merged over process.env)
 * @param options.argv0 - the name it sees as argv[0] (multi-call binaries dispatch on it)
 */
export function startBackgroundProcess(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string>; argv0?: string; cwd?: string } = {},
): BackgroundProcess {
  const child = spawn(command, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.argv0 ? { argv0: options.argv0 } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-256 * 1024);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let done = false;
  const exit = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', (error) => {
      output += `\n${command}: ${error.message}`;
      resolve();
    });
  }).then(() => {
    done = true;
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    pid: child.pid ?? -1,
    logs: () => output,
    exited: () => done,
    async stop(graceMs = 5_000) {
      process.removeListener('exit', killOnExit);
      if (!done) child.kill('SIGTERM');
      const timedOut = await Promise.race([exit.then(() => false), sleep(graceMs).then(() => true)]);
      if (timedOut) child.kill('SIGKILL');
      await exit;
    },
  };
}

/**
 * Polls `probe` every 100 ms until it resolves true; fails early with the process's output if it exits.
 *
 * @param what - names the peer in the error, e.g. `kube-apiserver`
 */
export async function waitUntilReady(
  what: string,
  process_: BackgroundProcess,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (process_.exited()) throw new Error(`${what} exited during start-up:\n${process_.logs().slice(-4000)}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs} ms:\n${process_.logs().slice(-4000)}`);
    await sleep(100);
  }
}
