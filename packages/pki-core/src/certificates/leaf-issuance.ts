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
  /**
   * Hex serial number chosen beforehand (e.g. reserved in the store before signing, so no signed certificate
   * can exist that the inventory does not know); default a fresh random 126-bit serial.
   */
  serialNumber?: string;
  /** WebCrypto provider; default `globalThis.crypto`. */
  crypto?: Crypto;
}
