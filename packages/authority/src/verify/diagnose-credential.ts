import { inspectCertificate, parseCrl, verifyClientCertificate, type CertificateInfo, type VerifyFailureReason } from '@mtlsctl/pki-core';
import { check, type Check } from '../checklist.js';
import { keyMismatch, type Credential, type CredentialProblem } from './read-credential.js';
import { verdictFix } from './verdict-fix.js';
import type { CrlUsed, VerdictReason, VerifyReport } from './verify-report.js';

/** Inputs of {@link diagnoseCredential}: the identity and what HAProxy is configured with. */
export interface DiagnoseOptions {
  /** What {@link readCredential} made of the file. */
  credential: Credential | CredentialProblem;
  /** HAProxy's `ca-file`: the trust bundle (`tls.crt`). */
  trustBundlePem: string;
  /** HAProxy's `crl-file`: the CRLs. Empty or omitted: revocation is not checked (and says so). */
  crlPems?: string[];
  /** CA certificates that were trusted once and retired, to tell "retired" from "foreign". */
  retiredCaPems?: string[];
  at: Date;
  crypto?: Crypto;
}

/** The stages of pki-core's validation, in the order it runs them, and the checklist line each reason belongs to. */
const STAGE_OF: Record<VerifyFailureReason | 'retired-ca', { stage: 'file' | 'chain' | 'dates' | 'usage' | 'revocation'; order: number }> = {
  malformed: { stage: 'file', order: 0 },
  'untrusted-issuer': { stage: 'chain', order: 1 },
  'bad-signature': { stage: 'chain', order: 1 },
  'retired-ca': { stage: 'chain', order: 1 },
  'not-yet-valid': { stage: 'dates', order: 2 },
  expired: { stage: 'dates', order: 2 },
  'issuer-expired': { stage: 'chain', order: 3 },
  'issuer-not-yet-valid': { stage: 'chain', order: 3 },
  'issuer-not-ca': { stage: 'chain', order: 3 },
  'path-length-exceeded': { stage: 'chain', order: 3 },
  'missing-client-auth': { stage: 'usage', order: 4 },
  revoked: { stage: 'revocation', order: 5 },
  'crl-missing': { stage: 'revocation', order: 5 },
  'crl-expired': { stage: 'revocation', order: 5 },
  'crl-not-yet-valid': { stage: 'revocation', order: 5 },
  'crl-bad-signature': { stage: 'revocation', order: 5 },
};
/** The last order at which each validation line is fully checked. */
const DONE_AT = { chain: 3, dates: 2, usage: 4, revocation: 5 } as const;

/**
 * Says whether HAProxy — `verify required` with `ca-file` = the trust bundle and `crl-file` = the CRLs (every
 * certificate below the anchor needs a current CRL, as HAProxy checks) — is expected to accept this client
 * identity, and the one reason when not, with its fix. The validation itself is pki-core's
 * `verifyClientCertificate`; this adds the file, the password, the key, and "retired" versus "foreign" CAs.
 *
 * @param options - see {@link DiagnoseOptions}
 * @returns the verdict and its checklist (file, password, key, chain, dates, usage, revocation)
 * @example
 * const report = await diagnoseCredential({ credential: await readCredential({ data, password }), trustBundlePem, crlPems, at: new Date() });
 * if (!report.accepted) console.log(report.message, report.fix);
 */
export async function diagnoseCredential(options: DiagnoseOptions): Promise<VerifyReport> {
  const { credential } = options;
  const checks: Check[] = [];
  if ('reason' in credential) {
    if (credential.reason === 'unreadable') {
      checks.push(check('file', 'File is a certificate or PKCS#12', 'fail', credential.message, verdictFix('unreadable', undefined)));
      return refused('unreadable', credential.message, undefined, checks);
    }
    checks.push(check('file', 'File is a certificate or PKCS#12', 'ok', 'a PKCS#12 (p12) file'));
    checks.push(check('password', 'Password opens the p12', 'fail', credential.message, verdictFix('wrong-password', undefined)));
    return refused('wrong-password', credential.message, undefined, checks, 'p12');
  }
  const certificate = inspectCertificate(credential.certificatePem);
  checks.push(check('file', 'File is a certificate or PKCS#12', 'ok', describeFormat(credential)));
  if (credential.format === 'p12') checks.push(check('password', 'Password opens the p12', 'ok', 'the integrity MAC matches and the key decrypts'));
  if (credential.privateKeyPem === undefined) {
    checks.push(check('key', 'Private key matches the certificate', 'warn', 'no private key was given (pass --key, or the p12): not checked'));
  } else {
    const mismatch = keyMismatch(credential.certificatePem, credential.privateKeyPem);
    if (mismatch !== undefined) {
      checks.push(check('key', 'Private key matches the certificate', 'fail', mismatch, verdictFix('key-mismatch', certificate)));
      return refused('key-mismatch', mismatch, certificate, checks, credential.format);
    }
    checks.push(check('key', 'Private key matches the certificate', 'ok', 'the key is the one the certificate was issued for'));
  }

  const crlPems = options.crlPems ?? [];
  const result = await verifyClientCertificate({
    certificate: credential.certificatePem,
    trustAnchors: [options.trustBundlePem],
    intermediates: credential.chainPems,
    crls: crlPems,
    crlCheck: 'chain',
    at: options.at,
    ...(options.crypto === undefined ? {} : { crypto: options.crypto }),
  });
  const crl = crlFor(certificate, crlPems);
  let reason: VerdictReason | undefined = result.ok ? undefined : result.reason;
  let message = result.ok ? '' : result.message;
  if (reason === 'revoked' && crl !== undefined) message += ` (listed in ${describeCrl(crl)})`;
  if (reason === 'untrusted-issuer' || reason === 'bad-signature') {
    const retired = await retiredIssuer(credential.certificatePem, options);
    if (retired !== undefined) {
      reason = 'retired-ca';
      message = `"${certificate.subject}" was issued by "${retired.subject}" (SHA-256 ${retired.fingerprint.slice(0, 16)}…), a CA that was retired from the trust bundle: HAProxy no longer trusts it`;
    }
  }
  checks.push(...validationChecks(certificate, result.ok ? undefined : { reason: reason as VerdictReason, message }, crl, crlPems.length > 0, result.ok ? result.chain : []));
  if (reason !== undefined) return refused(reason, message, certificate, checks, credential.format, crl);
  const anchor = result.ok ? result.chain[result.chain.length - 1] : undefined;
  return {
    accepted: true,
    message: `accepted: a client certificate valid until ${certificate.notAfter.toISOString()}, issued under "${anchor?.subject ?? ''}"${crlPems.length > 0 ? ', not revoked' : ' (revocation not checked: no CRL)'}`,
    format: credential.format,
    certificate,
    ...(crl === undefined ? {} : { crl }),
    checks,
  };
}

function refused(reason: VerdictReason, message: string, certificate: CertificateInfo | undefined, checks: Check[], format?: Credential['format'], crl?: CrlUsed): VerifyReport {
  return {
    accepted: false,
    reason,
    message,
    fix: verdictFix(reason, certificate),
    ...(format === undefined ? {} : { format }),
    ...(certificate === undefined ? {} : { certificate }),
    ...(crl === undefined ? {} : { crl }),
    checks,
  };
}

/** The chain, dates, usage and revocation lines: failed at the refusal's stage, ok before it, skipped after it. */
function validationChecks(
  certificate: CertificateInfo,
  failure: { reason: VerdictReason; message: string } | undefined,
  crl: CrlUsed | undefined,
  crlGiven: boolean,
  chain: CertificateInfo[],
): Check[] {
  const at = failure === undefined ? Number.POSITIVE_INFINITY : (STAGE_OF[failure.reason as keyof typeof STAGE_OF]?.order ?? 0);
  const failedStage = failure === undefined ? undefined : STAGE_OF[failure.reason as keyof typeof STAGE_OF]?.stage;
  const line = (id: keyof typeof DONE_AT, title: string, okDetail: string): Check => {
    if (failure !== undefined && failedStage === id) return check(id, title, 'fail', failure.message, verdictFix(failure.reason, certificate));
    if (DONE_AT[id] < at) return check(id, title, 'ok', okDetail);
    return check(id, title, 'skip', 'not checked: an earlier check failed');
  };
  const anchor = chain[chain.length - 1];
  const revocation = line(
    'revocation',
    'Not revoked',
    crl === undefined ? '' : `not listed in ${describeCrl(crl)}`,
  );
  return [
    line('chain', 'Chains to the trust bundle', anchor === undefined ? `issued by "${certificate.issuer}", a CA in the trust bundle` : `issued under "${anchor.subject}" (SHA-256 ${anchor.fingerprint.slice(0, 16)}…), a CA in the trust bundle`),
    line('dates', 'Valid now', `valid from ${certificate.notBefore.toISOString()} until ${certificate.notAfter.toISOString()}`),
    line('usage', 'Extended key usage clientAuth, key usage digitalSignature', `EKU ${certificate.extendedKeyUsages.join(', ') || 'none'}; key usage ${certificate.keyUsages.join(', ') || 'none'}`),
    crlGiven || revocation.status !== 'ok' ? revocation : check('revocation', 'Not revoked', 'warn', 'not checked: no CRL was given (HAProxy without crl-file does not check either)'),
  ];
}

/** The latest CRL named after the certificate's issuer (and carrying its key identifier, when both say one). */
function crlFor(certificate: CertificateInfo, crlPems: string[]): CrlUsed | undefined {
  const candidates = crlPems
    .flatMap((pem) => {
      try {
        return [parseCrl(pem)];
      } catch {
        return [];
      }
    })
    .filter((crl) => crl.issuer === certificate.issuer)
    .filter((crl) => crl.authorityKeyIdentifier === undefined || certificate.authorityKeyIdentifier === undefined || crl.authorityKeyIdentifier === certificate.authorityKeyIdentifier)
    .sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime());
  const [latest] = candidates;
  if (latest === undefined) return undefined;
  return {
    issuer: latest.issuer,
    thisUpdate: latest.thisUpdate,
    ...(latest.crlNumber === undefined ? {} : { crlNumber: latest.crlNumber }),
    ...(latest.nextUpdate === undefined ? {} : { nextUpdate: latest.nextUpdate }),
  };
}

/** The retired CA that signed the certificate, if any: pki-core's path builder finds it when it is the only anchor. */
async function retiredIssuer(certificatePem: string, options: DiagnoseOptions): Promise<CertificateInfo | undefined> {
  for (const retiredPem of options.retiredCaPems ?? []) {
    const result = await verifyClientCertificate({ certificate: certificatePem, trustAnchors: [retiredPem], at: options.at, requireClientAuth: false, ...(options.crypto === undefined ? {} : { crypto: options.crypto }) });
    if (result.ok || (result.reason !== 'untrusted-issuer' && result.reason !== 'bad-signature' && result.reason !== 'malformed')) return inspectCertificate(retiredPem);
  }
  return undefined;
}

function describeCrl(crl: CrlUsed): string {
  return `CRL #${crl.crlNumber ?? '?'} of "${crl.issuer}" (issued ${crl.thisUpdate.toISOString()}, next update ${crl.nextUpdate?.toISOString() ?? 'none'})`;
}

function describeFormat(credential: Credential): string {
  const what = { p12: 'a PKCS#12 (p12) file', pem: 'PEM', der: 'a DER certificate' }[credential.format];
  const parts = [`${what}: the certificate`];
  if (credential.privateKeyPem !== undefined) parts.push('its private key');
  if (credential.chainPems.length > 0) parts.push(`${credential.chainPems.length} other certificate(s)`);
  return parts.join(', ');
}
