/** Which requests a fault applies to: the API path after `/v1/` (prefix string or RegExp) and/or the method. */
export interface FaultFilter {
  path?: string | RegExp;
  /** `GET`, `POST`, `PUT`, `DELETE`, `LIST` (a `?list=true` GET counts as `LIST`). */
  method?: string;
}

/** What the emulator does to one request. */
export type FaultAction =
  | { kind: 'fail'; status: number; errors: string[] }
  | { kind: 'drop'; after: boolean }
  | { kind: 'none' };

interface Rule {
  filter: FaultFilter;
  remaining: number;
  action: Exclude<FaultAction, { kind: 'none' }>;
}

/**
 * Fault injection for tests: fail the next N matching requests with a status, drop their connection (before
 * handling, or after handling so the change is applied but the answer is lost), or delay them.
 */
export class FaultInjector {
  private readonly rules: Rule[] = [];
  private readonly delays: Array<{ filter: FaultFilter; remaining: number; ms: number }> = [];
  private latencyMs = 0;

  /**
   * Fails the next `count` matching requests.
   *
   * @param options.status - HTTP status (default 500)
   * @param options.errors - the `errors` array (default `["internal error"]`, or Vault's sealed message for 503)
   */
  failNext(count: number, options: FaultFilter & { status?: number; errors?: string[] } = {}): void {
    const status = options.status ?? 500;
    const errors = options.errors ?? [status === 503 ? 'Vault is sealed' : status === 429 ? 'rate limit quota exceeded' : 'internal error'];
    this.rules.push({ filter: options, remaining: count, action: { kind: 'fail', status, errors } });
  }

  /**
   * Drops the connection of the next `count` matching requests without answering.
   *
   * @param options.after - handle the request first (its change is applied; only the response is lost). Default false.
   */
  dropNext(count: number, options: FaultFilter & { after?: boolean } = {}): void {
    this.rules.push({ filter: options, remaining: count, action: { kind: 'drop', after: options.after ?? false } });
  }

  /** Delays the next `count` matching requests by `ms` before handling them. */
  delayNext(count: number, ms: number, options: FaultFilter = {}): void {
    this.delays.push({ filter: options, remaining: count, ms });
  }

  /** Adds `ms` of latency to every request (0 to stop). */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Removes every pending fault and the latency. */
  clear(): void {
    this.rules.length = 0;
    this.delays.length = 0;
    this.latencyMs = 0;
  }

  /** How many injected failures, drops and delays are still pending. */
  pending(): number {
    return [...this.rules, ...this.delays].reduce((n, r) => n + r.remaining, 0);
  }

  /** Consumes the delay that applies to this request (in ms). @internal */
  takeDelay(method: string, path: string): number {
    const rule = this.delays.find((r) => r.remaining > 0 && matches(r.filter, method, path));
    if (rule) rule.remaining--;
    return this.latencyMs + (rule?.ms ?? 0);
  }

  /** Consumes the failure or drop that applies to this request. @internal */
  take(method: string, path: string): FaultAction {
    const rule = this.rules.find((r) => r.remaining > 0 && matches(r.filter, method, path));
    if (!rule) return { kind: 'none' };
    rule.remaining--;
    return rule.action;
  }
}

function matches(filter: FaultFilter, method: string, path: string): boolean {
  if (filter.method && filter.method.toUpperCase() !== method) return false;
  if (filter.path === undefined) return true;
  return typeof filter.path === 'string' ? path.startsWith(filter.path.replace(/^\/+/, '')) : filter.path.test(path);
}
