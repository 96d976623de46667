import { sameName } from '../internal/same-name.js';
import { x509 } from '../internal/x509.js';
import { fail } from './build-path.js';
import type { VerifyResult } from './verify-types.js';

type Failure = Extract<VerifyResult, { ok: false }>;

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_EKU = '2.5.29.37.0';

/**
 * Checks a built path (leaf first, anchor last) at time `at`: validity of every certificate, CA flag and
 * keyCertSign on every issuer, path length constraints, and — with `requireClientAuth` — EKU clientAuth on
 * the leaf and no issuer EKU that excludes it.
 *
 * @returns the first failure, or undefined when the path is good
 */
export function checkPath(path: x509.X509Certificate[], at: Date, requireClientAuth: boolean): Failure | undefined {
  const [leaf] = path;
  if (leaf === undefined) return { ok: false, reason: 'malformed', message: 'empty path' };
  const time = at.getTime();
  if (time < leaf.notBefore.getTime()) {
    return fail('not-yet-valid', leaf, `"${leaf.subject}" is not valid before ${leaf.notBefore.toISOString()} (checked at ${at.toISOString()}): check the clocks`);
  }
  if (time > leaf.notAfter.getTime()) {
    return fail('expired', leaf, `"${leaf.subject}" expired on ${leaf.notAfter.toISOString()} (checked at ${at.toISOString()}): renew it`);
  }
  for (const [index, ca] of path.entries()) {
    if (index === 0) continue;
    if (time < ca.notBefore.getTime()) {
      return fail('issuer-not-yet-valid', ca, `the CA "${ca.subject}" is not valid before ${ca.notBefore.toISOString()} (checked at ${at.toISOString()})`);
    }
    if (time > ca.notAfter.getTime()) {
      return fail('issuer-expired', ca, `the CA "${ca.subject}" expired on ${ca.notAfter.toISOString()} (checked at ${at.toISOString()}): rotate the CA and reissue`);
    }
    const constraints = ca.getExtension(x509.BasicConstraintsExtension);
    if (constraints?.ca !== true) {
      return fail('issuer-not-ca', ca, `"${ca.subject}" signed "${path[index - 1]?.subject ?? ''}" but is not a CA (no basicConstraints CA:TRUE)`);
    }
    const usage = ca.getExtension(x509.KeyUsagesExtension);
    if (usage !== null && (usage.usages & x509.KeyUsageFlags.keyCertSign) === 0) {
      return fail('issuer-not-ca', ca, `the CA "${ca.subject}" lacks the keyCertSign key usage, so it may not sign certificates`);
    }
    const below = path.slice(1, index).filter((c) => !sameName(c.subjectName, c.issuerName)).length;
    if (constraints.pathLength !== undefined && below > constraints.pathLength) {
      return fail('path-length-exceeded', ca, `the CA "${ca.subject}" allows ${constraints.pathLength} intermediate CA(s) below it (pathLen) but the path has ${below}`);
    }
    if (requireClientAuth && !allowsClientAuth(ca, false)) {
      return fail('missing-client-auth', ca, `the CA "${ca.subject}" restricts its extended key usage and does not include clientAuth`);
    }
  }
  if (requireClientAuth) {
    if (!allowsClientAuth(leaf, true)) {
      return fail('missing-client-auth', leaf, `"${leaf.subject}" has no clientAuth extended key usage, so it is not a TLS client certificate: issue it as a client certificate`);
    }
    const usage = leaf.getExtension(x509.KeyUsagesExtension);
    if (usage !== null && (usage.usages & x509.KeyUsageFlags.digitalSignature) === 0) {
      return fail('missing-client-auth', leaf, `"${leaf.subject}" lacks the digitalSignature key usage a TLS client needs`);
    }
  }
  return undefined;
}

function allowsClientAuth(certificate: x509.X509Certificate, required: boolean): boolean {
  const eku = certificate.getExtension(x509.ExtendedKeyUsageExtension);
  if (eku === null) return !required;
  return eku.usages.some((usage) => usage === CLIENT_AUTH || usage === ANY_EKU);
}
