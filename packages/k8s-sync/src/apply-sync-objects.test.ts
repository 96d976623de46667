import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeApiserver, type KubeApiserver } from '@mtlsctl/peers';
import { applySyncObjects } from './apply-sync-objects.js';
import { readDenyRulesBlock } from './deny-rules-block.js';
import { loadKubeConfig } from './kube-config.js';
import { KubernetesError } from './kubernetes-error.js';
import { renderSyncManifests } from './render-sync-manifests.js';

let kube: KubeApiserver;
beforeAll(async () => {
  kube = await startKubeApiserver({ namespaces: ['haproxy-controller', 'external-secrets', 'conflicts', 'snippets'] });
});
afterAll(async () => {
  await kube?.stop();
});

const vaultServer = 'https://nas-vault.example.com:8200';
const admin = () => loadKubeConfig({ kubeconfig: kube.kubeconfig, env: {} });
const get = async (args: string[]) => {
  const result = await kube.kubectl(['get', '-o', 'json', '--show-managed-fields', ...args]);
  // biome-ignore lint/suspicious/noExplicitAny: the test reads deep fields of the cluster's JSON
  return result.code === 0 ? (JSON.parse(result.stdout.toString()) as Record<string, any>) : undefined;
};
const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(KubernetesError);
  return error as KubernetesError;
};

describe('applySyncObjects against a real kube-apiserver with ESO CRDs', () => {
  it("server-side applies the guide's objects as field manager mtlsctl, then finds nothing to change", async () => {
    const objects = renderSyncManifests({ vaultServer }, { esoToken: 'hvs.not-printed' });
    const first = await applySyncObjects(objects, { kube: admin() });
    expect(first.objects.map((o) => [o.kind, o.action])).toEqual([
      ['Secret', 'created'],
      ['ClusterSecretStore', 'created'],
      ['ExternalSecret', 'created'],
      ['ConfigMap', 'created'],
    ]);
    const external = await get(['externalsecret', '-n', 'haproxy-controller', 'sync-ca-from-nas']);
    expect(external?.['spec'].target.name).toBe('client-ca-cert');
    expect(external?.['metadata'].managedFields.map((f: { manager: string; operation: string }) => [f.manager, f.operation])).toContainEqual(['mtlsctl', 'Apply']);
    const token = await get(['secret', '-n', 'external-secrets', 'vault-eso-token']);
    expect(Buffer.from(token?.['data'].token, 'base64').toString()).toBe('hvs.not-printed');
    expect(JSON.stringify(first)).not.toContain('hvs.not-printed');

    const again = await applySyncObjects(objects, { kube: admin() });
    expect(again.objects.map((o) => o.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
  });

  it('--dry-run=server says what would change and writes nothing', async () => {
    const changed = renderSyncManifests({ vaultServer, refreshInterval: '5m', storeName: 'dry-store' });
    const result = await applySyncObjects(changed, { kube: admin(), dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(result.objects.map((o) => [o.kind, o.action, o.changed])).toEqual([
      ['ClusterSecretStore', 'created', expect.any(Array)],
      ['ExternalSecret', 'configured', ['spec.refreshInterval', 'spec.secretStoreRef.name']],
      ['ConfigMap', 'unchanged', []],
    ]);
    expect(await get(['clustersecretstore', 'dry-store'])).toBeUndefined();
    expect((await get(['externalsecret', '-n', 'haproxy-controller', 'sync-ca-from-nas']))?.['spec'].refreshInterval).toBe('1h');
  });

  it('reports a field another manager owns and applies nothing, unless forceConflicts', async () => {
    const layout = { vaultServer, externalSecret: { namespace: 'conflicts', name: 'sync-ca-from-nas' }, controllerConfigMap: { namespace: 'conflicts', name: 'ingress' }, storeName: 'conflict-store' };
    await applySyncObjects(renderSyncManifests(layout), { kube: admin() });
    const edit = await kube.kubectl(['patch', 'configmap', '-n', 'conflicts', 'ingress', '--field-manager=helm', '--type=merge', '-p', '{"data":{"client-ca":"conflicts/other"}}']);
    expect(edit.code, edit.stderr).toBe(0);

    const changed = renderSyncManifests({ ...layout, refreshInterval: '10m' });
    const error = await rejection(applySyncObjects(changed, { kube: admin() }));
    expect(error.code).toBe('KUBE_APPLY_CONFLICT');
    expect(error.message).toMatch(/^nothing was applied: ConfigMap conflicts\/ingress: \.data\.client-ca \(owned by "helm"/);
    expect(error.message).toMatch(/--force-conflicts/);
    expect((await get(['externalsecret', '-n', 'conflicts', 'sync-ca-from-nas']))?.['spec'].refreshInterval).toBe('1h');

    const forced = await applySyncObjects(changed, { kube: admin(), forceConflicts: true });
    expect(forced.objects.find((o) => o.kind === 'ConfigMap')).toMatchObject({ action: 'configured', changed: ['data.client-ca'] });
    expect((await get(['configmap', '-n', 'conflicts', 'ingress']))?.['data']['client-ca']).toBe('conflicts/client-ca-cert');
  });

  it("keeps the deny rules in mtlsctl's block of frontend-config-snippet without touching the admin's lines", async () => {
    const admins = 'http-request set-header X-Admin yes\n';
    await kube.kubectl(['create', 'configmap', '-n', 'snippets', 'ingress', `--from-literal=frontend-config-snippet=${admins}`]);
    const layout = { vaultServer, storeName: 'snippet-store', externalSecret: { namespace: 'snippets', name: 'es' }, controllerConfigMap: { namespace: 'snippets', name: 'ingress' } };
    const rules = 'acl mtlsctl_revoked ssl_c_serial,hex -m str 8F12AB\nhttp-request deny deny_status 403 if mtlsctl_revoked\n';
    const denyRules = { configMap: layout.controllerConfigMap, rules };

    const dry = await applySyncObjects(renderSyncManifests(layout), { kube: admin(), denyRules, dryRun: true });
    expect(dry.objects.at(-1)).toMatchObject({ kind: 'ConfigMap', action: 'configured', changed: ['data.frontend-config-snippet'] });
    expect((await get(['configmap', '-n', 'snippets', 'ingress']))?.['data']['frontend-config-snippet']).toBe(admins);

    await applySyncObjects(renderSyncManifests(layout), { kube: admin(), denyRules });
    const data = (await get(['configmap', '-n', 'snippets', 'ingress']))?.['data'];
    expect(data['client-ca']).toBe('snippets/client-ca-cert');
    expect(readDenyRulesBlock(data['frontend-config-snippet'])).toBe(rules);
    expect(data['frontend-config-snippet'].endsWith(admins)).toBe(true);

    const more = `${rules.replace('8F12AB', '8F12AB 0A')}`;
    const second = await applySyncObjects(renderSyncManifests(layout), { kube: admin(), denyRules: { ...denyRules, rules: more } });
    expect(second.objects.at(-1)?.action).toBe('configured');
    const after = (await get(['configmap', '-n', 'snippets', 'ingress']))?.['data']['frontend-config-snippet'];
    expect(readDenyRulesBlock(after)).toBe(more);
    expect(after.endsWith(admins)).toBe(true);
    expect(after.match(/BEGIN mtlsctl/g)).toHaveLength(1);
  });

  it('stops before writing anything when a namespace is missing, naming the command that creates it', async () => {
    const objects = renderSyncManifests({ vaultServer, storeName: 'never-applied', externalSecret: { namespace: 'no-such-ns', name: 'es' } });
    const error = await rejection(applySyncObjects(objects, { kube: admin() }));
    expect(error.code).toBe('KUBE_NAMESPACE_MISSING');
    expect(error.message).toBe('namespace "no-such-ns" does not exist: create it (kubectl create namespace no-such-ns) or install its controller first');
    expect(await get(['clustersecretstore', 'never-applied'])).toBeUndefined();
  });

  it('reports an RBAC denial for the least-privilege user as one line, with nothing written', async () => {
    const objects = renderSyncManifests({ vaultServer, storeName: 'denied-store' });
    const error = await rejection(applySyncObjects(objects, { kube: loadKubeConfig({ kubeconfig: kube.limitedKubeconfig, env: {} }) }));
    expect(error.code).toBe('KUBE_FORBIDDEN');
    expect(error.kind).toBe('denied');
    expect(error.message).toMatch(/User "limited" cannot patch resource "clustersecretstores".*: have a cluster admin grant it/);
    expect(error.message).not.toContain('\n');
    expect(await get(['clustersecretstore', 'denied-store'])).toBeUndefined();
  });

  it('names the apiserver it cannot reach', async () => {
    const down = loadKubeConfig({ kubeconfig: kube.kubeconfig, env: {} });
    down.config.clusters[0] = { ...down.config.clusters[0]!, server: 'https://127.0.0.1:1' };
    const error = await rejection(applySyncObjects(renderSyncManifests({ vaultServer }), { kube: { ...down, server: 'https://127.0.0.1:1' } }));
    expect(error.code).toBe('KUBE_UNREACHABLE');
    expect(error.message).toMatch(/^cannot reach the Kubernetes apiserver at https:\/\/127\.0\.0\.1:1 .*\(ECONNREFUSED\): check the cluster is up/);
  });
});
