import { openssl } from '@mtlsctl/peers';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AttributeTypeAndValue, AttributeValue, Certificate, Name, RelativeDistinguishedName } from '@peculiar/asn1-x509';
import { describe, expect, it } from 'vitest';
import type { BundleEntry } from './bundle-entry.js';
import { UnsupportedIssuerNameError } from './errors/issuer-scope-error.js';
import { haproxyDistinguishedName } from './haproxy-distinguished-name.js';
import { haproxyQuote } from './haproxy-quote.js';
import { parseBundle } from './parse-bundle.js';
import { makeTestCa } from './test-support/test-pki.js';

/**
 * OpenSSL's X509_NAME_oneline (`-nameopt compat`) prints the same `/SN=value` form HAProxy builds, except
 * that it escapes bytes outside 0x20-0x7e as `\xHH`: undoing that gives the exact bytes HAProxy compares.
 */
async function opensslOneline(certPem: string): Promise<Buffer> {
  const out = (await openssl(['x509', '-noout', '-subject', '-nameopt', 'compat'], { input: certPem })).trim();
  const text = out.replace(/^subject=/, '');
  return Buffer.from(text.replace(/\\x([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
}

const caEntry = async (name: string): Promise<BundleEntry> => parseBundle((await makeTestCa({ name })).cert)[0] as BundleEntry;

describe('haproxyDistinguishedName', () => {
  it.each([
    ['a simple name', 'C=FR, O=Acme, CN=Acme Client CA'],
    ['every attribute type in the table', [
      'CN=Acme', 'SN=Doe', '2.5.4.5=1234', 'C=FR', 'L=Paris', 'ST=IDF', '2.5.4.9=1 rue de la Paix', 'O=Acme', 'OU=Ops',
      'T=Boss', '2.5.4.13=desc', '2.5.4.15=biz', '2.5.4.17=75001', '2.5.4.41=name', 'G=John', 'I=JD', '2.5.4.44=III',
      '2.5.4.46=q', '2.5.4.65=pseudo', '2.5.4.97=VATFR-123', 'E=ca@acme.example', '0.9.2342.19200300.100.1.1=uid1', 'DC=example',
    ].join(', ')],
    ['UTF-8 values', 'C=FR, O=Société Générale, CN=Ünïcødé CA ✓'],
    ['characters HAProxy config treats specially', 'O=Acme \\"Quotes\\" $HOME #hash \\\\back, CN=A\\, B'],
    ['the attribute order of the certificate, not RFC 4514 order', 'CN=Reversed CA, O=Acme, C=FR'],
  ])('gives the bytes HAProxy prints for %s (checked against openssl -nameopt compat)', async (_name, dn) => {
    const ca = await makeTestCa({ name: dn });
    const entry = parseBundle(ca.cert)[0] as BundleEntry;
    expect(Buffer.from(haproxyDistinguishedName(entry)).toString('latin1')).toBe((await opensslOneline(ca.cert)).toString('latin1'));
  });

  it('gives the same bytes from a CA entry and from its subject string', async () => {
    const entry = await caEntry('C=FR, O=Société, CN=Acme \\"CA\\" $x');
    expect(entry.subject).toBe('C=FR, O=Société, CN=Acme \\"CA\\" $x');
    expect(Buffer.from(haproxyDistinguishedName(entry.subject))).toEqual(Buffer.from(haproxyDistinguishedName(entry)));
  });

  it('refuses an attribute type the table does not know rather than render a rule that never matches', () => {
    const call = () => haproxyDistinguishedName('CN=Acme, 1.2.3.4=x');
    expect(call).toThrow(UnsupportedIssuerNameError);
    expect(call).toThrow(/1\.2\.3\.4 has no known OpenSSL short name/);
  });

  it('refuses a BMPString value, which HAProxy prints with NUL bytes no config line can hold', async () => {
    const entry = await caEntry('CN=placeholder');
    const bmpName = new Name([new RelativeDistinguishedName([new AttributeTypeAndValue({ type: '2.5.4.3', value: new AttributeValue({ bmpString: 'Acme' }) })])]);
    const withBmpSubject = { ...entry, der: withSubject(entry.der, bmpName) };
    expect(() => haproxyDistinguishedName(withBmpSubject)).toThrow(UnsupportedIssuerNameError);
    expect(() => haproxyDistinguishedName(withBmpSubject)).toThrow(/not a PrintableString, IA5String or UTF8String/);
  });

  it.each([
    ['no attribute at all', 'no equals sign here'],
    ['an empty string', ''],
    ['text the parser would read only in part', 'CN=Acme, junk, O=Acme'],
    ['another separator than the entry format', 'CN=Acme,O=Acme'],
  ])('refuses a subject string with %s rather than render a rule for another DN', (_name, subject) => {
    expect(() => haproxyDistinguishedName(subject)).toThrow(UnsupportedIssuerNameError);
  });
});

describe('haproxyQuote', () => {
  it.each([
    ['/C=FR/O=Acme/CN=Acme CA', '"/C=FR/O=Acme/CN=Acme CA"'],
    ['a "quoted" $VAR #x \\ end', '"a \\x22quoted\\x22 \\x24VAR \\x23x \\x5c end"'],
    ['tab\tnewline\n', '"tab\\x09newline\\x0a"'],
    ['é', '"\\xc3\\xa9"'],
    ["it's", '"it\'s"'],
  ])('quotes %j as %s', (input, expected) => {
    expect(haproxyQuote(Buffer.from(input, 'utf8'))).toBe(expected);
  });
});

/** The certificate re-encoded with another subject (for name encodings openssl's CLI will not write). */
function withSubject(certDer: Uint8Array, subject: Name): Uint8Array {
  const cert = AsnConvert.parse(certDer, Certificate);
  cert.tbsCertificate.subject = subject;
  return new Uint8Array(AsnConvert.serialize(cert));
}
