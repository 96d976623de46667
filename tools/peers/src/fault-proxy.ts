import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpRequestParser, type RawHttpRequest } from './http-request-parser.js';

/** Which requests a fault applies to: the API path after `/v1/` without the query (prefix string or RegExp), and/or the method. */
export interface FaultFilter {
  path?: string | RegExp;
  /** `GET`, `POST`, `PUT`, `DELETE`, `LIST` (a `?list=true` GET counts as `LIST`). */
  method?: string;
}

/** One request the proxy saw (never its token). `status` is the answer sent, or `dropped`. */
export interface ProxiedRequest {
  method: string;
  /** The API path after `/v1/`, percent-decoded, without the query or a trailing slash. */
  path: string;
  status: number | 'dropped';
  /** What the proxy did: `forwarded`, `failed` (answered itself), `dropped-before` or `dropped-after` forwarding. */
  action: 'forwarded' | 'failed' | 'dropped-before' | 'dropped-after';
}

/** A fault-injecting HTTP proxy in front of a real server. */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: point the client here. */
  addr: string;
  /** Answers the next `count` matching requests itself with `status` (default 500) and `{"errors": errors}`, without forwarding. */
  failNext(count: number, options?: FaultFilter & { status?: number; errors?: string[] }): void;
  /** Closes the connection of the next `count` matching requests; with `after`, first forwards (the change applies, the answer is lost). */
  dropNext(count: number, options?: FaultFilter & { after?: boolean }): void;
  /** Holds the next `count` matching requests `ms` before forwarding them. */
  delayNext(count: number, ms: number, options?: FaultFilter): void;
  /** Adds `ms` before every request (0 to stop). */
  setLatency(ms: number): void;
  /** Removes every pending fault and the latency. */
  clear(): void;
  /** Every request seen, in order of completion. */
  readonly requests: ProxiedRequest[];
  /** Resolves once no request is being held, forwarded or answered (e.g. a delayed write has landed). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface Rule {
  filter: FaultFilter;
  remaining: number;
  action: { kind: 'fail'; status: number; errors: string[] } | { kind: 'drop'; after: boolean } | { kind: 'delay'; ms: number };
}

/**
 * Starts a proxy on a free 127.0.0.1 port forwarding every request to `target` (e.g. a {@link startBao}
 * server), injecting the faults a real server will not show on demand: 5xx answers, dropped connections,
 * latency, and a write forwarded whose answer is lost. It parses requests itself, so Vault's `LIST` verb passes.
 *
 * @param target - the upstream base URL, e.g. `http://127.0.0.1:8200` or `https://…`
 * @param options.caCert - the CA to trust when `target` is https
 * @example
 * const proxy = await startFaultProxy(bao.addr);
 * proxy.failNext(2, { status: 502, path: 'secret/data/pki/ca', method: 'GET' });
 */
export async function startFaultProxy(target: string, options: { caCert?: string } = {}): Promise<FaultProxy> {
  const upstream = new URL(target);
  const rules: Rule[] = [];
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  let latencyMs = 0;
  let inFlight = 0;
  let idleWaiters: Array<() => void> = [];
  const settle = () => {
    if (inFlight > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  const take = (kind: Rule['action']['kind'], method: string, path: string) => {
    const rule = rules.find((r) => r.action.kind === kind && r.remaining > 0 && matches(r.filter, method, path));
    if (rule) rule.remaining--;
    return rule?.action;
  };

  const handle = async (socket: Socket, raw: RawHttpRequest): Promise<boolean> => {
    const url = new URL(raw.target, 'http://proxy');
    const path = decodePath(url.pathname.replace(/^\/v1\//, '').replace(/\/+$/, ''));
    const method = raw.method === 'GET' && url.searchParams.get('list') === 'true' ? 'LIST' : raw.method;
    const delay = take('delay', method, path);
    const wait = latencyMs + (delay?.kind === 'delay' ? delay.ms : 0);
    if (wait > 0) await sleep(wait);
    const fault = take('fail', method, path) ?? take('drop', method, path);
    if (fault?.kind === 'fail') {
      requests.push({ method, path, status: fault.status, action: 'failed' });
      writeResponse(socket, fault.status, { 'content-type': 'application/json' }, Buffer.from(JSON.stringify({ errors: fault.errors })));
      return true;
    }
    if (fault?.kind === 'drop' && !fault.after) {
      requests.push({ method, path, status: 'dropped', action: 'dropped-before' });
      socket.destroy();
      return false;
    }
    const answer = await forward(upstream, raw, options.caCert).catch((error: Error) => error);
    if (fault?.kind === 'drop' || answer instanceof Error || socket.destroyed) {
      requests.push({ method, path, status: 'dropped', action: fault?.kind === 'drop' ? 'dropped-after' : 'forwarded' });
      socket.destroy();
      return false;
    }
    requests.push({ method, path, status: answer.status, action: 'forwarded' });
    writeResponse(socket, answer.status, answer.headers, answer.body);
    return true;
  };

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const parser = new HttpRequestParser();
    let queue = Promise.resolve(true);
    socket.on('data', (chunk: Buffer) => {
      let parsed: RawHttpRequest[];
      try {
        parsed = parser.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const raw of parsed) {
        inFlight++;
        queue = queue
          .then((open) => (open && !socket.destroyed ? handle(socket, raw) : false))
          .catch(() => false)
          .finally(() => {
            inFlight--;
            settle();
          });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('fault proxy has no address');
  return {
    addr: `http://127.0.0.1:${address.port}`,
    failNext: (count, o = {}) =>
      rules.push({ filter: o, remaining: count, action: { kind: 'fail', status: o.status ?? 500, errors: o.errors ?? ['injected fault'] } }),
    dropNext: (count, o = {}) => rules.push({ filter: o, remaining: count, action: { kind: 'drop', after: o.after ?? false } }),
    delayNext: (count, ms, o = {}) => rules.push({ filter: o, remaining: count, action: { kind: 'delay', ms } }),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    clear: () => {
      rules.length = 0;
      latencyMs = 0;
    },
    requests,
    idle: () => new Promise<void>((resolve) => {
      idleWaiters.push(resolve);
      settle();
    }),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function matches(filter: FaultFilter, method: string, path: string): boolean {
  if (filter.method && filter.method.toUpperCase() !== method) return false;
  if (filter.path === undefined) return true;
  return typeof filter.path === 'string' ? path.startsWith(filter.path.replace(/^\/+/, '')) : filter.path.test(path);
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'proxy-connection', 'te', 'trailer']);

function forward(upstream: URL, raw: RawHttpRequest, caCert: string | undefined): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw.headers)) if (!HOP_BY_HOP.has(k) && k !== 'host') headers[k] = v;
    headers['content-length'] = String(raw.body.length);
    headers['host'] = upstream.host;
    const send = upstream.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      { protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port, method: raw.method, path: raw.target, headers, ca: caCert, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(raw.body);
  });
}

function writeResponse(socket: Socket, status: number, headers: IncomingHttpHeaders, body: Buffer): void {
  if (socket.destroyed) return;
  const lines = [`HTTP/1.1 ${status} ${status < 400 ? 'OK' : 'Error'}`];
  for (const [k, v] of Object.entries(headers)) {
    if (HOP_BY_HOP.has(k) || v === undefined) continue;
    for (const value of Array.isArray(v) ? v : [v]) lines.push(`${k}: ${value}`);
  }
  lines.push(`content-length: ${body.length}`, 'connection: keep-alive', '', '');
  socket.write(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]));
}
