import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built `mtlsctl-sync-verifier` entry point. */
export const VERIFIER_BIN = fileURLToPath(new URL('../bin/mtlsctl-sync-verifier.js', import.meta.url));

/** A running verifier process: its JSON log lines, and a way to wait for one or for its exit. */
export interface VerifierProcess {
  child: ChildProcess;
  lines: () => Record<string, unknown>[];
  stderr: () => string;
  waitForLine(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs the built binary with only the given environment (plus PATH and HOME). */
export function runVerifier(args: string[], env: Record<string, string>): VerifierProcess {
  const child = spawn(process.execPath, [VERIFIER_BIN, ...args], { env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  const err: string[] = [];
  child.stdout!.on('data', (c: Buffer) => out.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => err.push(c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const lines = () =>
    out
      .join('')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    child,
    lines,
    stderr: () => err.join(''),
    exited,
    async waitForLine(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines().find(predicate);
        if (found) return found;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no such log line; stdout:\n${out.join('')}\nstderr:\n${err.join('')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
