import type { CertificateInfo, VerifyFailureReason } from '@mtlsctl/pki-core';
import type { Check } from '../checklist.js';
import type { Credential, CredentialProblem } from './read-credential.js';

/** Why a certificate would be refused: the file, its key, pki-core's path validation, or a CA retired from the bundle. */
export type VerdictReason = Exclude<CredentialProblem['reason'], 'password-needed'> | 'key-mismatch' | 'retired-ca' | VerifyFailureReason;

/** The CRL a certificate's revocation was judged by. */
export interface CrlUsed {
  issuer: string;
  crlNumber?: number;
  thisUpdate: Date;
  nextUpdate?: Date;
}

/**
 * What `mtlsctl verify` found: whether HAProxy (with `ca-file` = the trust bundle and `crl-file` = the CRLs) is
 * expected to accept the certificate, the one reason when not and its fix, and the checklist behind it.
 */
export interface VerifyReport {
  accepted: boolean;
  /** Set when refused. */
  reason?: VerdictReason;
  /** The one reason it is refused, or what accepted it. */
  message: string;
  /** The command or step that fixes the refusal. */
  fix?: string;
  format?: Credential['format'];
  certificate?: CertificateInfo;
  /** The CRL that covers the certificate's issuer, when one was given. */
  crl?: CrlUsed;
  /** file, password, key, chain, dates, usage, revocation — in that order. */
  checks: Check[];
}
