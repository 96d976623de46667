import { PemFormatError } from '../errors/pem-format-error.js';
import type { PemBlock } from './pem-label.js';

const LABEL = '[\\x21-\\x2c\\x2e-\\x7e](?:[\\x21-\\x2c\\x2e-\\x7e ]*[\\x21-\\x2c\\x2e-\\x7e])?';
const BEGIN = new RegExp(`^-----BEGIN (${LABEL})-----$`);
const END = new RegExp(`^-----END (${LABEL})-----$`);

interface OpenBlock {
  label: string;
  beginLine: number;
  /** Offset of the BEGIN line's first non-blank character. */
  start: number;
  body: string[];
}

/** A decoded block and its text as written, from `-----BEGIN` to the END line's last dash, plus one newline. */
export interface ScannedPemBlock extends PemBlock {
  text: string;
}

/**
 * Decodes every PEM block of a text, strictly: each block has a BEGIN and a matching END line, its body is
 * valid base64, and nothing but whitespace lies between blocks. Errors name the line, never its content
 * (the text may hold a private key).
 *
 * @param text - PEM text, one or more blocks (LF or CRLF line ends)
 * @returns the blocks in order, each with its label and DER bytes
 * @throws PemFormatError when the input is empty, has text outside blocks, a truncated block, an RFC 1421
 *   header (legacy encrypted key), or a body that is not base64
 * @example
 * const [block] = decodePemBlocks(certificatePem); // { label: 'CERTIFICATE', der: Uint8Array }
 */
export function decodePemBlocks(text: string): PemBlock[] {
  return scanPemBlocks(text).map(({ label, der }) => ({ label, der }));
}

/**
 * The strict reader behind {@link decodePemBlocks}, which also keeps each block's text as written.
 *
 * @param text - PEM text, one or more blocks
 * @throws the errors of {@link decodePemBlocks}
 */
export function scanPemBlocks(text: string): ScannedPemBlock[] {
  if (text.trim() === '') {
    throw new PemFormatError('the input is empty: expected PEM text starting with a "-----BEGIN ...-----" line');
  }
  const blocks: ScannedPemBlock[] = [];
  let open: OpenBlock | undefined;
  const lines = text.split(/\r?\n/);
  let next = 0;
  for (const [index, raw] of lines.entries()) {
    const lineNo = index + 1;
    const lineStart = next;
    next = lineStart + raw.length;
    if (text[next] === '\r') next++;
    if (text[next] === '\n') next++;
    const line = raw.trim();
    if (open === undefined) {
      if (line === '') continue;
      const begin = BEGIN.exec(line);
      if (begin === null) {
        throw new PemFormatError(
          'unexpected text outside a PEM block: only whitespace may appear before, between and after ' +
            '"-----BEGIN ...-----"/"-----END ...-----" blocks (remove any text such as `openssl -text` output)',
          lineNo,
        );
      }
      open = { label: begin[1] ?? '', beginLine: lineNo, start: lineStart + raw.length - raw.trimStart().length, body: [] };
      continue;
    }
    const end = END.exec(line);
    if (end !== null) {
      if (end[1] !== open.label) {
        throw new PemFormatError(`"-----END ${end[1]}-----" does not close the "${open.label}" block opened on line ${open.beginLine}`, lineNo);
      }
      blocks.push({ label: open.label, der: decodeBody(open, lineNo), text: `${text.slice(open.start, lineStart + raw.trimEnd().length)}\n` });
      open = undefined;
      continue;
    }
    if (BEGIN.test(line)) {
      throw new PemFormatError(`the ${open.label} block opened on line ${open.beginLine} has no END line before the next BEGIN: the PEM is truncated`, lineNo);
    }
    if (line.includes(':')) {
      throw new PemFormatError(
        `the ${open.label} block has an RFC 1421 header (e.g. Proc-Type): legacy encrypted PEM is not supported; ` +
          'decrypt it first, e.g. `openssl pkey -in key.pem -out key-plain.pem`',
        lineNo,
      );
    }
    if (!isBase64Line(line)) {
      throw new PemFormatError(`the ${open.label} block contains a character that is not base64`, lineNo);
    }
    open.body.push(line);
  }
  if (open !== undefined) {
    throw new PemFormatError(`the ${open.label} block opened on line ${open.beginLine} has no END line: the PEM is truncated`);
  }
  return blocks;
}

function decodeBody(open: OpenBlock, endLine: number): Uint8Array {
  const body = open.body.join('');
  if (body === '') throw new PemFormatError(`the ${open.label} block opened on line ${open.beginLine} is empty`, endLine);
  if (!isPaddedBase64(body)) {
    throw new PemFormatError(
      `the base64 body of the ${open.label} block (lines ${open.beginLine}-${endLine}) is not valid base64 ` +
        '(wrong length or misplaced "=" padding): the block is truncated or damaged',
      open.beginLine,
    );
  }
  return new Uint8Array(Buffer.from(body, 'base64'));
}

/** One character of the base64 alphabet (RFC 4648 section 4), by char code. */
function isBase64Char(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x2b || code === 0x2f;
}

/**
 * A body line: base64 characters, then at most two `=`. A loop, not a regular expression, so a hostile
 * many-megabyte line costs linear time and no stack.
 */
function isBase64Line(line: string): boolean {
  let i = 0;
  while (i < line.length && isBase64Char(line.charCodeAt(i))) i++;
  const pad = line.length - i;
  if (pad > 2) return false;
  for (; i < line.length; i++) if (line.charCodeAt(i) !== 0x3d) return false;
  return true;
}

/** The whole body: base64 in 4-character groups, `=` padding (at most two) only at its very end. Iterative. */
function isPaddedBase64(body: string): boolean {
  if (body.length % 4 !== 0) return false;
  let end = body.length;
  while (end > 0 && body.length - end < 2 && body.charCodeAt(end - 1) === 0x3d) end--;
  for (let i = 0; i < end; i++) if (!isBase64Char(body.charCodeAt(i))) return false;
  return true;
}
