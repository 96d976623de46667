import { describe, expect, it } from 'vitest';
import { vaultLayout, type VaultServerInfo } from '@mtlsctl/vault-store';
import { vaultChecks } from './vault-checks.js';
import type { VaultFacts } from './vault-facts.js';

/**
 * What the real OpenBao in run-doctor.bao.test.ts cannot show: a HashiCorp Vault's answers (its CLI is `vault`, it
 * enables audit devices through the API), an uninitialised server, plain http to another host.
 */
const health = (over: Partial<VaultServerInfo> = {}): VaultFacts['health'] => ({ ok: true, value: { initialized: true, sealed: false, standby: false, version: '1.18.3', flavour: 'vault', ...over } });
const facts = (over: Partial<VaultFacts> = {}): VaultFacts => ({ addr: 'https://vault.example:8200', skipVerify: false, caCertGiven: true, policies: vaultLayout().policies, health: health(), ...over });
const byId = (f: VaultFacts, id: string) => vaultChecks(f).find((c) => c.id === id);

describe('vaultChecks', () => {
  it('names HashiCorp Vault and gives `vault` commands: unseal, and vault-store\'s way to enable an audit device', () => {
    expect(byId(facts(), 'vault.server')).toMatchObject({ status: 'ok', detail: 'HashiCorp Vault 1.18.3' });
    expect(byId(facts({ health: health({ sealed: true }) }), 'vault.unsealed')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/^vault operator unseal/) });
    const audit = byId(facts({ token: { ok: true, value: { policies: ['mtlsctl-admin'], ttlSeconds: 30 * 86_400, renewable: true, displayName: 'token' } }, audit: { ok: true, value: { known: true, server: 'vault', enabled: false, devices: [], howToEnable: 'enable one, e.g. `vault audit enable file file_path=/vault/logs/audit.log`' } } }), 'vault.audit');
    expect(audit).toMatchObject({ status: 'fail', fix: expect.stringMatching(/`vault audit enable file /) });
  });

  it('fails an uninitialised server with `operator init`, and checks nothing after it', () => {
    const checks = vaultChecks(facts({ health: health({ initialized: false, sealed: true }) }));
    expect(checks.find((c) => c.id === 'vault.unsealed')).toMatchObject({ status: 'fail', fix: 'vault operator init' });
    expect(checks.filter((c) => ['token.ttl', 'vault.audit'].includes(c.id)).map((c) => c.status)).toEqual(['skip', 'skip']);
  });

  it('fails plain http to another host and only warns on loopback', () => {
    expect(byId(facts({ addr: 'http://vault.example:8200' }), 'vault.tls')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/https:\/\//) });
    expect(byId(facts({ addr: 'http://127.0.0.1:8200' }), 'vault.tls')).toMatchObject({ status: 'warn' });
  });

  it('accepts a token that never expires when it is not root, and one with time left', () => {
    const t = (policies: string[], ttlSeconds: number) => byId(facts({ token: { ok: true, value: { policies, ttlSeconds, renewable: true, displayName: 'token' } } }), 'token.ttl');
    expect(t(['mtlsctl-admin'], 0)).toMatchObject({ status: 'ok', detail: expect.stringMatching(/never expires/) });
    expect(t(['mtlsctl-admin'], 20 * 86_400)).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^20 days left/) });
    expect(t(['mtlsctl-admin'], 3_600)).toMatchObject({ status: 'warn', fix: 'vault token renew' });
  });

  it('names the policies of the layout checked: a root token\'s fix creates an admin token of that layout', () => {
    const layout = vaultLayout({ mount: 'kv', prefix: 'team-a/pki' });
    const root = byId(facts({ policies: layout.policies, token: { ok: true, value: { policies: ['root'], ttlSeconds: 0, renewable: false, displayName: 'root' } } }), 'token.ttl');
    expect(root).toMatchObject({ status: 'warn', fix: expect.stringMatching(/^vault token create -policy=mtlsctl-admin@kv@team-a:pki -ttl=768h/) });
    const expired = byId(facts({ policies: layout.policies, token: { ok: false, error: 'permission denied' } }), 'token.ttl');
    expect(expired?.fix).toMatch(/a token with the mtlsctl-admin@kv@team-a:pki policy/);
  });
});
