import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { makeTempDir, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

let home: TempDir;
const k8s = (args: string[], env: Record<string, string> = {}) => runCli(['k8s', 'manifests', ...args], { env: { HOME: home.path, ...env }, cwd: home.path });

beforeAll(async () => {
  home = await makeTempDir('mtlsctl-k8s-');
});
afterAll(async () => {
  await home.remove();
});

describe('mtlsctl k8s manifests (deployment guide, step 3)', () => {
  it('prints YAML that kubectl reads: the store, the ExternalSecret in the ingress namespace, the controller key', async () => {
    await writeFile(join(home.path, 'vault-ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const result = await k8s(['--vault-cacert', 'vault-ca.pem'], { VAULT_ADDR: 'https://nas-vault.example.com:8200' });
    expect(result.code, result.stderr).toBe(0);
    const objects = parseAllDocuments(result.stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string }; spec?: Record<string, unknown> });
    expect(objects.map((o) => [o.kind, o.metadata.namespace ?? '', o.metadata.name])).toEqual([
      ['ClusterSecretStore', '', 'nas-vault'],
      ['ExternalSecret', 'haproxy-controller', 'sync-ca-from-nas'],
      ['ConfigMap', 'haproxy-controller', 'haproxy-kubernetes-ingress'],
    ]);
    expect(JSON.stringify(objects[0])).toContain(Buffer.from('-----BEGIN CERTIFICATE-----').toString('base64').slice(0, 20));
    expect(result.stderr).toMatch(/token Secret is not included/);
  });

  it('takes the one --vault-namespace, else BAO_NAMESPACE over VAULT_NAMESPACE, as the bao CLI and the store read them', async () => {
    const namespaceOf = async (args: string[], env: Record<string, string>) => {
      const result = await k8s(['--vault-server', 'https://v:8200', '--json', ...args], env);
      expect(result.code, result.stderr).toBe(0);
      const store = result.json<{ objects: { kind: string; spec?: { provider?: { vault?: { namespace?: string } } } }[] }>().objects.find((o) => o.kind === 'ClusterSecretStore');
      return store?.spec?.provider?.vault?.namespace;
    };
    expect(await namespaceOf([], { VAULT_NAMESPACE: 'team-a' })).toBe('team-a');
    expect(await namespaceOf([], { VAULT_NAMESPACE: 'team-a', BAO_NAMESPACE: 'team-b' })).toBe('team-b');
    expect(await namespaceOf(['--vault-namespace', 'ops'], { VAULT_NAMESPACE: 'team-a', BAO_NAMESPACE: 'team-b' })).toBe('ops');
    expect(await namespaceOf([], {})).toBeUndefined();
  });

  it('includes the token Secret only from --eso-token-file, and never in an error', async () => {
    await writeFile(join(home.path, 'eso.token'), 'hvs.secret-token\n', { mode: 0o600 });
    const result = await k8s(['--vault-server', 'https://v:8200', '--eso-token-file', 'eso.token', '--json']);
    const { objects } = result.json<{ objects: { kind: string; stringData?: Record<string, string> }[] }>();
    expect(objects[0]).toMatchObject({ kind: 'Secret', stringData: { token: 'hvs.secret-token' } });
  });

  it.each([
    [['--vault-server', 'nas-vault:8200'], /vault server/],
    [['--vault-server', 'https://v:8200', '--external-secret', 'vault'], /<namespace>\/<name>/],
    [['--vault-server', 'https://v:8200', '--store-name', 'Bad_Name'], /not a valid Kubernetes name/],
    [[], /--vault-server: not set/],
  ])('refuses %j with exit 2', async (args, message) => {
    const result = await k8s(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('warns when the token would travel over plain http', async () => {
    const result = await k8s(['--vault-server', 'http://v:8200']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/plain http/);
  });
});
