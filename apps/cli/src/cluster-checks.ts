import { check, type Check } from '@mtlsctl/authority';
import type { SyncLayout, SyncStatus } from '@mtlsctl/k8s-sync';

/**
 * The cluster half of `mtlsctl doctor`: one check per link of the chain Vault → ESO → Secret → ingress, read
 * back by `readSyncStatus` — ClusterSecretStore Ready, ExternalSecret Ready, the Secret's `tls.crt` equal to
 * Vault's bundle, the controller ConfigMap's `client-ca` naming it, and its deny rules matching Vault's CRL.
 * Every ✗ carries the command that fixes it. Pure.
 *
 * @param status - what `readSyncStatus` found (with `denyRules` given, so the deny rules are judged)
 * @param layout - the names checked (for the fix commands)
 */
export function clusterChecks(status: SyncStatus, layout: SyncLayout): Check[] {
  const es = status.externalSecret;
  const store = status.clusterSecretStore;
  const cm = status.configMap;
  const tls = status.secret.tlsCrt;
  const describe = (kind: string, name: string, ns?: string) => `kubectl describe ${kind} ${ns ? `-n ${ns} ` : ''}${name}`;
  const forceSync = `kubectl annotate externalsecret -n ${es.namespace} ${es.name} force-sync=$(date +%s) --overwrite`;
  const why = (c: { reason?: string; message?: string }) => [c.reason ?? 'no Ready condition yet', c.message].filter(Boolean).join(': ');
  const secretLabel = `Secret ${status.secret.namespace}/${status.secret.name}`;
  return [
    store.found
      ? store.ready
        ? check('cluster.store', 'ClusterSecretStore Ready', 'ok', `${store.name}: Ready (${store.reason ?? 'Valid'})`)
        : check('cluster.store', 'ClusterSecretStore Ready', 'fail', `${store.name} is not Ready (${why(store)})`, `mtlsctl doctor --eso-token-file <ESO token> (is the token valid?), then ${describe('clustersecretstore', store.name)}`)
      : check('cluster.store', 'ClusterSecretStore Ready', 'fail', `${store.name} does not exist`, 'mtlsctl k8s apply --eso-token-file <ESO token>'),
    es.found
      ? es.ready
        ? check('cluster.external-secret', 'ExternalSecret Ready', 'ok', `${es.namespace}/${es.name}: Ready${es.refreshTime ? `, last refresh ${es.refreshTime}` : ''}`)
        : check('cluster.external-secret', 'ExternalSecret Ready', 'fail', `${es.namespace}/${es.name} is not Ready (${why(es)})`, describe('externalsecret', es.name, es.namespace))
      : check('cluster.external-secret', 'ExternalSecret Ready', 'fail', `${es.namespace}/${es.name} does not exist`, 'mtlsctl k8s apply'),
    !status.secret.found
      ? check('cluster.secret', "Cluster Secret equal to Vault's bundle", 'fail', `${secretLabel} does not exist yet (ESO writes it once the ExternalSecret syncs)`, es.found ? forceSync : 'mtlsctl k8s apply')
      : tls === undefined
        ? check('cluster.secret', "Cluster Secret equal to Vault's bundle", 'fail', `${secretLabel} has no tls.crt`, 'mtlsctl k8s apply')
        : tls.inSync
          ? check('cluster.secret', "Cluster Secret equal to Vault's bundle", 'ok', `${secretLabel} tls.crt holds exactly the CAs of Vault's bundle (SHA-256)`)
          : check(
              'cluster.secret',
              "Cluster Secret equal to Vault's bundle",
              'fail',
              `${secretLabel} tls.crt differs from Vault's bundle: ${[...tls.missing.map((c) => `lacks ${c.subject} (its users are refused)`), ...tls.extra.map((c) => `still trusts ${c.subject}`)].join('; ')} (ESO refreshes every ${layout.refreshInterval})`,
              forceSync,
            ),
    cm.pointsAtSecret
      ? check('cluster.configmap', 'Ingress ConfigMap client-ca names the Secret', 'ok', `${cm.namespace}/${cm.name} client-ca = ${cm.clientCa}`)
      : check(
          'cluster.configmap',
          'Ingress ConfigMap client-ca names the Secret',
          'fail',
          cm.found ? `${cm.namespace}/${cm.name} client-ca is ${cm.clientCa === undefined ? 'not set' : `"${cm.clientCa}"`}, not "${status.secret.namespace}/${status.secret.name}"` : `${cm.namespace}/${cm.name} does not exist`,
          cm.clientCa === undefined ? 'mtlsctl k8s apply' : 'mtlsctl k8s apply (add --force-conflicts when another field manager changed it)',
        ),
    cm.denyRulesInSync === undefined
      ? check('cluster.deny-rules', "Ingress deny rules match Vault's CRL", 'skip', 'no CRL published in the store yet')
      : cm.denyRulesInSync
        ? check('cluster.deny-rules', "Ingress deny rules match Vault's CRL", 'ok', `${cm.namespace}/${cm.name} frontend-config-snippet carries the CRL's deny rules`)
        : check('cluster.deny-rules', "Ingress deny rules match Vault's CRL", 'fail', `${cm.namespace}/${cm.name} frontend-config-snippet does not carry the CRL's deny rules: revoked users still get in`, 'mtlsctl k8s apply (or run mtlsctl-sync-verifier, which keeps them current)'),
  ];
}
