import { createPublicKey } from 'node:crypto';
import { sha256Hex } from '../internal/bytes.js';
import { parseCertificate } from '../internal/parse-certificate.js';
import { x509 } from '../internal/x509.js';
import { describeKeyObject } from '../keys/key-object-type.js';
import type { CertificateInfo } from './certificate-info.js';
import { readCertificateFacts } from './read-certificate-facts.js';

const EKU_NAMES: Partial<Record<string, string>> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

const KEY_USAGE_NAMES: Array<[x509.KeyUsageFlags, string]> = [
  [x509.KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [x509.KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [x509.KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [x509.KeyUsageFlags.cRLSign, 'cRLSign'],
  [x509.KeyUsageFlags.encipherOnly, 'encipherOnly'],
  [x509.KeyUsageFlags.decipherOnly, 'decipherOnly'],
];

/**
 * Reads what a certificate says (synchronously: no signature check, no clock).
 *
 * @param input - one certificate, PEM text or DER bytes
 * @returns its subject, issuer, names, serial, dates, fingerprint, key and extensions
 * @throws PemFormatError / PemLabelError for bad PEM; DerDecodeError when it is not a certificate
 * @example
 * const { commonName, notAfter, fingerprint } = inspectCertificate(certificatePem);
 */
export function inspectCertificate(input: string | Uint8Array): CertificateInfo {
  return describeCertificate(parseCertificate(input));
}

/**
 * The SHA-256 fingerprint of a certificate's DER, lowercase hex without colons (as `openssl x509
 * -fingerprint -sha256` prints, minus the colons).
 *
 * @param input - one certificate, PEM text or DER bytes
 * @throws the same errors as {@link inspectCertificate}
 */
export function fingerprintSha256(input: string | Uint8Array): string {
  return sha256Hex(new Uint8Array(parseCertificate(input).rawData));
}

/**
 * Describes a parsed certificate.
 *
 * @param certificate - a @peculiar/x509 certificate
 */
export function describeCertificate(certificate: x509.X509Certificate): CertificateInfo {
  const facts = readCertificateFacts(new Uint8Array(certificate.rawData));
  const san = certificate.getExtension(x509.SubjectAlternativeNameExtension);
  const altNames = san?.names.toJSON() ?? [];
  const constraints = certificate.getExtension(x509.BasicConstraintsExtension);
  const keyUsage = certificate.getExtension(x509.KeyUsagesExtension);
  const eku = certificate.getExtension(x509.ExtendedKeyUsageExtension);
  const emails = [...altNames.filter((n) => n.type === 'email').map((n) => n.value), ...certificate.subjectName.getField('E')];
  const info: CertificateInfo = {
    ...facts,
    commonName: certificate.subjectName.getField('CN')[0] ?? '',
    emails: [...new Set(emails)],
    dnsNames: altNames.filter((n) => n.type === 'dns').map((n) => n.value),
    ipAddresses: altNames.filter((n) => n.type === 'ip').map((n) => n.value),
    keyAlgorithm: describeSpki(certificate.publicKey.rawData),
    signatureAlgorithm: describeSignature(certificate.signatureAlgorithm),
    keyUsages: keyUsage === null ? [] : KEY_USAGE_NAMES.filter(([flag]) => (keyUsage.usages & flag) !== 0).map(([, name]) => name),
    extendedKeyUsages: eku === null ? [] : eku.usages.map((oid) => EKU_NAMES[String(oid)] ?? String(oid)),
  };
  if (constraints?.pathLength !== undefined) info.pathLength = constraints.pathLength;
  return info;
}

function describeSpki(spki: ArrayBuffer): string {
  try {
    return describeKeyObject(createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }));
  } catch {
    return 'unknown';
  }
}

function describeSignature(algorithm: x509.HashedAlgorithm): string {
  const hash = algorithm.hash?.name.replace('-', '') ?? '';
  switch (algorithm.name) {
    case 'ECDSA':
      return `ECDSA-${hash}`;
    case 'RSASSA-PKCS1-v1_5':
      return `RSA-${hash}`;
    case 'RSA-PSS':
      return `RSA-PSS-${hash}`;
    default:
      return algorithm.name;
  }
}
