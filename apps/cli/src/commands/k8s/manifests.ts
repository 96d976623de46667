import { Flags } from '@oclif/core';
import type { SyncLayout } from '@mtlsctl/k8s-sync';
import { MtlsctlCommand } from '../../base-command.js';
import { EXIT } from '../../exit-codes.js';
import { syncLayoutFlags, syncLayoutFromFlags } from '../../k8s-flags.js';
import { readTextInput } from '../../read-input-file.js';
import { renderK8sManifests } from '../../render/k8s.js';

/** The sync-verifier's objects for the same layout (`--verifier`). */
async function verifierObjects(layout: SyncLayout, esoTokenAccessor: string | undefined, vaultAuth: { kind: 'kubernetes'; role: string; mount?: string; audience?: string } | undefined) {
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
    ...(vaultAuth ? { vaultAuth } : {}),
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
    // No default: oclif's dependsOn counts a defaulted flag as given, so --eso-token-accessor would pass without it.
    verifier: Flags.boolean({ description: 'Also print the mtlsctl-sync-verifier objects: ServiceAccount, least-privilege RBAC, Deployment, Service, ServiceMonitor, PrometheusRule.' }),
    'eso-token-accessor': Flags.string({ description: "With --verifier: ESO's token's accessor, so the verifier reports that token's expiry (auth/token/lookup-accessor).", dependsOn: ['verifier'] }),
    'verifier-vault-auth': Flags.string({
      description:
        'With --verifier: how it logs in to Vault: token (the default: a Secret holding a mtlsctl-verifier token) or kubernetes (Vault\'s Kubernetes auth with a projected service-account token, no token Secret; needs --verifier-vault-role).',
      options: ['token', 'kubernetes'],
      dependsOn: ['verifier'],
    }),
    'verifier-vault-role': Flags.string({ description: 'With --verifier-vault-auth kubernetes: the Vault role to log in as (bound to ServiceAccount mtlsctl/mtlsctl-sync-verifier, policy mtlsctl-verifier).' }),
    'verifier-vault-auth-mount': Flags.string({ description: 'With --verifier-vault-auth kubernetes: where the auth method is mounted (default kubernetes).' }),
    'verifier-vault-audience': Flags.string({ description: "With --verifier-vault-auth kubernetes: the projected token's audience, as the Vault role's audience (default vault)." }),
    'eso-token-file': Flags.string({ description: 'Also print the token Secret, with the token from this file (from `mtlsctl vault init --eso-token-file`).' }),
  };

  async run() {
    const { flags } = await this.parse(K8sManifests);
    // Which flags go with which value of --verifier-vault-auth: oclif's dependsOn and exclusive see only presence.
    const kubeAuth = flags['verifier-vault-auth'] === 'kubernetes';
    if (!kubeAuth && (flags['verifier-vault-role'] || flags['verifier-vault-auth-mount'] || flags['verifier-vault-audience'])) {
      this.error('--verifier-vault-role, --verifier-vault-auth-mount and --verifier-vault-audience need --verifier-vault-auth kubernetes', { exit: EXIT.usage });
    }
    if (kubeAuth && !flags['verifier-vault-role']) this.error("--verifier-vault-auth kubernetes needs --verifier-vault-role <the Vault role bound to the verifier's ServiceAccount>", { exit: EXIT.usage });
    const { renderSyncManifests, resolveSyncLayout, toYamlDocuments, toKubectlList } = await import('@mtlsctl/k8s-sync');
    const layout = resolveSyncLayout(await syncLayoutFromFlags(flags));
    const esoToken = flags['eso-token-file'] ? (await readTextInput(flags['eso-token-file'])).trim() : undefined;
    const objects = renderSyncManifests(layout, esoToken ? { esoToken } : {});
    const vaultAuth = kubeAuth
      ? {
          kind: 'kubernetes' as const,
          role: flags['verifier-vault-role']!,
          ...(flags['verifier-vault-auth-mount'] ? { mount: flags['verifier-vault-auth-mount'] } : {}),
          ...(flags['verifier-vault-audience'] ? { audience: flags['verifier-vault-audience'] } : {}),
        }
      : undefined;
    if (flags.verifier) objects.push(...(await verifierObjects(layout, flags['eso-token-accessor'], vaultAuth)));
    const result = this.render({ objects, output: flags.output === 'json' ? 'json' : 'yaml', toYamlDocuments, toKubectlList }, renderK8sManifests, { document: true });
    if (!esoToken) {
      const ref = layout.tokenSecret;
      process.stderr.write(
        `note: the token Secret is not included; create it with: kubectl -n ${ref.namespace} create secret generic ${ref.name} --from-file=${ref.key}=eso.token\n`,
      );
    }
    if (layout.vaultServer.startsWith('http:')) this.warn('ESO will send its Vault token over plain http: use https and --vault-cacert.');
    return result;
  }
}
