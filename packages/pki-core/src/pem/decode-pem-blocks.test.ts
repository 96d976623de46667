import { thrown } from '@mtlsctl/errors/testing';
import { describe, expect, it } from 'vitest';
import { PemFormatError } from '../errors/pem-format-error.js';
import { decodePemBlocks } from './decode-pem-blocks.js';
import { encodePem } from './encode-pem.js';

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff);

describe('encodePem', () => {
  it.each([1, 2, 3, 47, 48, 49, 300])('writes %i bytes as 64-column base64 lines with a trailing newline', (n) => {
    const pem = encodePem('CERTIFICATE', bytes(n));
    const lines = pem.split('\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(lines.at(-2)).toBe('-----END CERTIFICATE-----');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(1, -2).every((line) => line.length > 0 && line.length <= 64)).toBe(true);
    expect(lines.slice(1, -3).every((line) => line.length === 64)).toBe(true);
    expect(Buffer.from(lines.slice(1, -2).join(''), 'base64')).toEqual(Buffer.from(bytes(n)));
  });
});

describe('decodePemBlocks', () => {
  it('reads back what encodePem wrote, block by block, with LF or CRLF line ends and blank lines between', () => {
    const text = `\n${encodePem('CERTIFICATE', bytes(70))}\n\n${encodePem('X509 CRL', bytes(5))}`;
    const expected = [
      { label: 'CERTIFICATE', der: bytes(70) },
      { label: 'X509 CRL', der: bytes(5) },
    ];
    expect(decodePemBlocks(text)).toEqual(expected);
    expect(decodePemBlocks(text.replace(/\n/g, '\r\n'))).toEqual(expected);
  });

  it('reads a body whose lines are not 64 columns wide', () => {
    const body = Buffer.from(bytes(30)).toString('base64');
    const text = `-----BEGIN PUBLIC KEY-----\n${body.slice(0, 10)}\n${body.slice(10)}\n-----END PUBLIC KEY-----`;
    expect(decodePemBlocks(text)).toEqual([{ label: 'PUBLIC KEY', der: bytes(30) }]);
  });

  const good = encodePem('CERTIFICATE', bytes(100));
  const lines = good.split('\n');
  it.each([
    ['an empty input', '', undefined, /empty/],
    ['only whitespace', ' \n\t\n', undefined, /empty/],
    ['text before the block', `hello\n${good}`, 1, /outside a PEM block/],
    ['text between blocks', `${good}Bag Attributes\n${good}`, 6, /outside a PEM block/],
    ['text after the block', `${good}trailing`, 6, /outside a PEM block/],
    ['a missing END line', lines.slice(0, -2).join('\n'), undefined, /no END line: the PEM is truncated/],
    ['a BEGIN inside a block', `${lines.slice(0, 3).join('\n')}\n${good}`, 4, /no END line before the next BEGIN/],
    ['an END of another type', good.replace('END CERTIFICATE', 'END PRIVATE KEY'), 5, /does not close the "CERTIFICATE" block/],
    ['a character that is not base64', good.replace(lines[2]!, `${lines[2]!.slice(0, 10)}*${lines[2]!.slice(11)}`), 3, /not base64/],
    ['a body cut short', good.replace(lines[3]!, lines[3]!.slice(0, -1)), 1, /not valid base64/],
    ['padding in the middle', good.replace(lines[2]!, `${lines[2]!.slice(0, -2)}==`), 1, /not valid base64/],
    ['an empty body', '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n', 2, /is empty/],
    ['a legacy encrypted header', '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n', 2, /legacy encrypted PEM is not supported/],
    ['a malformed BEGIN line', '----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', 1, /outside a PEM block/],
  ])('refuses %s with a PemFormatError naming the line', (_, text, line, message) => {
    const error = thrown(() => decodePemBlocks(text));
    expect(error).toBeInstanceOf(PemFormatError);
    expect((error as PemFormatError).line).toBe(line);
    expect((error as Error).message).toMatch(message);
  });

  it('never puts the content of a line into its error', () => {
    const secret = 'TOPSECRETPASSWORD';
    const error = thrown(() => decodePemBlocks(`${secret}\n${good}`));
    expect(error).toBeInstanceOf(PemFormatError);
    expect((error as Error).message).not.toContain(secret);
  });

  describe('hostile input: checked by loops, so many megabytes cost no stack', () => {
    const big = 12 * 1024 * 1024; // base64 characters; a regular expression overflowed the stack above ~8 MB
    const body = Buffer.alloc((big / 4) * 3, 0x5a).toString('base64');
    const wrap = (b: string) => `-----BEGIN CERTIFICATE-----\n${b}\n-----END CERTIFICATE-----\n`;

    it('decodes a 12 MB body on one line and in 64-column lines', () => {
      expect(decodePemBlocks(wrap(body))[0]?.der.length).toBe((big / 4) * 3);
      expect(decodePemBlocks(wrap(body.replace(/(.{64})/g, '$1\n')))[0]?.der.length).toBe((big / 4) * 3);
    });

    it.each([
      ['a bad character at the very end', `${body.slice(0, -1)}!`, /not base64/],
      ['padding inside the body', `${body.slice(0, 8)}==${body.slice(10)}`, /not base64/],
      ['a line of 12 MB of "="', '='.repeat(big), /not base64/],
      ['a body one character short', body.slice(1), /wrong length or misplaced "=" padding/],
    ])('refuses %s with a PemFormatError', (_name, hostile, message) => {
      expect(() => decodePemBlocks(wrap(hostile))).toThrow(PemFormatError);
      expect(() => decodePemBlocks(wrap(hostile))).toThrow(message);
    });
  });
});
