import type { CertificateInfo } from '../inspect/certificate-info.js';

/** Inputs of verifyClientCertificate. */
export interface VerifyOptions {
  /** The client certificate, PEM or DER. */
  certificate: string | Uint8Array;
  /** Trusted CA certificates; each string may be a bundle of several PEM certificates. */
  trustAnchors: string[];
  /** Untrusted intermediate CA certificates that may complete the path; bundles allowed. */
  intermediates?: string[];
  /** CRLs (PEM or DER). When any is given, revocation is checked (see `crlCheck`). */
  crls?: Array<string | Uint8Array>;
  /** The time to validate at. */
  at: Date;
  /** Require EKU clientAuth on the leaf (and no CA EKU that excludes it); default true. */
  requireClientAuth?: boolean;
  /**
   * Which certificates need a current CRL from their issuer once `crls` is non-empty: `'leaf'` (default,
   * like `openssl verify -crl_check`) or `'chain'` (every certificate below the trust anchor, like
   * `-crl_check_all` and like HAProxy with `crl-file`).
   */
  crlCheck?: 'leaf' | 'chain';
  /**
   * Trust a trust anchor that is not self-signed without looking above it (OpenSSL's `-partial_chain`);
   * default false, as OpenSSL and HAProxy: the path must end at a self-signed CA among the anchors.
   */
  partialChain?: boolean;
  /** WebCrypto provider; default `globalThis.crypto`. */
  crypto?: Crypto;
}

/** Why a client certificate was refused. */
export type VerifyFailureReason =
  | 'untrusted-issuer'
  | 'bad-signature'
  | 'not-yet-valid'
  | 'expired'
  | 'issuer-expired'
  | 'issuer-not-yet-valid'
  | 'issuer-not-ca'
  | 'path-length-exceeded'
  | 'missing-client-auth'
  | 'revoked'
  | 'crl-missing'
  | 'crl-expired'
  | 'crl-not-yet-valid'
  | 'crl-bad-signature'
  | 'malformed';

/** The outcome of verifyClientCertificate: the validated chain, or the first reason found to refuse. */
export type VerifyResult =
  | { ok: true; chain: CertificateInfo[] }
  | { ok: false; reason: VerifyFailureReason; message: string; failedCertificate?: CertificateInfo };
