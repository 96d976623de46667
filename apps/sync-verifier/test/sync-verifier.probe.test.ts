import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { revokeClient } from '@mtlsctl/authority';
import { createRootCa, exportPrivateKeyPem, generateKeyPair, issueServerCertificate } from '@mtlsctl/pki-core';
import { startHaproxy, type HaproxyInstance } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonLogger } from '../src/json-logger.js';
import { startSyncVerifier, type RunningSyncVerifier } from '../src/start-sync-verifier.js';
import { loadVerifierConfig } from '../src/verifier-config.js';
import { startBaoPki, type BaoPki } from './bao-pki.js';

/**
 * The daemon's TLS probe against a real haproxy loaded as the ingress is: ca-file = Vault's bundle, the deny rules
 * of Vault's CRL in the frontend. The probe files are re-read every cycle, so swapping them changes the verdict.
 */
let pki: BaoPki;
let haproxy: HaproxyInstance;
let verifier: RunningSyncVerifier;
let serverPems: { certPem: string; keyPem: string };
const logs: string[] = [];
const files = { cert: '', key: '' };

const metrics = async () => (await fetch(`http://127.0.0.1:${verifier.port}/metrics`)).text();
const gauge = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};
async function probeUntil(value: number, what: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const text = await metrics();
    if (gauge(text, 'mtlsctl_probe_success') === value && gauge(text, 'mtlsctl_verification_source_up{source="probe"}') === 1) return text;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${logs.slice(-3).join('')}`);
    await sleep(100);
  }
}
const probeWith = async (certPem: string, keyPem: string) => {
  await writeFile(files.key, keyPem, { mode: 0o600 });
  await writeFile(files.cert, certPem);
};
const userPems = async (username: string) => {
  const record = (await pki.admin.store.getClient(username))!.value;
  return { certPem: record.certificatePem, keyPem: record.privateKeyPem };
};

beforeAll(async () => {
  pki = await startBaoPki({ probe: 30, leaver: 30 });
  await revokeClient(pki.admin, { username: 'leaver' });
  const serverCa = await generateKeyPair('p256');
  const serverCaPem = await createRootCa({ subject: 'CN=ingress server CA', keys: serverCa, now: new Date() });
  const serverKeys = await generateKeyPair('p256');
  const certPem = await issueServerCertificate({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], publicKey: serverKeys.publicKey, issuer: { certificatePem: serverCaPem, privateKey: serverCa.privateKey }, now: new Date() });
  serverPems = { certPem, keyPem: await exportPrivateKeyPem(serverKeys.privateKey) };
  const ca = (await pki.admin.store.getCa())!.value;
  const crl = (await pki.admin.store.getCrl())!.value;
  expect(crl.haproxyDeny).toMatch(/http-request deny deny_status 403/);
  haproxy = await startHaproxy({ ...serverPems, caFilePem: ca.trusted.map((t) => t.certificatePem).join(''), denyRules: crl.haproxyDeny });
  Object.assign(files, { cert: join(pki.bao.dir, 'probe.crt'), key: join(pki.bao.dir, 'probe.key') });
  const probe = await userPems('probe');
  await probeWith(probe.certPem, probe.keyPem);
  const serverCaFile = join(pki.bao.dir, 'ingress-ca.pem');
  await writeFile(serverCaFile, serverCaPem);
  const config = loadVerifierConfig(
    ['--listen', '127.0.0.1:0', '--interval', '300ms', '--jitter', '0', '--no-cluster', '--vault-token-file', pki.verifierTokenFile, '--probe-url', `https://127.0.0.1:${haproxy.port}/`, '--probe-cert', files.cert, '--probe-key', files.key, '--probe-ca', serverCaFile],
    { VAULT_ADDR: pki.bao.addr },
  );
  verifier = await startSyncVerifier(config, { log: createJsonLogger({ write: (l) => void logs.push(l) }) });
}, 120_000);
afterAll(async () => {
  await verifier?.stop();
  await haproxy?.close();
  await pki?.stop();
});

describe("mtlsctl-sync-verifier's TLS probe against a real haproxy", () => {
  it('reports the probe certificate accepted (mtlsctl_probe_success 1)', async () => {
    const text = await probeUntil(1, 'the probe accepted');
    expect(gauge(text, 'mtlsctl_last_successful_verification_timestamp_seconds')).toBeGreaterThan(0);
  });

  it("reports a revoked certificate refused by the CRL's deny rule (HTTP 403), with the reason logged", async () => {
    const leaver = await userPems('leaver');
    await probeWith(leaver.certPem, leaver.keyPem);
    await probeUntil(0, 'the revoked probe refused');
    expect(logs.some((l) => l.includes('the ingress refused the probe client certificate') && l.includes('"reason":"HTTP 403"'))).toBe(true);
  });

  it('reports a certificate from a CA the ingress does not trust refused in the handshake', async () => {
    const before = logs.length;
    await probeWith(serverPems.certPem, serverPems.keyPem);
    await probeUntil(0, 'the foreign probe refused');
    await sleep(700);
    const refusals = logs.slice(before).filter((l) => l.includes('the ingress refused the probe client certificate'));
    expect(refusals.length).toBeGreaterThan(0);
    expect(JSON.parse(refusals.at(-1)!).reason).toMatch(/^ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: .*alert unknown ca/);
  });

  it('reports it accepted again once the good certificate is back, and never logs a key', async () => {
    const probe = await userPems('probe');
    await probeWith(probe.certPem, probe.keyPem);
    await probeUntil(1, 'the probe accepted again');
    for (const line of logs) expect(line).not.toMatch(/PRIVATE KEY/);
  });
});
