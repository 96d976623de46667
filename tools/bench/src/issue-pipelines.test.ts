import { readFile } from 'node:fs/promises';
import { makeTempDir, openssl, type TempDir } from '@mtlsctl/peers';
import { createRootCa, exportPrivateKeyPem, generateKeyPair, inspectCertificate, parsePkcs12, type Issuer } from '@mtlsctl/pki-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueWithMtlsctl } from './issue-with-mtlsctl.js';
import { issueWithOpenssl, prepareOpensslCa, type OpensslCa } from './issue-with-openssl.js';

describe('the two issuance pipelines the benchmark compares', () => {
  let dir: TempDir;
  let issuer: Issuer;
  let opensslCa: OpensslCa;
  const now = new Date();

  beforeAll(async () => {
    dir = await makeTempDir('mtlsctl-bench-test-');
    const keys = await generateKeyPair('p256');
    const certificatePem = await createRootCa({ subject: 'CN=bench test CA', keys, now });
    issuer = { certificatePem, privateKey: keys.privateKey };
    opensslCa = await prepareOpensslCa(dir.path, { certificatePem, privateKeyPem: await exportPrivateKeyPem(keys.privateKey) });
  });
  afterAll(() => dir.remove());

  it.each([
    ['mtlsctl', async () => issueWithMtlsctl({ issuer, keyType: 'p256', username: 'ann', now })],
    [
      'the openssl CLI',
      async () => {
        const file = await issueWithOpenssl({ dir: dir.path, ca: opensslCa, keyType: 'p256', username: 'ann', password: 'pw-ann' });
        return { p12: new Uint8Array(await readFile(file)), password: 'pw-ann' };
      },
    ],
  ])('%s makes a modern p12 whose client certificate the CA verifies for clientAuth', async (_name, issue) => {
    const { p12, password } = await issue();
    const parsed = await parsePkcs12(p12, password);
    expect(parsed).toMatchObject({ profile: 'modern', macAlgorithm: 'SHA-256', friendlyName: 'ann' });
    expect(parsed.chainPems).toHaveLength(1);
    const info = inspectCertificate(parsed.certificatePem);
    expect(info).toMatchObject({ commonName: 'ann', emails: ['ann@example.com'], isCa: false });
    expect(info.extendedKeyUsages).toContain('clientAuth');
    const out = await openssl(['verify', '-purpose', 'sslclient', '-CAfile', opensslCa.certificateFile], { input: parsed.certificatePem });
    expect(out).toContain('OK');
  });
});
