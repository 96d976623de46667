import { promtool } from '@mtlsctl/peers';
import { describe, expect, it } from 'vitest';
import type { ClientInventory } from '@mtlsctl/vault-store';
import { evaluateVerification } from './evaluate-verification.js';
import type { VaultObservation } from './observation.js';
import { VerifierMetrics } from './verifier-metrics.js';

const now = new Date('2026-06-01T00:00:00Z');
const client = (username: string, status: ClientInventory['status'] = 'active', notAfter = '2026-07-01T00:00:00Z'): ClientInventory => ({ username, email: '', serial: '01', notAfter, issuerFingerprint: 'aa', status, created: '2026-01-01T00:00:00Z' });
const vault = (clients: ClientInventory[]): VaultObservation => ({
  bundlePem: '',
  cas: [{ fingerprint: 'aa', subject: 'CN=Acme CA', notAfter: new Date('2036-01-01T00:00:00Z'), role: 'active' }],
  crls: [{ issuer: 'CN=Acme CA', issuerFingerprint: 'aa', nextUpdate: new Date('2026-07-01T00:00:00Z') }],
  clients,
});
const sample = (text: string, name: string) => text.split('\n').filter((line) => line.startsWith(name));

function cycle(metrics: VerifierMetrics, observation: VaultObservation, at = now) {
  metrics.record(evaluateVerification({ now: at, vault: { ok: true, value: observation } }), observation, 0.25);
}

describe('VerifierMetrics', () => {
  it('exposes the metrics in a form `promtool check metrics` accepts (names, units, help)', async () => {
    const metrics = new VerifierMetrics({ version: '1.2.3' });
    cycle(metrics, vault([client('alice'), client('bob', 'revoked'), client('old', 'active', '2026-05-01T00:00:00Z')]));
    const text = await metrics.render();
    const result = await promtool(['check', 'metrics'], { input: text });
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
    expect(text).toContain('mtlsctl_client_certificate_expiry_timestamp_seconds{username="alice"} 1782864000');
    expect(text).toContain('mtlsctl_ca_certificate_expiry_timestamp_seconds{fingerprint="aa",subject="CN=Acme CA",role="active"} 2082758400');
    expect(text).toContain('mtlsctl_crl_next_update_timestamp_seconds{issuer="CN=Acme CA",issuer_fingerprint="aa"} 1782864000');
    expect(sample(text, 'mtlsctl_inventory_certificates{')).toEqual(['mtlsctl_inventory_certificates{status="active"} 1', 'mtlsctl_inventory_certificates{status="revoked"} 1', 'mtlsctl_inventory_certificates{status="pending"} 0', 'mtlsctl_inventory_certificates{status="expired"} 1', 'mtlsctl_inventory_certificates{status="unlisted"} 0']);
    expect(text).toContain('mtlsctl_last_successful_verification_timestamp_seconds 1780272000');
    expect(text).toContain('mtlsctl_build_info{version="1.2.3"} 1');
    expect(text).toContain('mtlsctl_verification_cycles_total{result="healthy"} 1');
  });

  it('keeps one series per active certificate: revoked and deleted users leave no series behind', async () => {
    const metrics = new VerifierMetrics();
    cycle(metrics, vault([client('alice'), client('bob'), client('carol')]));
    cycle(metrics, vault([client('alice'), client('bob', 'revoked')]));
    const series = sample(await metrics.render(), 'mtlsctl_client_certificate_expiry_timestamp_seconds{');
    expect(series).toEqual(['mtlsctl_client_certificate_expiry_timestamp_seconds{username="alice"} 1782864000']);
  });

  it('keeps the last Vault values while Vault is down, and says so', async () => {
    const metrics = new VerifierMetrics();
    cycle(metrics, vault([client('alice')]));
    metrics.record(evaluateVerification({ now: new Date(now.getTime() + 60_000), vault: { ok: false, error: 'Vault is sealed' } }), undefined, 0.1);
    const text = await metrics.render();
    expect(text).toContain('mtlsctl_client_certificate_expiry_timestamp_seconds{username="alice"} 1782864000');
    expect(text).toContain('mtlsctl_verification_source_up{source="vault"} 0');
    expect(text).toContain('mtlsctl_last_successful_verification_timestamp_seconds 1780272000');
    expect(text).toContain('mtlsctl_last_verification_timestamp_seconds 1780272060');
    expect(text).toContain('mtlsctl_verification_cycles_total{result="unhealthy"} 1');
  });

  it('leaves out what it was not told (no cluster, no probe, no ESO token): absent, not 0, so no alert fires on it', async () => {
    const metrics = new VerifierMetrics();
    cycle(metrics, vault([client('alice')]));
    const text = await metrics.render();
    for (const name of ['bundle_in_sync', 'bundle_missing_cas', 'bundle_extra_cas', 'deny_rules_in_sync', 'externalsecret_ready', 'probe_success', 'eso_token_expiry_timestamp_seconds']) {
      expect(text).not.toContain(`mtlsctl_${name}`);
    }
    metrics.record(evaluateVerification({ now, vault: { ok: true, value: vault([]) }, probe: { ok: true, value: { accepted: false } } }), undefined, 0.1);
    expect(await metrics.render()).toContain('mtlsctl_probe_success 0');
  });

  it('counts source errors by code (an RBAC 403 as KUBE_FORBIDDEN), in a form promtool accepts', async () => {
    const metrics = new VerifierMetrics();
    expect(await metrics.render()).not.toContain('mtlsctl_verification_source_errors_total{');
    metrics.recordSourceError('cluster', 'KUBE_FORBIDDEN');
    metrics.recordSourceError('cluster', 'KUBE_FORBIDDEN');
    metrics.recordSourceError('vault', 'TIMEOUT');
    const text = await metrics.render();
    expect(sample(text, 'mtlsctl_verification_source_errors_total{')).toEqual(['mtlsctl_verification_source_errors_total{source="cluster",code="KUBE_FORBIDDEN"} 2', 'mtlsctl_verification_source_errors_total{source="vault",code="TIMEOUT"} 1']);
    expect((await promtool(['check', 'metrics'], { input: text })).output).toBe('');
  });

  it('gives every instance its own registry', async () => {
    const a = new VerifierMetrics();
    const b = new VerifierMetrics();
    cycle(a, vault([client('alice')]));
    expect(await b.render()).not.toContain('username="alice"');
  });
});
