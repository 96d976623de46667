import { describe, expect, it } from 'vitest';
import { evaluateVerification } from './evaluate-verification.js';
import type { ClusterObservation, VaultObservation } from './observation.js';

const now = new Date('2026-06-01T00:00:00Z');
const vault: VaultObservation = {
  bundlePem: '',
  cas: [],
  crls: [],
  clients: [
    { username: 'a', email: '', serial: '01', notAfter: '2026-07-01T00:00:00Z', issuerFingerprint: 'f', status: 'active', created: '' },
    { username: 'b', email: '', serial: '02', notAfter: '2026-05-01T00:00:00Z', issuerFingerprint: 'f', status: 'active', created: '' },
    { username: 'c', email: '', serial: '03', notAfter: '2026-07-01T00:00:00Z', issuerFingerprint: 'f', status: 'revoked', created: '' },
  ],
};
const cluster: ClusterObservation = { externalSecret: { found: true, ready: true }, bundle: { found: true, missing: [], extra: [] }, denyRulesInSync: true, problems: [] };

describe('evaluateVerification', () => {
  it('is healthy when every source was read and agrees; counts the inventory by status at `now`', () => {
    const report = evaluateVerification({ now, vault: { ok: true, value: vault }, cluster: { ok: true, value: cluster }, probe: { ok: true, value: { accepted: true } } });
    expect(report).toEqual({
      at: now,
      sources: { vault: true, cluster: true, probe: true },
      errors: {},
      problems: [],
      inventory: { active: 1, expired: 1, revoked: 1, pending: 0, unlisted: 0 },
      bundle: { inSync: true, missing: 0, extra: 0 },
      denyRulesInSync: true,
      externalSecretReady: true,
      probeAccepted: true,
      healthy: true,
    });
  });

  it.each([
    ['a CA missing from the Secret', { bundle: { found: true, missing: ['aa'], extra: [] } }, { bundle: { inSync: false, missing: 1, extra: 0 } }],
    ['an extra CA in the Secret', { bundle: { found: true, missing: [], extra: ['bb'] } }, { bundle: { inSync: false, missing: 0, extra: 1 } }],
    ['no Secret', { bundle: { found: false, missing: [], extra: [] } }, { bundle: { inSync: false, missing: 0, extra: 0 } }],
    ['the deny snippet edited', { denyRulesInSync: false }, { denyRulesInSync: false }],
    ['the ExternalSecret not Ready', { externalSecret: { found: true, ready: false, reason: 'SecretSyncedError' } }, { externalSecretReady: false }],
    ['the ExternalSecret missing', { externalSecret: { found: false, ready: false } }, { externalSecretReady: false }],
  ] as [string, Partial<ClusterObservation>, object][])('is unhealthy with %s', (_what, edit, expected) => {
    const report = evaluateVerification({ now, vault: { ok: true, value: vault }, cluster: { ok: true, value: { ...cluster, ...edit, problems: ['x: fix it'] } } });
    expect(report).toMatchObject({ ...expected, healthy: false, problems: ['x: fix it'] });
  });

  it('reports a source that could not be read, and computes nothing from it', () => {
    const sealed = evaluateVerification({ now, vault: { ok: false, error: 'Vault is sealed' } });
    expect(sealed).toMatchObject({ healthy: false, sources: { vault: false }, errors: { vault: 'Vault is sealed' } });
    expect(sealed.inventory).toBeUndefined();
    const down = evaluateVerification({ now, vault: { ok: true, value: vault }, cluster: { ok: false, error: 'connect ECONNREFUSED' } });
    expect(down).toMatchObject({ healthy: false, sources: { vault: true, cluster: false }, errors: { cluster: 'connect ECONNREFUSED' } });
    expect(down.bundle).toBeUndefined();
    expect(down.denyRulesInSync).toBeUndefined();
  });

  it('is unhealthy while a client holds a certificate but no inventory, counts it, and names the repair', () => {
    const report = evaluateVerification({ now, vault: { ok: true, value: { ...vault, unlistedClients: ['dave'] } }, cluster: { ok: true, value: cluster } });
    expect(report).toMatchObject({ healthy: false, inventory: { unlisted: 1 } });
    expect(report.problems).toEqual(['1 client(s) hold a certificate but no inventory (dave): list once with an admin token (`mtlsctl user list`) to repair']);
  });

  it('is unhealthy when the ingress refuses the probe', () => {
    const report = evaluateVerification({ now, vault: { ok: true, value: vault }, probe: { ok: true, value: { accepted: false, reason: 'unknown ca' } } });
    expect(report).toMatchObject({ healthy: false, probeAccepted: false });
  });
});
