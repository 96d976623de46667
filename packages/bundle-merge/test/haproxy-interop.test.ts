// Proof against the real peer: a Debian haproxy 2.6 terminating mTLS on 127.0.0.1, fed with what
// bundle-merge renders (tls.crt as ca-file, crl-file, deny rules), and clients connecting with Node's https.
import { haproxyVersion, requestThroughHaproxy, startHaproxy, type HaproxyInstance, type HaproxyResponse } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleEntry } from '../src/bundle-entry.js';
import { parseBundle } from '../src/parse-bundle.js';
import { renderHaproxyDenyRules } from '../src/render-haproxy-deny-rules.js';
import { makeTestCa, type TestCa, type TestIdentity } from '../src/test-support/test-pki.js';

const DAY = 86_400_000;
const now = Date.now();

let serverCa: TestCa;
let server: TestIdentity;
let oldCa: TestCa; // the guide's old_ca
let newCa: TestCa; // the guide's new_ca
let unknownCa: TestCa;
let oldEntry: BundleEntry;
let newEntry: BundleEntry;
const clients: Record<string, TestIdentity> = {};
const running: HaproxyInstance[] = [];

beforeAll(async () => {
  serverCa = await makeTestCa({ name: 'CN=ingress server CA' });
  server = await serverCa.issue({ name: 'CN=localhost', san: ['localhost', '127.0.0.1'] });
  oldCa = await makeTestCa({ name: 'C=FR, O=Acme, CN=old_ca' });
  // Multi-valued RDN and characters a config line must escape: the issuer DN deny rules match on.
  newCa = await makeTestCa({ name: 'C=FR, O=Acme \\"Société\\" $HOME #1+OU=PKI, CN=new_ca' });
  unknownCa = await makeTestCa({ name: 'CN=unknown_ca' });
  [oldEntry, newEntry] = parseBundle(oldCa.cert + newCa.cert) as [BundleEntry, BundleEntry];
  const issue = async (name: string, ca: TestCa, options: { serial?: string; notBefore?: Date; notAfter?: Date } = {}) => {
    clients[name] = await ca.issue({ name: `CN=${name}`, ...options });
  };
  await Promise.all([
    issue('alice-old', oldCa, { serial: '1001' }),
    issue('bob-new', newCa, { serial: '2001' }),
    issue('mallory', unknownCa, { serial: '3001' }),
    issue('expired', newCa, { serial: '2002', notBefore: new Date(now - 30 * DAY), notAfter: new Date(now - DAY) }),
    issue('revoked-new', newCa, { serial: '2003' }),
    // DER serial 00 8F 12 AB 34: the top bit is set, so DER needs a 00 sign byte HAProxy does not print.
    issue('high-bit', newCa, { serial: '008f12ab34' }),
    // DER serial 0A 1B 2C: the first byte is below 0x10, so its hex starts with a zero HAProxy keeps.
    issue('low-byte', newCa, { serial: '0a1b2c' }),
    // Serials outside DER's rules that OpenSSL 3 still accepts: a redundant 00 pad, and a negative integer.
    issue('non-minimal', newCa, { serial: '000a1b' }),
    issue('negative', newCa, { serial: '8f12' }),
    // The same serial from each CA: an issuer-scoped rule must deny only one of them.
    issue('same-serial-old', oldCa, { serial: '4242' }),
    issue('same-serial-new', newCa, { serial: '4242' }),
  ]);
});

afterAll(async () => {
  await Promise.all(running.map((haproxy) => haproxy.close()));
});

async function haproxyWith(options: { caFilePem: string; crlFilePem?: string; denyRules?: string }): Promise<HaproxyInstance> {
  const haproxy = await startHaproxy({ certPem: server.cert, keyPem: server.key, ...options });
  running.push(haproxy);
  return haproxy;
}

async function request(haproxy: HaproxyInstance, client: string): Promise<HaproxyResponse> {
  const identity = clients[client];
  if (identity === undefined) throw new Error(`no client ${client}`);
  return requestThroughHaproxy({ port: haproxy.port, cert: identity.cert, key: identity.key, ca: serverCa.cert });
}

/** `200`, `403`, or the TLS error code of a refused handshake. */
async function outcome(haproxy: HaproxyInstance, client: string): Promise<string> {
  const response = await request(haproxy, client);
  return response.status === undefined ? (response.errorCode ?? 'no status') : String(response.status);
}

const OK = '200';
const DENIED = '403';
/** A `ca-file` as the product's `tls.crt` is: the CA certificates, PEM back to back (vault-store's trustBundlePem). */
function caFile(entries: readonly BundleEntry[]): string {
  return entries.map((e) => e.pem).join('');
}

const UNKNOWN_CA = 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA';
const EXPIRED = 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED';
const REVOKED = 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED';

describe('bundle-merge output served by a real haproxy', () => {
  it('is haproxy 2.6 (the Debian bookworm version these facts were checked on)', async () => {
    expect(await haproxyVersion()).toMatch(/^2\.6\./);
  });

  describe('a trust bundle as ca-file', () => {
    let oneCa: HaproxyInstance;
    let twoCas: HaproxyInstance;
    beforeAll(async () => {
      oneCa = await haproxyWith({ caFilePem: caFile([newEntry]) });
      twoCas = await haproxyWith({ caFilePem: caFile([newEntry, oldEntry]) });
    });

    it.each([
      ['bob-new', OK],
      ['alice-old', UNKNOWN_CA],
      ['mallory', UNKNOWN_CA],
      ['expired', EXPIRED],
    ])('with new_ca only: %s gets %s', async (client, expected) => {
      expect(await outcome(oneCa, client)).toBe(expected);
    });

    it.each([
      ['bob-new', OK],
      ['alice-old', OK],
      ['mallory', UNKNOWN_CA],
      ['expired', EXPIRED],
    ])('with the migration bundle old_ca + new_ca: %s gets %s', async (client, expected) => {
      expect(await outcome(twoCas, client)).toBe(expected);
    });
  });

  describe('CRLs as crl-file', () => {
    it.each([
      ['bob-new', OK],
      ['revoked-new', REVOKED],
      ['alice-old', OK],
      ['mallory', UNKNOWN_CA],
    ])('with a current CRL per CA (new_ca revoking 2003): %s gets %s', async (client, expected) => {
      const haproxy = await crlHaproxy('both');
      expect(await outcome(haproxy, client)).toBe(expected);
    });

    it.each([
      ['bob-new', OK],
      ['revoked-new', REVOKED],
      ['alice-old', UNKNOWN_CA],
    ])('with no CRL for old_ca, a client of old_ca is refused too: %s gets %s', async (client, expected) => {
      const haproxy = await crlHaproxy('new-only');
      expect(await outcome(haproxy, client)).toBe(expected);
    });

    it.each([
      ['bob-new', OK],
      ['alice-old', 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED'],
    ])('with an expired CRL for old_ca (nextUpdate passed): %s gets %s', async (client, expected) => {
      const haproxy = await crlHaproxy('old-expired');
      expect(await outcome(haproxy, client)).toBe(expected);
    });

    const crlServers = new Map<string, Promise<HaproxyInstance>>();
    function crlHaproxy(kind: 'both' | 'new-only' | 'old-expired'): Promise<HaproxyInstance> {
      let started = crlServers.get(kind);
      if (started === undefined) {
        started = (async () => {
          const newCrl = await newCa.crl({ revoked: ['2003'] });
          const oldCrl =
            kind === 'old-expired'
              ? await oldCa.crl({ thisUpdate: new Date(now - 10 * DAY), nextUpdate: new Date(now - DAY) })
              : await oldCa.crl({});
          const crls = kind === 'new-only' ? [newCrl] : [newCrl, oldCrl];
          return haproxyWith({ caFilePem: caFile([oldEntry, newEntry]), crlFilePem: crls.join('') });
        })();
        crlServers.set(kind, started);
      }
      return started;
    }
  });

  describe('renderHaproxyDenyRules in the frontend', () => {
    it.each([
      ['revoked-new', DENIED],
      ['high-bit', DENIED],
      ['low-byte', DENIED],
      ['non-minimal', DENIED],
      ['negative', DENIED],
      ['bob-new', OK],
      ['alice-old', OK],
    ])('by serial, in every written form: %s gets %s', async (client, expected) => {
      const haproxy = await denyHaproxy('serials', [
        { serial: '2003' },
        { serial: '008f12ab34' }, // DER content with the sign byte (as @peculiar/x509 stores it)
        { serial: 'a1b2c' }, // odd digit count, leading zero dropped
        { serial: '0a1b' }, // as pki-core reports the 00 0A 1B serial
        { serial: '8F12' }, // as openssl x509 -serial prints the DER content 8F 12
        { serial: '00:00:99' }, // a serial no client has
      ]);
      expect(await outcome(haproxy, client)).toBe(expected);
    });

    it('logs the serials as HAProxy sees them: uppercase hex, no 00 sign byte, leading zero nibble kept', async () => {
      const haproxy = await denyHaproxy('serials', [{ serial: '2003' }]);
      await request(haproxy, 'high-bit');
      await request(haproxy, 'low-byte');
      expect(await logLine(haproxy, 'serial=8F12AB34 ')).toContain(' 403 GET / ');
      expect(await logLine(haproxy, 'serial=0A1B2C ')).toContain(' 403 GET / ');
    });

    it.each([
      ['same-serial-new', DENIED],
      ['same-serial-old', OK],
      ['bob-new', OK],
    ])('scoped to new_ca by fingerprint (issuer DN with +, quotes, $, # and UTF-8): %s gets %s', async (client, expected) => {
      const haproxy = await denyHaproxy('by-fingerprint', [{ serial: '4242', issuerFingerprint: newEntry.fingerprint }]);
      expect(await outcome(haproxy, client)).toBe(expected);
    });

    it.each([
      ['same-serial-old', DENIED],
      ['same-serial-new', OK],
    ])('scoped to old_ca by subject string: %s gets %s', async (client, expected) => {
      const haproxy = await denyHaproxy('by-subject', [{ serial: '4242', issuerSubject: oldEntry.subject }]);
      expect(await outcome(haproxy, client)).toBe(expected);
    });

    it('denies a serial found on the last of several ACL lines (40 serials)', async () => {
      const many = Array.from({ length: 39 }, (_v, i) => ({ serial: (0x5000 + i).toString(16) }));
      const haproxy = await denyHaproxy('many', [...many, { serial: '2003' }]);
      expect(renderHaproxyDenyRules([...many, { serial: '2003' }]).match(/^acl /gm)).toHaveLength(3);
      expect(await outcome(haproxy, 'revoked-new')).toBe(DENIED);
      expect(await outcome(haproxy, 'bob-new')).toBe(OK);
    });

    it('loads the empty rule set and denies nothing', async () => {
      const haproxy = await denyHaproxy('empty', []);
      expect(await outcome(haproxy, 'revoked-new')).toBe(OK);
      expect(await outcome(haproxy, 'bob-new')).toBe(OK);
    });

    const denyServers = new Map<string, Promise<HaproxyInstance>>();
    function denyHaproxy(key: string, revoked: Parameters<typeof renderHaproxyDenyRules>[0]): Promise<HaproxyInstance> {
      let started = denyServers.get(key);
      if (started === undefined) {
        const denyRules = renderHaproxyDenyRules(revoked, { issuers: [oldEntry, newEntry] });
        started = haproxyWith({ caFilePem: caFile([oldEntry, newEntry]), denyRules });
        denyServers.set(key, started);
      }
      return started;
    }
  });
});

/** Waits (up to 2 s) for a log line containing `needle` and returns it. */
async function logLine(haproxy: HaproxyInstance, needle: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const line = haproxy.logs().split('\n').find((l) => l.includes(needle));
    if (line !== undefined) return line;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no log line with ${JSON.stringify(needle)} in:\n${haproxy.logs()}`);
}
