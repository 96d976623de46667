import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openssl } from '@mtlsctl/peers';
import { initCa } from './init-ca.js';
import { tempAuthority, type TempAuthority } from './test-support/temp-authority.js';
import { trustCa } from './trust-ca.js';

let t: TempAuthority;
beforeEach(async () => {
  t = await tempAuthority(new Date());
});
afterEach(async () => {
  await t.remove();
});

/** A CA certificate made by the real openssl: `rsa:<bits>`, signed with `digest`. */
async function opensslCa(subject: string, bits: number, digest: string): Promise<string> {
  const [key, cert] = [join(t.dir, `${bits}.key`), join(t.dir, `${bits}-${digest}.pem`)];
  await openssl(['req', '-x509', '-newkey', `rsa:${bits}`, `-${digest}`, '-nodes', '-subj', subject, '-days', '30', '-keyout', key, '-out', cert, '-addext', 'basicConstraints=critical,CA:TRUE']);
  return readFile(cert, 'utf8');
}

describe('trustCa warns about what it accepts but should not be trusted blindly', () => {
  it('an RSA-1024 key, a SHA-1 signature and the active CA\'s own subject DN: added, with one warning each', async () => {
    await initCa(t, { subject: 'CN=Acme CA,O=Acme' });
    const result = await trustCa(t, { pem: await opensslCa('/CN=Acme CA/O=Acme', 1024, 'sha1') });
    expect(result.added).toHaveLength(1);
    expect(result.warnings).toHaveLength(3);
    expect(result.warnings[0]).toMatch(/has an RSA 1024-bit key: under 2048 bits/);
    expect(result.warnings[1]).toMatch(/is signed with .*SHA-?1: SHA-1 signatures are refused/i);
    expect(result.warnings[2]).toMatch(/has the same subject DN as the trusted CA [0-9a-f]{16}: Java PKIX, GnuTLS and NSS/);
  });

  it('a sound CA (RSA-2048, SHA-256, its own DN) is added without a warning', async () => {
    await initCa(t, { subject: 'CN=Acme CA,O=Acme' });
    const result = await trustCa(t, { pem: await opensslCa('/CN=Old CA/O=Acme', 2048, 'sha256') });
    expect(result.added).toHaveLength(1);
    expect(result.warnings).toEqual([]);
  });
});
