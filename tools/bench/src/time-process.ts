import { spawn } from 'node:child_process';

/** How one child process run went. */
export interface TimedRun {
  /** Wall-clock milliseconds from spawn to exit. */
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size in MB, when measured (`rss: true`, through GNU time). */
  peakRssMb?: number;
}

/**
 * Runs a command and times it (wall clock, spawn to exit), optionally through `/usr/bin/time -f %M` for the
 * peak RSS (that wrapper is then part of the time: do not compare those times with plain ones).
 *
 * @param command - the program
 * @param args - its arguments
 * @param options.env - extra environment
 * @param options.rss - measure the peak RSS
 * @throws when the command exits non-zero
 */
export function timeProcess(command: string, args: readonly string[], options: { env?: Record<string, string>; rss?: boolean; cwd?: string } = {}): Promise<TimedRun> {
  const [program, argv] = options.rss ? ['/usr/bin/time', ['-f', 'mtlsctl-bench-rss %M', command, ...args]] : [command, [...args]];
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(program as string, argv as string[], { env: { ...process.env, ...options.env }, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      let stderr = Buffer.concat(err).toString();
      let peakRssMb: number | undefined;
      const rss = /mtlsctl-bench-rss (\d+)\s*$/.exec(stderr);
      if (rss) {
        peakRssMb = Number(rss[1]) / 1024;
        stderr = stderr.slice(0, rss.index);
      }
      const run: TimedRun = { ms, code, stdout: Buffer.concat(out).toString(), stderr, ...(peakRssMb === undefined ? {} : { peakRssMb }) };
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.trim().slice(0, 400)}`));
      else resolve(run);
    });
  });
}
