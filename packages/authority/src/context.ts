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
  /**
   * The passphrase the CA key is encrypted with at rest (`--ca-passphrase-file`). New CA keys (init, rotate) are
   * stored encrypted with it; an encrypted stored key needs it to sign. Default: none (keys stored as PKCS#8).
   */
  caKeyPassphrase?: string;
}

/** The current time from the context's clock. */
export function nowOf(ctx: AuthorityContext): Date {
  return ctx.now ? ctx.now() : new Date();
}

/** Adds whole days to a date. */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}
