import { describe, expect, it } from 'vitest';
import { pemBeginLines } from './pem-begin-lines.js';

describe('pemBeginLines', () => {
  it('names the label and line of every BEGIN line, with LF or CRLF, indented or not, decodable or not', () => {
    const text = 'junk\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n\n  -----BEGIN PRIVATE KEY-----  \nnot base64 *\n';
    const expected = [
      { label: 'CERTIFICATE', line: 2 },
      { label: 'PRIVATE KEY', line: 6 },
    ];
    expect(pemBeginLines(text)).toEqual(expected);
    expect(pemBeginLines(text.replace(/\n/g, '\r\n'))).toEqual(expected);
  });

  it('finds nothing in a text without a BEGIN line', () => {
    expect(pemBeginLines('')).toEqual([]);
    expect(pemBeginLines('-----END CERTIFICATE-----\nBEGIN CERTIFICATE\n')).toEqual([]);
  });
});
