import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCrl } from '@mtlsctl/pki-core';
import { initCa } from './init-ca.js';
import { DEFAULT_CRL_VALIDITY_DAYS, publishCrl } from './publish-crl.js';
import { splitCrls } from './split-crls.js';
import { tempAuthority, type TempAuthority } from './test-support/temp-authority.js';

let t: TempAuthority;
beforeEach(async () => {
  t = await tempAuthority();
});
afterEach(async () => {
  await t.remove();
});

describe('publishCrl', () => {
  it("never promises a nextUpdate beyond its CA's notAfter (clamped, in the CRL and in the record)", async () => {
    const { certificate } = await initCa(t, { validityDays: 10 });
    expect(DEFAULT_CRL_VALIDITY_DAYS).toBeGreaterThan(10);
    const { record } = await publishCrl(t);
    const [crl] = splitCrls(record.crlPem).map((pem) => parseCrl(pem));
    expect(crl?.nextUpdate?.getTime()).toBe(certificate.notAfter.getTime());
    expect(new Date(record.nextUpdate).getTime()).toBe(certificate.notAfter.getTime());
  });

  it('keeps the requested lifetime when the CA outlives it', async () => {
    await initCa(t, { validityDays: 365 });
    const { record } = await publishCrl(t, { validityDays: 7 });
    const [crl] = splitCrls(record.crlPem).map((pem) => parseCrl(pem));
    expect(crl?.nextUpdate?.getTime()).toBe(t.clock.now.getTime() + 7 * 86_400_000);
  });
});
