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
    expect(config).toEqual({
      addr: 'https://vault.example:8200',
      token: 'hvs.env',
      namespace: 'team-a',
      caCert: PEM,
      sources: { addr: 'VAULT_ADDR', token: 'VAULT_TOKEN', namespace: 'VAULT_NAMESPACE', caCert: 'VAULT_CACERT' },
      warnings: [],
    });
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
    expect(await vaultConfigFromEnv({}, '/home/ada', files({}))).toEqual({ addr: '', token: '', sources: {}, warnings: [] });
  });

  describe("OpenBao's names, as the bao CLI reads them", () => {
    it('reads BAO_ADDR, BAO_TOKEN, BAO_NAMESPACE and BAO_CACERT', async () => {
      const config = await vaultConfigFromEnv(
        { BAO_ADDR: 'https://bao.example:8200', BAO_TOKEN: 's.bao', BAO_NAMESPACE: 'team-b', BAO_CACERT: '/etc/bao-ca.pem' },
        '/home/ada',
        files({ '/etc/bao-ca.pem': PEM }),
      );
      expect(config).toEqual({
        addr: 'https://bao.example:8200',
        token: 's.bao',
        namespace: 'team-b',
        caCert: PEM,
        sources: { addr: 'BAO_ADDR', token: 'BAO_TOKEN', namespace: 'BAO_NAMESPACE', caCert: 'BAO_CACERT' },
        warnings: [],
      });
    });

    it('lets each BAO_ setting win over its VAULT_ twin when both are set', async () => {
      const config = await vaultConfigFromEnv(
        {
          VAULT_ADDR: 'https://vault:8200', BAO_ADDR: 'https://bao:8200',
          VAULT_TOKEN: 'hvs.vault', BAO_TOKEN: 's.bao',
          VAULT_NAMESPACE: 'v-ns', BAO_NAMESPACE: 'b-ns',
          VAULT_CACERT: '/missing.pem', BAO_CACERT: '/bao.pem',
          VAULT_SKIP_VERIFY: 'true', BAO_SKIP_VERIFY: 'false',
        },
        '/h',
        files({ '/bao.pem': PEM }),
      );
      expect(config).toMatchObject({ addr: 'https://bao:8200', token: 's.bao', namespace: 'b-ns', caCert: PEM, warnings: [] });
      expect(config.skipVerify).toBeUndefined();
    });

    it('mixes the names per setting: BAO_ADDR with VAULT_TOKEN', async () => {
      const config = await vaultConfigFromEnv({ BAO_ADDR: 'https://bao:8200', VAULT_TOKEN: 'hvs.vault' }, '/h', files({}));
      expect(config).toMatchObject({ addr: 'https://bao:8200', token: 'hvs.vault', sources: { addr: 'BAO_ADDR', token: 'VAULT_TOKEN' } });
    });

    it('treats a BAO_ variable set but empty as set, as the bao CLI does (VAULT_ADDR is then ignored)', async () => {
      const config = await vaultConfigFromEnv({ BAO_ADDR: '', VAULT_ADDR: 'https://vault:8200' }, '/h', files({}));
      expect(config).toMatchObject({ addr: '', sources: { addr: 'BAO_ADDR' } });
    });

    it('reads ~/.bao-token before ~/.vault-token, and a token file named by BAO_TOKEN_PATH or VAULT_TOKEN_PATH before both', async () => {
      const both = files({ '/home/ada/.bao-token': 's.baofile\n', '/home/ada/.vault-token': 'hvs.vaultfile\n', '/run/t': 's.path\n' });
      expect(await vaultConfigFromEnv({}, '/home/ada', both)).toMatchObject({ token: 's.baofile', sources: { token: '~/.bao-token' } });
      expect(await vaultConfigFromEnv({}, '/home/ada', files({ '/home/ada/.vault-token': 'hvs.vaultfile' }))).toMatchObject({ token: 'hvs.vaultfile', sources: { token: '~/.vault-token' } });
      expect(await vaultConfigFromEnv({ BAO_TOKEN_PATH: '/run/t' }, '/home/ada', both)).toMatchObject({ token: 's.path', sources: { token: 'BAO_TOKEN_PATH' } });
      expect(await vaultConfigFromEnv({ VAULT_TOKEN_PATH: '/run/t' }, '/home/ada', both)).toMatchObject({ token: 's.path', sources: { token: 'VAULT_TOKEN_PATH' } });
      expect(await vaultConfigFromEnv({ BAO_TOKEN: 's.env' }, '/home/ada', both)).toMatchObject({ token: 's.env', sources: { token: 'BAO_TOKEN' } });
    });

    it('names the BAO_ variable in its errors and warnings', async () => {
      const error = await vaultConfigFromEnv({ BAO_CACERT: '/missing.pem' }, '/h', files({})).catch((e: unknown) => e);
      expect(error).toMatchObject({ setting: 'BAO_CACERT', message: expect.stringContaining('BAO_CACERT names /missing.pem') });
      const skip = await vaultConfigFromEnv({ BAO_ADDR: 'http://nas:8200', BAO_SKIP_VERIFY: '1' }, '/h', files({}));
      expect(skip.warnings.join('\n')).toMatch(/BAO_SKIP_VERIFY is set.*Set BAO_CACERT/);
      expect(skip.warnings.join('\n')).toMatch(/BAO_ADDR \(http:\/\/nas:8200\) is plain http/);
    });
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
