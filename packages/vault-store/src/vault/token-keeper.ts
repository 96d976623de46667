import { StoreConfigError } from '../errors/store-config-error.js';
import type { VaultRequest } from './vault-client.js';

/** How {@link TokenKeeper} keeps a token alive. */
export interface TokenRenewalOptions {
  /** Renew a renewable token when less than this is left (default 300 s). */
  renewBelowSeconds?: number;
  /** Warn about a token that cannot be renewed (or has reached its max TTL) when less than this is left (default 3600 s). */
  warnBelowSeconds?: number;
  /** The clock (default `Date.now`). */
  now?: () => number;
}

type Send = <T>(request: VaultRequest<T>) => Promise<T | undefined>;

interface Lifetime {
  /** Epoch ms; undefined for a token that never expires (root, periodic without TTL). */
  expiresAt: number | undefined;
  renewable: boolean;
  /** The TTL it was created with (what a renewal asks for again). */
  creationTtl: number;
}

/**
 * Keeps the client's token alive through a long run (a bulk issue of thousands of users, the daemon): looks it up
 * once (`auth/token/lookup-self`), renews it (`auth/token/renew-self`, asking for its creation TTL again) when less
 * than `renewBelowSeconds` is left, and warns once when it will expire anyway (not renewable, or at its max TTL).
 * Quiet when it cannot look the token up: the request itself then says what is wrong (an invalid token is a 403).
 */
export class TokenKeeper {
  private lifetime: Lifetime | undefined;
  private looked: Promise<void> | undefined;
  private renewing: Promise<void> | undefined;
  private warned = false;
  private readonly renewBelowMs: number;
  private readonly warnBelowMs: number;
  private readonly now: () => number;

  /**
   * @param send - sends a request with the client's token, bypassing this keeper
   * @param options - thresholds, the clock, and where warnings go
   */
  constructor(
    private readonly send: Send,
    options: TokenRenewalOptions & { onWarning: (message: string) => void },
  ) {
    this.renewBelowMs = (options.renewBelowSeconds ?? 300) * 1000;
    this.warnBelowMs = (options.warnBelowSeconds ?? 3600) * 1000;
    this.now = options.now ?? Date.now;
    this.onWarning = options.onWarning;
  }

  private readonly onWarning: (message: string) => void;

  /** When the token expires (undefined: never, or not known) and whether it can be renewed. */
  get state(): { expiresAt: Date | undefined; renewable: boolean } | undefined {
    if (!this.lifetime) return undefined;
    return { expiresAt: this.lifetime.expiresAt === undefined ? undefined : new Date(this.lifetime.expiresAt), renewable: this.lifetime.renewable };
  }

  /** Call before each request: looks the token up the first time, renews it or warns when it runs low. */
  async beforeRequest(): Promise<void> {
    await (this.looked ??= this.lookup());
    const life = this.lifetime;
    if (!life || life.expiresAt === undefined) return;
    const left = life.expiresAt - this.now();
    if (life.renewable && left < this.renewBelowMs) {
      await (this.renewing ??= this.renew().finally(() => (this.renewing = undefined)));
      return;
    }
    if (!life.renewable && left < this.warnBelowMs) this.warn(`the Vault token expires in ${minutes(left)} and cannot be renewed: a long run (bulk issue, renew, revoke) fails with exit 5 when it does; log in again first (\`vault login\`) or use a renewable token.`);
  }

  private async lookup(): Promise<void> {
    const data = await this.send({
      method: 'GET',
      path: 'auth/token/lookup-self',
      idempotent: true,
      capability: 'read',
      policyHint: 'granted to every valid token by the default policy',
      parse: (body) => ((body as { data?: Record<string, unknown> }).data ?? {}) as Record<string, unknown>,
    }).catch((error: unknown) => {
      // A misconfiguration (http:// to a TLS listener) is for the caller; anything else the request itself will tell.
      if (StoreConfigError.isInstance(error)) throw error;
      return undefined;
    });
    if (!data) return;
    const ttl = typeof data['ttl'] === 'number' ? data['ttl'] : 0;
    const creationTtl = typeof data['creation_ttl'] === 'number' ? data['creation_ttl'] : ttl;
    this.lifetime = { expiresAt: ttl > 0 ? this.now() + ttl * 1000 : undefined, renewable: data['renewable'] === true, creationTtl };
  }

  private async renew(): Promise<void> {
    const life = this.lifetime as Lifetime;
    const auth = await this.send({
      method: 'POST',
      path: 'auth/token/renew-self',
      body: life.creationTtl > 0 ? { increment: `${life.creationTtl}s` } : {},
      // Renewing twice is harmless.
      idempotent: true,
      capability: 'update',
      policyHint: 'granted to every valid token by the default policy',
      parse: (body) => ((body as { auth?: Record<string, unknown> }).auth ?? {}) as Record<string, unknown>,
    }).catch(() => undefined);
    const granted = typeof auth?.['lease_duration'] === 'number' ? auth['lease_duration'] : undefined;
    if (granted === undefined) {
      life.renewable = false;
      this.warn(`the Vault token could not be renewed and expires in ${minutes((life.expiresAt ?? 0) - this.now())}: a long run fails with exit 5 when it does; log in again first.`);
      return;
    }
    life.expiresAt = this.now() + granted * 1000;
    if (granted * 1000 < this.renewBelowMs) {
      // Its max TTL is near: renewing gives no more time.
      life.renewable = false;
      this.warn(`the Vault token reaches its maximum TTL in ${minutes(granted * 1000)} and cannot be renewed past it: a long run fails with exit 5 then; log in again first.`);
    }
  }

  private warn(message: string): void {
    if (this.warned) return;
    this.warned = true;
    this.onWarning(message);
  }
}

function minutes(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 120 ? `${s}s` : `${Math.round(s / 60)}m`;
}
