import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRootCa, generateKeyPair } from '@mtlsctl/pki-core';
import { startBao, startEsoController, startKubeApiserver, type BaoServer, type EsoController, type KubeApiserver } from '@mtlsctl/peers';
import { applySyncObjects } from './apply-sync-objects.js';
import { loadKubeConfig } from './kube-config.js';
import { readSyncStatus, type SyncStatus } from './read-sync-status.js';
import { renderSyncManifests } from './render-sync-manifests.js';
import { resolveSyncLayout } from './sync-layout.js';

/** The read-back against the real thing: the ESO controller syncing from a real OpenBao over TLS into a real apiserver. */
let bao: BaoServer;
let kube: KubeApiserver;
let eso: EsoController;
let esoToken: string;
const cas: string[] = [];

const kubeconfig = () => loadKubeConfig({ kubeconfig: kube.kubeconfig, env: {} });
const putBundle = async (pems: string[]) => {
  const file = join(bao.dir, 'tls.crt');
  await writeFile(file, pems.join(''));
  await bao.cli(['kv', 'put', 'secret/pki/ca', `tls.crt=@${file}`]);
  return pems.join('');
};
const forceSync = (name: string) => kube.kubectl(['annotate', 'externalsecret', '-n', 'haproxy-controller', name, `force-sync=${Date.now()}`, '--overwrite']);

/** Polls the status until `done` says so (ESO works asynchronously), returning the last one. */
async function statusUntil(layout: ReturnType<typeof resolveSyncLayout>, vaultBundle: string, done: (s: SyncStatus) => boolean): Promise<SyncStatus> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const status = await readSyncStatus(layout, { kube: kubeconfig(), vaultBundle });
    if (done(status)) return status;
    if (Date.now() > deadline) throw new Error(`status never got there: ${JSON.stringify(status, null, 2)}\n${eso.logs().slice(-3000)}`);
    await sleep(500);
  }
}

beforeAll(async () => {
  [bao, kube] = await Promise.all([startBao({ tls: true }), startKubeApiserver({ namespaces: ['haproxy-controller', 'external-secrets'] })]);
  eso = await startEsoController(kube.kubeconfig);
  await bao.cli(['policy', 'write', 'eso-pki-reader', '-'], { input: 'path "secret/data/pki/ca" {\n  capabilities = ["read"]\n}\n' });
  esoToken = (await bao.cli(['token', 'create', '-policy=eso-pki-reader', '-field=token'])).trim();
  for (const subject of ['CN=Sync CA one', 'CN=Sync CA two']) cas.push(await createRootCa({ subject, keys: await generateKeyPair('p256'), now: new Date() }));
}, 300_000);
afterAll(async () => {
  await eso?.stop();
  await kube?.stop();
  await bao?.stop();
});

describe('readSyncStatus with the ESO controller syncing from OpenBao', () => {
  const layout = () => resolveSyncLayout({ vaultServer: bao.addr, vaultCaPem: bao.caCert ?? '', refreshInterval: '1h' });

  it('is in sync once ESO has copied the bundle: store and ExternalSecret Ready, the Secret byte-equal to Vault', async () => {
    const bundle = await putBundle([cas[0]!]);
    await applySyncObjects(renderSyncManifests(layout(), { esoToken }), { kube: kubeconfig() });
    const status = await statusUntil(layout(), bundle, (s) => s.inSync);
    expect(status.clusterSecretStore).toMatchObject({ found: true, ready: true, reason: 'Valid' });
    expect(status.externalSecret).toMatchObject({ found: true, ready: true, reason: 'SecretSynced' });
    expect(Date.parse(status.externalSecret.refreshTime ?? '')).toBeGreaterThan(Date.now() - 120_000);
    expect(status.secret.tlsCrt).toMatchObject({ inSync: true, identical: true, missing: [], extra: [] });
    expect(status.configMap).toMatchObject({ found: true, pointsAtSecret: true });
  });

  it("reports Vault's new CA as missing until ESO refreshes, then an old one as extra", async () => {
    const both = await putBundle([cas[0]!, cas[1]!]);
    const before = await readSyncStatus(layout(), { kube: kubeconfig(), vaultBundle: both }); // refreshInterval 1h: not refreshed yet
    expect(before.inSync).toBe(false);
    expect(before.secret.tlsCrt?.missing.map((c) => c.subject)).toEqual(['CN=Sync CA two']);
    expect(before.problems.join('\n')).toMatch(/lacks CA CN=Sync CA two \(sha256 [0-9a-f]{64}\) that Vault's bundle has: ESO refreshes every 1h \(force it: kubectl annotate/);
    await forceSync('sync-ca-from-nas');
    await statusUntil(layout(), both, (s) => s.inSync);

    const second = await putBundle([cas[1]!]);
    const stale = await readSyncStatus(layout(), { kube: kubeconfig(), vaultBundle: second });
    expect(stale.secret.tlsCrt?.extra.map((c) => c.subject)).toEqual(['CN=Sync CA one']);
    await forceSync('sync-ca-from-nas');
    const synced = await statusUntil(layout(), second, (s) => s.inSync);
    expect(synced.secret.tlsCrt?.identical).toBe(true);
  });

  it("reports the ClusterSecretStore's reason when ESO's token is refused", async () => {
    const bad = resolveSyncLayout({ vaultServer: bao.addr, vaultCaPem: bao.caCert ?? '', storeName: 'bad-token', tokenSecret: { namespace: 'external-secrets', name: 'bad-token', key: 'token' }, externalSecret: { namespace: 'haproxy-controller', name: 'bad' }, targetSecretName: 'bad', controllerConfigMap: { namespace: 'haproxy-controller', name: 'bad' } });
    await applySyncObjects(renderSyncManifests(bad, { esoToken: 'not-a-token' }), { kube: kubeconfig() });
    const status = await statusUntil(bad, cas[1]!, (s) => s.clusterSecretStore.reason !== undefined && s.externalSecret.reason !== undefined);
    expect(status.clusterSecretStore).toMatchObject({ found: true, ready: false });
    expect(status.clusterSecretStore.message ?? '').toMatch(/permission denied|invalid token|403/i);
    expect(status.inSync).toBe(false);
    expect(status.problems[0]).toMatch(/^ClusterSecretStore bad-token is not Ready \(/);
  });

  it('reads with the in-cluster service account (KUBERNETES_SERVICE_HOST/PORT, the token, ca.crt and namespace files) as a pod would', async () => {
    const must = async (...args: string[]) => {
      const result = await kube.kubectl(args);
      expect(result.code, result.stderr).toBe(0);
      return result.stdout.toString('utf8');
    };
    await must('create', 'serviceaccount', '-n', 'haproxy-controller', 'status-reader');
    await must('create', 'clusterrolebinding', 'status-reader', '--clusterrole=mtlsctl-test-status-reader', '--serviceaccount=haproxy-controller:status-reader');
    const dir = join(bao.dir, 'serviceaccount');
    await mkdir(dir, { mode: 0o700 });
    await writeFile(join(dir, 'token'), (await must('create', 'token', '-n', 'haproxy-controller', 'status-reader', '--duration=1h')).trim(), { mode: 0o600 });
    await writeFile(join(dir, 'ca.crt'), kube.caPem);
    await writeFile(join(dir, 'namespace'), 'haproxy-controller\n');
    const port = new URL(kube.url).port;
    const inCluster = loadKubeConfig({ env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port }, serviceAccountDir: dir });
    expect(inCluster).toMatchObject({ source: 'in-cluster service account', context: 'in-cluster', server: kube.url });
    const bundle = await putBundle([cas[1]!]);
    const status = await readSyncStatus(layout(), { kube: inCluster, vaultBundle: bundle });
    expect(status.externalSecret).toMatchObject({ found: true, ready: true });
    expect(status.secret.tlsCrt?.inSync).toBe(true);
    // the token is what authenticates: another ServiceAccount's token without the binding is refused (403)
    await must('create', 'serviceaccount', '-n', 'haproxy-controller', 'nobody');
    await writeFile(join(dir, 'token'), (await must('create', 'token', '-n', 'haproxy-controller', 'nobody', '--duration=1h')).trim());
    const refused = loadKubeConfig({ env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port }, serviceAccountDir: dir });
    await expect(readSyncStatus(layout(), { kube: refused, vaultBundle: bundle })).rejects.toMatchObject({ code: 'KUBE_FORBIDDEN', message: expect.stringMatching(/system:serviceaccount:haproxy-controller:nobody/) });
  });
});
