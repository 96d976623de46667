import { readFile } from 'node:fs/promises';
import { Flags } from '@oclif/core';
import { MtlsctlCommand } from '../../base-command.js';
import { vaultLayoutFlags } from '../../flags.js';
import { readInputFile } from '../../read-input-file.js';

/** `namespace/name` → its parts. */
function objectRef(value: string, what: string): { namespace: string; name: string } {
  const [namespace, name, extra] = value.split('/');
  if (!namespace || !name || extra !== undefined) throw new Error(`${what} must be <namespace>/<name>, not "${value}"`);
  return { namespace, name };
}

/** The sync-verifier's objects for the same layout (`--verifier`). */
async function verifierObjects(flags: { 'vault-server'?: string; 'vault-mount': string; 'vault-prefix': string; 'store-name': string; 'secret-name': string }, refs: { externalSecret: { namespace: string; name: string }; controllerConfigMap: { namespace: string; name: string } }, vaultCaPem: string | undefined) {
  const { renderVerifierManifests } = await import('@mtlsctl/monitoring');
  return renderVerifierManifests({
    vaultAddr: flags['vault-server'] ?? '',
    mount: flags['vault-mount'],
    prefix: flags['vault-prefix'],
    storeName: flags['store-name'],
    targetSecretName: flags['secret-name'],
    externalSecret: refs.externalSecret,
    controllerConfigMap: refs.controllerConfigMap,
    ...(vaultCaPem ? { vaultCaPem } : {}),
  });
}

export default class K8sManifests extends MtlsctlCommand {
  static override summary = "Print the Kubernetes objects that carry the CA trust to the cluster: ClusterSecretStore, ExternalSecret, ingress ConfigMap key.";
  static override description =
    'The ClusterSecretStore reads Vault KV v2 with the eso-pki-reader token; the ExternalSecret lives in the ingress namespace (ESO writes its Secret there) and copies tls.crt of <prefix>/ca, the trust bundle; the controller ConfigMap key client-ca points at that Secret. Apply with server-side apply so only these fields are owned by mtlsctl. With --eso-token-file the token Secret is printed too (it holds the token).';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --vault-server https://nas-vault.example.com:8200 --vault-cacert vault-ca.pem | kubectl apply --server-side --field-manager=mtlsctl -f -',
    'kubectl get externalsecret -n haproxy-controller sync-ca-from-nas   # then: kubectl get secret -n haproxy-controller client-ca-cert',
  ];
  static override flags = {
    'vault-server': Flags.string({ description: "Vault's address as the cluster reaches it. Default: $VAULT_ADDR.", env: 'VAULT_ADDR' }),
    'vault-cacert': Flags.string({ description: "PEM file of the CA that signed Vault's certificate (the store's caBundle). Default: $VAULT_CACERT.", env: 'VAULT_CACERT' }),
    'vault-namespace': Flags.string({ description: 'Vault Enterprise namespace.', env: 'VAULT_NAMESPACE' }),
    ...vaultLayoutFlags,
    'store-name': Flags.string({ description: 'ClusterSecretStore name.', default: 'nas-vault' }),
    'external-secret': Flags.string({ description: 'The ExternalSecret, <namespace>/<name> (the ingress namespace).', default: 'haproxy-controller/sync-ca-from-nas' }),
    'secret-name': Flags.string({ description: 'The Secret the ingress reads, in the ExternalSecret\'s namespace.', default: 'client-ca-cert' }),
    'token-secret': Flags.string({ description: "The Secret with ESO's Vault token, <namespace>/<name>.", default: 'external-secrets/vault-eso-token' }),
    'token-key': Flags.string({ description: 'Its key.', default: 'token' }),
    'controller-configmap': Flags.string({ description: "The haproxytech ingress controller's ConfigMap, <namespace>/<name>.", default: 'haproxy-controller/haproxy-kubernetes-ingress' }),
    'refresh-interval': Flags.string({ description: 'How often ESO re-reads Vault (Go duration).', default: '1h' }),
    verifier: Flags.boolean({ description: 'Also print the mtlsctl-sync-verifier objects: ServiceAccount, least-privilege RBAC, Deployment, Service, ServiceMonitor, PrometheusRule.', default: false }),
    'eso-token-file': Flags.string({ description: 'Also print the token Secret, with the token from this file (from `mtlsctl vault init --eso-token-file`).' }),
  };

  async run() {
    const { flags } = await this.parse(K8sManifests);
    const { renderSyncManifests, toYamlDocuments, InvalidSyncOptionError } = await import('@mtlsctl/k8s-sync');
    if (!flags['vault-server']) throw new InvalidSyncOptionError('--vault-server', "not set: give Vault's address as the cluster reaches it (or export VAULT_ADDR)");
    const read = async (file: string) => (await readInputFile(file, readFile)).toString('utf8');
    const refs = (() => {
      try {
        return {
          externalSecret: objectRef(flags['external-secret'], '--external-secret'),
          tokenSecret: { ...objectRef(flags['token-secret'], '--token-secret'), key: flags['token-key'] },
          controllerConfigMap: objectRef(flags['controller-configmap'], '--controller-configmap'),
        };
      } catch (error) {
        throw new InvalidSyncOptionError('flags', (error as Error).message);
      }
    })();
    const esoToken = flags['eso-token-file'] ? (await read(flags['eso-token-file'])).trim() : undefined;
    const objects = renderSyncManifests(
      {
        vaultServer: flags['vault-server'],
        mount: flags['vault-mount'],
        prefix: flags['vault-prefix'],
        storeName: flags['store-name'],
        targetSecretName: flags['secret-name'],
        refreshInterval: flags['refresh-interval'],
        ...refs,
        ...(flags['vault-cacert'] ? { vaultCaPem: await read(flags['vault-cacert']) } : {}),
        ...(flags['vault-namespace'] ? { vaultNamespace: flags['vault-namespace'] } : {}),
      },
      esoToken ? { esoToken } : {},
    );
    if (flags.verifier) objects.push(...(await verifierObjects(flags, refs, flags['vault-cacert'] ? await read(flags['vault-cacert']) : undefined)));
    if (!this.jsonEnabled()) process.stdout.write(toYamlDocuments(objects));
    if (!esoToken) {
      process.stderr.write(
        `note: the token Secret is not included; create it with: kubectl -n ${refs.tokenSecret.namespace} create secret generic ${refs.tokenSecret.name} --from-file=${refs.tokenSecret.key}=eso.token\n`,
      );
    }
    if (flags['vault-server'].startsWith('http:')) process.stderr.write("warning: ESO will send its Vault token over plain http: use https and --vault-cacert.\n");
    return { objects };
  }
}
