import { parseCertificate } from '../internal/parse-certificate.js';
import { sameName } from '../internal/same-name.js';
import { cryptoOrDefault } from '../internal/x509.js';
import { parseX509Crl } from './parse-crl.js';

/**
 * True when the CRL was signed by the key of `issuerCertificatePem` and names it as issuer.
 *
 * @param crl - the CRL, PEM or DER
 * @param issuerCertificatePem - the CA certificate expected to have signed it
 * @param crypto - WebCrypto provider; default `globalThis.crypto`
 * @returns false for a wrong issuer name, a wrong key or a damaged signature
 * @throws PEM/DER errors when either input cannot be read
 * @example
 * if (!(await verifyCrlSignature(crlPem, caPem))) throw new Error('CRL not signed by our CA');
 */
export async function verifyCrlSignature(crl: string | Uint8Array, issuerCertificatePem: string, crypto?: Crypto): Promise<boolean> {
  const parsed = parseX509Crl(crl);
  const issuer = parseCertificate(issuerCertificatePem);
  if (!sameName(parsed.issuerName, issuer.subjectName)) return false;
  return parsed.verify({ publicKey: issuer.publicKey }, cryptoOrDefault(crypto)).catch(() => false);
}
