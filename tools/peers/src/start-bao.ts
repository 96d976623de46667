import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { baoCli, runBaoCli, spawnBaoServer, waitForBao, type BaoProcess } from './bao-process.js';
import { makeLoopbackTlsMaterial, type TlsMaterial } from './bao-tls-material.js';
import { freePort, freePortPair } from './free-port.js';
import { makeTempDir } from './temp-dir.js';

/** How {@link startBao} runs the server. */
export interface StartBaoOptions {
  /**
   * Serve the API over TLS: `true` makes a throw-away CA and server certificate with openssl; or pass your own
   * (e.g. made by pki-core). The plain dev listener stays up on `devAddr`. Default false.
   */
  tls?: boolean | TlsMaterial;
  /**
   * With `tls`: require and verify a TLS client certificate signed by this CA (PEM) on the TLS listener
   * (`tls_require_and_verify_client_cert`). The plain dev listener (`devAddr`, used by `cli()`) stays open.
   */
  tlsClientCaPem?: string;
  /** The root token (default `root`). */
  rootToken?: string;
  /** Extra server configuration in HCL, e.g. an `audit "file" "..." { ... }` stanza. */
  config?: string;
  /** How long to wait for the server (default 20 s). */
  startTimeoutMs?: number;
}

/** A running `bao server -dev` (in-memory storage, unsealed, KV v2 at `secret/`). Call `stop()` in `afterAll`. */
export interface BaoServer {
  /** `http://127.0.0.1:<port>`, or `https://…` with `tls`. */
  addr: string;
  /** The plain-http dev listener (the same as `addr` without `tls`). */
  devAddr: string;
  /** The root token. */
  token: string;
  /** With `tls`: the PEM of the CA that signed the server's certificate (set VAULT_CACERT to `caCertPath`). */
  caCert?: string;
  caCertPath?: string | undefined;
  /** The dev server's unseal key (for `unseal()`). */
  unsealKey: string;
  /** A private temp dir for files the test writes (removed by `stop()`). */
  dir: string;
  /** The server's log so far. */
  logs(): string;
  /** `bao operator seal`. */
  seal(): Promise<void>;
  /** `bao operator unseal <key>`, then waits until it serves again. */
  unseal(): Promise<void>;
  /** Runs the `bao` CLI against this server as root; resolves with stdout, throws with stderr on failure. */
  cli(args: readonly string[], options?: { input?: string; token?: string }): Promise<string>;
  /** The server process (e.g. to kill it). */
  process: BaoProcess;
  stop(): Promise<void>;
}

/**
 * Starts the real OpenBao `bao server -dev` on a free 127.0.0.1 port with a known root token
 * (`-dev-no-store-token`, its own HOME: the user's ~/.vault-token is never touched), optionally with a TLS
 * listener on another port using a certificate of ours. Resolves once `sys/health` answers 200.
 *
 * @param options - see {@link StartBaoOptions}
 * @throws BaoMissingError when bao is not installed (naming scripts/peers/install-bao.sh)
 * @example
 * const bao = await startBao();
 * const store = new VaultKvBackend({ addr: bao.addr, token: bao.token, prefix: 'test' });
 * await bao.stop();
 */
export async function startBao(options: StartBaoOptions = {}): Promise<BaoServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      // Another process may take a port between our probe and bao's bind: try again with new ports.
      if (attempt >= 3 || !/address already in use/.test((error as Error).message)) throw error;
    }
  }
}

async function startOnce(options: StartBaoOptions): Promise<BaoServer> {
  const dir = await makeTempDir('mtlsctl-bao-');
  const token = options.rootToken ?? 'root';
  let server: BaoProcess | undefined;
  try {
    const devPort = await freePortPair();
    const devAddr = `http://127.0.0.1:${devPort}`;
    const args = ['-dev', `-dev-root-token-id=${token}`, `-dev-listen-address=127.0.0.1:${devPort}`, '-dev-no-store-token'];
    let config = options.config ?? '';
    let addr = devAddr;
    let tls: TlsMaterial | undefined;
    let caCertPath: string | undefined;
    if (options.tls) {
      tls = options.tls === true ? await makeLoopbackTlsMaterial(dir.path) : options.tls;
      caCertPath = join(dir.path, 'bao-ca.pem');
      await writeFile(join(dir.path, 'bao-tls.crt'), tls.certPem);
      await writeFile(join(dir.path, 'bao-tls.key'), tls.keyPem, { mode: 0o600 });
      await writeFile(caCertPath, tls.caCertPem);
      const clientCa = options.tlsClientCaPem ? join(dir.path, 'bao-client-ca.pem') : undefined;
      if (clientCa) await writeFile(clientCa, options.tlsClientCaPem as string);
      const [port, clusterPort] = [await freePort(), await freePort()];
      addr = `https://127.0.0.1:${port}`;
      config += `
listener "tcp" {
  address         = "127.0.0.1:${port}"
  cluster_address = "127.0.0.1:${clusterPort}"
  tls_cert_file   = "${join(dir.path, 'bao-tls.crt')}"
  tls_key_file    = "${join(dir.path, 'bao-tls.key')}"${clientCa ? `
  tls_client_ca_file = "${clientCa}"
  tls_require_and_verify_client_cert = true` : ''}
}
`;
    }
    if (config !== '') {
      await writeFile(join(dir.path, 'extra.hcl'), config);
      args.push(`-config=${join(dir.path, 'extra.hcl')}`);
    }
    server = spawnBaoServer(args, dir.path);
    // Dev mode mounts secret/ after it reports healthy, then prints the unseal key: wait for that line.
    // A listener that wants a client certificate cannot be health-checked without one: wait on the dev listener.
    const probe = options.tlsClientCaPem ? devAddr : addr;
    const probeCa = options.tlsClientCaPem ? undefined : tls?.caCertPem;
    await waitForBao(server, probe, { caCert: probeCa, timeoutMs: options.startTimeoutMs, logLine: /Unseal Key: \S+/ });
    const unsealKey = /Unseal Key: (\S+)/.exec(server.logs())?.[1] ?? '';
    const proc = server;
    const target = options.tlsClientCaPem ? { addr: devAddr, token, home: dir.path } : { addr, token, home: dir.path, ...(caCertPath ? { caCertPath } : {}) };
    const cli = (cliArgs: readonly string[], o: { input?: string; token?: string } = {}) =>
      baoCli({ ...target, token: o.token ?? token }, cliArgs, o.input === undefined ? {} : { input: o.input });
    return {
      addr,
      devAddr,
      token,
      ...(tls ? { caCert: tls.caCertPem, caCertPath } : {}),
      unsealKey,
      dir: dir.path,
      logs: () => proc.logs(),
      process: proc,
      cli,
      seal: async () => void (await cli(['operator', 'seal'])),
      unseal: async () => {
        const result = await runBaoCli(target, ['operator', 'unseal', unsealKey]);
        if (result.code !== 0) throw new Error(`bao operator unseal failed: ${result.stderr}`);
        await waitForBao(proc, probe, { caCert: probeCa });
      },
      stop: async () => {
        await proc.stop();
        await dir.remove();
      },
    };
  } catch (error) {
    await server?.stop();
    await dir.remove();
    throw error;
  }
}
