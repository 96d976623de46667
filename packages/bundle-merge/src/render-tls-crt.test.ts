import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, openssl } from '@mtlsctl/peers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BundleEntry } from './bundle-entry.js';
import { EmptyBundleError } from './errors/empty-bundle-error.js';
import { parseBundle } from './parse-bundle.js';
import { renderTlsCrt } from './render-tls-crt.js';
import { makeTestCa } from './test-support/test-pki.js';

const at = (iso: string) => new Date(iso);
let oldCa: BundleEntry;
let newCa: BundleEntry;

beforeAll(async () => {
  const old = await makeTestCa({ name: 'CN=old_ca', notBefore: at('2020-01-01T00:00:00Z'), notAfter: at('2040-01-01T00:00:00Z') });
  const next = await makeTestCa({ name: 'CN=new_ca', notBefore: at('2025-01-01T00:00:00Z'), notAfter: at('2045-01-01T00:00:00Z') });
  [oldCa, newCa] = parseBundle(old.cert + next.cert) as [BundleEntry, BundleEntry];
});

describe('renderTlsCrt', () => {
  it('concatenates the CAs as PEM, oldest first, with LF line ends and one trailing newline', () => {
    const text = renderTlsCrt([newCa, oldCa]);
    expect(text).toBe(oldCa.pem + newCa.pem);
    expect(text).toMatch(/^(-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n){2}$/);
    expect(text).not.toContain('\r');
    expect(text.endsWith('-----\n')).toBe(true);
  });

  it.each([
    ['reversed', () => [oldCa, newCa]],
    ['with duplicates', () => [newCa, oldCa, newCa, oldCa]],
    ['re-parsed from its own output', () => parseBundle(renderTlsCrt([oldCa, newCa]))],
    ['re-parsed from CRLF text', () => parseBundle((newCa.pem + oldCa.pem).replace(/\n/g, '\r\n'))],
  ])('is byte for byte stable: %s', (_name, entries) => {
    expect(renderTlsCrt(entries())).toBe(renderTlsCrt([newCa, oldCa]));
  });

  it('is read back by openssl as the same two certificates', async () => {
    const dir = await makeTempDir();
    try {
      await writeFile(join(dir.path, 'tls.crt'), renderTlsCrt([newCa, oldCa]));
      const listed = await openssl(['crl2pkcs7', '-nocrl', '-certfile', join(dir.path, 'tls.crt')]);
      const subjects = await openssl(['pkcs7', '-print_certs', '-noout'], { input: listed });
      expect(subjects.match(/subject=.*/g)).toEqual(['subject=CN = old_ca', 'subject=CN = new_ca']);
    } finally {
      await dir.remove();
    }
  });

  it('refuses to render an empty bundle, which would make HAProxy refuse everyone', () => {
    expect(() => renderTlsCrt([])).toThrow(EmptyBundleError);
    expect(() => renderTlsCrt([])).toThrow(/at least the active CA/);
  });
});
