export type { WebCrypto } from './webcrypto-globals.js';
export { PemFormatError } from './errors/pem-format-error.js';
export { PemLabelError } from './errors/pem-label-error.js';
export { DerDecodeError } from './errors/der-decode-error.js';
export { UnsupportedKeyError } from './errors/unsupported-key-error.js';
export { NotAfterBeyondIssuerError } from './errors/not-after-beyond-issuer-error.js';
export { CsrSignatureError, CsrPolicyError } from './errors/csr-errors.js';
export { InvalidNameError } from './errors/invalid-name-error.js';
export { InvalidValidityError } from './errors/invalid-validity-error.js';
export { InvalidParameterError } from './errors/invalid-parameter-error.js';
export { IssuerNotCaError, IssuerKeyMismatchError, IssuerPathLengthError } from './errors/issuer-errors.js';
export type { PemLabel, PemBlock } from './pem/pem-label.js';
export { decodePemBlocks } from './pem/decode-pem-blocks.js';
export { pemBeginLines } from './pem/pem-begin-lines.js';
export { decodeSingle } from './pem/decode-single.js';
export { encodePem } from './pem/encode-pem.js';
export { pemBlockTexts, pemText } from './pem/pem-text.js';
export { splitCertificates } from './pem/split-certificates.js';
export { KEY_TYPES, isKeyType, keyTypeOf, type KeyType } from './keys/key-type.js';
export { generateKeyPair } from './keys/generate-key-pair.js';
export { exportPrivateKeyPem, importPrivateKeyPem, type ImportedKeyPair } from './keys/private-key-pem.js';
export { exportPublicKeyPem, importPublicKeyPem } from './keys/public-key-pem.js';
export type { Issuer } from './certificates/issuer.js';
export type { LeafIssuance } from './certificates/leaf-issuance.js';
export { randomSerialNumber } from './internal/serial-number.js';
export { createRootCa, type CreateRootCaParams } from './certificates/create-root-ca.js';
export { createIntermediateCa, type CreateIntermediateCaParams } from './certificates/create-intermediate-ca.js';
export {
  issueClientCertificate,
  type IssueClientCertificateParams,
  type ClientCertificatePolicy,
  type SignedCertificate,
} from './certificates/issue-client-certificate.js';
export { issueClientCredentials, type ClientCredentials, type ClientCredentialsRequest } from './certificates/issue-client-credentials.js';
export { CredentialsWorkers, type CredentialsWorkersOptions } from './workers/credentials-workers.js';
export { serveCredentialsWorker } from './workers/serve-credentials-worker.js';
export { CredentialsWorkerError } from './errors/credentials-worker-error.js';
export { issueServerCertificate, type IssueServerCertificateParams } from './certificates/issue-server-certificate.js';
export { signCsr, type SignCsrParams } from './certificates/sign-csr.js';
export type { CertificateFacts } from './inspect/certificate-facts.js';
export type { CertificateInfo } from './inspect/certificate-info.js';
export { readCertificateFacts } from './inspect/read-certificate-facts.js';
export { inspectCertificate, fingerprintSha256 } from './inspect/inspect-certificate.js';
export { CRL_REASONS, CLIENT_REVOCATION_REASONS, isCrlReason, type CrlReason, type ClientRevocationReason, type RevokedCertificate } from './crl/crl-reason.js';
export { buildCrl, type BuildCrlParams } from './crl/build-crl.js';
export { parseCrl, type CrlInfo } from './crl/parse-crl.js';
export { verifyCrlSignature } from './crl/verify-crl-signature.js';
export { verifyClientCertificate } from './verify/verify-client-certificate.js';
export type { VerifyOptions, VerifyFailureReason, VerifyResult } from './verify/verify-types.js';
export * from './pkcs12/index.js';
