import { createPublicKey } from 'node:crypto';
import { CsrPolicyError, CsrSignatureError } from '../errors/csr-errors.js';
import { DerDecodeError } from '../errors/der-decode-error.js';
import { UnsupportedKeyError } from '../errors/unsupported-key-error.js';
import { toArrayBuffer } from '../internal/bytes.js';
import { cryptoOrDefault, x509 } from '../internal/x509.js';
import { keyTypeOfKeyObject } from '../keys/key-object-type.js';
import { decodeSingle } from '../pem/decode-single.js';
import { issueForKey, type ClientCertificatePolicy } from './issue-client-certificate.js';

/** Parameters of {@link signCsr}: the CSR plus the same policy as issueClientCertificate. */
export interface SignCsrParams extends ClientCertificatePolicy {
  /** The PKCS#10 request, PEM (`CERTIFICATE REQUEST` or `NEW CERTIFICATE REQUEST`). */
  csrPem: string;
}

/**
 * Issues a client certificate for the key in a certificate signing request, so the private key never
 * leaves the user. The CSR's self-signature is checked. What the certificate says comes from the
 * parameters (the CA's policy), not from the CSR: a CSR whose CN is not `username`, that asks for another
 * email, or for SANs other than the email, is refused; other requested extensions (key usages, CA flags)
 * are ignored. A CSR without a CN is accepted (the CN comes from `username`).
 *
 * @param params - see {@link SignCsrParams}
 * @returns the certificate, PEM
 * @throws CsrSignatureError when the CSR signature does not verify; CsrPolicyError when it asks for other
 *   names; UnsupportedKeyError for an unsupported key; PEM/DER errors; and issueClientCertificate's errors
 * @example
 * const certPem = await signCsr({ csrPem, username: 'alice', email: 'alice@example.com', issuer, now: new Date() });
 */
export async function signCsr(params: SignCsrParams): Promise<string> {
  const crypto = cryptoOrDefault(params.crypto);
  const request = parseCsr(params.csrPem);
  const keyType = keyTypeOfKeyObject(createPublicKey({ key: Buffer.from(request.publicKey.rawData), format: 'der', type: 'spki' }));
  const signatureOk = await request.verify(crypto).catch(() => false);
  if (!signatureOk) throw new CsrSignatureError();
  checkPolicy(request, params.username, params.email);
  return issueForKey(params, request.publicKey, keyType);
}

function parseCsr(pem: string): x509.Pkcs10CertificateRequest {
  const der = decodeSingle(pem, 'CERTIFICATE REQUEST');
  try {
    const request = new x509.Pkcs10CertificateRequest(toArrayBuffer(der));
    void request.extensions;
    void request.publicKey.algorithm;
    return request;
  } catch (error) {
    if (error instanceof UnsupportedKeyError) throw error;
    throw new DerDecodeError('CERTIFICATE REQUEST', error instanceof Error ? error.message : String(error), error);
  }
}

function checkPolicy(request: x509.Pkcs10CertificateRequest, username: string, email: string | undefined): void {
  const commonNames = request.subjectName.getField('CN');
  if (commonNames.length > 1) throw new CsrPolicyError(`the CSR subject has ${commonNames.length} CNs: create it with a single CN "${username}"`);
  const [commonName] = commonNames;
  if (commonName !== undefined && commonName !== username) {
    throw new CsrPolicyError(
      `the CSR is for CN "${commonName}" but the certificate is for user "${username}": ` +
        `create the CSR with -subj "/CN=${username}" or issue it for user "${commonName}"`,
    );
  }
  const san = request.getExtension('2.5.29.17');
  const altNames = san instanceof x509.SubjectAlternativeNameExtension ? san.names.toJSON() : [];
  const others = altNames.filter((name) => name.type !== 'email');
  if (others.length > 0) {
    throw new CsrPolicyError(
      `the CSR asks for subject alternative names of type ${[...new Set(others.map((n) => n.type))].join(', ')}: ` +
        'a client certificate carries only the user\'s email; create the CSR without them',
    );
  }
  const requested = [...request.subjectName.getField('E'), ...altNames.map((name) => name.value)];
  for (const asked of requested) {
    if (email === undefined) {
      throw new CsrPolicyError(`the CSR asks for email "${asked}" but no email was given for user "${username}": pass the user's email or drop it from the CSR`);
    }
    if (asked.toLowerCase() !== email.toLowerCase()) {
      throw new CsrPolicyError(`the CSR asks for email "${asked}" but user "${username}" has email "${email}": create the CSR with the user's email or none`);
    }
  }
}
