import { Flags } from '@oclif/core';
import type { SyncLayout } from '@mtlsctl/k8s-sync';
import { MtlsctlCommand } from '../../base-command.js';
import { readTextFile, syncLayoutFlags, syncLayoutFromFlags } from '../../k8s-flags.js';

/** The sync-verifier's objects for the same layout (`--verifier`). */
async function verifierObjects(layout: SyncLayout, esoTokenAccessor: string | undefined) {
  const { renderVerifierManifests } = await import('@mtlsctl/monitoring');
  return renderVerifierManifests({
    vaultAddr: layout.vaultServer,
    mount: layout.mount,
    prefix: layout.prefix,
    storeName: layout.storeName,
    targetSecretName: layout.targetSecretName,
    externalSecret: layout.externalSecret,
    controllerConfigMap: layout.controllerConfigMap,
    ...(layout.vaultCaPem ? { vaultCaPem: layout.vaultCaPem } : {}),
    ...(esoTokenAccessor ? { esoTokenAccessor } : {}),
  });
}

export default class K8sManifests extends MtlsctlCommand {
  static override summary = "Print the Kubernetes objects that carry the CA trust to the cluster: ClusterSecretStore, ExternalSecret, ingress ConfigMap key.";
  static override description =
    'The ClusterSecretStore reads Vault KV v2 with the eso-pki-reader token; the ExternalSecret lives in the ingress namespace (ESO writes its Secret there) and copies tls.crt of <prefix>/ca, the trust bundle; the controller ConfigMap key client-ca points at that Secret. Apply with server-side apply so only these fields are owned by mtlsctl (or use mtlsctl k8s apply). With --eso-token-file the token Secret is printed too (it holds the token). -o yaml prints multi-document YAML, -o json one kubectl List.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --vault-server https://nas-vault.example.com:8200 --vault-cacert vault-ca.pem | kubectl apply --server-side --field-manager=mtlsctl -f -',
    '<%= config.bin %> <%= command.id %> -o json | kubectl apply --server-side --field-manager=mtlsctl -f -',
    'kubectl get externalsecret -n haproxy-controller sync-ca-from-nas   # then: kubectl get secret -n haproxy-controller client-ca-cert',
  ];
  static override flags = {
    ...syncLayoutFlags,
    output: Flags.string({ char: 'o', description: 'yaml: multi-document YAML; json: a kubectl List.', options: ['yaml', 'json'], default: 'yaml' }),
    verifier: Flags.boolean({ description: 'Also print the mtlsctl-sync-verifier objects: ServiceAccount, least-privilege RBAC, Deployment, Service, ServiceMonitor, PrometheusRule.', default: false }),
    'eso-token-accessor': Flags.string({ description: "With --verifier: ESO's token's accessor, so the verifier reports that token's expiry (auth/token/lookup-accessor).", dependsOn: ['verifier'] }),
    'eso-token-file': Flags.string({ description: 'Also print the token Secret, with the token from this file (from `mtlsctl vault init --eso-token-file`).' }),
  };

  async run() {
    const { flags } = await this.parse(K8sManifests);
    const { renderSyncManifests, resolveSyncLayout, toYamlDocuments, toKubectlList } = await import('@mtlsctl/k8s-sync');
    const layout = resolveSyncLayout(await syncLayoutFromFlags(flags));
    const esoToken = flags['eso-token-file'] ? (await readTextFile(flags['eso-token-file'])).trim() : undefined;
    const objects = renderSyncManifests(layout, esoToken ? { esoToken } : {});
    if (flags.verifier) objects.push(...(await verifierObjects(layout, flags['eso-token-accessor'])));
    if (!this.jsonEnabled()) process.stdout.write(flags.output === 'json' ? `${JSON.stringify(toKubectlList(objects), null, 2)}\n` : toYamlDocuments(objects));
    if (!esoToken) {
      const ref = layout.tokenSecret;
      process.stderr.write(
        `note: the token Secret is not included; create it with: kubectl -n ${ref.namespace} create secret generic ${ref.name} --from-file=${ref.key}=eso.token\n`,
      );
    }
    if (layout.vaultServer.startsWith('http:')) process.stderr.write('warning: ESO will send its Vault token over plain http: use https and --vault-cacert.\n');
    return { objects };
  }
}
