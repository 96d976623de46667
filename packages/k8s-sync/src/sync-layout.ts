import { InvalidSyncOptionError } from './errors/invalid-sync-option-error.js';
import { DEFAULT_VAULT_MOUNT, DEFAULT_VAULT_PREFIX, layoutProblem, trimSlashes } from '@mtlsctl/vault-store/layout';

/** A namespaced object's place: `namespace/name`. */
export interface ObjectRef {
  namespace: string;
  name: string;
}

/**
 * Where the CA's trust flows, from Vault to HAProxy: the Vault the ClusterSecretStore reads, the Secret holding
 * ESO's token, the ExternalSecret and the Secret it writes, and the ingress controller's ConfigMap.
 * Every field but `vaultServer` has the seed deployment's value as its default.
 */
export interface SyncLayout {
  /** Vault's address as seen from the cluster, e.g. `https://nas-vault.example.com:8200`. */
  vaultServer: string;
  /** KV v2 mount. Default `secret`. */
  mount: string;
  /** mtlsctl's prefix in the mount. Default `pki`. */
  prefix: string;
  /** PEM of the CA that signed Vault's TLS certificate (the ClusterSecretStore's caBundle). */
  vaultCaPem?: string;
  /** Vault Enterprise namespace. */
  vaultNamespace?: string;
  /** ClusterSecretStore name. Default `nas-vault`. */
  storeName: string;
  /** Secret with ESO's Vault token, and its key. Default `external-secrets/vault-eso-token`, key `token`. */
  tokenSecret: ObjectRef & { key: string };
  /** The ExternalSecret. Default `haproxy-controller/sync-ca-from-nas`. It must live in the namespace of the Secret it writes. */
  externalSecret: ObjectRef;
  /** The Secret the ingress reads (`tls.crt`). Default `client-ca-cert`, in the ExternalSecret's namespace. */
  targetSecretName: string;
  /** How often ESO re-reads Vault (Go duration). Default `1h`. */
  refreshInterval: string;
  /** The haproxytech ingress controller's ConfigMap. Default `haproxy-controller/haproxy-kubernetes-ingress`. */
  controllerConfigMap: ObjectRef;
}

/** The defaults of {@link SyncLayout}: the seed deployment's names, with the ExternalSecret where it must be. */
export const DEFAULT_SYNC_LAYOUT: Omit<SyncLayout, 'vaultServer'> = {
  mount: DEFAULT_VAULT_MOUNT,
  prefix: DEFAULT_VAULT_PREFIX,
  storeName: 'nas-vault',
  tokenSecret: { namespace: 'external-secrets', name: 'vault-eso-token', key: 'token' },
  externalSecret: { namespace: 'haproxy-controller', name: 'sync-ca-from-nas' },
  targetSecretName: 'client-ca-cert',
  refreshInterval: '1h',
  controllerConfigMap: { namespace: 'haproxy-controller', name: 'haproxy-kubernetes-ingress' },
};

const dns1123Label = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const dns1123Subdomain = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const secretKey = /^[-._a-zA-Z0-9]{1,253}$/;
const goDuration = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

/**
 * Fills a partial layout with the defaults and checks every value as Kubernetes, ESO and Vault will.
 *
 * @throws InvalidSyncOptionError naming the setting
 */
export function resolveSyncLayout(options: Partial<SyncLayout> & { vaultServer: string }): SyncLayout {
  const layout: SyncLayout = { ...DEFAULT_SYNC_LAYOUT, ...options };
  let url: URL;
  try {
    url = new URL(layout.vaultServer);
  } catch {
    throw new InvalidSyncOptionError('vault server', `"${layout.vaultServer}" is not a URL such as https://vault.example.com:8200`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidSyncOptionError('vault server', `the scheme must be https (or http), not ${url.protocol}`);
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') throw new InvalidSyncOptionError('vault server', 'give only scheme, host and port');
  for (const [what, value] of [['ClusterSecretStore name', layout.storeName], ['ExternalSecret name', layout.externalSecret.name], ['token Secret name', layout.tokenSecret.name], ['target Secret name', layout.targetSecretName], ['controller ConfigMap name', layout.controllerConfigMap.name]] as const) {
    if (!dns1123Subdomain.test(value)) throw new InvalidSyncOptionError(what, `"${value}" is not a valid Kubernetes name (lowercase letters, digits, '-' and '.')`);
  }
  for (const [what, value] of [['token Secret namespace', layout.tokenSecret.namespace], ['ExternalSecret namespace', layout.externalSecret.namespace], ['controller ConfigMap namespace', layout.controllerConfigMap.namespace]] as const) {
    if (!dns1123Label.test(value)) throw new InvalidSyncOptionError(what, `"${value}" is not a valid namespace name`);
  }
  if (!secretKey.test(layout.tokenSecret.key)) throw new InvalidSyncOptionError('token Secret key', `"${layout.tokenSecret.key}" is not a valid Secret key`);
  if (!goDuration.test(layout.refreshInterval)) throw new InvalidSyncOptionError('refresh interval', `"${layout.refreshInterval}" is not a Go duration such as 1h or 15m`);
  // The one check of a mount and prefix (vault-store's VaultLayout), so the manifests name exactly the paths the
  // policies and the store use.
  const mount = trimSlashes(layout.mount);
  const prefix = trimSlashes(layout.prefix);
  for (const [what, value] of [['mount', mount], ['prefix', prefix]] as const) {
    const problem = layoutProblem(value, what);
    if (problem) throw new InvalidSyncOptionError(what, problem);
  }
  return { ...layout, vaultServer: url.origin, mount, prefix };
}
