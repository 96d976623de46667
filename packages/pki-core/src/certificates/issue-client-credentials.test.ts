import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeTempDir, openssl, type TempDir } from '@mtlsctl/peers';
import { rejection } from '@mtlsctl/errors/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialsWorkerError } from '../errors/credentials-worker-error.js';
import { NotAfterBeyondIssuerError } from '../errors/not-after-beyond-issuer-error.js';
import { inspectCertificate } from '../inspect/inspect-certificate.js';
import { randomSerialNumber } from '../internal/serial-number.js';
import { makeTestCa, type TestCa } from '../testing/make-test-ca.js';
import { writeFiles } from '../test-support/fixtures.js';
import { CredentialsWorkers } from '../workers/credentials-workers.js';
import { issueClientCredentials, type ClientCredentials } from './issue-client-credentials.js';

// The worker threads run pki-core's build (a thread cannot load TypeScript): `npm run build` first.
const WORKER_SCRIPT = new URL('../../dist/workers/credentials-worker-main.js', import.meta.url);

describe('issueClientCredentials', () => {
  let dir: TempDir;
  let ca: TestCa;
  const now = new Date();

  beforeAll(async () => {
    dir = await makeTempDir();
    ca = await makeTestCa('p256', { now });
  });
  afterAll(() => dir?.remove());

  /** What openssl reads from the credentials: the verify result, serial, notAfter, and the p12's certificates. */
  async function readByOpenssl(credentials: ClientCredentials, name: string) {
    const path = await writeFiles(dir, { 'ca.pem': ca.certificatePem, [`${name}.pem`]: credentials.certificatePem, [`${name}.p12`]: credentials.p12 });
    const verified = (await openssl(['verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', path('ca.pem'), path(`${name}.pem`)])).trim();
    const facts = await openssl(['x509', '-noout', '-serial', '-enddate', '-in', path(`${name}.pem`)]);
    const p12 = await openssl(['pkcs12', '-nodes', '-in', path(`${name}.p12`), '-passin', `pass:${credentials.p12Password}`]);
    return {
      verified,
      serial: /serial=([0-9A-F]+)/.exec(facts)?.[1]?.toLowerCase(),
      notAfter: new Date(/notAfter=(.*)/.exec(facts)?.[1] ?? '').toISOString(),
      p12Certificates: p12.match(/-----BEGIN CERTIFICATE-----/g)?.length,
      p12HasKey: p12.includes('-----BEGIN PRIVATE KEY-----'),
    };
  }

  it('issues a key, a certificate openssl verifies, and a p12 it opens; the serial and notAfter are the signed ones', async () => {
    const serialNumber = randomSerialNumber(globalThis.crypto);
    const credentials = await issueClientCredentials({ username: 'alice', email: 'alice@example.com', now, validityDays: 30, serialNumber, issuer: ca.issuer });
    const info = inspectCertificate(credentials.certificatePem);
    expect([credentials.serialNumber, credentials.notAfter.toISOString()]).toEqual([info.serialNumber, info.notAfter.toISOString()]);
    expect(credentials.serialNumber).toBe(serialNumber);
    expect(info.emails).toEqual(['alice@example.com']);
    expect(await readByOpenssl(credentials, 'alice')).toEqual({
      verified: expect.stringMatching(/: OK$/),
      serial: serialNumber,
      notAfter: info.notAfter.toISOString(),
      p12Certificates: 2,
      p12HasKey: true,
    });
  });

  describe('in worker threads', () => {
    let workers: CredentialsWorkers;
    beforeAll(async () => {
      if (!existsSync(fileURLToPath(WORKER_SCRIPT))) throw new Error(`${fileURLToPath(WORKER_SCRIPT)} is missing: run npm run build first`);
      workers = await CredentialsWorkers.start({ issuer: ca.issuer, threads: 2, script: WORKER_SCRIPT });
    });
    afterAll(() => workers?.close());

    it('makes what the main thread makes: same subject, extensions and serial, verified and opened by openssl', async () => {
      const serialNumber = randomSerialNumber(globalThis.crypto);
      const request = { username: 'bob', email: 'bob@example.com', now, validityDays: 30, p12Profile: 'legacy' as const };
      const inWorker = await workers.issue({ ...request, serialNumber });
      const inThread = await issueClientCredentials({ ...request, serialNumber: randomSerialNumber(globalThis.crypto), issuer: ca.issuer });
      const comparable = (c: ClientCredentials) => {
        const { serialNumber: _s, fingerprint: _f, subjectKeyIdentifier: _k, ...info } = inspectCertificate(c.certificatePem); // what differs by design: the key, the serial
        return info;
      };
      expect(comparable(inWorker)).toEqual(comparable(inThread));
      expect(inWorker.serialNumber).toBe(serialNumber);
      expect(inWorker.p12).toBeInstanceOf(Uint8Array);
      expect(await readByOpenssl(inWorker, 'bob')).toEqual({
        verified: expect.stringMatching(/: OK$/),
        serial: serialNumber,
        notAfter: inWorker.notAfter.toISOString(),
        p12Certificates: 2,
        p12HasKey: true,
      });
    });

    it('spreads concurrent jobs over the threads and answers each with its own user', async () => {
      const users = Array.from({ length: 8 }, (_, i) => `user${i}`);
      const issued = await Promise.all(users.map((username) => workers.issue({ username, email: `${username}@example.com`, now })));
      expect(issued.map((c) => inspectCertificate(c.certificatePem).commonName)).toEqual(users);
      expect(new Set(issued.map((c) => c.serialNumber)).size).toBe(users.length);
    });

    it("reports a job the thread refuses as CredentialsWorkerError with the thread's error code, and keeps serving", async () => {
      const error = await rejection(workers.issue({ username: 'carol', email: 'carol@example.com', now, validityDays: 100_000 }));
      expect(error).toBeInstanceOf(CredentialsWorkerError);
      expect((error as CredentialsWorkerError).workerCode).toBe(new NotAfterBeyondIssuerError(now, now).code); // VALIDITY_BEYOND_ISSUER
      expect(inspectCertificate((await workers.issue({ username: 'dave', now })).certificatePem).commonName).toBe('dave');
    });
  });

  it('fails to start, leaving no thread, when the entry module is missing', async () => {
    const missing = new URL('./no-such-worker.js', WORKER_SCRIPT);
    expect(await rejection(CredentialsWorkers.start({ issuer: ca.issuer, threads: 2, script: missing }))).toBeInstanceOf(Error);
  });
});
