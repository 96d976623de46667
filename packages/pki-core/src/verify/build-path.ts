import { describeCertificate } from '../inspect/inspect-certificate.js';
import { sameName } from '../internal/same-name.js';
import type { x509 } from '../internal/x509.js';
import type { VerifyResult } from './verify-types.js';

/** Longest path tried, leaf and anchor included. */
const MAX_PATH = 10;

/**
 * Builds the path from a leaf up to a trust anchor: at each step the issuer is a certificate whose subject
 * matches the issuer name and whose key verifies the signature; anchors are preferred over intermediates.
 * The path ends at a self-issued anchor (or at any anchor with `partialChain`).
 *
 * @returns the path (leaf first, anchor last), or a refusal: `untrusted-issuer` when no certificate has the
 *   issuer's name, `bad-signature` when one has it but its key does not verify the signature
 */
export async function buildPath(
  leaf: x509.X509Certificate,
  anchors: x509.X509Certificate[],
  intermediates: x509.X509Certificate[],
  partialChain: boolean,
  crypto: Crypto,
): Promise<x509.X509Certificate[] | Extract<VerifyResult, { ok: false }>> {
  const path = [leaf];
  let current = leaf;
  for (;;) {
    if (path.length >= MAX_PATH) {
      return fail('untrusted-issuer', current, `no trust anchor within ${MAX_PATH} certificates above "${leaf.subject}"`);
    }
    const named = [...anchors, ...intermediates].filter((c) => !path.includes(c) && sameName(c.subjectName, current.issuerName));
    let issuer: x509.X509Certificate | undefined;
    for (const candidate of named) {
      if (await current.verify({ publicKey: candidate.publicKey, signatureOnly: true }, crypto).catch(() => false)) {
        issuer = candidate;
        break;
      }
    }
    if (issuer === undefined) {
      if (named.length > 0) {
        return fail('bad-signature', current, `the signature of "${current.subject}" does not verify with the key of "${current.issuer}": it was not issued by that CA, or it was altered`);
      }
      const atAnchor = anchors.includes(current);
      return fail(
        'untrusted-issuer',
        current,
        atAnchor
          ? `the trust anchor "${current.subject}" is not self-signed and its issuer "${current.issuer}" is not among the anchors (OpenSSL and HAProxy refuse such a chain): add the root CA`
          : `"${current.subject}" was issued by "${current.issuer}", which is not a trusted CA: add that CA to the trust anchors (or its intermediate to the intermediates)`,
      );
    }
    path.push(issuer);
    if (anchors.includes(issuer) && (partialChain || sameName(issuer.subjectName, issuer.issuerName))) return path;
    current = issuer;
  }
}

/** A refusal naming the certificate at fault. */
export function fail(
  reason: Extract<VerifyResult, { ok: false }>['reason'],
  certificate: x509.X509Certificate | undefined,
  message: string,
): Extract<VerifyResult, { ok: false }> {
  return certificate === undefined ? { ok: false, reason, message } : { ok: false, reason, message, failedCertificate: describeCertificate(certificate) };
}
