import { StoreConfigError } from '../errors/store-config-error.js';
import { PermissionDeniedError } from '../errors/permission-denied-error.js';
import { VaultError } from '../errors/vault-error.js';
import { VaultSealedError } from '../errors/vault-sealed-error.js';
import { retryDelayMs } from './retry-delay.js';
import type { VaultConfigSources } from './vault-config-from-env.js';
import { TokenKeeper, type TokenRenewalOptions } from './token-keeper.js';

/** An HTTP seam under the client (tests inject faults with it): send one request, resolve with the status and parsed JSON body. */
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
  /** Replaces the HTTP layer (node-vault's axios, or the lean client's node:https): tests inject faults with it. */
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

type Outcome =
  | { kind: 'ok'; body: unknown }
  | { kind: 'status'; status: number; details: string[] }
  | { kind: 'network'; code: string; message: string }
  /** The address's scheme does not match the listener: `http://` to TLS, or `https://` to plain HTTP. */
  | { kind: 'scheme'; listener: 'tls' | 'plain' };

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS|DEPTH_ZERO|HOSTNAME/;

/** One HTTP request to one node, as {@link VaultClientCore} hands it to its HTTP layer. */
export interface VaultCall {
  method: VaultRequest<unknown>['method'];
  /** After `/v1`, encoded, with its query, e.g. `/secret/data/pki/ca?version=2`. */
  path: string;
  timeoutMs: number;
  /** Sent as JSON. */
  body?: unknown;
}

/**
 * What the HTTP layer got: the status and the body (parsed JSON, or the text when it is not JSON; '' when empty),
 * or the network error's code (`ECONNREFUSED`, `ETIMEDOUT`, a TLS code) and message. The core turns it into
 * the result or a typed error, the same for every HTTP layer.
 */
export type VaultAnswer = { status: number; body: unknown } | { code: string; message: string };

/**
 * Vault's HTTP API, whatever sends the bytes: typed errors that never carry the token, retries with exponential
 * backoff and jitter for idempotent calls, per-request timeouts, a guard for writes whose answer was lost, an HA
 * standby's active node followed, the token kept alive. Subclasses supply the HTTP layer ({@link call}):
 * `VaultClient` (node-vault, the CLI's) and `LeanVaultClient` (node:https, the daemon's); both give the same
 * results and the same errors, because everything but the bytes is here.
 */
export abstract class VaultClientCore {
  readonly addr: string;
  protected readonly connection: VaultConnectionOptions;
  /** Where requests go: `addr`, or the active node a standby `addr` names. */
  private endpoint: string;
  private discovered: Promise<void> | undefined;
  private schemeMismatch: Extract<Outcome, { kind: 'scheme' }> | undefined;
  /** `addr` is a standby of a cluster: failover is worth waiting for. */
  private viaStandby = false;
  private readonly followLeader: boolean;
  private readonly failoverTimeoutMs: number;
  protected readonly token: string;
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

  /**
   * Sends one request to one node (`endpoint`, e.g. `https://vault:8200`) with the token and namespace headers,
   * never throwing: a network failure is an answer too.
   */
  protected abstract call(endpoint: string, call: VaultCall): Promise<VaultAnswer>;

  /**
   * Asks `addr` (then the current endpoint) which node is active (`sys/leader`, no token needed) and sends
   * requests there when `addr` is a standby. Quiet on failure: the request itself will say what is wrong.
   */
  private async discoverLeader(): Promise<void> {
    for (const base of new Set([this.addr, this.endpoint])) {
      const outcome = this.outcomeOf('sys/leader', await this.call(base, { path: '/sys/leader', method: 'GET', timeoutMs: Math.min(this.timeoutMs, 5000) }), base);
      if (outcome.kind !== 'ok') {
        // A scheme that does not fit the listener is seen best here, on a GET (Go answers a plain GET to a TLS
        // listener with a 400 saying so, but only resets a LIST or DELETE).
        if (outcome.kind === 'scheme') this.schemeMismatch = outcome;
        continue;
      }
      const body = (outcome.body ?? {}) as Record<string, unknown>;
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
      const outcome = this.outcomeOf(
        request.path,
        await this.call(this.endpoint, { path: `/${apiPath}${query}`, method: request.method, timeoutMs: this.timeoutMs, ...(request.body === undefined ? {} : { body: request.body }) }),
        this.endpoint,
      );
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

  /** Extracts status and Vault's messages, or the network error code, dropping everything else (headers hold the token). */
  private outcomeOf(path: string, answer: VaultAnswer, endpoint: string): Outcome {
    if ('status' in answer) {
      // 200 and 204 are answers; sys/health tells the server's state by its status (429 standby, 503 sealed, ...)
      // with the same body.
      if (answer.status === 200 || answer.status === 204 || /^sys\/health\b/.test(path)) return { kind: 'ok', body: answer.body };
      // Go's TLS listener answers plain HTTP with a bare 400 saying so.
      if (answer.status === 400 && typeof answer.body === 'string' && /HTTP request to an HTTPS server/i.test(answer.body)) return { kind: 'scheme', listener: 'tls' };
      const errors = (answer.body as { errors?: unknown } | undefined)?.errors;
      const details = Array.isArray(errors) ? errors.map((d) => this.redact(String(d))) : [];
      return { kind: 'status', status: answer.status, details };
    }
    const message = this.redact(answer.message);
    // A TLS handshake answered in plain HTTP: OpenSSL reads "HTTP/1.1 400" as a record of a wrong version.
    if (/^https:/i.test(endpoint) && (answer.code === 'EPROTO' || /wrong version number|packet length too long/i.test(message))) return { kind: 'scheme', listener: 'plain' };
    return { kind: 'network', code: answer.code, message };
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
