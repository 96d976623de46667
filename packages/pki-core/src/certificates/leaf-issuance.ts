import type { Issuer } from './issuer.js';

/** Who signs an end-entity certificate, when, and for how long (shared by client and server issuance). */
export interface LeafIssuance {
  /** The issuing CA. */
  issuer: Issuer;
  /** The issuance time. */
  now: Date;
  /** Lifetime in days from `now`; default 365. */
  validityDays?: number;
  /** Explicit notAfter; overrides validityDays. */
  notAfter?: Date;
  /** notBefore = now − this, against clock skew; default 300. */
  backdateSeconds?: number;
  /** WebCrypto provider; default `globalThis.crypto`. */
  crypto?: Crypto;
}
