import { parseBundle } from '@mtlsctl/bundle-merge';
import { diagnoseCredential } from './diagnose-credential.js';
import { readCredential } from './read-credential.js';
import type { TrustInputs } from './trust-inputs.js';
import type { VerifyReport } from './verify-report.js';

/** Options of {@link verifyCredential}. */
export interface VerifyCredentialOptions {
  /** The file's bytes: a p12, a PEM certificate (with its key and CAs, optionally) or a DER certificate. */
  data: Uint8Array;
  /** The p12 password. */
  password?: string;
  /** A separate private key (PEM), for a PEM or DER certificate. */
  keyPem?: string;
  /** What HAProxy trusts: {@link trustFromStore} or {@link trustFromBundle}. */
  trust: TrustInputs;
  /** The time to judge at (the clock: `new Date()` in production). */
  at: Date;
  crypto?: Crypto;
}

/** A verify report and where its trust came from. */
export interface CredentialVerdict extends VerifyReport {
  trustSource: TrustInputs['source'];
  /** The CAs of the trust bundle used. */
  trustedCas: Array<{ subject: string; fingerprint: string }>;
}

/**
 * "Why is my certificate not accepted?": reads the identity and judges it as HAProxy would against a trust bundle
 * and CRLs — the store's `tls.crt` and `crl.pem` (what ESO syncs and `crl-file` reads), or the ones given.
 *
 * @example
 * const verdict = await verifyCredential({ data: await readFile('alice.p12'), password, trust: await trustFromStore(ctx), at: new Date() });
 * if (!verdict.accepted) console.error(verdict.message, verdict.fix);
 */
export async function verifyCredential(options: VerifyCredentialOptions): Promise<CredentialVerdict> {
  const { trust } = options;
  const credential = await readCredential({
    data: options.data,
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.keyPem === undefined ? {} : { keyPem: options.keyPem }),
  });
  const report = await diagnoseCredential({
    credential,
    trustBundlePem: trust.bundlePem,
    crlPems: trust.crlPems,
    retiredCaPems: trust.retiredCaPems,
    at: options.at,
    ...(options.crypto === undefined ? {} : { crypto: options.crypto }),
  });
  return { ...report, trustSource: trust.source, trustedCas: parseBundle(trust.bundlePem).map((e) => ({ subject: e.subject, fingerprint: e.fingerprint })) };
}
