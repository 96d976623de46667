import { InvalidNameError } from '../errors/invalid-name-error.js';
import { commonNameSubject } from '../internal/distinguished-name.js';
import { assertCommonName, assertDnsName, assertIpAddress } from '../internal/end-entity-names.js';
import { resolveIssuer } from '../internal/resolve-issuer.js';
import { leafSerialNumber } from '../internal/serial-number.js';
import { signCertificate } from '../internal/sign-certificate.js';
import { computeValidity } from '../internal/validity.js';
import { cryptoOrDefault, x509 } from '../internal/x509.js';
import { keyTypeOf } from '../keys/key-type.js';
import { endEntityExtensions } from './end-entity-extensions.js';
import type { LeafIssuance } from './leaf-issuance.js';
import { encodePem } from '../pem/encode-pem.js';

/** Parameters of {@link issueServerCertificate}. */
export interface IssueServerCertificateParams extends LeafIssuance {
  /** DNS names for the SAN, e.g. `['localhost']`. */
  dnsNames?: string[];
  /** IP addresses for the SAN, e.g. `['127.0.0.1']`. */
  ipAddresses?: string[];
  /** The subject CN; default the first DNS name, else the first IP address. */
  commonName?: string;
  /** The server's public key. */
  publicKey: CryptoKey;
}

/**
 * Issues a TLS server certificate (EKU serverAuth, SAN dNSName/iPAddress) — for test servers and ingress
 * end-to-end checks; mtlsctl's product is client certificates.
 *
 * @param params - see {@link IssueServerCertificateParams}
 * @returns the certificate, PEM
 * @throws InvalidNameError when there is no name or a name is invalid; the same issuer/validity errors as
 *   issueClientCertificate
 * @example
 * const serverPem = await issueServerCertificate({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], publicKey, issuer, now: new Date() });
 */
export async function issueServerCertificate(params: IssueServerCertificateParams): Promise<string> {
  const crypto = cryptoOrDefault(params.crypto);
  const dnsNames = params.dnsNames ?? [];
  const ipAddresses = params.ipAddresses ?? [];
  dnsNames.forEach(assertDnsName);
  ipAddresses.forEach(assertIpAddress);
  const commonName = params.commonName ?? dnsNames[0] ?? ipAddresses[0];
  if (commonName === undefined) throw new InvalidNameError('a server certificate needs at least one DNS name or IP address');
  assertCommonName(commonName);
  const keyType = keyTypeOf(params.publicKey);
  const issuer = await resolveIssuer(params.issuer, crypto);
  const { notBefore, notAfter } = computeValidity(params, 365, issuer.certificate.notAfter);
  const certificate = await signCertificate(
    {
      subject: commonNameSubject(commonName),
      publicKey: params.publicKey,
      serialNumber: leafSerialNumber(params, crypto),
      notBefore,
      notAfter,
      extensions: await endEntityExtensions({
        keyType,
        publicKey: params.publicKey,
        extendedKeyUsage: [x509.ExtendedKeyUsage.serverAuth],
        altNames: [
          ...dnsNames.map((value) => ({ type: 'dns' as const, value })),
          ...ipAddresses.map((value) => ({ type: 'ip' as const, value })),
        ],
        crypto,
      }),
    },
    issuer,
    crypto,
  );
  return encodePem('CERTIFICATE', new Uint8Array(certificate.rawData));
}
