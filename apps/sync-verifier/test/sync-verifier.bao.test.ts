import { setTimeout as sleep } from 'node:timers/promises';
import { collectVaultObservation } from '@mtlsctl/monitoring';
import { httpGetJson, promtool, startFaultProxy } from '@mtlsctl/peers';
import { PermissionDeniedError, PkiStore, VaultKvBackend } from '@mtlsctl/vault-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonLogger } from '../src/json-logger.js';
import { startSyncVerifier, type RunningSyncVerifier } from '../src/start-sync-verifier.js';
import { loadVerifierConfig } from '../src/verifier-config.js';
import { startBaoPki, type BaoPki } from './bao-pki.js';

let pki: BaoPki;
let verifier: RunningSyncVerifier;
const logs: string[] = [];

async function metricsText(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${verifier.port}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
}

/** Polls /metrics until `predicate` holds (the loop runs every 200 ms). */
async function until(predicate: (text: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await metricsText();
    if (predicate(text)) return text;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last /metrics:\n${text}`);
    await sleep(100);
  }
}
const gauge = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

beforeAll(async () => {
  pki = await startBaoPki({ alice: 3, bob: 365 });
  const config = loadVerifierConfig(['--listen', '127.0.0.1:0', '--interval', '200ms', '--jitter', '0', '--no-cluster', '--vault-token-file', pki.verifierTokenFile], { VAULT_ADDR: pki.bao.addr });
  verifier = await startSyncVerifier(config, { log: createJsonLogger({ write: (line) => void logs.push(line) }) });
});
afterAll(async () => {
  await verifier?.stop();
  await pki?.stop();
});

describe('mtlsctl-sync-verifier against a real OpenBao', () => {
  it('its mtlsctl-verifier token reads the inventory metadata but is refused every client record (403 from bao)', async () => {
    const store = new PkiStore(new VaultKvBackend({ addr: pki.bao.addr, token: pki.verifierToken }));
    const observation = await collectVaultObservation(store);
    expect(observation.clients.map((c) => c.username)).toEqual(['alice', 'bob']);
    await expect(store.getClient('alice')).rejects.toSatisfy((e) => PermissionDeniedError.isInstance(e));
    const raw = await httpGetJson(`${pki.bao.addr}/v1/secret/data/pki/clients/alice`, { token: pki.verifierToken });
    expect(raw.status).toBe(403);
    await expect(store.getCaKey()).rejects.toSatisfy((e) => PermissionDeniedError.isInstance(e));
  });

  it('serves /readyz, /healthz and metrics that `promtool check metrics` accepts, one series per active user', async () => {
    const text = await until((t) => t.includes('mtlsctl_client_certificate_expiry_timestamp_seconds{username="bob"}'), 'the first cycle');
    expect((await fetch(`http://127.0.0.1:${verifier.port}/readyz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${verifier.port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${verifier.port}/nope`)).status).toBe(404);
    const check = await promtool(['check', 'metrics'], { input: text });
    expect(check.output).toBe('');
    expect(check.ok).toBe(true);
    const alice = gauge(text, 'mtlsctl_client_certificate_expiry_timestamp_seconds{username="alice"}')!;
    expect(alice * 1000 - Date.now()).toBeGreaterThan(2.9 * 86_400_000);
    expect(alice * 1000 - Date.now()).toBeLessThan(3.1 * 86_400_000);
    expect(gauge(text, 'mtlsctl_inventory_certificates{status="active"}')).toBe(2);
    expect(gauge(text, 'mtlsctl_verification_source_up{source="vault"}')).toBe(1);
    expect(text).toMatch(/mtlsctl_crl_next_update_timestamp_seconds\{issuer="CN=Verifier test CA, O=Acme",issuer_fingerprint="[0-9a-f]{64}"\} \d+/);
  });

  it('keeps serving and marks Vault down while it is sealed, then recovers by itself once unsealed', async () => {
    await until((t) => gauge(t, 'mtlsctl_verification_source_up{source="vault"}') === 1, 'Vault up');
    await pki.bao.seal();
    const sealed = await until((t) => gauge(t, 'mtlsctl_verification_source_up{source="vault"}') === 0, 'Vault marked down');
    const lastSuccess = gauge(sealed, 'mtlsctl_last_successful_verification_timestamp_seconds')!;
    expect(sealed).toContain('mtlsctl_client_certificate_expiry_timestamp_seconds{username="alice"}');
    expect((await fetch(`http://127.0.0.1:${verifier.port}/healthz`)).status).toBe(200);
    await sleep(600);
    expect(gauge(await metricsText(), 'mtlsctl_last_successful_verification_timestamp_seconds')).toBe(lastSuccess);
    await pki.bao.unseal();
    const back = await until((t) => gauge(t, 'mtlsctl_verification_source_up{source="vault"}') === 1, 'Vault back up', 30_000);
    expect(gauge(back, 'mtlsctl_last_successful_verification_timestamp_seconds')!).toBeGreaterThan(lastSuccess);
    expect(logs.some((l) => /"level":"warn".*sealed/i.test(l))).toBe(true);
  });

  it('picks up a renewal: the series follows the new notAfter', async () => {
    const { renewClient } = await import('@mtlsctl/authority');
    await renewClient(pki.admin, { username: 'alice', validityDays: 200 });
    await until((t) => gauge(t, 'mtlsctl_client_certificate_expiry_timestamp_seconds{username="alice"}')! * 1000 - Date.now() > 199 * 86_400_000, 'the renewed notAfter');
  });

  it('never logs the Vault token', () => {
    expect(logs.length).toBeGreaterThan(3);
    for (const line of logs) {
      expect(line).not.toContain(pki.verifierToken);
      expect(JSON.parse(line)).toMatchObject({ time: expect.any(String), level: expect.any(String), msg: expect.any(String) });
    }
  });
});

describe('mtlsctl-sync-verifier behind a slow Vault', () => {
  it('gives up a cycle that outlives its deadline, marks Vault down, and serves meanwhile', async () => {
    const proxy = await startFaultProxy(pki.bao.addr);
    const local: string[] = [];
    const config = loadVerifierConfig(['--listen', '127.0.0.1:0', '--interval', '300ms', '--cycle-timeout', '500ms', '--no-cluster', '--vault-token-file', pki.verifierTokenFile], { VAULT_ADDR: proxy.addr });
    const slow = await startSyncVerifier(config, { log: createJsonLogger({ write: (line) => void local.push(line) }) });
    try {
      proxy.setLatency(2000);
      const deadline = Date.now() + 10_000;
      let text = '';
      while (Date.now() < deadline) {
        text = await (await fetch(`http://127.0.0.1:${slow.port}/metrics`)).text();
        if (gauge(text, 'mtlsctl_verification_source_up{source="vault"}') === 0) break;
        await sleep(100);
      }
      expect(gauge(text, 'mtlsctl_verification_source_up{source="vault"}')).toBe(0);
      expect(local.some((l) => l.includes('did not answer within the cycle deadline (500 ms)'))).toBe(true);
    } finally {
      proxy.clear();
      await slow.stop();
      await proxy.close();
    }
  });
});

describe("mtlsctl-sync-verifier watching ESO's token by its accessor", () => {
  it("reports its expiry (auth/token/lookup-accessor, granted by the verifier policy); an unknown accessor is counted and logged, the inventory still read", async () => {
    const run = async (accessor: string) => {
      const local: string[] = [];
      const config = loadVerifierConfig(['--listen', '127.0.0.1:0', '--interval', '200ms', '--cycle-timeout', '20s', '--no-cluster', '--vault-token-file', pki.verifierTokenFile, '--eso-token-accessor', accessor], { VAULT_ADDR: pki.bao.addr });
      const verifier = await startSyncVerifier(config, { log: createJsonLogger({ write: (line) => void local.push(line) }) });
      try {
        const deadline = Date.now() + 10_000;
        for (;;) {
          const text = await (await fetch(`http://127.0.0.1:${verifier.port}/metrics`)).text();
          if (/mtlsctl_verification_cycles_total\{result="(un)?healthy"\} [1-9]/.test(text) || Date.now() > deadline) return { text, local };
          await sleep(100);
        }
      } finally {
        await verifier.stop();
      }
    };
    const { text } = await run(pki.esoTokenAccessor);
    const expiry = gauge(text, 'mtlsctl_eso_token_expiry_timestamp_seconds')!;
    expect(Math.abs(expiry - (Date.now() / 1000 + 24 * 3600))).toBeLessThan(600); // created with ttl 24h
    const unknown = await run('aBcDeFgHiJkLmNoPqRsTuVwX');
    expect(unknown.text).not.toContain('mtlsctl_eso_token_expiry_timestamp_seconds');
    expect(unknown.text).toMatch(/mtlsctl_verification_source_errors_total\{source="vault",code="[A-Z_]+"\} [1-9]/);
    expect(gauge(unknown.text, 'mtlsctl_verification_source_up{source="vault"}')).toBe(1);
    expect(unknown.local.some((l) => l.includes("looking up ESO's token by its accessor failed"))).toBe(true);
    for (const line of [...unknown.local]) expect(line).not.toContain(pki.esoToken);
  });
});
