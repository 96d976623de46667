import { inspectCertificate, parseCrl, verifyCrlSignature, type CrlInfo } from '@mtlsctl/pki-core';
import type { CaKeyRecord, CaRecord, CrlRecord } from '@mtlsctl/vault-store';
import { check, type Check } from '../checklist.js';
import { splitCrls } from '../split-crls.js';
import type { DoctorThresholds } from './doctor-report.js';

const DAY = 86_400_000;

/** The store's records as read, or why one could not be read (e.g. the token may not read the CA key). */
export interface StoreFacts {
  ca: CaRecord | undefined | { error: string };
  caKey: CaKeyRecord | undefined | { error: string };
  crl: CrlRecord | undefined | { error: string };
}

/**
 * The CA and CRL checks (pure): the CA present, its key the active one, valid and not near expiry; every trusted
 * CA still valid; a CRL present, signed by a trusted CA, current and not near nextUpdate, for every trusted CA.
 *
 * @param facts - what the store returned
 * @param at - the time to check at
 */
export async function storeChecks(facts: StoreFacts, at: Date, thresholds: DoctorThresholds = {}, crypto?: Crypto): Promise<Check[]> {
  const checks: Check[] = [];
  const caWarn = thresholds.caWarnDays ?? 90;
  const crlWarn = thresholds.crlWarnDays ?? 7;
  const { ca } = facts;
  if (ca === undefined || 'error' in ca) {
    const detail = ca === undefined ? 'the store has no CA record (pki/ca)' : `the CA record cannot be read: ${ca.error}`;
    checks.push(check('ca.present', 'CA present', 'fail', detail, ca === undefined ? 'mtlsctl ca init --subject "CN=<your> client CA"' : 'fix the token (see the capability checks), then rerun'));
    return checks;
  }
  const active = inspectCertificate(ca.activeCertificatePem);
  checks.push(check('ca.present', 'CA present', 'ok', `"${active.subject}" (SHA-256 ${active.fingerprint.slice(0, 16)}…), ${ca.trusted.length} CA(s) in the trust bundle`));

  const key = facts.caKey;
  if (key !== undefined && 'error' in key) checks.push(check('ca.key', 'CA key is the active CA’s', 'skip', `not checked: ${key.error}`));
  else if (key === undefined) checks.push(check('ca.key', 'CA key is the active CA’s', 'fail', 'the store has the CA certificate but not its private key: nothing can be issued or revoked', 'mtlsctl ca restore <backup> (or mtlsctl ca init --force to start over)'));
  else if (key.fingerprint !== ca.activeFingerprint) checks.push(check('ca.key', 'CA key is the active CA’s', 'fail', `the CA key is for ${key.fingerprint.slice(0, 16)}…, the bundle's active CA is ${ca.activeFingerprint.slice(0, 16)}… (an interrupted rotation)`, 'mtlsctl ca rotate (running it again finishes the rotation)'));
  else checks.push(check('ca.key', 'CA key is the active CA’s', 'ok', 'the key record matches the active CA certificate'));

  const left = (active.notAfter.getTime() - at.getTime()) / DAY;
  if (at < active.notBefore) checks.push(check('ca.valid', 'CA valid now', 'fail', `not valid before ${active.notBefore.toISOString()}: check the clock`, 'fix the clock (timedatectl), or mtlsctl ca rotate'));
  else if (left < 0) checks.push(check('ca.valid', 'CA valid now', 'fail', `expired on ${active.notAfter.toISOString()}: HAProxy refuses every certificate it issued`, 'mtlsctl ca rotate, then mtlsctl user renew <user> for each user'));
  else checks.push(check('ca.valid', 'CA valid now', 'ok', `valid until ${active.notAfter.toISOString()}`));
  if (left >= 0) {
    checks.push(
      left < caWarn
        ? check('ca.expiry', `CA not expiring within ${caWarn} days`, 'warn', `expires in ${Math.floor(left)} days (${active.notAfter.toISOString()})`, 'mtlsctl ca rotate, then mtlsctl user renew <user> for each user (mtlsctl migrate status)')
        : check('ca.expiry', `CA not expiring within ${caWarn} days`, 'ok', `${Math.floor(left)} days left`),
    );
  }
  const expiredTrusted = ca.trusted.filter((t) => new Date(t.notAfter) < at && t.fingerprint !== ca.activeFingerprint);
  if (expiredTrusted.length > 0) {
    checks.push(check('ca.bundle', 'Trust bundle holds no expired CA', 'warn', `${expiredTrusted.map((t) => `"${t.subject}" expired ${t.notAfter}`).join('; ')}`, `mtlsctl ca retire ${expiredTrusted[0]?.fingerprint.slice(0, 16) ?? ''}`));
  }

  checks.push(...(await crlChecks(facts.crl, ca, at, crlWarn, crypto)));
  return checks;
}

async function crlChecks(crl: StoreFacts['crl'], ca: CaRecord, at: Date, warnDays: number, crypto?: Crypto): Promise<Check[]> {
  if (crl === undefined || 'error' in crl) {
    const detail = crl === undefined ? 'no CRL has been published (pki/crl): HAProxy with crl-file refuses every client' : `the CRL record cannot be read: ${crl.error}`;
    return [check('crl.present', 'CRL published', 'fail', detail, crl === undefined ? 'mtlsctl crl update' : 'fix the token (see the capability checks), then rerun')];
  }
  const checks: Check[] = [check('crl.present', 'CRL published', 'ok', `CRL #${crl.crlNumber}, ${crl.revoked.length} revoked`)];
  const parsed: Array<CrlInfo & { pem: string }> = [];
  try {
    for (const pem of splitCrls(crl.crlPem)) parsed.push({ ...parseCrl(pem), pem });
  } catch (error) {
    checks.push(check('crl.readable', 'CRL readable', 'fail', `the CRLs in pki/crl cannot be read: ${(error as Error).message}`, 'mtlsctl crl update'));
  }
  const covered: string[] = [];
  const uncovered: string[] = [];
  for (const trusted of ca.trusted) {
    let signed = false;
    for (const c of parsed) if (await verifyCrlSignature(c.pem, trusted.certificatePem, crypto).catch(() => false)) signed = true;
    (signed ? covered : uncovered).push(trusted.subject);
  }
  checks.push(
    uncovered.length === 0
      ? check('crl.coverage', 'A CRL for every trusted CA', 'ok', `signed by ${covered.length} trusted CA(s)`)
      : check('crl.coverage', 'A CRL for every trusted CA', 'warn', `no CRL signed by ${uncovered.map((s) => `"${s}"`).join(', ')}: HAProxy with crl-file refuses its clients (the ingress uses deny rules and does not)`, 'mtlsctl crl update (for an imported CA, add its own CRL to crl-file, or retire it: mtlsctl ca retire <fingerprint>)'),
  );
  const next = new Date(crl.nextUpdate);
  const left = (next.getTime() - at.getTime()) / DAY;
  if (left < 0) {
    checks.push(check('crl.current', 'CRL current', 'fail', `past its nextUpdate (${crl.nextUpdate}): HAProxy refuses every client of the CA (certificate_expired)`, 'mtlsctl crl update (and run it daily, e.g. from cron)'));
  } else {
    checks.push(check('crl.current', 'CRL current', 'ok', `next update ${crl.nextUpdate}`));
    checks.push(
      left < warnDays
        ? check('crl.next-update', `CRL nextUpdate more than ${warnDays} days away`, 'warn', `only ${left.toFixed(1)} days left before HAProxy refuses every client`, 'mtlsctl crl update (and run it daily, e.g. from cron)')
        : check('crl.next-update', `CRL nextUpdate more than ${warnDays} days away`, 'ok', `${Math.floor(left)} days left`),
    );
  }
  return checks;
}
