import nodeVault from 'node-vault';
import { StoreConfigError } from '../errors/store-config-error.js';
import { PermissionDeniedError } from '../errors/permission-denied-error.js';
import { VaultError } from '../errors/vault-error.js';
import { VaultSealedError } from '../errors/vault-sealed-error.js';
import { retryDelayMs } from './retry-delay.js';
import type { VaultConfigSources } from './vault-config-from-env.js';
import { TokenKeeper, type TokenRenewalOptions } from './token-keeper.js';

/** An HTTP seam under node-vault: send one request, resolve with the status and parsed JSON body. */
export type VaultHttpTransport = (request: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
}) => Promise<{ status: number; body: unknown }>;

/** How to reach Vault and how hard to try. */
export interface VaultConnectionOptions {
  /** e.g. `https://vault.example:8200` (VAULT_ADDR). */
  addr: string;
  token: string;
  /** Enterprise namespace, sent as X-Vault-Namespace. */
  namespace?: string;
  /** PEM of the CA that signed Vault's certificate (VAULT_CACERT). */
  caCert?: string;
  /** Do not verify Vault's certificate (VAULT_SKIP_VERIFY). */
  skipVerify?: boolean;
  /** PEM of the client certificate for TLS client authentication (VAULT_CLIENT_CERT); needs `clientKey`. */
  clientCert?: string;
  /** PEM of the client certificate's private key (VAULT_CLIENT_KEY). */
  clientKey?: string;
  /** Per-request timeout (default 10 000 ms). */
  requestTimeoutMs?: number;
  /** Retries of idempotent requests on 5xx, 429, network errors and timeouts (default 3). */
  retries?: number;
  /** First backoff delay, doubled each retry, with jitter (default 200 ms; at most 5 s). */
  retryBaseDelayMs?: number;
  /** Replaces node-vault's HTTP client (axios). */
  http?: VaultHttpTransport;
  /** Waits between retries (default setTimeout). */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source (default Math.random). */
  random?: () => number;
  /** Which variable each setting came from (from `vaultConfigFromEnv`), so messages name BAO_ADDR or VAULT_ADDR rightly. */
  sources?: VaultConfigSources;
  /**
   * When `addr` is a standby of an HA cluster (`sys/leader`), send every request to the active node it names
   * (default true). OpenBao standbys answer reads from their own copy, which lags the active node's: a
   * check-and-set flow that reads there sees stale versions.
   */
  followLeader?: boolean;
  /** Through a standby: how long to keep retrying while the cluster elects a new active node (default 60 000 ms). */
  failoverTimeoutMs?: number;
  /**
   * Keep the token alive during long runs (default on): renew a renewable token when less than
   * `renewBelowSeconds` (default 300) is left, and warn (through `onWarning`) about one that will run out.
   * `false` turns it off.
   */
  tokenRenewal?: TokenRenewalOptions | false;
  /** Where warnings go (token about to expire); default: nowhere. */
  onWarning?: (message: string) => void;
  /** A client for logging in (`auth/<method>/login`): no token is needed or sent, and the token keeper is off. */
  login?: boolean;
}

/** One Vault API call. */
export interface VaultRequest<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'LIST';
  /** API path after `/v1/`, segments unencoded, e.g. `secret/data/pki/clients/alice`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Safe to send twice (reads, LIST, metadata, deletes, check-and-set writes). */
  idempotent: boolean;
  /** The capability needed, for the 403 message. */
  capability: string;
  /** Which policy grants it, for the 403 message. */
  policyHint: string;
  /** Resolve 404 as undefined instead of failing. */
  notFoundIsUndefined?: boolean;
  /** Turns the 2xx body into the result. */
  parse: (body: unknown) => T;
  /** Before each retry: did the previous attempt take effect after all? Its result if so (e.g. a lost cas-write answer). */
  resolveLostResponse?: () => Promise<T | undefined>;
}

type NodeVault = ReturnType<typeof nodeVault>;

type Outcome =
  | { kind: 'ok'; body: unknown }
  | { kind: 'status'; status: number; details: string[] }
  | { kind: 'network'; code: string; message: string }
  /** The address's scheme does not match the listener: `http://` to TLS, or `https://` to plain HTTP. */
  | { kind: 'scheme'; listener: 'tls' | 'plain' };

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS|DEPTH_ZERO|HOSTNAME/;

/**
 * Vault's HTTP API through node-vault, with what node-vault lacks: typed errors that never carry the token,
 * retries with exponential backoff and jitter for idempotent calls, per-request timeouts, and a guard for
 * writes whose answer was lost. Tokens are never logged (node-vault's debug output is silenced: it prints
 * request bodies, which hold private keys).
 *
 * @example
 * const client = new VaultClient({ addr: 'https://vault:8200', token, caCert });
 * const health = await client.send({ method: 'GET', path: 'sys/mounts', idempotent: true, capability: 'read', policyHint: '', parse: (b) => b });
 */
export class VaultClient {
  readonly addr: string;
  private readonly connection: VaultConnectionOptions;
  private readonly vaults = new Map<string, NodeVault>();
  /** Where requests go: `addr`, or the active node a standby `addr` names. */
  private endpoint: string;
  private discovered: Promise<void> | undefined;
  private schemeMismatch: Extract<Outcome, { kind: 'scheme' }> | undefined;
  /** `addr` is a standby of a cluster: failover is worth waiting for. */
  private viaStandby = false;
  private readonly followLeader: boolean;
  private readonly failoverTimeoutMs: number;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly sources: VaultConfigSources;
  private readonly keeper: TokenKeeper | undefined;

  /** @throws StoreConfigError when the address or token is missing or malformed */
  constructor(options: VaultConnectionOptions) {
    this.addr = checkAddr(options.addr, options.sources?.addr);
    if (!options.token && options.login !== true) {
      const empty = options.sources?.token === undefined ? '' : ` (${options.sources.token} is empty)`;
      throw new StoreConfigError({
        setting: 'VAULT_TOKEN',
        message: `no Vault token${empty}: export VAULT_TOKEN or BAO_TOKEN (BAO_TOKEN wins when both are set, as in the bao CLI), or run \`vault login\` / \`bao login\` (they write ~/.vault-token)`,
      });
    }
    this.token = options.token;
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.retries = options.retries ?? 3;
    this.baseDelayMs = options.retryBaseDelayMs ?? 200;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = options.random ?? Math.random;
    this.sources = options.sources ?? {};
    this.connection = options;
    this.endpoint = this.addr;
    this.followLeader = options.followLeader ?? true;
    this.failoverTimeoutMs = options.failoverTimeoutMs ?? 60_000;
    if (Boolean(options.clientCert) !== Boolean(options.clientKey)) {
      const [has, lacks] = options.clientCert ? ['VAULT_CLIENT_CERT', 'VAULT_CLIENT_KEY'] : ['VAULT_CLIENT_KEY', 'VAULT_CLIENT_CERT'];
      throw new StoreConfigError({ setting: lacks, message: `${has} is set but ${lacks} is not: TLS client authentication needs both (or their BAO_ twins)` });
    }
    this.keeper =
      options.tokenRenewal === false || options.login === true ? undefined : new TokenKeeper((request) => this.sendNow(request), { ...options.tokenRenewal, onWarning: options.onWarning ?? (() => undefined) });
  }

  /** The node requests go to now: `addr`, or the active node when `addr` is a standby. */
  get target(): string {
    return this.endpoint;
  }

  /** One node-vault client per node (they differ only in the endpoint). */
  private vaultFor(endpoint: string): NodeVault {
    let vault = this.vaults.get(endpoint);
    if (vault === undefined) {
      const options = this.connection;
      vault = nodeVault({
        endpoint,
        token: options.token,
        apiVersion: 'v1',
        debug: () => undefined,
        // strictSSL here also overrides node-vault's own reading of VAULT_SKIP_VERIFY from the environment.
        requestOptions: {
          strictSSL: options.skipVerify !== true,
          ...(options.caCert ? { ca: options.caCert } : {}),
          ...(options.clientCert && options.clientKey ? { cert: options.clientCert, key: options.clientKey } : {}),
        },
        ...(options.http ? { 'request-promise': transportAdapter(options.http) } : {}),
      });
      // node-vault falls back to VAULT_PREFIX / VAULT_NAMESPACE from the environment: only our settings count.
      (vault as unknown as { pathPrefix: string }).pathPrefix = '';
      (vault as unknown as { namespace: string | undefined }).namespace = options.namespace;
      // ...and to VAULT_TOKEN: a login request (token '') must not carry a stale token from the environment.
      (vault as unknown as { token: string }).token = this.token;
      this.vaults.set(endpoint, vault);
    }
    return vault;
  }

  /**
   * Asks `addr` (then the current endpoint) which node is active (`sys/leader`, no token needed) and sends
   * requests there when `addr` is a standby. Quiet on failure: the request itself will say what is wrong.
   */
  private async discoverLeader(): Promise<void> {
    for (const base of new Set([this.addr, this.endpoint])) {
      let body: Record<string, unknown>;
      try {
        body = (await this.vaultFor(base).request({ path: '/sys/leader', method: 'GET', timeout: Math.min(this.timeoutMs, 5000) })) as Record<string, unknown>;
      } catch (error) {
        // A scheme that does not fit the listener is seen best here, on a GET (Go answers a plain GET to a TLS
        // listener with a 400 saying so, but only resets a LIST or DELETE).
        const outcome = this.outcomeOf(error);
        if (outcome.kind === 'scheme') this.schemeMismatch = outcome;
        continue;
      }
      const leader = typeof body['leader_address'] === 'string' ? body['leader_address'].replace(/\/+$/, '') : '';
      if (body['ha_enabled'] !== true) return;
      if (base === this.addr && body['is_self'] !== true) this.viaStandby = true;
      if (leader !== '' && /^https?:\/\//.test(leader)) this.endpoint = body['is_self'] === true ? base : leader;
      return;
    }
  }

  /**
   * Sends a request, retrying idempotent ones (and any refused connection) on 5xx, 429, network errors and
   * timeouts with backoff.
   *
   * @throws PermissionDeniedError (403), VaultSealedError (503), VaultError (anything else)
   */
  async send<T>(request: VaultRequest<T>): Promise<T | undefined> {
    if (this.followLeader) await (this.discovered ??= this.discoverLeader());
    if (this.schemeMismatch) throw this.toError(request, this.schemeMismatch, 1);
    await this.keeper?.beforeRequest();
    return this.sendNow(request);
  }

  /** What the token keeper knows about the token's lifetime, for callers planning a long run. */
  get tokenExpiry(): { expiresAt: Date | undefined; renewable: boolean } | undefined {
    return this.keeper?.state;
  }

  private async sendNow<T>(request: VaultRequest<T>): Promise<T | undefined> {
    if (this.followLeader) await (this.discovered ??= this.discoverLeader());
    const apiPath = request.path.split('/').map(encodeURIComponent).join('/');
    const query = request.query ? `?${new URLSearchParams(request.query).toString()}` : '';
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(request, `/${apiPath}${query}`);
      if (outcome.kind === 'ok') return request.parse(outcome.body);
      if (outcome.kind === 'status' && outcome.status === 404 && request.notFoundIsUndefined && !outcome.details.some(isNoRoute)) return undefined;
      const retryable = isRetryable(outcome) && (request.idempotent || (outcome.kind === 'network' && outcome.code === 'ECONNREFUSED'));
      // Through a standby, an election (the active node gone, 5xx or refused connections for seconds) is worth waiting out.
      const failover = this.viaStandby && !isSealed(outcome) && Date.now() - started < this.failoverTimeoutMs;
      if (!retryable || (attempt > this.retries && !failover)) throw this.toError(request, outcome, attempt);
      await this.sleep(retryDelayMs(Math.min(attempt - 1, 8), { baseMs: this.baseDelayMs, maxMs: this.viaStandby ? 2000 : 5000, random: this.random }));
      if (this.viaStandby) await this.discoverLeader();
      if (request.resolveLostResponse) {
        const resolved = await request.resolveLostResponse().catch(() => undefined);
        if (resolved !== undefined) return resolved;
      }
    }
  }

  private async attempt<T>(request: VaultRequest<T>, path: string): Promise<Outcome> {
    try {
      const body: unknown = await this.vaultFor(this.endpoint).request({
        path,
        method: request.method,
        timeout: this.timeoutMs,
        ...(request.body === undefined ? {} : { json: request.body }),
      });
      return { kind: 'ok', body };
    } catch (error) {
      return this.outcomeOf(error);
    }
  }

  /** Extracts status and Vault's messages, or the network error code, dropping everything else (headers hold the token). */
  private outcomeOf(error: unknown): Outcome {
    const e = error as { response?: { statusCode?: unknown; body?: unknown }; code?: unknown; message?: unknown };
    if (e?.response && typeof e.response.statusCode === 'number') {
      // Go's TLS listener answers plain HTTP with a bare 400 saying so.
      if (e.response.statusCode === 400 && typeof e.response.body === 'string' && /HTTP request to an HTTPS server/i.test(e.response.body)) return { kind: 'scheme', listener: 'tls' };
      const errors = (e.response.body as { errors?: unknown } | undefined)?.errors;
      const details = Array.isArray(errors) ? errors.map((d) => this.redact(String(d))) : [];
      return { kind: 'status', status: e.response.statusCode, details };
    }
    const code = typeof e?.code === 'string' ? e.code : 'ERR_NETWORK';
    const message = this.redact(typeof e?.message === 'string' ? e.message : String(error));
    // A TLS handshake answered in plain HTTP: OpenSSL reads "HTTP/1.1 400" as a record of a wrong version.
    if (/^https:/i.test(this.endpoint) && (code === 'EPROTO' || /wrong version number|packet length too long/i.test(message))) return { kind: 'scheme', listener: 'plain' };
    return { kind: 'network', code: code === 'ECONNABORTED' && /timeout/i.test(message) ? 'ETIMEDOUT' : code, message };
  }

  private toError<T>(request: VaultRequest<T>, outcome: Exclude<Outcome, { kind: 'ok' }>, attempts: number): VaultError | StoreConfigError {
    const base = { path: request.path, method: request.method, attempts };
    if (outcome.kind === 'scheme') {
      const from = this.sources.addr ?? 'VAULT_ADDR';
      const other = this.endpoint.replace(/^https?:/i, outcome.listener === 'tls' ? 'https:' : 'http:');
      return new StoreConfigError({
        setting: from,
        message:
          outcome.listener === 'tls'
            ? `${from} ${this.endpoint} is plain http, but the server there speaks TLS: use ${other} (and VAULT_CACERT for its CA)`
            : `${from} ${this.endpoint} is https, but the server there speaks plain HTTP: use ${other} if it really has no TLS (then only on 127.0.0.1), or enable TLS on its listener`,
      });
    }
    if (outcome.kind === 'network') {
      const detail =
        outcome.code === 'ETIMEDOUT'
          ? `no answer within ${this.timeoutMs} ms`
          : /ALERT_CERTIFICATE_REQUIRED|ALERT_BAD_CERTIFICATE|ALERT_UNKNOWN_CA|ALERT_HANDSHAKE_FAILURE/.test(outcome.code)
            ? `the server refused the TLS client certificate (${outcome.code}): it requires one it trusts; set VAULT_CLIENT_CERT and VAULT_CLIENT_KEY (or BAO_CLIENT_CERT and BAO_CLIENT_KEY) to a certificate and key its listener's tls_client_ca_file signed`
            : TLS_CODES.test(outcome.code)
            ? `TLS verification failed (${outcome.code}): set ${this.sources.caCert ?? 'VAULT_CACERT (or BAO_CACERT)'} to the CA that signed Vault's certificate`
            : `${outcome.code}: ${outcome.message} (is ${this.sources.addr ?? 'VAULT_ADDR'} ${this.addr} right and Vault running?${this.endpoint === this.addr ? '' : ` It named ${this.endpoint} as its active node.`})`;
      return new VaultError({ ...base, status: undefined, details: [detail], isRetryable: !TLS_CODES.test(outcome.code) });
    }
    if (outcome.status === 403) {
      return new PermissionDeniedError({ path: request.path, method: request.method, capability: request.capability, policyHint: request.policyHint, details: outcome.details });
    }
    if (outcome.status === 503) return new VaultSealedError({ ...base, details: outcome.details, addr: this.endpoint });
    return new VaultError({ ...base, status: outcome.status, details: outcome.details });
  }

  private redact(text: string): string {
    // A login client has no token: nothing to hide (and ''.split would cut between every character).
    return this.token === '' ? text : text.split(this.token).join('[token]');
  }
}

/** Vault's answer for a path no engine is mounted at. */
function isNoRoute(detail: string): boolean {
  return /no handler for route/i.test(detail);
}

function isSealed(outcome: Exclude<Outcome, { kind: 'ok' }>): boolean {
  return outcome.kind === 'status' && outcome.status === 503 && outcome.details.some((d) => /sealed/i.test(d));
}

function isRetryable(outcome: Exclude<Outcome, { kind: 'ok' }>): boolean {
  if (outcome.kind === 'scheme') return false;
  if (outcome.kind === 'network') return !TLS_CODES.test(outcome.code);
  // A KV v2 mount just enabled answers 400 "Waiting for the primary to upgrade from non-versioned to versioned
  // data" for a moment (on standbys for longer): transient, though a 4xx.
  if (outcome.status === 400 && outcome.details.some((d) => /waiting for the primary to upgrade/i.test(d))) return true;
  return outcome.status === 429 || outcome.status >= 500;
}

function checkAddr(addr: string, from = 'VAULT_ADDR'): string {
  if (!addr) {
    const message =
      from === 'VAULT_ADDR'
        ? 'VAULT_ADDR is not set: pass --vault-addr or export VAULT_ADDR (or BAO_ADDR, which wins when both are set, as in the bao CLI).'
        : `${from} is set but empty, and it wins over VAULT_ADDR (as in the bao CLI): set ${from} to the server's address, unset it, or pass --vault-addr.`;
    throw new StoreConfigError({ setting: from, message });
  }
  let url: URL;
  try {
    url = new URL(addr);
  } catch {
    throw new StoreConfigError({ setting: from, message: `${from} "${addr}" is not a URL: use e.g. https://vault.example:8200` });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new StoreConfigError({ setting: from, message: `${from} "${addr}" is not http(s): use e.g. https://vault.example:8200` });
  }
  return addr.replace(/\/+$/, '');
}

function transportAdapter(http: VaultHttpTransport): unknown {
  return {
    defaults: () => async (options: { method: string; uri: string; headers?: Record<string, string>; json?: unknown; timeout?: number }) => {
      const answer = await http({
        method: options.method,
        url: options.uri,
        headers: options.headers ?? {},
        ...(options.json === undefined ? {} : { body: options.json }),
        timeoutMs: options.timeout ?? 10_000,
      });
      return { statusCode: answer.status, body: answer.body, request: { path: new URL(options.uri).pathname } };
    },
  };
}
