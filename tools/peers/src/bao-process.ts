import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { baoBinary } from './bao-binary.js';
import { httpGetJson } from './http-get-json.js';
import { runProcess, type ProcessResult } from './run-process.js';

/** A running `bao server` process. */
export interface BaoProcess {
  readonly child: ChildProcess;
  /** Everything the server printed so far (stdout and stderr). */
  logs(): string;
  /** Resolves once the process has exited. */
  readonly exited: Promise<void>;
  /** True while the process runs. */
  running(): boolean;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it exited. */
  stop(): Promise<void>;
}

/**
 * The environment a test's bao processes run with: the caller's, minus every BAO_* and VAULT_* setting (the
 * user's own server and token must not leak in), with HOME at `home` (so `~/.vault-token` is the test's).
 */
export function baoEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(BAO|VAULT)_/.test(k)) env[k] = v;
  return { ...env, HOME: home, ...extra };
}

/** Starts `bao server <args>` in `home` (see {@link baoEnv}); the process is killed if the test process exits. */
export function spawnBaoServer(args: readonly string[], home: string): BaoProcess {
  const child = spawn(baoBinary(), ['server', ...args], { cwd: home, env: baoEnv(home), stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', (error) => {
      output.push(`spawn error: ${error.message}`);
      resolve();
    });
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const running = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
  void exited.then(() => process.removeListener('exit', killOnExit));
  return {
    child,
    logs: () => output.join(''),
    exited,
    running,
    stop: async () => {
      if (running()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await exited;
    },
  };
}

/**
 * Waits until the server at `addr` answers `GET /v1/sys/health` with a status `ready` accepts (default: 200,
 * i.e. initialized, unsealed and active) and, when given, `logLine` appears in its output; fails early when the
 * process exits.
 */
export async function waitForBao(
  server: BaoProcess,
  addr: string,
  options: { caCert?: string | undefined; timeoutMs?: number | undefined; ready?: (status: number, body: unknown) => boolean; logLine?: RegExp } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  const ready = options.ready ?? ((status) => status === 200);
  let last = 'no answer';
  for (;;) {
    if (!server.running()) throw new Error(`bao server exited (${server.child.exitCode ?? server.child.signalCode}) before it was ready:\n${server.logs()}`);
    const answer = await httpGetJson(`${addr}/v1/sys/health`, { caCert: options.caCert }).catch((e: Error) => e);
    if (!(answer instanceof Error)) {
      if (ready(answer.status, answer.body) && (options.logLine === undefined || options.logLine.test(server.logs()))) return;
      last = `HTTP ${answer.status} ${JSON.stringify(answer.body)}`;
    } else last = answer.message;
    if (Date.now() > deadline) throw new Error(`bao at ${addr} not ready after ${options.timeoutMs ?? 20_000} ms (${last}):\n${server.logs()}`);
    await sleep(50);
  }
}

/** How {@link runBaoCli} reaches the server: set as BAO_ADDR, BAO_TOKEN and BAO_CACERT (a file path). */
export interface BaoCliTarget {
  addr: string;
  token?: string;
  caCertPath?: string;
  /** HOME for the CLI (its `~/.vault-token`); default the OS temp dir. */
  home?: string;
}

/** Runs the `bao` CLI (e.g. `['operator', 'seal']`) against `target`; resolves with its result whatever the exit code. */
export function runBaoCli(target: BaoCliTarget, args: readonly string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<ProcessResult> {
  const env: Record<string, string> = { BAO_ADDR: target.addr, ...options.env };
  if (target.token !== undefined) env['BAO_TOKEN'] = target.token;
  if (target.caCertPath !== undefined) env['BAO_CACERT'] = target.caCertPath;
  const full = baoEnv(target.home ?? process.env['TMPDIR'] ?? '/tmp', env);
  return runProcess(baoBinary(), args, { input: options.input, env: full as Record<string, string>, replaceEnv: true });
}

/** Like {@link runBaoCli}, but throws with the CLI's stderr on a non-zero exit; resolves with stdout. */
export async function baoCli(target: BaoCliTarget, args: readonly string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<string> {
  const result = await runBaoCli(target, args, options);
  if (result.code !== 0) throw new Error(`bao ${args.join(' ')} exited with ${result.code ?? result.signal}: ${result.stderr.trim()}`);
  return result.stdout.toString('utf8');
}
