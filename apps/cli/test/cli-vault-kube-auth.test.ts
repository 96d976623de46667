import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, startBao, startKubeApiserver, type BaoServer, type KubeApiserver, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

/**
 * Kubernetes auth for the daemon and cron jobs in a cluster: a service account token, which OpenBao's kubernetes
 * auth method checks with the real kube-apiserver's TokenReview, logs in for the role bound to that account.
 */
let vault: BaoServer;
let kube: KubeApiserver;
let home: TempDir;
const f = (name: string) => join(home.path, name);
const cli = (env: Record<string, string>, ...args: string[]) => runCli(args, { env: { HOME: home.path, VAULT_ADDR: vault.addr, MTLSCTL_STORE: 'vault', ...env }, cwd: home.path });
const kubectl = async (args: string[]) => {
  const result = await kube.kubectl(args);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.toString().trim();
};

beforeAll(async () => {
  [vault, kube, home] = await Promise.all([startBao(), startKubeApiserver({ esoCrds: false }), makeTempDir('mtlsctl-cli-kube-auth-')]);
  expect((await cli({ VAULT_TOKEN: vault.token }, 'vault', 'init', '--no-eso-token')).code).toBe(0);
  expect((await cli({ VAULT_TOKEN: vault.token }, 'ca', 'init', '--subject', 'CN=kube auth test CA')).code).toBe(0); // a store to list
  await kubectl(['create', 'serviceaccount', 'mtlsctl-verifier', '-n', 'default']);
  await kubectl(['create', 'serviceaccount', 'someone-else', '-n', 'default']);
  await writeFile(f('verifier.jwt'), await kubectl(['create', 'token', 'mtlsctl-verifier', '-n', 'default', '--duration=10m']), { mode: 0o600 });
  await writeFile(f('other.jwt'), await kubectl(['create', 'token', 'someone-else', '-n', 'default', '--duration=10m']), { mode: 0o600 });
  await vault.cli(['auth', 'enable', 'kubernetes']);
  await vault.cli(['write', 'auth/kubernetes/config', `kubernetes_host=${kube.url}`, `kubernetes_ca_cert=${kube.caPem}`, `token_reviewer_jwt=${kube.tokens.admin}`]);
  await vault.cli(['write', 'auth/kubernetes/role/verifier', 'bound_service_account_names=mtlsctl-verifier', 'bound_service_account_namespaces=default', 'token_policies=mtlsctl-verifier', 'token_ttl=10m']);
}, 240_000);
afterAll(async () => {
  await Promise.all([vault?.stop(), kube?.stop(), home?.remove()]);
});

describe('Kubernetes auth (MTLSCTL_VAULT_AUTH=kubernetes)', () => {
  it("logs in with the service account's token, checked by the apiserver's TokenReview, as the verifier", async () => {
    const env = { MTLSCTL_VAULT_AUTH: 'kubernetes', MTLSCTL_VAULT_AUTH_ROLE: 'verifier', MTLSCTL_VAULT_JWT_FILE: f('verifier.jwt') };
    const check = await cli(env, 'vault', 'check', '--role', 'verifier', '--json');
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const list = await cli(env, 'user', 'list', '--json');
    expect(list.code, list.stderr).toBe(0);
  });

  it("refuses another service account's token (exit 5)", async () => {
    const result = await cli({ MTLSCTL_VAULT_AUTH: 'kubernetes', MTLSCTL_VAULT_AUTH_ROLE: 'verifier', MTLSCTL_VAULT_JWT_FILE: f('other.jwt') }, 'user', 'list');
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/refused the kubernetes login at auth\/kubernetes\//);
  });

  it('refuses a token the apiserver did not issue (exit 5)', async () => {
    await writeFile(f('forged.jwt'), 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDptdGxzY3RsLXZlcmlmaWVyIn0.c2lnbmF0dXJl');
    const result = await cli({ MTLSCTL_VAULT_AUTH: 'kubernetes', MTLSCTL_VAULT_AUTH_ROLE: 'verifier', MTLSCTL_VAULT_JWT_FILE: f('forged.jwt') }, 'user', 'list');
    expect(result.code).toBe(5);
  });
});
