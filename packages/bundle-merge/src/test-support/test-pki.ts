// Test fixtures only (excluded from the build): a tiny in-process CA over WebCrypto (ECDSA P-256, fast)
// built on @peculiar/x509, so tests control serials, names, dates and CRLs exactly.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

const crypto = webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.create>[1] & typeof webcrypto;
x509.cryptoProvider.set(crypto);

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

type KeyPair = Awaited<ReturnType<typeof webcrypto.subtle.generateKey>> & { privateKey: webcrypto.CryptoKey; publicKey: webcrypto.CryptoKey };

/** A PEM certificate and its PKCS#8 private key. */
export interface TestIdentity {
  cert: string;
  key: string;
  der: Uint8Array;
}

/** Options for one certificate. `serial` is the DER content in hex: prefix `00` when the top bit is set. */
export interface TestCertOptions {
  name: string;
  serial?: string;
  notBefore?: Date;
  notAfter?: Date;
  isCa?: boolean;
  /** Subject alternative names, e.g. `['localhost', '127.0.0.1']`. */
  san?: string[];
}

/** A CA that can issue certificates and CRLs. */
export interface TestCa extends TestIdentity {
  subject: string;
  issue(options: TestCertOptions): Promise<TestIdentity>;
  /** A CRL (PEM, `X509 CRL` label) revoking these serials (hex DER content). */
  crl(options: { revoked?: string[]; thisUpdate?: Date; nextUpdate?: Date }): Promise<string>;
}

let serialCounter = 0x1000;
const nextSerial = () => (serialCounter++).toString(16).padStart(6, '0');

async function newKeys(): Promise<KeyPair> {
  return (await crypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as KeyPair;
}

async function identity(cert: x509.X509Certificate, keys: KeyPair): Promise<TestIdentity> {
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    cert: cert.toString('pem') + '\n',
    key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') + '\n',
    der: new Uint8Array(cert.rawData),
  };
}

/**
 * Creates a self-signed CA (valid from a day ago for ten days unless told otherwise).
 *
 * @param options - the CA's name (an x509 DN string such as `C=FR, O=Acme, CN=Acme CA`) and dates
 */
export async function makeTestCa(options: TestCertOptions): Promise<TestCa> {
  const now = Date.now();
  const keys = await newKeys();
  const caCert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: options.serial ?? nextSerial(),
      name: options.name,
      notBefore: options.notBefore ?? new Date(now - DAY),
      notAfter: options.notAfter ?? new Date(now + 10 * DAY),
      keys,
      signingAlgorithm: SIGN,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    },
    crypto,
  );
  const base = await identity(caCert, keys);
  return {
    ...base,
    subject: caCert.subject,
    async issue(leaf) {
      const leafKeys = await newKeys();
      const sans = (leaf.san ?? []).map((value) =>
        /^\d+\.\d+\.\d+\.\d+$/.test(value) ? { type: 'ip' as const, value } : { type: 'dns' as const, value },
      );
      const cert = await x509.X509CertificateGenerator.create(
        {
          serialNumber: leaf.serial ?? nextSerial(),
          subject: leaf.name,
          issuer: caCert.subjectName,
          notBefore: leaf.notBefore ?? new Date(now - DAY),
          notAfter: leaf.notAfter ?? new Date(now + 5 * DAY),
          publicKey: leafKeys.publicKey,
          signingKey: keys.privateKey,
          signingAlgorithm: SIGN,
          extensions: [
            new x509.BasicConstraintsExtension(leaf.isCa ?? false, undefined, true),
            await x509.AuthorityKeyIdentifierExtension.create(caCert, false, crypto),
            ...(sans.length === 0 ? [] : [new x509.SubjectAlternativeNameExtension(sans)]),
            ...(leaf.isCa ? [] : [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth])]),
          ],
        },
        crypto,
      );
      return identity(cert, leafKeys);
    },
    async crl({ revoked = [], thisUpdate = new Date(now - DAY), nextUpdate = new Date(now + 7 * DAY) }) {
      const crl = await x509.X509CrlGenerator.create(
        {
          issuer: caCert.subjectName,
          thisUpdate,
          nextUpdate,
          entries: revoked.map((serialNumber) => ({ serialNumber, revocationDate: thisUpdate })),
          signingKey: keys.privateKey,
          signingAlgorithm: SIGN,
          extensions: [await x509.AuthorityKeyIdentifierExtension.create(caCert, false, crypto)],
        },
        crypto,
      );
      return x509.PemConverter.encode(crl.rawData, 'X509 CRL') + '\n';
    },
  };
}
