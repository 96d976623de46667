import { parseX509Crl } from '../crl/parse-crl.js';
import { describeCertificate } from '../inspect/inspect-certificate.js';
import { parseCertificate } from '../internal/parse-certificate.js';
import { cryptoOrDefault, type x509 } from '../internal/x509.js';
import { splitCertificates } from '../pem/split-certificates.js';
import { buildPath } from './build-path.js';
import { checkPath } from './check-path.js';
import { checkRevocation } from './check-revocation.js';
import type { VerifyOptions, VerifyResult } from './verify-types.js';

/**
 * Validates a TLS client certificate at a given time, as a TLS server (OpenSSL, HAProxy) would.
 *
 * Checks, in order: the path to a trust anchor (issuer names and signatures; `untrusted-issuer`,
 * `bad-signature`); the leaf's validity (`not-yet-valid`, `expired`); each issuer's validity, CA flag and
 * keyCertSign, and path length (`issuer-*`, `path-length-exceeded`); EKU clientAuth on the leaf — required
 * here even though OpenSSL accepts a leaf without any EKU (`missing-client-auth`); then, once any CRL is
 * given, revocation of the leaf (or of every certificate below the anchor with `crlCheck: 'chain'`) against
 * a current CRL signed by its issuer (`crl-missing`, `crl-bad-signature`, `crl-not-yet-valid`, `crl-expired`,
 * `revoked`). Unreadable inputs give `malformed`. The first failure found is returned.
 *
 * @param options - see {@link VerifyOptions}
 * @returns `{ ok: true, chain }` (leaf first, anchor last) or `{ ok: false, reason, message, failedCertificate }`
 * @example
 * const result = await verifyClientCertificate({ certificate: userPem, trustAnchors: [caPem], crls: [crlPem], at: new Date() });
 * if (!result.ok) console.error(result.reason, result.message);
 */
export async function verifyClientCertificate(options: VerifyOptions): Promise<VerifyResult> {
  const crypto = cryptoOrDefault(options.crypto);
  const parsed = parseInputs(options);
  if ('ok' in parsed) return parsed;
  const { leaf, anchors, intermediates, crls } = parsed;
  const path = await buildPath(leaf, anchors, intermediates, options.partialChain ?? false, crypto);
  if (!Array.isArray(path)) return path;
  const pathFailure = checkPath(path, options.at, options.requireClientAuth ?? true);
  if (pathFailure !== undefined) return pathFailure;
  if (crls.length > 0) {
    const checked = options.crlCheck === 'chain' ? path.length - 1 : 1;
    for (let index = 0; index < checked; index++) {
      const certificate = path[index];
      const issuer = path[index + 1];
      if (certificate === undefined || issuer === undefined) break;
      const failure = await checkRevocation(certificate, issuer, crls, options.at, crypto);
      if (failure !== undefined) return failure;
    }
  }
  return { ok: true, chain: path.map(describeCertificate) };
}

interface ParsedInputs {
  leaf: x509.X509Certificate;
  anchors: x509.X509Certificate[];
  intermediates: x509.X509Certificate[];
  crls: x509.X509Crl[];
}

function parseInputs(options: VerifyOptions): ParsedInputs | Extract<VerifyResult, { ok: false }> {
  const malformed = (what: string, error: unknown): Extract<VerifyResult, { ok: false }> => ({
    ok: false,
    reason: 'malformed',
    message: `${what} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
  });
  let leaf: x509.X509Certificate;
  try {
    leaf = parseCertificate(options.certificate);
  } catch (error) {
    return malformed('the client certificate', error);
  }
  const bundles = (list: string[] | undefined, what: string): x509.X509Certificate[] | Extract<VerifyResult, { ok: false }> => {
    const out: x509.X509Certificate[] = [];
    for (const [index, text] of (list ?? []).entries()) {
      try {
        for (const pem of splitCertificates(text)) out.push(parseCertificate(pem));
      } catch (error) {
        return malformed(`${what} ${index + 1}`, error);
      }
    }
    return out;
  };
  const anchors = bundles(options.trustAnchors, 'trust anchor');
  if (!Array.isArray(anchors)) return anchors;
  if (anchors.length === 0) return { ok: false, reason: 'malformed', message: 'no trust anchor was given: pass the CA certificate(s) to trust' };
  const intermediates = bundles(options.intermediates, 'intermediate');
  if (!Array.isArray(intermediates)) return intermediates;
  const crls: x509.X509Crl[] = [];
  for (const [index, crl] of (options.crls ?? []).entries()) {
    try {
      crls.push(parseX509Crl(crl, false));
    } catch (error) {
      return malformed(`CRL ${index + 1}`, error);
    }
  }
  return { leaf, anchors, intermediates, crls };
}
