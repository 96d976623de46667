import type { BundleEntry } from './bundle-entry.js';
import {
  BundleContainsPrivateKeyError,
  BundleParseError,
  BundleUnexpectedBlockError,
} from './errors/bundle-parse-error.js';
import { decodePemBlocks, PemFormatError, pemBeginLines, type PemBlock } from '@mtlsctl/pki-core';
import { toBundleEntry } from './to-bundle-entry.js';

/**
 * Parses a trust bundle (PEM text of concatenated CA certificates, such as a `tls.crt`) strictly.
 *
 * Only CERTIFICATE blocks are accepted, separated by nothing but whitespace (LF or CRLF). The result keeps
 * the input's order and duplicates. An empty or
 * whitespace-only text is an empty bundle.
 *
 * @param text - the bundle's PEM text
 * @returns one entry per certificate, in input order
 * @throws BundleContainsPrivateKeyError when any block is a private key (checked first; the key is never echoed)
 * @throws BundleUnexpectedBlockError for another block type (CRL, CSR, PKCS7, TRUSTED CERTIFICATE...)
 * @throws BundleParseError for text between blocks, a truncated block or a body that is not base64
 * @throws BundleInvalidCertificateError for a CERTIFICATE block whose bytes are not a certificate
 * @example
 * const entries = parseBundle(await readFile('tls.crt', 'utf8'));
 * entries.map((e) => `${e.subject} ${e.fingerprint}`);
 */
export function parseBundle(text: string): BundleEntry[] {
  const begins = pemBeginLines(text);
  begins.forEach(({ label, line }, index) => {
    if (/PRIVATE KEY$/.test(label)) throw new BundleContainsPrivateKeyError(label, { block: index + 1, line });
  });
  if (text.trim() === '') return [];
  let blocks: PemBlock[];
  try {
    blocks = decodePemBlocks(text);
  } catch (error) {
    if (!PemFormatError.isInstance(error)) throw error;
    throw new BundleParseError(error.reason, error.line === undefined ? {} : { line: error.line }, error);
  }
  return blocks.map(({ label, der }, index) => {
    const position = { block: index + 1, line: begins[index]?.line };
    if (label !== 'CERTIFICATE') throw new BundleUnexpectedBlockError(label, position);
    return toBundleEntry(der, position);
  });
}
