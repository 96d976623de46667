import { revokeClient } from '@mtlsctl/authority';
import { PkiStore } from '@mtlsctl/vault-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectVaultObservation } from './collect-vault-observation.js';
import { tempStore, verifierPolicyBackend, type TempStore } from './test-support/temp-store.js';

let temp: TempStore;
beforeAll(async () => {
  temp = await tempStore({ alice: 30, bob: 365, carol: 10 });
  await revokeClient(temp.ctx, { username: 'carol' });
  await temp.ctx.store.deleteClient('bob');
});
afterAll(async () => temp?.remove());

describe('collectVaultObservation', () => {
  it('reads the CA, its CRL and the inventory with only what the verifier policy grants (no client data)', async () => {
    const backend = verifierPolicyBackend(temp.backend);
    const observation = await collectVaultObservation(new PkiStore(backend));
    expect(backend.calls.filter((c) => c.startsWith('read '))).toEqual(['read ca', 'read crl']);
    expect(backend.calls).toContain('list clients/');
    expect(JSON.stringify(observation)).not.toMatch(/PRIVATE KEY|"p12|password/i);

    expect(observation.cas).toHaveLength(1);
    expect(observation.cas[0]).toMatchObject({ subject: 'CN=Monitoring test CA, O=Acme', role: 'active' });
    expect(observation.bundlePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(observation.crls).toEqual([{ issuer: 'CN=Monitoring test CA, O=Acme', issuerFingerprint: observation.cas[0]!.fingerprint, nextUpdate: new Date('2026-07-01T00:00:00Z') }]);
    expect(observation.denyRules).toMatch(/http-request deny deny_status 403/);
    // bob is soft-deleted: left out; carol is revoked: listed with her status
    expect(observation.clients.map((c) => [c.username, c.status])).toEqual([
      ['alice', 'active'],
      ['carol', 'revoked'],
    ]);
    expect(observation.clients[0]!.notAfter).toBe('2026-07-01T00:00:00.000Z');
  });

  it('names a client whose inventory write failed and still reads every other one', async () => {
    const other = await tempStore({ alice: 30, dave: 30 });
    try {
      // What a failed inventory write leaves on Vault: the record written, its custom_metadata without an inventory.
      await other.backend.writeMetadata('clients/dave', { customMetadata: {} });
      const observation = await collectVaultObservation(new PkiStore(verifierPolicyBackend(other.backend)));
      expect(observation.clients.map((c) => c.username)).toEqual(['alice']);
      expect(observation.unlistedClients).toEqual(['dave']);
      const clean = await collectVaultObservation(new PkiStore(verifierPolicyBackend(temp.backend)));
      expect(clean.unlistedClients).toBeUndefined();
    } finally {
      await other.remove();
    }
  });
});
