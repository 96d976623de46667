import type { KubeConnection } from './api/kube-connection.js';
import { compareTrustBundles, type TrustBundleComparison } from './compare-trust-bundles.js';
import { FRONTEND_SNIPPET_KEY, readDenyRulesBlock } from './deny-rules-block.js';
import { ESO_API_VERSION } from './kubernetes-object.js';
import type { SyncLayout } from './sync-layout.js';

/** A status condition as ESO writes it. */
export interface ConditionStatus {
  found: boolean;
  /** Condition `Ready` is `True`. */
  ready: boolean;
  reason?: string;
  message?: string;
}

/** What {@link readSyncStatus} found, and whether Vault, the Secret and the ingress agree. */
export interface SyncStatus {
  /** Everything below is as it must be. */
  inSync: boolean;
  /** One line per thing that is not, each with its fix. */
  problems: string[];
  clusterSecretStore: ConditionStatus & { name: string };
  externalSecret: ConditionStatus & { namespace: string; name: string; /** ESO's last successful refresh. */ refreshTime?: string };
  secret: { namespace: string; name: string; found: boolean; tlsCrt?: TrustBundleComparison };
  configMap: {
    namespace: string;
    name: string;
    found: boolean;
    clientCa?: string;
    /** `client-ca` names the synced Secret. */
    pointsAtSecret: boolean;
    /** Only when expected rules were given: mtlsctl's snippet block holds exactly them. */
    denyRulesInSync?: boolean;
  };
}

/** Options of {@link readSyncStatus}. */
export interface ReadSyncStatusOptions {
  /** The cluster: `loadKubeConfig` (the CLI's, client-node) or `loadLeanKubeConfig` (the daemon's). */
  kube: KubeConnection;
  /** Vault's trust bundle (`tls.crt` of `<prefix>/ca`), the truth the Secret is compared with. */
  vaultBundle: string;
  /** The deny rules Vault's CRL calls for (`renderHaproxyDenyRules`); omitted: not checked. */
  denyRules?: string;
}

/**
 * Reads back what ESO and the ingress see: ClusterSecretStore Ready, ExternalSecret Ready / reason / last
 * refresh, the target Secret's `tls.crt` compared by SHA-256 with Vault's bundle, the controller ConfigMap's
 * `client-ca` (and, when given, the deny rules in its snippet). A missing object is a problem, not an error.
 *
 * @param layout - the resolved layout (`resolveSyncLayout`)
 * @throws KubernetesError when the cluster cannot be read (unreachable, forbidden, ESO not installed)
 * @example
 * const status = await readSyncStatus(layout, { kube: loadKubeConfig(), vaultBundle: record.data['tls.crt'] });
 * if (!status.inSync) console.error(status.problems.join('\n'));
 */
export async function readSyncStatus(layout: SyncLayout, options: ReadSyncStatusOptions): Promise<SyncStatus> {
  const client = options.kube.objects();
  const read = (apiVersion: string, kind: string, name: string, namespace?: string) => client.read({ apiVersion, kind, name, ...(namespace ? { namespace } : {}) });
  const es = layout.externalSecret;
  const cm = layout.controllerConfigMap;
  const problems: string[] = [];

  const store = await read(ESO_API_VERSION, 'ClusterSecretStore', layout.storeName);
  const clusterSecretStore = { name: layout.storeName, ...ready(store) };
  if (!clusterSecretStore.found) problems.push(`ClusterSecretStore ${layout.storeName} does not exist: run mtlsctl k8s apply`);
  else if (!clusterSecretStore.ready) problems.push(`ClusterSecretStore ${layout.storeName} is not Ready (${why(clusterSecretStore)}): check the Vault address, caBundle and ESO's token (mtlsctl vault check)`);

  const external = await read(ESO_API_VERSION, 'ExternalSecret', es.name, es.namespace);
  const refreshTime = (external?.['status'] as { refreshTime?: string } | undefined)?.refreshTime;
  const externalSecret = { namespace: es.namespace, name: es.name, ...ready(external), ...(refreshTime ? { refreshTime } : {}) };
  if (!externalSecret.found) problems.push(`ExternalSecret ${es.namespace}/${es.name} does not exist: run mtlsctl k8s apply`);
  else if (!externalSecret.ready) problems.push(`ExternalSecret ${es.namespace}/${es.name} is not Ready (${why(externalSecret)}): see kubectl describe externalsecret -n ${es.namespace} ${es.name}`);

  const secretObject = await read('v1', 'Secret', layout.targetSecretName, es.namespace);
  const data = (secretObject?.['data'] as Record<string, string> | undefined) ?? {};
  const secret: SyncStatus['secret'] = { namespace: es.namespace, name: layout.targetSecretName, found: secretObject !== undefined };
  const where = `Secret ${es.namespace}/${layout.targetSecretName}`;
  if (secretObject === undefined) problems.push(`${where} does not exist yet: ESO writes it once the ExternalSecret syncs`);
  else if (data['tls.crt'] === undefined) problems.push(`${where} has no tls.crt: check the ExternalSecret's data (mtlsctl k8s apply)`);
  else {
    secret.tlsCrt = compareTrustBundles(options.vaultBundle, Buffer.from(data['tls.crt'], 'base64').toString('utf8'));
    const fix = `ESO refreshes every ${layout.refreshInterval} (force it: kubectl annotate externalsecret -n ${es.namespace} ${es.name} force-sync=$(date +%s) --overwrite)`;
    for (const c of secret.tlsCrt.missing) problems.push(`${where} lacks CA ${c.subject} (sha256 ${c.fingerprint}) that Vault's bundle has: ${fix}`);
    for (const c of secret.tlsCrt.extra) problems.push(`${where} still trusts CA ${c.subject} (sha256 ${c.fingerprint}) that Vault's bundle no longer has: ${fix}`);
  }

  const configMapObject = await read('v1', 'ConfigMap', cm.name, cm.namespace);
  const cmData = (configMapObject?.['data'] as Record<string, string> | undefined) ?? {};
  const expectedClientCa = `${es.namespace}/${layout.targetSecretName}`;
  const configMap: SyncStatus['configMap'] = {
    namespace: cm.namespace,
    name: cm.name,
    found: configMapObject !== undefined,
    ...(cmData['client-ca'] !== undefined ? { clientCa: cmData['client-ca'] } : {}),
    pointsAtSecret: cmData['client-ca'] === expectedClientCa,
  };
  if (!configMap.pointsAtSecret) {
    problems.push(`ConfigMap ${cm.namespace}/${cm.name} client-ca is ${configMap.clientCa === undefined ? 'not set' : `"${configMap.clientCa}"`}, not "${expectedClientCa}": run mtlsctl k8s apply`);
  }
  if (options.denyRules !== undefined) {
    const block = readDenyRulesBlock(cmData[FRONTEND_SNIPPET_KEY]);
    configMap.denyRulesInSync = (block ?? '') === options.denyRules || (block === undefined && /deny nothing/.test(options.denyRules));
    if (!configMap.denyRulesInSync) {
      problems.push(`ConfigMap ${cm.namespace}/${cm.name} ${FRONTEND_SNIPPET_KEY} does not carry the deny rules of Vault's CRL (revoked users still get in): run mtlsctl k8s apply`);
    }
  }
  return { inSync: problems.length === 0, problems, clusterSecretStore, externalSecret, secret, configMap };
}

function ready(object: Record<string, unknown> | undefined): ConditionStatus {
  if (object === undefined) return { found: false, ready: false };
  const conditions = (object['status'] as { conditions?: { type?: string; status?: string; reason?: string; message?: string }[] } | undefined)?.conditions ?? [];
  const condition = conditions.find((c) => c.type === 'Ready');
  return {
    found: true,
    ready: condition?.status === 'True',
    ...(condition?.reason ? { reason: condition.reason } : {}),
    ...(condition?.message ? { message: condition.message } : {}),
  };
}

function why(status: ConditionStatus): string {
  return [status.reason ?? 'no Ready condition yet', status.message].filter(Boolean).join(': ');
}
