import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { makeTempDir, startBao, startEsoController, startKubeApiserver, writeKubeconfig, type BaoServer, type EsoController, type KubeApiserver, type TempDir } from '@mtlsctl/peers';
import { runCli, type CliResult } from './run-cli.js';

/**
 * `mtlsctl doctor`'s cluster checks, `verify --cluster` and `k8s status -o json|yaml` against the real chain:
 * OpenBao over TLS (after `vault init`), the real kube-apiserver with ESO's CRDs, and the real ESO controller
 * syncing the bundle into the Secret. Each check is broken on purpose, its ✗ and fix asserted, and the fix run.
 */
let home: TempDir;
let bao: BaoServer;
let kube: KubeApiserver;
let eso: EsoController;
const NS = 'haproxy-controller';
const env = (over: Record<string, string> = {}) => ({
  HOME: home.path,
  MTLSCTL_STORE: 'vault',
  VAULT_ADDR: bao.addr,
  VAULT_TOKEN: bao.token,
  VAULT_CACERT: bao.caCertPath!,
  KUBECONFIG: kube.kubeconfig,
  ...over,
});
const cli = (args: string[], over: Record<string, string> = {}) => runCli(args, { env: env(over), cwd: home.path });
const ok = async (...args: string[]) => {
  const result = await cli(args);
  expect(result.code, `mtlsctl ${args.join(' ')}: ${result.stderr}${result.stdout}`).toBe(0);
  return result;
};

interface Report {
  ok: boolean;
  checks: { id: string; status: string; detail: string; fix?: string }[];
}
/** `doctor --json`, with the report (printed on a ✗ as well). */
async function doctor(...args: string[]): Promise<{ result: CliResult; report: Report; byId: (id: string) => Report['checks'][number] | undefined }> {
  const result = await cli(['doctor', '--json', ...args]);
  const report = result.json<Report>();
  return { result, report, byId: (id) => report.checks.find((c) => c.id === id) };
}
/** Polls doctor until the check `id` has `status` (ESO works asynchronously). */
async function doctorUntil(id: string, status: string): Promise<Awaited<ReturnType<typeof doctor>>> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const run = await doctor();
    if (run.byId(id)?.status === status) return run;
    if (Date.now() > deadline) throw new Error(`${id} never became ${status}: ${JSON.stringify(run.report.checks.filter((c) => c.id.startsWith('cluster')), null, 2)}\n${eso.logs().slice(-2000)}`);
    await sleep(1000);
  }
}
const clusterStatuses = (report: Report) => Object.fromEntries(report.checks.filter((c) => c.id.startsWith('cluster')).map((c) => [c.id, c.status]));
const ALL_OK = { 'cluster.store': 'ok', 'cluster.external-secret': 'ok', 'cluster.secret': 'ok', 'cluster.configmap': 'ok', 'cluster.deny-rules': 'ok' };
const kubectl = async (...args: string[]) => {
  const result = await kube.kubectl(args);
  expect(result.code, `kubectl ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout.toString('utf8');
};

beforeAll(async () => {
  home = await makeTempDir('mtlsctl-doctor-cluster-');
  const audit = `audit "file" "audit" {\n  options {\n    file_path = "${join(home.path, 'audit.log')}"\n  }\n}\n`;
  [bao, kube] = await Promise.all([startBao({ tls: true, config: audit }), startKubeApiserver({ namespaces: [NS, 'external-secrets'] })]);
  eso = await startEsoController(kube.kubeconfig);
  await ok('vault', 'init', '--eso-token-file', 'eso.token');
  await ok('ca', 'init', '--subject', 'CN=Doctor cluster CA');
  await ok('user', 'issue', 'alice', '--email', 'alice@example.com');
  await ok('user', 'download', 'alice', '-o', 'alice.p12', '--password-file', 'alice.pass');
  await ok('k8s', 'apply', '--eso-token-file', 'eso.token');
}, 300_000);
afterAll(async () => {
  await eso?.stop();
  await kube?.stop();
  await bao?.stop();
  await home?.remove();
});

describe('mtlsctl doctor / verify --cluster / k8s status against OpenBao, the kube-apiserver and ESO', () => {
  it('doctor: every cluster check ✓ once ESO has synced, exit 0', async () => {
    const { result, report } = await doctorUntil('cluster.secret', 'ok');
    expect(clusterStatuses(report)).toEqual(ALL_OK);
    expect(result.code, JSON.stringify(report.checks.filter((c) => c.status === 'fail'))).toBe(0);
    const text = await ok('doctor');
    expect(text.stdout).toMatch(/✓ ExternalSecret Ready\s+haproxy-controller\/sync-ca-from-nas: Ready, last refresh /);
    expect(text.stdout).toMatch(/✓ Cluster Secret equal to Vault's bundle\s+Secret haproxy-controller\/client-ca-cert tls.crt holds exactly the CAs/);
    expect(text.stdout).not.toContain((await readFile(join(home.path, 'eso.token'), 'utf8')).trim());
  });

  it('k8s status -o json and -o yaml print the same read-back document', async () => {
    const json = (await ok('k8s', 'status', '-o', 'json')).json<{ inSync: boolean; externalSecret: { ready: boolean }; context: string }>();
    expect(json).toMatchObject({ inSync: true, externalSecret: { ready: true }, context: 'admin' });
    const yaml = parseYaml((await ok('k8s', 'status', '-o', 'yaml')).stdout) as typeof json & { secret: unknown };
    expect(yaml).toMatchObject({ inSync: true, externalSecret: { ready: true }, context: 'admin' });
    expect(Object.keys(yaml).sort()).toEqual(Object.keys(json).sort());
  });

  it('verify --cluster judges against the Secret the ingress reads: a CA rotated in Vault but not yet synced refuses its users, until the fix doctor names is run', async () => {
    const before = await ok('verify', 'alice.p12', '--password-file', 'alice.pass', '--cluster', '--json');
    expect(before.json()).toMatchObject({ accepted: true, trustSource: 'cluster' });
    await ok('ca', 'rotate');
    await ok('user', 'issue', 'bob', '--email', 'bob@example.com');
    await ok('user', 'download', 'bob', '-o', 'bob.p12', '--password-file', 'bob.pass');
    expect((await cli(['verify', 'bob.p12', '--password-file', 'bob.pass'])).code).toBe(0); // the store's bundle has the new CA
    const refused = await cli(['verify', 'bob.p12', '--password-file', 'bob.pass', '--cluster']);
    expect(refused.code, refused.stdout).toBe(9); // the cluster's does not (ESO refreshes every 1h)
    const { result, byId } = await doctor();
    expect(result.code).toBe(9);
    const secret = byId('cluster.secret')!;
    expect(secret).toMatchObject({ status: 'fail', detail: expect.stringMatching(/lacks CN=Doctor cluster CA G2 \(its users are refused\)/) });
    expect(secret.fix).toBe(`kubectl annotate externalsecret -n ${NS} sync-ca-from-nas force-sync=$(date +%s) --overwrite`);
    await kubectl('annotate', 'externalsecret', '-n', NS, 'sync-ca-from-nas', `force-sync=${Date.now()}`, '--overwrite');
    await doctorUntil('cluster.secret', 'ok');
    expect((await cli(['verify', 'bob.p12', '--password-file', 'bob.pass', '--cluster'])).code).toBe(0);
  });

  it('a revocation not yet carried to the ingress: ✗ deny rules, fixed by mtlsctl k8s apply', async () => {
    await ok('user', 'revoke', 'alice', '--yes');
    const { result, byId } = await doctor();
    expect(result.code).toBe(9);
    expect(byId('cluster.deny-rules')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/revoked users still get in/), fix: expect.stringMatching(/^mtlsctl k8s apply/) });
    expect((await cli(['verify', 'alice.p12', '--password-file', 'alice.pass', '--cluster'])).code).toBe(9);
    await ok('k8s', 'apply');
    expect(clusterStatuses((await doctor()).report)).toEqual(ALL_OK);
  });

  it("the ConfigMap's client-ca changed by someone else: ✗ with the fix, which needs --force-conflicts as it says", async () => {
    await kubectl('patch', 'configmap', '-n', NS, 'haproxy-kubernetes-ingress', '--type=merge', '-p', JSON.stringify({ data: { 'client-ca': 'default/other' } }));
    const { byId } = await doctor();
    expect(byId('cluster.configmap')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/client-ca is "default\/other", not "haproxy-controller\/client-ca-cert"/), fix: expect.stringMatching(/^mtlsctl k8s apply .*--force-conflicts/) });
    const conflict = await cli(['k8s', 'apply']);
    expect(conflict.code).toBe(4);
    expect(conflict.stderr).toMatch(/--force-conflicts/);
    await ok('k8s', 'apply', '--force-conflicts');
    expect((await doctor()).byId('cluster.configmap')?.status).toBe('ok');
  });

  it("ESO's token refused by Vault: ✗ ClusterSecretStore not Ready with its reason, fixed by re-applying the token", async () => {
    await kubectl('patch', 'secret', '-n', 'external-secrets', 'vault-eso-token', '--type=merge', '-p', JSON.stringify({ stringData: { token: 'not-a-valid-token' } }));
    const { result, byId } = await doctorUntil('cluster.store', 'fail');
    expect(result.code).toBe(9);
    expect(byId('cluster.store')).toMatchObject({ detail: expect.stringMatching(/nas-vault is not Ready \(/), fix: expect.stringMatching(/^mtlsctl doctor --eso-token-file/) });
    await ok('k8s', 'apply', '--eso-token-file', 'eso.token', '--force-conflicts');
    await doctorUntil('cluster.store', 'ok');
  });

  it('the ExternalSecret deleted: ✗ does not exist, fixed by mtlsctl k8s apply', async () => {
    await kubectl('delete', 'externalsecret', '-n', NS, 'sync-ca-from-nas');
    const { byId } = await doctor();
    expect(byId('cluster.external-secret')).toMatchObject({ status: 'fail', detail: `${NS}/sync-ca-from-nas does not exist`, fix: 'mtlsctl k8s apply' });
    await ok('k8s', 'apply');
    await doctorUntil('cluster.external-secret', 'ok');
  });

  it('bad kubeconfig credentials (401), a context that does not exist, a kubeconfig that does not exist: one ✗ cluster line each with its fix', async () => {
    const wrong = await writeKubeconfig(join(home.path, 'wrong.kubeconfig'), { server: kube.url, caPem: kube.caPem, user: 'someone', token: 'not-a-token' });
    const unauthorized = await doctor('--kubeconfig', wrong);
    expect(unauthorized.result.code).toBe(9);
    expect(unauthorized.byId('cluster')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/refused the kubeconfig's credentials \(401 Unauthorized\)/) });
    const context = await doctor('--context', 'nope');
    expect(context.byId('cluster')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/context "nope" is not in kubeconfig/), fix: expect.stringMatching(/pass --context with one of admin/) });
    const missing = await doctor('--kubeconfig', join(home.path, 'absent.kubeconfig'));
    expect(missing.byId('cluster')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/absent.kubeconfig \(from --kubeconfig\) does not exist/) });
    expect((await doctor('--no-cluster')).byId('cluster')).toMatchObject({ status: 'skip', detail: 'not checked (--no-cluster)' });
  });

  it('the apiserver down: ✗ cannot reach it (doctor exit 9; k8s status exit 6 with one line); ✓ again once it is back', async () => {
    await kube.stopApiserver();
    try {
      const { result, byId } = await doctor();
      expect(result.code).toBe(9);
      expect(byId('cluster')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/cannot reach the Kubernetes apiserver at https:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED\)/), fix: expect.stringMatching(/check the cluster is up/) });
      const status = await cli(['k8s', 'status']);
      expect(status.code).toBe(6);
      expect(status.stderr).toMatch(/^error: cannot reach the Kubernetes apiserver[^\n]*\n$/);
    } finally {
      await kube.restartApiserver();
    }
    await doctorUntil('cluster.secret', 'ok');
  });

  it("ESO's kinds not served by the apiserver (its CRD removed): KUBE_KIND_NOT_SERVED, naming the install", async () => {
    await kubectl('delete', 'crd', 'clustersecretstores.external-secrets.io');
    const { byId } = await doctor();
    expect(byId('cluster')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/the cluster does not serve .*ClusterSecretStore/), fix: expect.stringMatching(/install External Secrets Operator 0\.16 or later/) });
    const status = await cli(['k8s', 'status', '--json']);
    expect(status.code).toBe(7);
    expect(status.json<{ error: { code: string } }>().error.code).toBe('KUBE_KIND_NOT_SERVED');
  });
});
