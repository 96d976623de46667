import { thrown } from '@mtlsctl/errors/testing';
import { describe, expect, it } from 'vitest';
import { vaultLayout } from './vault-layout.js';
import { InvalidPathSegmentError } from './errors/invalid-path-segment-error.js';

describe('vaultLayout', () => {
  it('keeps the guide policy names for the default mount and prefix', () => {
    const layout = vaultLayout();
    expect([layout.mount, layout.prefix]).toEqual(['secret', 'pki']);
    expect(layout.policies).toEqual({ esoReader: 'eso-pki-reader', admin: 'mtlsctl-admin', verifier: 'mtlsctl-verifier', users: 'mtlsctl-users' });
    expect(layout.userPolicy('Alice')).toBe('mtlsctl-user-_alice');
    expect(layout.api('data', 'ca')).toBe('secret/data/pki/ca');
  });

  it.each([
    [{ mount: 'kv', prefix: 'team-a/pki' }, 'mtlsctl-admin@kv@team-a:pki', 'mtlsctl-user-bob@kv@team-a:pki'],
    [{ mount: 'secret', prefix: 'pki2' }, 'mtlsctl-admin@secret@pki2', 'mtlsctl-user-bob@secret@pki2'],
    [{ mount: 'secret', prefix: '' }, 'mtlsctl-admin@secret@', 'mtlsctl-user-bob@secret@'],
    [{ mount: 'Secret', prefix: 'pki' }, 'mtlsctl-admin@_secret@pki', 'mtlsctl-user-bob@_secret@pki'],
  ])('names the policies of %j after it (lowercase, distinct per install)', (input, admin, user) => {
    const layout = vaultLayout(input);
    expect(layout.policies.admin).toBe(admin);
    expect(layout.userPolicy('bob')).toBe(user);
    expect(Object.values(layout.policies).every((n) => n === n.toLowerCase())).toBe(true);
  });

  it('gives two layouts that differ only in where the "/" falls different names', () => {
    expect(vaultLayout({ mount: 'a/b', prefix: 'c' }).policies.admin).not.toBe(vaultLayout({ mount: 'a', prefix: 'b/c' }).policies.admin);
    expect(vaultLayout({ mount: 'kv', prefix: 'A' }).policies.admin).not.toBe(vaultLayout({ mount: 'kv', prefix: 'a' }).policies.admin);
  });

  it('drops leading and trailing slashes, as Vault does', () => {
    expect(vaultLayout({ mount: '/kv/', prefix: '/mtls/prod/' })).toMatchObject({ mount: 'kv', prefix: 'mtls/prod' });
  });

  it.each([
    ['prefix', 'x" {capabilities=["read"]} path "secret/data/*" {capabilities=["read"]} path "y'],
    ['prefix', 'pki}'],
    ['prefix', 'pki\npath "secret/data/*" { capabilities = ["read"] }'],
    ['prefix', 'pki*'],
    ['prefix', 'pki+'],
    ['prefix', '../other'],
    ['prefix', 'a/../../b'],
    ['prefix', 'pki\\'],
    ['prefix', '{{identity.entity.name}}'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${...} is the input under test
    ['prefix', '${env.X}'],
    ['prefix', 'a//b'],
    ['prefix', 'a b'],
    ['prefix', 'pki@x'],
    ['mount', ''],
    ['mount', 'sec"ret'],
    ['mount', 'secret}'],
    ['mount', 'secret\n'],
    ['mount', '*'],
    ['mount', '..'],
    ['mount', 'sys/..'],
  ])('refuses the %s %j in one line naming the flag', (what, value) => {
    const attempt = () => vaultLayout(what === 'mount' ? { mount: value } : { prefix: value });
    const error = thrown(attempt);
    expect(error).toBeInstanceOf(InvalidPathSegmentError);
    expect((error as Error).message).toContain(`--vault-${what}`);
    expect((error as Error).message.split('\n')).toHaveLength(1);
  });
});
