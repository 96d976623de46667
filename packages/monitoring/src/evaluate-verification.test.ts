import { createRootCa, generateKeyPair } from '@mtlsctl/pki-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateVerification } from './evaluate-verification.js';
import type { ClusterObservation, VaultObservation } from './observation.js';

const now = new Date('2026-06-01T00:00:00Z');
const deny = 'acl mtlsctl_revoked ssl_c_serial,hex -m str 01\nhttp-request deny deny_status 403 if mtlsctl_revoked\n';
let vault: VaultObservation;
let cluster: ClusterObservation;
beforeAll(async () => {
  const pem = await createRootCa({ subject: 'CN=A', keys: await generateKeyPair('p256'), now });
  vault = {
    bundlePem: pem,
    cas: [],
    crls: [],
    denyRules: deny,
    clients: [
      { username: 'a', email: '', serial: '01', notAfter: '2026-07-01T00:00:00Z', issuerFingerprint: 'f', status: 'active', created: '' },
      { username: 'b', email: '', serial: '02', notAfter: '2026-05-01T00:00:00Z', issuerFingerprint: 'f', status: 'active', created: '' },
      { username: 'c', email: '', serial: '03', notAfter: '2026-07-01T00:00:00Z', issuerFingerprint: 'f', status: 'revoked', created: '' },
    ],
  };
  cluster = { secretTlsCrt: pem, externalSecret: { ready: true }, frontendSnippet: deny };
});

describe('evaluateVerification', () => {
  it('is healthy when every source was read and agrees; counts the inventory by status', () => {
    const report = evaluateVerification({ now, vault: { ok: true, value: vault }, cluster: { ok: true, value: cluster }, probe: { ok: true, value: { accepted: true } } });
    expect(report).toMatchObject({ healthy: true, sources: { vault: true, cluster: true, probe: true }, errors: {}, inventory: { active: 1, expired: 1, revoked: 1 }, externalSecretReady: true, probeAccepted: true });
    expect(report.bundle?.inSync).toBe(true);
    expect(report.denyRules?.inSync).toBe(true);
  });

  it.each([
    ['the Secret edited', () => ({ ...cluster, secretTlsCrt: '' }), 'bundle'],
    ['the deny snippet edited', () => ({ ...cluster, frontendSnippet: 'http-request return status 200\n' }), 'denyRules'],
    ['the ExternalSecret not Ready', () => ({ ...cluster, externalSecret: { ready: false, reason: 'SecretSyncedError' } }), 'externalSecretReady'],
    ['the ExternalSecret missing', () => ({ ...cluster, externalSecret: undefined }), 'externalSecretReady'],
  ] as const)('is unhealthy with %s', (_what, edit, field) => {
    const report = evaluateVerification({ now, vault: { ok: true, value: vault }, cluster: { ok: true, value: edit() } });
    expect(report.healthy).toBe(false);
    const value = report[field];
    expect(typeof value === 'boolean' ? value : value?.inSync).toBe(false);
  });

  it('reports a source that could not be read, and computes no drift from it', () => {
    const report = evaluateVerification({ now, vault: { ok: false, error: 'Vault is sealed' }, cluster: { ok: true, value: cluster } });
    expect(report).toMatchObject({ healthy: false, sources: { vault: false, cluster: true }, errors: { vault: 'Vault is sealed' }, externalSecretReady: true });
    expect(report.bundle).toBeUndefined();
    expect(report.inventory).toBeUndefined();
    const down = evaluateVerification({ now, vault: { ok: true, value: vault }, cluster: { ok: false, error: 'connect ECONNREFUSED' } });
    expect(down).toMatchObject({ healthy: false, errors: { cluster: 'connect ECONNREFUSED' } });
    expect(down.denyRules).toBeUndefined();
  });

  it('is unhealthy when the ingress refuses the probe', () => {
    expect(evaluateVerification({ now, vault: { ok: true, value: vault }, probe: { ok: true, value: { accepted: false, reason: 'unknown ca' } } }).healthy).toBe(false);
  });
});
