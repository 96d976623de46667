import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { rejection } from '@mtlsctl/errors/testing';
import { freePort, makeTempDir, openssl, startKubeApiserver, writeKubeconfig, type KubeApiserver, type TempDir } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySyncObjects } from '../apply-sync-objects.js';
import { readDenyRulesBlock } from '../deny-rules-block.js';
import { loadKubeConfig } from '../kube-config.js';
import { KubernetesError } from '../kubernetes-error.js';
import { readSyncStatus } from '../read-sync-status.js';
import { renderSyncManifests } from '../render-sync-manifests.js';
import { resolveSyncLayout } from '../sync-layout.js';
import { writeDenyRulesBlock } from '../write-deny-rules-block.js';
import type { KubeConnection, KubeObjectRef } from './kube-connection.js';
import { loadLeanKubeConfig } from './lean-kube-config.js';

/**
 * The daemon's lean apiserver client against the real kube-apiserver, side by side with the CLI's client-node
 * one: the same objects read, the same KubernetesError codes for the same faults, the deny-rule block written,
 * the pod's rotated token picked up, and a client certificate from a YAML kubeconfig with relative paths.
 */
let kube: KubeApiserver;
let dir: TempDir;
const NS = 'haproxy-controller';
const layout = resolveSyncLayout({ vaultServer: 'https://vault.example:8200', refreshInterval: '1h' });
const loaders = { 'client-node': loadKubeConfig, lean: loadLeanKubeConfig } as const;
const must = async (...args: string[]) => {
  const result = await kube.kubectl(args);
  expect(result.code, result.stderr.toString()).toBe(0);
  return result.stdout.toString('utf8');
};
const failure = async (promise: Promise<unknown>) => {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(KubernetesError);
  return error as KubernetesError;
};
const configMap: KubeObjectRef = { apiVersion: 'v1', kind: 'ConfigMap', namespace: NS, name: 'haproxy-kubernetes-ingress' };

beforeAll(async () => {
  [kube, dir] = await Promise.all([startKubeApiserver({ namespaces: [NS, 'external-secrets'] }), makeTempDir('mtlsctl-lean-kube-')]);
  await applySyncObjects(renderSyncManifests(layout, { esoToken: 'hvs.not-used' }), { kube: loadKubeConfig({ kubeconfig: kube.kubeconfig, env: {} }) });
}, 300_000);
afterAll(async () => {
  await kube?.stop();
  await dir?.remove();
});

describe('the lean apiserver client (loadLeanKubeConfig) against a real kube-apiserver', () => {
  it('reads exactly what the client-node one reads (readSyncStatus of the same objects)', async () => {
    const [full, lean] = await Promise.all(
      Object.values(loaders).map((load) => readSyncStatus(layout, { kube: load({ kubeconfig: kube.kubeconfig, env: {} }), vaultBundle: '', denyRules: '' })),
    );
    expect(lean).toEqual(full);
    expect(lean?.externalSecret).toMatchObject({ found: true, ready: false });
    expect(lean?.configMap).toMatchObject({ found: true, pointsAtSecret: true });
    const objects = loadLeanKubeConfig({ kubeconfig: kube.kubeconfig, env: {} }).objects();
    expect(await objects.read({ apiVersion: 'v1', kind: 'Secret', namespace: NS, name: 'no-such-secret' })).toBeUndefined();
    expect(await objects.read({ apiVersion: 'v1', kind: 'Secret', namespace: 'no-such-namespace', name: 'x' })).toBeUndefined();
  });

  it('keeps one keep-alive pool per connection: 30 status reads in a row open at most 4 sockets to the apiserver', async () => {
    const port = new URL(kube.url).port;
    // this process's established sockets to the apiserver, by local address (other tests' pools stay open too)
    const sockets = () =>
      new Set(
        execFileSync('ss', ['-tnpH', 'state', 'established', 'dport', `= :${port}`], { encoding: 'utf8' })
          .split('\n')
          .filter((line) => line.includes(`pid=${process.pid},`))
          .map((line) => line.trim().split(/\s+/)[2]),
      );
    const before = sockets();
    const lean = loadLeanKubeConfig({ kubeconfig: kube.kubeconfig, env: {} });
    for (let i = 0; i < 30; i++) await readSyncStatus(layout, { kube: lean, vaultBundle: '', denyRules: '' });
    const opened = [...sockets()].filter((s) => !before.has(s));
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.length).toBeLessThanOrEqual(4);
  });

  it.each(Object.keys(loaders))('%s: the same KubernetesError codes for 401, 403, an unserved kind, a refused port and an unknown CA', async (name) => {
    const load = loaders[name as keyof typeof loaders];
    const read = (kube: KubeConnection, ref: KubeObjectRef = configMap) => failure(kube.objects().read(ref));
    const badToken = await writeKubeconfig(join(dir.path, `${name}-bad-token.json`), { server: kube.url, caPem: kube.caPem, user: 'x', token: 'not-a-token' });
    expect(await read(load({ kubeconfig: badToken, env: {} }))).toMatchObject({ code: 'KUBE_UNAUTHORIZED', status: 401 });
    const forbidden = await read(load({ kubeconfig: kube.limitedKubeconfig, env: {} }), {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      namespace: NS,
      name: 'x',
    });
    expect(forbidden).toMatchObject({
      code: 'KUBE_FORBIDDEN',
      status: 403,
      message: expect.stringMatching(/^roles\.rbac\.authorization\.k8s\.io "x" is forbidden: User "limited" cannot get resource "roles"/),
    });
    // a kind the served group external-secrets.io/v1 does not have (as when ESO's CRDs are older than the kind)
    const unserved = await read(load({ kubeconfig: kube.kubeconfig, env: {} }), { apiVersion: 'external-secrets.io/v1', kind: 'Widget', name: 'x' });
    expect(unserved).toMatchObject({
      code: 'KUBE_KIND_NOT_SERVED',
      message: expect.stringMatching(/^the cluster does not serve .*Widget.*: install External Secrets Operator/),
    });
    const closed = await writeKubeconfig(join(dir.path, `${name}-closed.json`), {
      server: `https://127.0.0.1:${await freePort()}`,
      caPem: kube.caPem,
      user: 'admin',
      token: kube.tokens.admin,
    });
    expect(await read(load({ kubeconfig: closed, env: {} }))).toMatchObject({
      code: 'KUBE_UNREACHABLE',
      message: expect.stringMatching(
        /^cannot reach the Kubernetes apiserver at https:\/\/127\.0\.0\.1:\d+ \(ConfigMap haproxy-controller\/haproxy-kubernetes-ingress\) \(ECONNREFUSED\)/,
      ),
    });
    const otherCa = await openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-noenc',
      '-keyout',
      join(dir.path, `${name}-other.key`),
      '-days',
      '1',
      '-subj',
      '/CN=other CA',
    ]);
    const wrongCa = await writeKubeconfig(join(dir.path, `${name}-wrong-ca.json`), {
      server: kube.url,
      caPem: otherCa,
      user: 'admin',
      token: kube.tokens.admin,
    });
    const tls = await read(load({ kubeconfig: wrongCa, env: {} }));
    expect(tls.code).toBe('KUBE_UNREACHABLE');
    expect(tls.message).toMatch(/presented a certificate that does not verify \([A-Z_]+\): fix certificate-authority-data in the kubeconfig$/);
    for (const error of [forbidden, tls]) expect(error.message).not.toContain(kube.tokens.admin);
  });

  it("writes mtlsctl's deny-rule block with a resourceVersion-pinned merge patch, the admin's lines kept", async () => {
    await must(
      'patch',
      'configmap',
      '-n',
      NS,
      configMap.name,
      '--type=merge',
      '-p',
      JSON.stringify({ data: { 'frontend-config-snippet': 'http-request set-header X-Admin kept\n' } }),
    );
    const lean = loadLeanKubeConfig({ kubeconfig: kube.kubeconfig, env: {} });
    const rules = 'acl mtlsctl_revoked ssl_c_serial,hex -m str 0A\nhttp-request deny if mtlsctl_revoked\n';
    const target = { configMap: { namespace: NS, name: configMap.name }, rules };
    expect(await writeDenyRulesBlock(lean, target, { dryRun: true })).toMatchObject({ action: 'configured' });
    expect(
      readDenyRulesBlock(JSON.parse(await must('get', 'configmap', '-n', NS, configMap.name, '-o', 'json')).data['frontend-config-snippet']),
    ).toBeUndefined();
    expect(await writeDenyRulesBlock(lean, target)).toMatchObject({ action: 'configured', changed: ['data.frontend-config-snippet'] });
    const written = JSON.parse(await must('get', 'configmap', '-n', NS, configMap.name, '-o', 'json', '--show-managed-fields'));
    expect(readDenyRulesBlock(written.data['frontend-config-snippet'])).toBe(rules);
    expect(written.data['frontend-config-snippet']).toContain('http-request set-header X-Admin kept\n');
    expect(written.metadata.managedFields.map((f: { manager: string }) => f.manager)).toContain('mtlsctl');
    expect(await writeDenyRulesBlock(lean, target)).toMatchObject({ action: 'unchanged' });
    // a stale resourceVersion is the apiserver's 409, as KUBE_APPLY_CONFLICT
    const stale = await failure(lean.objects().mergePatch(configMap, { metadata: { resourceVersion: '1' }, data: { x: 'y' } }, { fieldManager: 'mtlsctl' }));
    expect(stale).toMatchObject({ code: 'KUBE_APPLY_CONFLICT', status: 409 });
  });

  it("in a pod: reads the service-account token file again on every request, so the kubelet's rotation is picked up", async () => {
    await must('create', 'serviceaccount', '-n', NS, 'lean-reader');
    await must('create', 'serviceaccount', '-n', NS, 'lean-nobody');
    await must('create', 'clusterrolebinding', 'lean-reader', '--clusterrole=mtlsctl-test-status-reader', `--serviceaccount=${NS}:lean-reader`);
    const sa = join(dir.path, 'serviceaccount');
    await mkdir(sa, { mode: 0o700 });
    const token = async (account: string) =>
      writeFile(join(sa, 'token'), (await must('create', 'token', '-n', NS, account, '--duration=1h')).trim(), { mode: 0o600 });
    await token('lean-nobody');
    await writeFile(join(sa, 'ca.crt'), kube.caPem);
    const pod = loadLeanKubeConfig({ env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: new URL(kube.url).port }, serviceAccountDir: sa });
    expect(pod).toMatchObject({ source: 'in-cluster service account', context: 'in-cluster', server: kube.url });
    const objects = pod.objects();
    expect(await failure(objects.read(configMap))).toMatchObject({
      code: 'KUBE_FORBIDDEN',
      message: expect.stringMatching(/system:serviceaccount:haproxy-controller:lean-nobody/),
    });
    await token('lean-reader');
    expect((await objects.read(configMap))?.['data']).toMatchObject({ 'client-ca': `${NS}/client-ca-cert` });
  });

  it('authenticates with a client certificate named by relative paths in a YAML kubeconfig', async () => {
    const certs = join(dir.path, 'certs');
    await mkdir(certs);
    const caDir = dirname(kube.kubeconfig);
    await openssl([
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-noenc',
      '-keyout',
      join(certs, 'client.key'),
      '-out',
      join(certs, 'client.csr'),
      '-subj',
      '/O=system:masters/CN=cert-admin',
    ]);
    await openssl([
      'x509',
      '-req',
      '-in',
      join(certs, 'client.csr'),
      '-CA',
      join(caDir, 'ca.crt'),
      '-CAkey',
      join(caDir, 'ca.key'),
      '-CAcreateserial',
      '-days',
      '1',
      '-out',
      join(certs, 'client.crt'),
    ]);
    await writeFile(join(certs, 'ca.crt'), kube.caPem);
    const yaml = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: test',
      '  cluster:',
      `    server: ${kube.url}`,
      '    certificate-authority: certs/ca.crt',
      'users:',
      '- name: cert',
      '  user:',
      '    client-certificate: certs/client.crt',
      '    client-key: certs/client.key',
      'contexts:',
      '- name: cert',
      '  context: { cluster: test, user: cert }',
      'current-context: cert',
      '',
    ].join('\n');
    await writeFile(join(dir.path, 'cert.kubeconfig'), yaml, { mode: 0o600 });
    const lean = loadLeanKubeConfig({ kubeconfig: join(dir.path, 'cert.kubeconfig'), env: {} });
    expect((await lean.objects().read(configMap))?.['metadata']).toMatchObject({ name: configMap.name });
  });
});
