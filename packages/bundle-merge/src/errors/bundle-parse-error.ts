import { type ErrorCode, MtlsctlError } from '@mtlsctl/errors';

/** Where in a trust bundle a problem is: the 1-based block number and the line it starts on, when known. */
export interface BundlePosition {
  /** 1-based number of the PEM block among all blocks of the text. */
  block?: number;
  /** 1-based line number in the text. */
  line?: number | undefined;
}

function where(position: BundlePosition): string {
  const parts = [
    ...(position.block === undefined ? [] : [`block ${position.block}`]),
    ...(position.line === undefined ? [] : [`line ${position.line}`]),
  ];
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/**
 * A trust bundle that is not well-formed PEM: text between blocks, a block without its END line,
 * a body that is not base64. The message names the line, never its content.
 */
export class BundleParseError extends MtlsctlError {
  readonly block: number | undefined;
  readonly line: number | undefined;

  /**
   * @param detail - what is wrong, without any of the input's content
   * @param position - where
   * @param cause - the underlying PEM error
   * @param code - the machine-readable code (default `BUNDLE_INVALID`)
   */
  constructor(detail: string, position: BundlePosition = {}, cause?: unknown, code: ErrorCode = 'BUNDLE_INVALID') {
    super({ code, message: `trust bundle${where(position)}: ${detail}`, cause });
    this.block = position.block;
    this.line = position.line;
  }
}

/**
 * A private key inside a trust bundle. Only the block's label and position are reported: the key
 * itself never appears in the error.
 */
export class BundleContainsPrivateKeyError extends BundleParseError {
  /** The block's label, e.g. `PRIVATE KEY` or `EC PRIVATE KEY`. */
  readonly label: string;

  /**
   * @param label - the private key block's label
   * @param position - where the block starts
   */
  constructor(label: string, position: BundlePosition) {
    super(
      `a "${label}" block is a private key: a trust bundle holds CA certificates only and a private key must never ` +
        'reach the ingress. Remove the block; if this bundle was stored or shared, treat the key as exposed and rotate it',
      position,
      undefined,
      'BUNDLE_PRIVATE_KEY_FOUND',
    );
    this.label = label;
  }
}

const HINTS: Record<string, string> = {
  'X509 CRL': 'CRLs go to the HAProxy crl-file (`mtlsctl crl show --pem`), not to tls.crt',
  CRL: 'CRLs go to the HAProxy crl-file (`mtlsctl crl show --pem`), not to tls.crt',
  'TRUSTED CERTIFICATE': 'convert it to a plain certificate with `openssl x509 -in ca.pem -out ca-plain.pem`',
  PKCS7: 'extract its certificates with `openssl pkcs7 -print_certs -in bundle.p7b`',
  'CERTIFICATE REQUEST': 'a CSR is not a certificate: add the certificate the CA issued instead',
  'PUBLIC KEY': 'a bare public key is not a certificate: add the CA certificate instead',
};

/** A PEM block of a type other than CERTIFICATE (and not a private key) inside a trust bundle. */
export class BundleUnexpectedBlockError extends BundleParseError {
  /** The block's label, e.g. `X509 CRL`. */
  readonly label: string;

  /**
   * @param label - the unexpected label
   * @param position - where the block starts
   */
  constructor(label: string, position: BundlePosition) {
    const hint = HINTS[label];
    super(
      `a "${label}" block is not a CERTIFICATE: a trust bundle holds CERTIFICATE blocks only${hint === undefined ? '' : `; ${hint}`}`,
      position,
      undefined,
      'BUNDLE_BLOCK_UNEXPECTED',
    );
    this.label = label;
  }
}

/** A CERTIFICATE block whose bytes are not an X.509 certificate (truncated, damaged, or something else). */
export class BundleInvalidCertificateError extends BundleParseError {
  /**
   * @param position - where the block starts
   * @param cause - the parser's error
   */
  constructor(position: BundlePosition, cause?: unknown) {
    super(
      'the CERTIFICATE block is not a valid DER X.509 certificate: it is truncated or damaged; export the certificate again',
      position,
      cause,
      'BUNDLE_CERTIFICATE_INVALID',
    );
  }
}
