import { describe, expect, it } from 'vitest';
import { vaultConfigFromEnv } from './vault-config-from-env.js';
import { StoreConfigError } from '../errors/store-config-error.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

/** A fake file system: path → content; anything else is unreadable. */
const files = (entries: Record<string, string>) => async (path: string) => {
  const content = entries[path];
  if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return content;
};

describe('vaultConfigFromEnv', () => {
  it('reads VAULT_ADDR, VAULT_TOKEN, VAULT_NAMESPACE and the PEM VAULT_CACERT names', async () => {
    const config = await vaultConfigFromEnv(
      { VAULT_ADDR: 'https://vault.example:8200', VAULT_TOKEN: 'hvs.env', VAULT_NAMESPACE: 'team-a', VAULT_CACERT: '/etc/vault-ca.pem' },
      '/home/ada',
      files({ '/etc/vault-ca.pem': PEM }),
    );
    expect(config).toEqual({ addr: 'https://vault.example:8200', token: 'hvs.env', namespace: 'team-a', caCert: PEM, warnings: [] });
  });

  it('falls back to the token `vault login` wrote to ~/.vault-token', async () => {
    const config = await vaultConfigFromEnv({ VAULT_ADDR: 'https://v:8200' }, '/home/ada', files({ '/home/ada/.vault-token': 'hvs.file\n' }));
    expect(config.token).toBe('hvs.file');
  });

  it('prefers VAULT_TOKEN over ~/.vault-token', async () => {
    const config = await vaultConfigFromEnv({ VAULT_ADDR: 'https://v:8200', VAULT_TOKEN: 'hvs.env' }, '/home/ada', files({ '/home/ada/.vault-token': 'hvs.file' }));
    expect(config.token).toBe('hvs.env');
  });

  it('leaves address and token empty when nothing is set (the client says what to do)', async () => {
    expect(await vaultConfigFromEnv({}, '/home/ada', files({}))).toEqual({ addr: '', token: '', warnings: [] });
  });

  it.each(['1', 'true', 'TRUE', 't'])('accepts VAULT_SKIP_VERIFY=%s and returns a loud warning', async (value) => {
    const config = await vaultConfigFromEnv({ VAULT_ADDR: 'https://v:8200', VAULT_SKIP_VERIFY: value }, '/h', files({}));
    expect(config.skipVerify).toBe(true);
    expect(config.warnings.join(' ')).toMatch(/NOT verified/);
  });

  it.each(['0', 'false'])('treats VAULT_SKIP_VERIFY=%s as verification on', async (value) => {
    const config = await vaultConfigFromEnv({ VAULT_ADDR: 'https://v:8200', VAULT_SKIP_VERIFY: value }, '/h', files({}));
    expect(config.skipVerify).toBeUndefined();
    expect(config.warnings).toEqual([]);
  });

  it('warns about plain http to another host, not to localhost', async () => {
    expect((await vaultConfigFromEnv({ VAULT_ADDR: 'http://nas-vault:8200' }, '/h', files({}))).warnings.join(' ')).toMatch(/plain http/);
    expect((await vaultConfigFromEnv({ VAULT_ADDR: 'http://127.0.0.1:8200' }, '/h', files({}))).warnings).toEqual([]);
  });

  it.each([
    ['an unreadable VAULT_CACERT', { VAULT_CACERT: '/missing.pem' }, 'VAULT_CACERT'],
    ['a VAULT_CACERT without a certificate', { VAULT_CACERT: '/not-pem' }, 'VAULT_CACERT'],
    ['a VAULT_SKIP_VERIFY that is not a boolean', { VAULT_SKIP_VERIFY: 'maybe' }, 'VAULT_SKIP_VERIFY'],
  ])('refuses %s, naming the variable', async (_case, env, setting) => {
    const error = await vaultConfigFromEnv({ VAULT_ADDR: 'https://v', ...env }, '/h', files({ '/not-pem': 'hello' })).catch((e: unknown) => e);
    expect(StoreConfigError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ setting, kind: 'invalid-input' });
    expect((error as Error).message).toContain(setting);
  });
});
