import type { BundleEntry } from './bundle-entry.js';
import {
  BundleContainsPrivateKeyError,
  BundleParseError,
  BundleUnexpectedBlockError,
} from './errors/bundle-parse-error.js';
import { decodePemBlocks, type PemBlock } from '@mtlsctl/pki-core';
import { toBundleEntry } from './to-bundle-entry.js';

const BEGIN_LINE = /^[ \t]*-----BEGIN ([^-\r\n]*)-----[ \t]*\r?$/gm;

/**
 * Parses a trust bundle (PEM text of concatenated CA certificates, such as a `tls.crt`) strictly.
 *
 * Only CERTIFICATE blocks are accepted, separated by nothing but whitespace (LF or CRLF). The result keeps
 * the input's order and duplicates; use {@link mergeBundles} to dedupe and order. An empty or
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
  const begins = beginLines(text);
  begins.forEach(({ label, line }, index) => {
    if (/PRIVATE KEY$/.test(label)) throw new BundleContainsPrivateKeyError(label, { block: index + 1, line });
  });
  if (text.trim() === '') return [];
  let blocks: PemBlock[];
  try {
    blocks = decodePemBlocks(text);
  } catch (error) {
    const line = (error as { line?: number }).line;
    throw new BundleParseError((error as Error).message.replace(/^line \d+: /, ''), line === undefined ? {} : { line }, error);
  }
  return blocks.map(({ label, der }, index) => {
    const position = { block: index + 1, line: begins[index]?.line };
    if (label !== 'CERTIFICATE') throw new BundleUnexpectedBlockError(label, position);
    return toBundleEntry(der, position);
  });
}

/** The label and 1-based line of every BEGIN line, in order. */
function beginLines(text: string): { label: string; line: number }[] {
  const found: { label: string; line: number }[] = [];
  let line = 1;
  let scanned = 0;
  for (const match of text.matchAll(BEGIN_LINE)) {
    line += countNewlines(text, scanned, match.index);
    scanned = match.index;
    found.push({ label: match[1] ?? '', line });
  }
  return found;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
