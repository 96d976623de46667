import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGetJson, makeTempDir, startBao, type BaoServer, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

/**
 * Issue 9, "HCL injection": a mount or prefix that could change a policy's meaning is refused (exit 2, one line)
 * before any policy is rendered or any request is sent; two installs on one Vault get their own policies.
 */
let vault: BaoServer;
let home: TempDir;
const env = () => ({ HOME: home.path, VAULT_ADDR: vault.addr, VAULT_TOKEN: vault.token, MTLSCTL_STORE: 'vault' });
const cli = (args: string[], extra: Record<string, string> = {}) => runCli(args, { env: { ...env(), ...extra }, cwd: home.path });
const policyNames = async () => ((await httpGetJson(`${vault.addr}/v1/sys/policies/acl?list=true`, { token: vault.token })).body as { data: { keys: string[] } }).data.keys;

beforeAll(async () => {
  [vault, home] = await Promise.all([startBao(), makeTempDir('mtlsctl-cli-layout-')]);
});
afterAll(async () => {
  await vault?.stop();
  await home?.remove();
});

const HOSTILE = [
  ['a quote that closes the path (the reported exploit)', 'x" {capabilities=["read"]} path "secret/data/*" {capabilities=["read"]} path "y'],
  ['a closing brace', 'pki}'],
  ['a newline', 'pki\npath "secret/data/*" {\n  capabilities = ["read"]\n}'],
  ['a glob *', 'pki*'],
  ['a glob +', 'pki/+'],
  ['..', 'pki/../..'],
] as const;

describe('hostile --vault-prefix / --vault-mount', () => {
  it.each(HOSTILE)('vault init refuses a prefix with %s: exit 2, one line, nothing written', async (_case, prefix) => {
    const result = await cli(['vault', 'init', '--vault-prefix', prefix, '--no-eso-token']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^error: invalid Vault prefix \(--vault-prefix\) .*\n$/i);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
    expect(await policyNames()).toEqual(['default', 'root']);
  });

  it('refuses them from the environment (MTLSCTL_VAULT_MOUNT) too, for policies and for the store', async () => {
    const policies = await cli(['vault', 'policies'], { MTLSCTL_VAULT_MOUNT: 'secret"}' });
    expect(policies.code).toBe(2);
    expect(policies.stdout).toBe('');
    expect(policies.stderr).toMatch(/invalid Vault mount \(--vault-mount\) "secret\\"}": it contains "\\""/i);
    const list = await cli(['user', 'list'], { MTLSCTL_VAULT_PREFIX: '../../sys' });
    expect(list.code).toBe(2);
    expect(list.stderr).toMatch(/--vault-prefix.*\.\./);
  });

  it('gives a second install on one Vault its own policies and leaves the first one unchanged', async () => {
    const first = await cli(['vault', 'init', '--no-eso-token', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const second = await cli(['vault', 'init', '--no-eso-token', '--vault-prefix', 'team-b/pki', '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.json<{ policies: { name: string; action: string }[] }>().policies).toEqual([
      { name: 'eso-pki-reader@secret@team-b:pki', action: 'created' },
      { name: 'mtlsctl-admin@secret@team-b:pki', action: 'created' },
      { name: 'mtlsctl-verifier@secret@team-b:pki', action: 'created' },
    ]);
    const again = await cli(['vault', 'init', '--no-eso-token', '--json']);
    expect(again.json<{ policies: { action: string }[] }>().policies.map((p) => p.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    const shown = await cli(['vault', 'policies', 'eso-pki-reader@secret@team-b:pki', '--vault-prefix', 'team-b/pki']);
    expect(shown.stdout).toContain('path "secret/data/team-b/pki/ca"');
  });
});

describe('a --vault-prefix with no mtlsctl records (issue 9, "typos choose a store silently")', () => {
  it('is a not-found error (exit 3) naming mount and prefix and the init commands, for every command that reads the store, never "No certificates match."', async () => {
    for (const args of [['user', 'list'], ['user', 'show', 'alice'], ['ca', 'show'], ['user', 'issue', 'alice', '--email', 'alice@example.com']]) {
      const result = await cli([...args, '--vault-prefix', 'typo/pki']);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(3);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^error: no mtlsctl store at vault http:\/\/127\.0\.0\.1:\d+ secret\/typo\/pki \(mount "secret" holds no mtlsctl records under prefix "typo\/pki"\): create one with `mtlsctl vault init --vault-prefix typo\/pki` then `mtlsctl ca init --store vault --vault-prefix typo\/pki`/);
      expect(result.stderr).not.toContain(vault.token);
    }
    const verifier = (await vault.cli(['token', 'create', '-policy=default', '-field=token'])).trim();
    await cli(['vault', 'init', '--no-eso-token', '--vault-prefix', 'typo2']);
    const asVerifier = await cli(['user', 'list', '--vault-prefix', 'typo2'], { VAULT_TOKEN: (await vault.cli(['token', 'create', '-policy=mtlsctl-verifier@secret@typo2', '-field=token'])).trim() });
    expect(asVerifier.code, asVerifier.stderr).toBe(3);
    expect(asVerifier.stderr).toContain('holds no mtlsctl records under prefix "typo2"');
    // a token that may not look cannot tell: its own reads answer (403, exit 5), not a guess
    expect((await cli(['user', 'list', '--vault-prefix', 'typo2'], { VAULT_TOKEN: verifier })).code).toBe(5);
  });

  it('leaves ca init free to create the store there, and an empty but initialized store lists nothing with exit 0', async () => {
    const init = await cli(['ca', 'init', '--vault-prefix', 'fresh/pki', '--subject', 'CN=Fresh CA']);
    expect(init.code, init.stderr).toBe(0);
    const list = await cli(['user', 'list', '--vault-prefix', 'fresh/pki']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('No certificates match.');
  });
});
