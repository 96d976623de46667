import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { renderHaproxyTestConfig, type HaproxyVerify } from './haproxy-config.js';
import { freePort } from './free-port.js';
import { makeTempDir } from './temp-dir.js';

/** What {@link startHaproxy} serves. All PEM text, written to a fresh temp directory. */
export interface StartHaproxyOptions {
  /** The server certificate (chain) PEM HAProxy presents. */
  certPem: string;
  /** The server private key PEM. */
  keyPem: string;
  /** The trusted client CAs (`ca-file`), e.g. a rendered `tls.crt`. */
  caFilePem: string;
  /** CRLs (`crl-file`); omitted: no `crl-file` on the bind line. */
  crlFilePem?: string;
  /** Frontend lines run before the final `return 200` (a text block or lines), e.g. deny rules. */
  denyRules?: string | readonly string[];
  /** `verify` on the bind line (default `required`). */
  verify?: HaproxyVerify;
  /** How long to wait for the port to accept connections (default 10 s). */
  startTimeoutMs?: number;
}

/** A running haproxy. `close()` stops it and deletes its files; call it in `afterAll`. */
export interface HaproxyInstance {
  port: number;
  /** `https://127.0.0.1:<port>/` */
  url: string;
  /** The generated haproxy.cfg (for failure messages). */
  config: string;
  /** Everything haproxy printed so far: access log lines (stdout) and alerts/warnings (stderr). */
  logs(): string;
  close(): Promise<void>;
}

/** haproxy refused its configuration or did not start listening; its output is in the message. */
export class HaproxyStartError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(`${message}\n--- haproxy output ---\n${output}`);
    this.name = 'HaproxyStartError';
  }
}

/**
 * Runs the real `haproxy -f <cfg> -db` (foreground) on 127.0.0.1 and a free port, terminating mTLS with
 * `verify required` against `caFilePem` (and `crl-file` when given), answering `200 ok` to every request
 * the deny rules let through. Resolves once the port accepts connections.
 *
 * @param options - see {@link StartHaproxyOptions}
 * @example
 * const haproxy = await startHaproxy({ certPem, keyPem, caFilePem: trustBundlePem(ca.value.trusted) });
 * try { expect((await requestThroughHaproxy({ port: haproxy.port, cert, key, ca })).status).toBe(200); }
 * finally { await haproxy.close(); }
 */
export async function startHaproxy(options: StartHaproxyOptions): Promise<HaproxyInstance> {
  const dir = await makeTempDir('mtlsctl-haproxy-');
  try {
    const crtPath = join(dir.path, 'server.pem');
    const caFilePath = join(dir.path, 'ca.pem');
    const crlFilePath = options.crlFilePem === undefined ? undefined : join(dir.path, 'crl.pem');
    await writeFile(crtPath, `${options.certPem.trimEnd()}\n${options.keyPem.trimEnd()}\n`, { mode: 0o600 });
    await writeFile(caFilePath, options.caFilePem);
    if (crlFilePath !== undefined) await writeFile(crlFilePath, options.crlFilePem ?? '');
    const port = await freePort();
    const config = renderHaproxyTestConfig({
      port,
      crtPath,
      caFilePath,
      crlFilePath,
      verify: options.verify,
      frontendLines: ruleLines(options.denyRules),
    });
    const configPath = join(dir.path, 'haproxy.cfg');
    await writeFile(configPath, config);
    const child = spawn('haproxy', ['-f', configPath, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    let spawnError: Error | undefined;
    const exited = new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.once('error', (error) => {
        spawnError = error;
        resolve();
      });
    });
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    const close = async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await dir.remove();
    };
    try {
      await waitUntilListening(child, port, options.startTimeoutMs ?? 10_000, () => spawnError);
    } catch (error) {
      await close();
      throw new HaproxyStartError(`haproxy did not start: ${(error as Error).message}`, `${output.join('')}\n--- config ---\n${config}`);
    }
    return { port, url: `https://127.0.0.1:${port}/`, config, logs: () => output.join(''), close };
  } catch (error) {
    await dir.remove();
    throw error;
  }
}

/** The version haproxy reports, e.g. `2.6.12`, or throws when haproxy is not installed. */
export async function haproxyVersion(): Promise<string> {
  const child = spawn('haproxy', ['-v'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', () => resolve());
  });
  const match = /HAProxy version (\S+)/.exec(Buffer.concat(chunks).toString('utf8'));
  if (match?.[1] === undefined) throw new Error('haproxy -v printed no version: install haproxy (apt-get install haproxy)');
  return match[1];
}

function ruleLines(rules: string | readonly string[] | undefined): string[] {
  if (rules === undefined) return [];
  const lines = typeof rules === 'string' ? rules.split('\n') : [...rules];
  return lines.map((line) => line.trim()).filter((line) => line !== '');
}

async function waitUntilListening(
  child: ChildProcess,
  port: number,
  timeoutMs: number,
  spawnError: () => Error | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const error = spawnError();
    if (error !== undefined) throw new Error(`cannot run haproxy (${error.message}): install it (apt-get install haproxy)`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`haproxy exited with ${child.exitCode ?? child.signalCode}`);
    }
    if (await canConnect(port)) return;
    if (Date.now() > deadline) throw new Error(`port ${port} not accepting connections after ${timeoutMs} ms`);
    await sleep(25);
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
