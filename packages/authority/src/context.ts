import type { PkiStore } from '@mtlsctl/vault-store';

/**
 * What every workflow runs against: the store, the clock and the crypto provider.
 * The clock and crypto are seams for tests; production uses the defaults.
 */
export interface AuthorityContext {
  store: PkiStore;
  /** The clock. Default: `() => new Date()`. */
  now?: () => Date;
  /** WebCrypto provider. Default: `globalThis.crypto`. */
  crypto?: Crypto;
}

/** The current time from the context's clock. */
export function nowOf(ctx: AuthorityContext): Date {
  return ctx.now ? ctx.now() : new Date();
}

/** Adds whole days to a date. */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}
