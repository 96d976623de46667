import { assertIntegerParameter, InvalidParameterError } from '../errors/invalid-parameter-error.js';
import { parseDistinguishedName } from '../internal/distinguished-name.js';
import { checkSerialNumber, randomSerialNumber } from '../internal/serial-number.js';
import { computeValidity } from '../internal/validity.js';
import { cryptoOrDefault, x509 } from '../internal/x509.js';
import { signingParams } from '../keys/key-algorithms.js';
import { keyTypeOf } from '../keys/key-type.js';
import { caExtensions } from './ca-extensions.js';
import { encodePem } from '../pem/encode-pem.js';

/** Parameters of {@link createRootCa}. */
export interface CreateRootCaParams {
  /** The CA's distinguished name, e.g. `CN=mtlsctl CA,O=Acme` (RDNs encoded in the order written). */
  subject: string;
  /** The CA's key pair (see generateKeyPair). */
  keys: CryptoKeyPair;
  /** The issuance time. */
  now: Date;
  /** Lifetime in days from `now`; default 3650. */
  validityDays?: number;
  /** basicConstraints pathLenConstraint; default none (any number of intermediates). */
  pathLength?: number;
  /** Hex serial number; default 126 random bits. */
  serialNumber?: string;
  /** notBefore = now − this, against clock skew; default 300. */
  backdateSeconds?: number;
  /** WebCrypto provider; default `globalThis.crypto`. */
  crypto?: Crypto;
}

/**
 * Creates a self-signed root CA certificate: basicConstraints CA:TRUE and keyUsage keyCertSign + cRLSign
 * (both critical), subject and authority key identifiers, signed with the CA key's algorithm
 * (ECDSA-SHA256/384, RSA-SHA256 or Ed25519).
 *
 * @param params - see {@link CreateRootCaParams}
 * @returns the certificate, PEM
 * @throws InvalidNameError for a bad subject; InvalidValidityError / InvalidParameterError for bad numbers;
 *   UnsupportedKeyError for an unsupported key
 * @example
 * const keys = await generateKeyPair('p256');
 * const caPem = await createRootCa({ subject: 'CN=mtlsctl CA,O=Acme', keys, now: new Date() });
 */
export async function createRootCa(params: CreateRootCaParams): Promise<string> {
  const crypto = cryptoOrDefault(params.crypto);
  const subject = parseDistinguishedName(params.subject);
  assertIntegerParameter('pathLength', params.pathLength, 0, 255);
  const { notBefore, notAfter } = computeValidity(params, 3650);
  const keyType = keyTypeOf(params.keys.privateKey);
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: params.serialNumber === undefined ? randomSerialNumber(crypto) : checkSerialNumber(params.serialNumber),
      subject,
      issuer: subject,
      notBefore,
      notAfter,
      publicKey: params.keys.publicKey,
      signingKey: params.keys.privateKey,
      signingAlgorithm: signingParams(keyType),
      extensions: [
        ...(await caExtensions(params.keys.publicKey, params.pathLength, crypto)),
        await x509.AuthorityKeyIdentifierExtension.create(params.keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const verified = await certificate.verify({ publicKey: params.keys.publicKey, signatureOnly: true }, crypto).catch(() => false);
  if (!verified) throw new InvalidParameterError('keys', 'the private key and the public key are not one pair');
  return encodePem('CERTIFICATE', new Uint8Array(certificate.rawData));
}
