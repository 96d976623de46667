import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRootCa, exportPrivateKeyPem, generateKeyPair, issueServerCertificate } from '@mtlsctl/pki-core';
import { makeTempDir, requestThroughHaproxy, startHaproxy, startKubeApiserver, writeKubeconfig, type KubeApiserver, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

/**
 * `mtlsctl k8s apply` / `k8s status` / `k8s manifests` against a real kube-apiserver (etcd, RBAC, ESO's CRDs),
 * and revocation reaching the ingress: the deny rules mtlsctl writes into the controller ConfigMap's
 * frontend-config-snippet, loaded as they are into a real haproxy.
 */
let home: TempDir;
let kube: KubeApiserver;
const env = () => ({ HOME: home.path, MTLSCTL_HOME: join(home.path, 'store'), KUBECONFIG: kube.kubeconfig, VAULT_ADDR: 'https://nas-vault.example.com:8200' });
const cli = (...args: string[]) => runCli(args, { env: env(), cwd: home.path });
const ok = async (...args: string[]) => {
  const result = await cli(...args);
  expect(result.code, `mtlsctl ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
};
const get = async (...args: string[]) => {
  const result = await kube.kubectl(['get', '-o', 'json', ...args]);
  // biome-ignore lint/suspicious/noExplicitAny: the test reads deep fields of the cluster's JSON
  return result.code === 0 ? (JSON.parse(result.stdout.toString()) as Record<string, any>) : undefined;
};
const oneLineError = (stderr: string, message: RegExp) => {
  expect(stderr).toMatch(/^error: [^\n]+\n$/);
  expect(stderr).toMatch(message);
};

beforeAll(async () => {
  home = await makeTempDir('mtlsctl-k8s-cluster-');
  kube = await startKubeApiserver({ namespaces: ['haproxy-controller', 'external-secrets'] });
  await ok('ca', 'init', '--subject', 'CN=Cluster test CA');
  await writeFile(join(home.path, 'eso.token'), 'hvs.eso-token-never-printed\n', { mode: 0o600 });
});
afterAll(async () => {
  await kube?.stop();
  await home?.remove();
});

describe('mtlsctl k8s apply / status against a real kube-apiserver', () => {
  it("manifests -o json is a List that the real kubectl applies server-side", async () => {
    const manifests = await ok('k8s', 'manifests', '-o', 'json', '--store-name', 'from-kubectl', '--external-secret', 'external-secrets/from-kubectl', '--controller-configmap', 'external-secrets/from-kubectl');
    expect(JSON.parse(manifests.stdout)).toMatchObject({ apiVersion: 'v1', kind: 'List' });
    const applied = await kube.kubectl(['apply', '--server-side', '--field-manager=mtlsctl', '-f', '-'], { input: manifests.stdout });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout.toString()).toMatch(/clustersecretstore.external-secrets.io\/from-kubectl serverside-applied/);
    expect((await get('externalsecret', '-n', 'external-secrets', 'from-kubectl'))?.['spec'].target.name).toBe('client-ca-cert');
  });

  it('applies, keeps the admin snippet lines, and never prints the token', async () => {
    const admin = 'http-request set-header X-Admin kept\n';
    expect((await kube.kubectl(['create', 'configmap', '-n', 'haproxy-controller', 'haproxy-kubernetes-ingress', `--from-literal=frontend-config-snippet=${admin}`])).code).toBe(0);
    const result = await ok('k8s', 'apply', '--eso-token-file', 'eso.token', '--json');
    expect(result.stdout).not.toContain('hvs.eso-token-never-printed');
    const objects = result.json<{ objects: { kind: string; action: string }[] }>().objects;
    expect(objects.map((o) => `${o.kind} ${o.action}`)).toEqual(['Secret created', 'ClusterSecretStore created', 'ExternalSecret created', 'ConfigMap configured', 'ConfigMap configured']);
    const data = (await get('configmap', '-n', 'haproxy-controller', 'haproxy-kubernetes-ingress'))?.['data'];
    expect(data['client-ca']).toBe('haproxy-controller/client-ca-cert');
    expect(data['frontend-config-snippet']).toMatch(/^# BEGIN mtlsctl deny rules[^\n]*\n# mtlsctl: no revoked client certificates; these rules deny nothing\n# END mtlsctl deny rules\nhttp-request set-header X-Admin kept\n$/);

    const again = await ok('k8s', 'apply');
    expect(again.stdout).toMatch(/^ClusterSecretStore nas-vault unchanged$/m);
  });

  it('--dry-run=server prints what would change and changes nothing', async () => {
    const result = await ok('k8s', 'apply', '--dry-run=server', '--refresh-interval', '5m');
    expect(result.stdout).toMatch(/^ExternalSecret haproxy-controller\/sync-ca-from-nas configured \(server dry run\): spec\.refreshInterval$/m);
    expect((await get('externalsecret', '-n', 'haproxy-controller', 'sync-ca-from-nas'))?.['spec'].refreshInterval).toBe('1h');
  });

  it('carries a revocation to the ingress: the ConfigMap snippet, loaded into a real haproxy, refuses the user', async () => {
    await ok('user', 'issue', 'alice', '--email', 'alice@example.com');
    await ok('user', 'issue', 'bob', '--email', 'bob@example.com');
    await ok('user', 'revoke', 'alice', '--reason', 'keyCompromise', '--yes');
    await ok('k8s', 'apply');
    const snippet = (await get('configmap', '-n', 'haproxy-controller', 'haproxy-kubernetes-ingress'))?.['data']['frontend-config-snippet'] as string;
    expect(snippet).toContain((await ok('crl', 'show', '--haproxy-deny')).stdout.trimEnd());
    expect(snippet.endsWith('http-request set-header X-Admin kept\n')).toBe(true);

    const serverCa = await generateKeyPair('p256');
    const serverCaPem = await createRootCa({ subject: 'CN=ingress server CA', keys: serverCa, now: new Date() });
    const serverKeys = await generateKeyPair('p256');
    const certPem = await issueServerCertificate({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], publicKey: serverKeys.publicKey, issuer: { certificatePem: serverCaPem, privateKey: serverCa.privateKey }, now: new Date() });
    const haproxy = await startHaproxy({ certPem, keyPem: await exportPrivateKeyPem(serverKeys.privateKey), caFilePem: (await ok('bundle', 'show', '--pem')).stdout, denyRules: snippet });
    try {
      const as = async (user: string) => {
        const { file, password } = (await ok('user', 'download', user, '-o', `${user}.p12`, '--json')).json<{ file: string; password: string }>();
        return requestThroughHaproxy({ port: haproxy.port, ca: serverCaPem, pfx: await readFile(join(home.path, file)), passphrase: password });
      };
      expect((await as('bob')).status).toBe(200);
      expect((await as('alice')).status).toBe(403);
    } finally {
      await haproxy.close();
    }
  });

  it('status: exits 7 and says why while ESO has not synced (no controller in this file)', async () => {
    const result = await cli('k8s', 'status', '--json');
    expect(result.code).toBe(7);
    const status = result.json<{ inSync: boolean; problems: string[]; configMap: { pointsAtSecret: boolean; denyRulesInSync: boolean } }>();
    expect(status.inSync).toBe(false);
    expect(status.configMap).toMatchObject({ pointsAtSecret: true, denyRulesInSync: true });
    expect(status.problems).toContain('Secret haproxy-controller/client-ca-cert does not exist yet: ESO writes it once the ExternalSecret syncs');
  });

  it('reports a field owned by another manager (exit 4) and applies nothing', async () => {
    await kube.kubectl(['patch', 'configmap', '-n', 'haproxy-controller', 'haproxy-kubernetes-ingress', '--field-manager=helm', '--type=merge', '-p', '{"data":{"client-ca":"haproxy-controller/other"}}']);
    const result = await cli('k8s', 'apply', '--refresh-interval', '2m');
    expect(result.code).toBe(4);
    oneLineError(result.stderr, /nothing was applied: ConfigMap haproxy-controller\/haproxy-kubernetes-ingress: \.data\.client-ca \(owned by "helm".*--force-conflicts/);
    expect((await get('externalsecret', '-n', 'haproxy-controller', 'sync-ca-from-nas'))?.['spec'].refreshInterval).toBe('1h');
    await ok('k8s', 'apply', '--force-conflicts');
    expect((await get('configmap', '-n', 'haproxy-controller', 'haproxy-kubernetes-ingress'))?.['data']['client-ca']).toBe('haproxy-controller/client-ca-cert');
  });

  it.each([
    [['--kubeconfig', 'missing.kubeconfig'], 2, /^error: kubeconfig missing\.kubeconfig \(from --kubeconfig\) does not exist: pass --kubeconfig <file>/],
    [['--context', 'prod'], 2, /^error: context "prod" is not in kubeconfig .*: pass --context with one of admin/],
    [['--kubeconfig', 'limited'], 5, /User "limited" cannot patch resource .*: have a cluster admin grant it/],
    [['--kubeconfig', 'down'], 6, /^error: cannot reach the Kubernetes apiserver at https:\/\/127\.0\.0\.1:1 .*ECONNREFUSED/],
    [['--external-secret', 'nowhere/es'], 3, /^error: namespace "nowhere" does not exist: create it \(kubectl create namespace nowhere\)/],
  ])('%j: exit %i, one line naming the fix, nothing written', async (args, code, message) => {
    await writeKubeconfig(join(home.path, 'down'), { server: 'https://127.0.0.1:1', caPem: kube.caPem, user: 'admin', token: kube.tokens.admin });
    const resolved = args.map((a) => (a === 'limited' ? kube.limitedKubeconfig : a));
    const result = await cli('k8s', 'apply', '--store-name', 'not-written', ...resolved);
    expect(result.code, result.stderr).toBe(code);
    oneLineError(result.stderr, message);
    expect(await get('clustersecretstore', 'not-written')).toBeUndefined();
  });
});
