import { DerDecodeError } from '../errors/der-decode-error.js';
import { PemFormatError } from '../errors/pem-format-error.js';
import { PemLabelError } from '../errors/pem-label-error.js';
import { decodePemBlocks } from './decode-pem-blocks.js';
import { labelMatches, type PemLabel } from './pem-label.js';

const ASN1_SEQUENCE = 0x30;

/**
 * Decodes exactly one object of the expected type, given as PEM text or as DER bytes.
 *
 * Bytes that begin with `-----BEGIN` are read as PEM; other bytes must start with an ASN.1 SEQUENCE
 * (the full structure is checked by the parser that consumes them).
 *
 * @param input - PEM text, PEM bytes, or DER bytes
 * @param expected - the PEM label wanted, e.g. `CERTIFICATE` (`CRL` and `NEW CERTIFICATE REQUEST` are read as aliases)
 * @returns the DER bytes
 * @throws PemFormatError for malformed PEM or more than one block; PemLabelError for a block of another type;
 *   DerDecodeError for bytes that are not DER
 * @example
 * const der = decodeSingle(certificatePem, 'CERTIFICATE');
 */
export function decodeSingle(input: string | Uint8Array, expected: PemLabel): Uint8Array {
  if (typeof input !== 'string') {
    if (looksLikePem(input)) return decodeSingle(new TextDecoder().decode(input), expected);
    if (input.byteLength === 0) throw new DerDecodeError(expected, 'the input is empty');
    if (input[0] !== ASN1_SEQUENCE) {
      throw new DerDecodeError(expected, 'the bytes are neither PEM text nor DER (they do not start with an ASN.1 SEQUENCE)');
    }
    return new Uint8Array(input);
  }
  const blocks = decodePemBlocks(input);
  for (const block of blocks) {
    if (!labelMatches(expected, block.label)) throw new PemLabelError(expected, block.label, hintFor(expected, block.label));
  }
  const [first] = blocks;
  if (first === undefined || blocks.length > 1) {
    throw new PemFormatError(`expected one ${expected} but found ${blocks.length} PEM blocks: pass a single ${expected}`);
  }
  return first.der;
}

function looksLikePem(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
  return head.startsWith('-----BEGIN');
}

function hintFor(expected: string, found: string): string | undefined {
  if (found === 'ENCRYPTED PRIVATE KEY') {
    return 'the key is encrypted; decrypt it first, e.g. `openssl pkey -in key.pem -out key-plain.pem`';
  }
  if (found.endsWith('PRIVATE KEY') && expected === 'CERTIFICATE') return 'the certificate and key inputs may be swapped';
  return undefined;
}
