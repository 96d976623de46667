import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { FaultInjector } from './fault-injector.js';
import { HttpMethodRewriter, ORIGINAL_METHOD_HEADER } from './http-method-rewriter.js';
import { MountTable } from './mount-table.js';
import { PolicyStore } from './policy-store.js';
import { TokenStore, newTokenId } from './token-store.js';
import { routeRequest, type VaultState } from './vault-router.js';

/** Options of {@link startVaultEmulator}. */
export interface VaultEmulatorOptions {
  /** TCP port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** The root token (default: a random `hvs.` token). */
  rootToken?: string;
  /** Start with `secret/` mounted as KV v2, like `vault server -dev` (default true). */
  devMounts?: boolean;
  /** Serve HTTPS with this PEM key and certificate (default: plain HTTP). */
  tls?: { key: string; cert: string };
  /** The clock for versions, token expiry (default `() => new Date()`). */
  now?: () => Date;
}

/** One request the emulator received (never with its token). */
export interface RecordedRequest {
  method: string;
  path: string;
  /** The HTTP status answered, or `dropped`. */
  status: number | 'dropped';
  namespace: string | undefined;
}

/** A running emulator. */
export interface VaultEmulator {
  /** e.g. `http://127.0.0.1:41234`. */
  addr: string;
  rootToken: string;
  faults: FaultInjector;
  /** Every request so far, in order. */
  requests: RecordedRequest[];
  /** Seals the emulator: every authenticated endpoint answers 503 `Vault is sealed`. */
  seal(): void;
  unseal(): void;
  /** Creates an orphan token with these policies (plus `default`) and returns it. */
  createToken(policies: string[], options?: { ttlSeconds?: number }): string;
  /** Writes an ACL policy directly (as `vault policy write` would). */
  writePolicy(name: string, text: string): void;
  close(): Promise<void>;
}

/**
 * Starts an in-memory test double of the Vault HTTP API on 127.0.0.1: KV v2, `sys/mounts`, ACL policies (enforced),
 * audit devices, `sys/capabilities-self`, token creation and lookup, with fault injection. The LIST verb works
 * (a front proxy rewrites it for Node's HTTP parser) as does `GET ?list=true`.
 *
 * @example
 * const vault = await startVaultEmulator();
 * const res = await fetch(`${vault.addr}/v1/sys/health`);
 * await vault.close();
 */
export async function startVaultEmulator(options: VaultEmulatorOptions = {}): Promise<VaultEmulator> {
  const now = options.now ?? (() => new Date());
  const rootToken = options.rootToken ?? newTokenId();
  const state: VaultState = {
    tokens: new TokenStore(rootToken, now),
    mounts: new MountTable(now, options.devMounts ?? true),
    policies: new PolicyStore(),
    audits: new Map(),
    sealed: false,
    version: '1.17.0+emulator',
  };
  const faults = new FaultInjector();
  const requests: RecordedRequest[] = [];

  const inner = http.createServer((req, res) => {
    handle(req, res, state, faults, requests).catch(() => res.destroy());
  });
  await listen(inner, 0);
  const innerPort = (inner.address() as AddressInfo).port;

  const sockets = new Set<net.Socket>();
  const onClient = (client: net.Socket): void => {
    const upstream = net.connect({ port: innerPort, host: '127.0.0.1', noDelay: true });
    client.setNoDelay(true);
    sockets.add(client).add(upstream);
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', closeBoth).on('close', closeBoth);
    upstream.on('error', closeBoth).on('close', closeBoth);
    client.pipe(new HttpMethodRewriter()).pipe(upstream);
    upstream.pipe(client);
  };
  const front = options.tls ? tls.createServer({ key: options.tls.key, cert: options.tls.cert }, onClient) : net.createServer(onClient);
  await listen(front, options.port ?? 0);
  const port = (front.address() as AddressInfo).port;

  return {
    addr: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    rootToken,
    faults,
    requests,
    seal: () => void (state.sealed = true),
    unseal: () => void (state.sealed = false),
    createToken: (policies, o = {}) => state.tokens.add(policies, o.ttlSeconds ?? 0).id,
    writePolicy: (name, text) => state.policies.put(name, text),
    close: async () => {
      for (const s of sockets) s.destroy();
      inner.closeAllConnections();
      await Promise.all([close(front), close(inner)]);
    },
  };
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, state: VaultState, faults: FaultInjector, log: RecordedRequest[]): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const listQuery = ['true', '1'].includes(url.searchParams.get('list') ?? '');
  const method = req.headers[ORIGINAL_METHOD_HEADER] === 'LIST' || (req.method === 'GET' && listQuery) ? 'LIST' : (req.method ?? 'GET');
  const namespace = typeof req.headers['x-vault-namespace'] === 'string' ? req.headers['x-vault-namespace'] : undefined;
  const raw = await readBody(req);
  let path: string;
  try {
    if (!url.pathname.startsWith('/v1/')) throw new Error('not under /v1/');
    path = url.pathname.slice(4).split('/').map(decodeURIComponent).join('/');
  } catch {
    return send(res, log, { method, path: url.pathname, namespace }, 404, { errors: [] });
  }
  const entry = { method, path, namespace };
  const delay = faults.takeDelay(method, path);
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  const fault = faults.take(method, path);
  if (fault.kind === 'fail') return send(res, log, entry, fault.status, { errors: fault.errors });
  if (fault.kind === 'drop' && !fault.after) return drop(res, log, entry);
  let body: Record<string, unknown> = {};
  if (raw.length > 0) {
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch (error) {
      return send(res, log, entry, 400, { errors: [`failed to parse JSON input: ${(error as Error).message}`] });
    }
  }
  const header = req.headers['x-vault-token'];
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const token = (typeof header === 'string' ? header : undefined) ?? bearer;
  const answer = routeRequest({ method, path, query: url.searchParams, token, body }, state);
  if (fault.kind === 'drop') return drop(res, log, entry);
  send(res, log, entry, answer.status, answer.body);
}

function send(res: http.ServerResponse, log: RecordedRequest[], entry: Omit<RecordedRequest, 'status'>, status: number, body: unknown): void {
  log.push({ ...entry, status });
  if (status === 204 || body === undefined) {
    res.writeHead(status === 200 ? 204 : status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) }).end(text);
}

function drop(res: http.ServerResponse, log: RecordedRequest[], entry: Omit<RecordedRequest, 'status'>): void {
  log.push({ ...entry, status: 'dropped' });
  res.socket?.destroy();
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function listen(server: net.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
