import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { revokeClient, trustCa } from '@mtlsctl/authority';
import { applySyncObjects, loadKubeConfig, readDenyRulesBlock, renderSyncManifests, resolveSyncLayout } from '@mtlsctl/k8s-sync';
import { renderVerifierManifests } from '@mtlsctl/monitoring';
import { createRootCa, generateKeyPair } from '@mtlsctl/pki-core';
import { promtool, startEsoController, startKubeApiserver, writeKubeconfig, type EsoController, type KubeApiserver } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonLogger } from '../src/json-logger.js';
import { kubeClusterSource } from '../src/kube-cluster-source.js';
import { startSyncVerifier, type RunningSyncVerifier } from '../src/start-sync-verifier.js';
import { loadVerifierConfig } from '../src/verifier-config.js';
import { startBaoPki, type BaoPki } from './bao-pki.js';

/**
 * The daemon's cluster side against real peers: OpenBao over TLS, the real kube-apiserver, and the real ESO
 * controller syncing between them; the daemon authenticates as its own ServiceAccount with exactly the RBAC
 * `mtlsctl k8s manifests --verifier` renders.
 */
let pki: BaoPki;
let kube: KubeApiserver;
let eso: EsoController;
let verifier: RunningSyncVerifier;
let saKubeconfig: string;
let rbacList: string;
const logs: string[] = [];
const NS = 'haproxy-controller';
const CM = 'haproxy-kubernetes-ingress';

const metrics = async () => (await fetch(`http://127.0.0.1:${verifier.port}/metrics`)).text();
const gauge = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};
async function until(predicate: (text: string) => boolean, what: string, timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await metrics();
    if (predicate(text)) return text;
    if (Date.now() > deadline) {
      const series = text.split('\n').filter((l) => l.startsWith('mtlsctl_') && !l.includes('client_certificate'));
      throw new Error(`timed out waiting for ${what}\n${series.join('\n')}\n${logs.slice(-5).join('')}`);
    }
    await sleep(200);
  }
}
const clusterUp = (t: string) => gauge(t, 'mtlsctl_verification_source_up{source="cluster"}');
const inSync = (t: string) =>
  gauge(t, 'mtlsctl_bundle_in_sync') === 1 && gauge(t, 'mtlsctl_deny_rules_in_sync') === 1 && gauge(t, 'mtlsctl_externalsecret_ready') === 1 && clusterUp(t) === 1;
const writes = (t: string) => gauge(t, 'mtlsctl_deny_rules_writes_total{result="success"}') ?? 0;
const forbidden = (t: string) => gauge(t, 'mtlsctl_verification_source_errors_total{source="cluster",code="KUBE_FORBIDDEN"}') ?? 0;
const forceSync = () => kube.kubectl(['annotate', 'externalsecret', '-n', NS, 'sync-ca-from-nas', `force-sync=${Date.now()}`, '--overwrite']);
const snippet = async () => JSON.parse((await kube.kubectl(['get', 'configmap', '-n', NS, CM, '-o', 'json'])).stdout.toString('utf8')).data['frontend-config-snippet'] as string;
const vaultDenyRules = async () => (await pki.admin.store.getCrl())?.value.haproxyDeny;

beforeAll(async () => {
  [pki, kube] = await Promise.all([startBaoPki({ alice: 30, bob: 30 }, { tls: true }), startKubeApiserver({ namespaces: [NS, 'external-secrets', 'mtlsctl'] })]);
  eso = await startEsoController(kube.kubeconfig);
  const admin = loadKubeConfig({ kubeconfig: kube.kubeconfig, env: {} });
  const layout = resolveSyncLayout({ vaultServer: pki.bao.addr, vaultCaPem: pki.bao.caCert ?? '', refreshInterval: '1h' });
  await applySyncObjects(renderSyncManifests(layout, { esoToken: pki.esoToken }), { kube: admin });
  // an admin line in the snippet that must survive every rewrite of mtlsctl's block
  const patched = await kube.kubectl(['patch', 'configmap', '-n', NS, CM, '--type=merge', '-p', JSON.stringify({ data: { 'frontend-config-snippet': 'http-request set-header X-Admin kept\n' } })]);
  expect(patched.code, patched.stderr).toBe(0);
  // the verifier's ServiceAccount and least-privilege RBAC, exactly as `mtlsctl k8s manifests --verifier` renders them
  const rbac = renderVerifierManifests({ vaultAddr: pki.bao.addr }).filter((o) => ['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind));
  rbacList = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: rbac });
  const applied = await kube.kubectl(['apply', '--server-side', '--field-manager=mtlsctl-tests', '-f', '-'], { input: rbacList });
  expect(applied.code, applied.stderr).toBe(0);
  const token = (await kube.kubectl(['create', 'token', '-n', 'mtlsctl', 'mtlsctl-sync-verifier', '--duration=1h'])).stdout.toString('utf8').trim();
  saKubeconfig = await writeKubeconfig(join(pki.bao.dir, 'verifier.kubeconfig'), { server: kube.url, caPem: kube.caPem, user: 'verifier', token });
  const config = loadVerifierConfig(
    ['--listen', '127.0.0.1:0', '--interval', '500ms', '--jitter', '0', '--kubeconfig', saKubeconfig, '--vault-token-file', pki.verifierTokenFile, '--vault-cacert', pki.bao.caCertPath!],
    { VAULT_ADDR: pki.bao.addr },
  );
  verifier = await startSyncVerifier(config, { log: createJsonLogger({ write: (l) => void logs.push(l) }), clusterSource: kubeClusterSource });
}, 300_000);
afterAll(async () => {
  await verifier?.stop();
  await eso?.stop();
  await kube?.stop();
  await pki?.stop();
});

describe('mtlsctl-sync-verifier against OpenBao, the kube-apiserver and the ESO controller', { timeout: 150_000 }, () => {
  it('finds Vault, the synced Secret and the ingress in agreement (nothing revoked: no block, the admin snippet untouched)', async () => {
    const text = await until(inSync, 'agreement');
    expect(await promtool(['check', 'metrics'], { input: text })).toMatchObject({ ok: true, output: '' });
    expect(await vaultDenyRules()).toMatch(/deny nothing/);
    expect(await snippet()).toBe('http-request set-header X-Admin kept\n');
    expect(writes(text)).toBe(0);
  });

  it('carries a revocation to the ConfigMap within a few cycles, keeping the admin line', async () => {
    const before = writes(await metrics());
    const serial = (await pki.admin.store.getClient('bob'))!.value.serial;
    await revokeClient(pki.admin, { username: 'bob' });
    const rules = await vaultDenyRules();
    expect(rules).toContain(serial.replace(/^0+/, '').toUpperCase());
    await until((t) => writes(t) > before && inSync(t), 'the revocation written');
    const current = await snippet();
    expect(readDenyRulesBlock(current)).toBe(rules);
    expect(current).toMatch(/^# BEGIN mtlsctl deny rules[\s\S]*http-request deny deny_status 403 if [\s\S]*# END mtlsctl deny rules\nhttp-request set-header X-Admin kept\n$/);
    expect(logs.some((l) => l.includes('deny rules rewritten'))).toBe(true);
  });

  it('detects a CA added in Vault before ESO refreshes, and clears once ESO syncs it', async () => {
    const other = await createRootCa({ subject: 'CN=Partner CA', keys: await generateKeyPair('p256'), now: new Date() });
    await trustCa(pki.admin, { pem: other });
    const drift = await until((t) => gauge(t, 'mtlsctl_bundle_in_sync') === 0, 'bundle drift');
    expect(gauge(drift, 'mtlsctl_bundle_missing_cas')).toBe(1);
    await forceSync();
    await until(inSync, 'the bundle synced');
  });

  it('detects the Secret edited by hand (ESO stopped, else it reverts the edit at once), and clears once ESO is back', async () => {
    await eso.stop();
    const stranger = await createRootCa({ subject: 'CN=Stranger CA', keys: await generateKeyPair('p256'), now: new Date() });
    const patched = await kube.kubectl(['patch', 'secret', '-n', NS, 'client-ca-cert', '--type=merge', '-p', JSON.stringify({ data: { 'tls.crt': Buffer.from(stranger).toString('base64') } })]);
    expect(patched.code, patched.stderr).toBe(0);
    const drift = await until((t) => gauge(t, 'mtlsctl_bundle_in_sync') === 0, 'the edit detected');
    expect(gauge(drift, 'mtlsctl_bundle_extra_cas')).toBe(1);
    expect(gauge(drift, 'mtlsctl_bundle_missing_cas')).toBe(2);
    eso = await startEsoController(kube.kubeconfig);
    await forceSync();
    await until(inSync, 'the Secret restored by ESO');
  });

  it('puts back a deny block edited by hand, keeping the admin line', async () => {
    const before = writes(await metrics());
    const edited = (await snippet()).replace(/http-request deny deny_status 403 if [^\n]*\n/, '');
    await kube.kubectl(['patch', 'configmap', '-n', NS, CM, '--type=merge', '-p', JSON.stringify({ data: { 'frontend-config-snippet': edited } })]);
    await until((t) => writes(t) > before && inSync(t), 'the block rewritten');
    expect(await snippet()).toMatch(/http-request deny deny_status 403[\s\S]*# END mtlsctl deny rules\nhttp-request set-header X-Admin kept\n$/);
  });

  it('keeps serving while the kube-apiserver is stopped, marks the cluster down, and recovers once it is restarted', async () => {
    await kube.stopApiserver();
    const down = await until((t) => clusterUp(t) === 0, 'the cluster marked down');
    expect(gauge(down, 'mtlsctl_verification_source_up{source="vault"}')).toBe(1);
    expect(gauge(down, 'mtlsctl_verification_source_errors_total{source="cluster",code="KUBE_UNREACHABLE"}')).toBeGreaterThanOrEqual(1);
    const last = gauge(down, 'mtlsctl_last_successful_verification_timestamp_seconds')!;
    expect((await fetch(`http://127.0.0.1:${verifier.port}/healthz`)).status).toBe(200);
    expect(logs.some((l) => /"code":"KUBE_UNREACHABLE"/.test(l) && /cannot reach the Kubernetes apiserver/.test(l))).toBe(true);
    await kube.restartApiserver();
    const back = await until(inSync, 'the cluster back', 120_000);
    expect(gauge(back, 'mtlsctl_last_successful_verification_timestamp_seconds')!).toBeGreaterThan(last);
  });

  it('reports an RBAC 403 from the real apiserver as KUBE_FORBIDDEN (metric and log line), keeps running, recovers once granted', async () => {
    const removed = await kube.kubectl(['delete', 'rolebinding', '-n', NS, 'mtlsctl-sync-verifier']);
    expect(removed.code, removed.stderr).toBe(0);
    const before = forbidden(await metrics());
    const denied = await until((t) => forbidden(t) > before && clusterUp(t) === 0, 'the 403 counted');
    expect(gauge(denied, 'mtlsctl_verification_source_up{source="vault"}')).toBe(1);
    const line = JSON.parse(logs.find((l) => l.includes('"code":"KUBE_FORBIDDEN"')) ?? '{}') as Record<string, string>;
    expect(line, JSON.stringify(line)).toMatchObject({ level: 'error', msg: 'reading the cluster failed', source: 'cluster', code: 'KUBE_FORBIDDEN' });
    expect(line['error']).toMatch(/forbidden: User "system:serviceaccount:mtlsctl:mtlsctl-sync-verifier" cannot get resource/);
    expect((await fetch(`http://127.0.0.1:${verifier.port}/healthz`)).status).toBe(200);
    const restored = await kube.kubectl(['apply', '--server-side', '--field-manager=mtlsctl-tests', '-f', '-'], { input: rbacList });
    expect(restored.code, restored.stderr).toBe(0);
    await until(inSync, 'access restored');
  });

  it('its ServiceAccount is refused other Secrets and ConfigMaps by the real apiserver (403)', async () => {
    await kube.kubectl(['create', 'secret', 'generic', '-n', NS, 'other-secret', '--from-literal=k=v']);
    for (const args of [
      ['get', 'secret', '-n', NS, 'other-secret'],
      ['get', 'secrets', '-n', NS],
      ['get', 'secret', '-n', 'external-secrets', 'vault-eso-token'],
      ['get', 'configmap', '-n', 'kube-system', 'extension-apiserver-authentication'],
      ['patch', 'secret', '-n', NS, 'client-ca-cert', '--type=merge', '-p', '{"data":{}}'],
    ]) {
      const result = await kube.kubectl(args, { kubeconfig: saKubeconfig });
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr).toMatch(/forbidden/i);
    }
    const allowed = await kube.kubectl(['get', 'secret', '-n', NS, 'client-ca-cert'], { kubeconfig: saKubeconfig });
    expect(allowed.code, allowed.stderr).toBe(0);
  });

  it('never logs a token', () => {
    expect(logs.length).toBeGreaterThan(10);
    for (const line of logs) {
      expect(line).not.toContain(pki.verifierToken);
      expect(line).not.toContain(pki.esoToken);
    }
  });
});
