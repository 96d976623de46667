import { beforeAll, describe, expect, it } from 'vitest';
import type { BundleEntry } from './bundle-entry.js';
import { InvalidSerialError } from './errors/invalid-serial-error.js';
import { UnknownIssuerError, UnsupportedIssuerNameError } from './errors/issuer-scope-error.js';
import { parseBundle } from './parse-bundle.js';
import { renderHaproxyDenyRules } from './render-haproxy-deny-rules.js';
import { makeTestCa } from './test-support/test-pki.js';

let oldCa: BundleEntry;
let newCa: BundleEntry;

beforeAll(async () => {
  oldCa = parseBundle((await makeTestCa({ name: 'C=FR, O=Acme, CN=old_ca' })).cert)[0] as BundleEntry;
  newCa = parseBundle((await makeTestCa({ name: 'C=FR, O=Acme $Labs #1, CN=new_ca' })).cert)[0] as BundleEntry;
});

describe('renderHaproxyDenyRules', () => {
  it('renders a comment that denies nothing for an empty list', () => {
    expect(renderHaproxyDenyRules([])).toBe('# mtlsctl: no revoked client certificates; these rules deny nothing\n');
  });

  it('denies serials from any CA with one ACL, normalized to what ssl_c_serial,hex prints', () => {
    expect(renderHaproxyDenyRules([{ serial: '008f12ab' }, { serial: 'a1b' }, { serial: '8F:12:AB' }])).toBe(
      [
        '# mtlsctl: deny revoked client certificates (2 serials) with 403',
        'acl mtlsctl_revoked ssl_c_serial,hex -m str 0A1B 8F12AB',
        'http-request deny deny_status 403 if mtlsctl_revoked',
        '',
      ].join('\n'),
    );
  });

  it('scopes serials to their issuer by fingerprint or subject, one rule pair per issuer, sorted', () => {
    const text = renderHaproxyDenyRules(
      [
        { serial: '02', issuerFingerprint: newCa.fingerprint },
        { serial: '01', issuerSubject: oldCa.subject },
        { serial: '03', issuerFingerprint: oldCa.fingerprint.toUpperCase() },
        { serial: '04' },
      ],
      { issuers: [oldCa, newCa] },
    );
    expect(text).toBe(
      [
        '# mtlsctl: deny revoked client certificates (4 serials) with 403',
        'acl mtlsctl_revoked ssl_c_serial,hex -m str 04',
        'http-request deny deny_status 403 if mtlsctl_revoked',
        'acl mtlsctl_issuer_1 ssl_c_i_dn -m str "/C=FR/O=Acme \\x24Labs \\x231/CN=new_ca"',
        'acl mtlsctl_revoked_1 ssl_c_serial,hex -m str 02',
        'http-request deny deny_status 403 if mtlsctl_issuer_1 mtlsctl_revoked_1',
        'acl mtlsctl_issuer_2 ssl_c_i_dn -m str "/C=FR/O=Acme/CN=old_ca"',
        'acl mtlsctl_revoked_2 ssl_c_serial,hex -m str 01 03',
        'http-request deny deny_status 403 if mtlsctl_issuer_2 mtlsctl_revoked_2',
        '',
      ].join('\n'),
    );
  });

  it('is the same text whatever the input order and duplicates', () => {
    const revoked = [{ serial: '0a' }, { serial: '0b', issuerFingerprint: oldCa.fingerprint }, { serial: '0c', issuerSubject: newCa.subject }];
    const once = renderHaproxyDenyRules(revoked, { issuers: [oldCa, newCa] });
    expect(renderHaproxyDenyRules([...revoked, ...revoked].reverse(), { issuers: [newCa, oldCa] })).toBe(once);
  });

  it('splits long serial lists into several ACL lines of one name (HAProxy reads at most 64 words a line)', () => {
    const serials = Array.from({ length: 40 }, (_v, i) => ({ serial: (0x1000 + i).toString(16) }));
    const acls = renderHaproxyDenyRules(serials).split('\n').filter((line) => line.startsWith('acl '));
    expect(acls).toHaveLength(3);
    expect(acls.every((line) => line.startsWith('acl mtlsctl_revoked ssl_c_serial,hex -m str '))).toBe(true);
    expect(acls.map((line) => line.split(' ').length - 5)).toEqual([16, 16, 8]);
  });

  it('uses the given ACL prefix', () => {
    expect(renderHaproxyDenyRules([{ serial: '01' }], { aclPrefix: 'team_a' })).toContain('if team_a_revoked\n');
    expect(() => renderHaproxyDenyRules([], { aclPrefix: 'bad prefix' })).toThrow(TypeError);
  });

  it.each([
    ['a serial that is not hex', [{ serial: 'xyz' }], InvalidSerialError],
    ['an issuer fingerprint not among the issuers', [{ serial: '01', issuerFingerprint: 'ab'.repeat(32) }], UnknownIssuerError],
    ['an issuer subject with an unknown attribute', [{ serial: '01', issuerSubject: '1.2.3.4=x' }], UnsupportedIssuerNameError],
  ])('refuses %s', (_name, revoked, type) => {
    expect(() => renderHaproxyDenyRules(revoked, { issuers: [oldCa] })).toThrow(type);
  });
});
