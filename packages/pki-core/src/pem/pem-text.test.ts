import { thrown } from '@mtlsctl/errors/testing';
import { describe, expect, it } from 'vitest';
import { PemFormatError } from '../errors/pem-format-error.js';
import { decodePemBlocks } from './decode-pem-blocks.js';
import { encodePem } from './encode-pem.js';
import { pemBlockTexts, pemText } from './pem-text.js';

const A = encodePem('CERTIFICATE', new Uint8Array(100).fill(1));
const B = encodePem('X509 CRL', new Uint8Array(3).fill(2));
/** The same bytes as A, wrapped at 76 columns (as some tools write PEM). */
const A76 = `-----BEGIN CERTIFICATE-----\n${Buffer.from(new Uint8Array(100).fill(1)).toString('base64').match(/.{1,76}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;

describe('pemText', () => {
  it('trims the white space around a PEM text and ends it in exactly one newline', () => {
    expect(pemText(A)).toBe(A);
    expect(pemText(`\n  ${A.trimEnd()}`)).toBe(A);
    expect(pemText(`${A}\n\r\n  \n`)).toBe(A);
  });
});

describe('pemBlockTexts', () => {
  it('gives each block as written, ending in one newline, in order', () => {
    expect(pemBlockTexts(A + B)).toEqual([A, B]);
    expect(pemBlockTexts(`\n\n  ${A}\n\n${B.trimEnd()}`)).toEqual([A, B]);
    expect(pemBlockTexts(A76 + A)).toEqual([A76, A]);
  });

  it('keeps CRLF line ends inside a block as they were', () => {
    const crlf = A.replace(/\n/g, '\r\n');
    expect(pemBlockTexts(crlf + B)).toEqual([`${crlf.trimEnd()}\n`, B]);
    expect(decodePemBlocks(pemBlockTexts(crlf)[0] ?? '')[0]?.der).toEqual(decodePemBlocks(A)[0]?.der);
  });

  it('is empty for white space alone', () => {
    expect(pemBlockTexts(' \n\r\n')).toEqual([]);
  });

  it.each([
    ['text between blocks', `${A}garbage\n${B}`],
    ['a truncated block', A.slice(0, 60)],
    ['a body that is not base64', A.replace('AQEB', 'A*EB')],
  ])('refuses %s as decodePemBlocks does', (_name, text) => {
    expect(thrown(() => pemBlockTexts(text))).toBeInstanceOf(PemFormatError);
  });
});
