import { Flags } from '@oclif/core';
import type { LoadedKubeConfig, SyncLayout } from '@mtlsctl/k8s-sync';
import { vaultLayoutFlags, vaultNamespaceFlag } from './flags.js';
import { readTextInput } from './read-input-file.js';

/** Which cluster: `--kubeconfig`, `--context` (kubectl's conventions; KUBECONFIG and in-cluster too). */
export const kubeFlags = {
  kubeconfig: Flags.string({ description: 'kubeconfig file. Default: $KUBECONFIG, else ~/.kube/config, else the in-cluster service account.', helpGroup: 'CLUSTER' }),
  context: Flags.string({ description: "kubeconfig context. Default: the file's current-context.", helpGroup: 'CLUSTER' }),
};

/** The seed deployment's ExternalSecret, `<namespace>/<name>` (the default of every flag naming it). */
export const DEFAULT_EXTERNAL_SECRET = 'haproxy-controller/sync-ca-from-nas';

/** Names of the objects that carry the trust (ClusterSecretStore, ExternalSecret, controller ConfigMap); defaults are the seed deployment's. */
export const syncObjectFlags = {
  'store-name': Flags.string({ description: 'ClusterSecretStore name.', default: 'nas-vault', helpGroup: 'OBJECTS' }),
  'external-secret': Flags.string({ description: 'The ExternalSecret, <namespace>/<name> (the ingress namespace).', default: DEFAULT_EXTERNAL_SECRET, helpGroup: 'OBJECTS' }),
  'secret-name': Flags.string({ description: "The Secret the ingress reads, in the ExternalSecret's namespace.", default: 'client-ca-cert', helpGroup: 'OBJECTS' }),
  'token-secret': Flags.string({ description: "The Secret with ESO's Vault token, <namespace>/<name>.", default: 'external-secrets/vault-eso-token', helpGroup: 'OBJECTS' }),
  'token-key': Flags.string({ description: 'Its key.', default: 'token', helpGroup: 'OBJECTS' }),
  'controller-configmap': Flags.string({ description: "The haproxytech ingress controller's ConfigMap, <namespace>/<name>.", default: 'haproxy-controller/haproxy-kubernetes-ingress', helpGroup: 'OBJECTS' }),
  'refresh-interval': Flags.string({ description: 'How often ESO re-reads Vault (Go duration).', default: '1h', helpGroup: 'OBJECTS' }),
};

/** What the ClusterSecretStore says about Vault, plus the object names. */
export const syncLayoutFlags = {
  'vault-server': Flags.string({ description: "Vault's address as the cluster reaches it. Default: $VAULT_ADDR.", env: 'VAULT_ADDR' }),
  'vault-cacert': Flags.string({ description: "PEM file of the CA that signed Vault's certificate (the store's caBundle). Default: $VAULT_CACERT.", env: 'VAULT_CACERT' }),
  'vault-namespace': vaultNamespaceFlag,
  ...vaultLayoutFlags,
  ...syncObjectFlags,
};

type SyncObjectFlagValues = { [K in keyof typeof syncObjectFlags]: string } & { 'vault-mount': string; 'vault-prefix': string };

/**
 * `<namespace>/<name>` → its parts: the parser of every flag naming a Kubernetes object.
 *
 * @throws Error `must be <namespace>/<name>, not "<value>"` (oclif reports it as `--flag: ...`, exit 2)
 */
export function parseObjectRef(value: string): { namespace: string; name: string } {
  const [namespace, name, extra] = value.split('/');
  if (!namespace || !name || extra !== undefined) throw new Error(`must be <namespace>/<name>, not "${value}"`);
  return { namespace, name };
}

/** A flag naming a Kubernetes object as `<namespace>/<name>`, parsed (and refused, exit 2) by {@link parseObjectRef}. */
export const objectRefFlag = Flags.custom<{ namespace: string; name: string }>({
  parse: async (input, _context, flag) => objectRef(input, `--${flag.name}`),
  helpValue: '<namespace>/<name>',
});

function objectRef(value: string, flag: string): { namespace: string; name: string } {
  try {
    return parseObjectRef(value);
  } catch (error) {
    throw new Error(`${flag} ${(error as Error).message}`);
  }
}

/**
 * The layout the flags describe (validated later by `resolveSyncLayout`), reading `--vault-cacert`.
 *
 * @throws InvalidSyncOptionError for a malformed `<namespace>/<name>` or a missing `--vault-server` when `vaultServerRequired`
 */
export async function syncLayoutFromFlags(
  flags: SyncObjectFlagValues & { 'vault-server'?: string | undefined; 'vault-cacert'?: string | undefined; 'vault-namespace'?: string | undefined },
): Promise<Partial<SyncLayout> & { vaultServer: string }> {
  const { InvalidSyncOptionError } = await import('@mtlsctl/k8s-sync');
  if (!flags['vault-server']) throw new InvalidSyncOptionError('--vault-server', "not set: give Vault's address as the cluster reaches it (or export VAULT_ADDR)");
  type Ref = { namespace: string; name: string };
  let refs: { externalSecret: Ref; tokenSecret: Ref & { key: string }; controllerConfigMap: Ref };
  try {
    refs = {
      externalSecret: objectRef(flags['external-secret'], '--external-secret'),
      tokenSecret: { ...objectRef(flags['token-secret'], '--token-secret'), key: flags['token-key'] },
      controllerConfigMap: objectRef(flags['controller-configmap'], '--controller-configmap'),
    };
  } catch (error) {
    throw new InvalidSyncOptionError('flags', (error as Error).message);
  }
  const namespace = flags['vault-namespace'] ?? (await import('@mtlsctl/vault-store')).readVaultSetting(process.env, 'NAMESPACE')?.value;
  return {
    vaultServer: flags['vault-server'],
    mount: flags['vault-mount'],
    prefix: flags['vault-prefix'],
    storeName: flags['store-name'],
    targetSecretName: flags['secret-name'],
    refreshInterval: flags['refresh-interval'],
    ...refs,
    ...(flags['vault-cacert'] ? { vaultCaPem: await readTextInput(flags['vault-cacert']) } : {}),
    ...(namespace ? { vaultNamespace: namespace } : {}),
  };
}

/** The cluster the flags name (`loadKubeConfig`). */
export async function kubeFromFlags(flags: { kubeconfig?: string | undefined; context?: string | undefined }): Promise<LoadedKubeConfig> {
  const { loadKubeConfig } = await import('@mtlsctl/k8s-sync');
  return loadKubeConfig({ ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}), ...(flags.context ? { context: flags.context } : {}) });
}

