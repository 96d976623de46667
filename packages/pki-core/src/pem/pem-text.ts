import { scanPemBlocks } from './decode-pem-blocks.js';

/**
 * A PEM text trimmed of the white space around it and ending in exactly one newline, so that texts
 * concatenated stay well-formed PEM (a trust bundle, a CA file). The one "end with one newline" rule.
 *
 * @param pem - PEM text, one or more blocks
 * @example
 * pemText('-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n\n'); // ends in one "\n"
 */
export function pemText(pem: string): string {
  return `${pem.trim()}\n`;
}

/**
 * Splits concatenated PEM text into its blocks' texts, as written (line breaks and base64 wrapping kept),
 * each ending in exactly one newline. It reads as strictly as {@link decodePemBlocks}; white space alone is no
 * block at all.
 *
 * @param text - PEM text, e.g. a `tls.crt` of several certificates
 * @returns one text per block, in order
 * @throws PemFormatError as decodePemBlocks does (text outside blocks, a truncated block, bad base64)
 * @example
 * pemBlockTexts(tlsCrt).length; // the number of certificates
 */
export function pemBlockTexts(text: string): string[] {
  if (text.trim() === '') return [];
  return scanPemBlocks(text).map((block) => block.text);
}
