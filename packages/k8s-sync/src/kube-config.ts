import { KubeConfig } from '@kubernetes/client-node';
import { clientNodeObjectClient } from './api/client-node-object-client.js';
import type { KubeConnection } from './api/kube-connection.js';
import { contextMissing, type InClusterConfig, type KubeConfigOptions, locateKubeConfig, noCurrentCluster } from './api/locate-kube-config.js';
import { KubernetesError } from './kubernetes-error.js';

export type { KubeConfigOptions } from './api/locate-kube-config.js';

/** The loaded configuration and where it came from (for messages: never the credentials). */
export interface LoadedKubeConfig extends KubeConnection {
  config: KubeConfig;
}

/**
 * Loads the cluster configuration the way kubectl does (`locateKubeConfig`: `--kubeconfig`, else the files of
 * `KUBECONFIG` merged, first wins, else `~/.kube/config`, else the in-cluster service account), then `--context`,
 * into @kubernetes/client-node (exec plugins, auth providers). The daemon uses the lean `loadLeanKubeConfig`.
 *
 * @throws KubernetesError `KUBECONFIG_MISSING`, `KUBECONFIG_INVALID` or `KUBE_CONTEXT_MISSING`, naming the fix
 * @example
 * const { config, server } = loadKubeConfig({ context: 'prod' });
 */
export function loadKubeConfig(options: KubeConfigOptions = {}): LoadedKubeConfig {
  const config = new KubeConfig();
  const location = locateKubeConfig(options);
  const source = location.source;
  if ('inCluster' in location) loadInCluster(config, location.inCluster);
  else {
    loadFile(config, location.files[0]!);
    for (const file of location.files.slice(1)) mergeFirstWins(config, file);
  }
  if (options.context !== undefined) {
    if (config.getContextObject(options.context) === null)
      throw contextMissing(
        options.context,
        source,
        config.getContexts().map((c) => c.name),
      );
    config.setCurrentContext(options.context);
  }
  const cluster = config.getCurrentCluster();
  if (cluster === null) throw noCurrentCluster(source);
  const server = cluster.server;
  return { config, source, context: config.getCurrentContext(), server, objects: () => clientNodeObjectClient(config, server) };
}

/** What `KubeConfig.loadFromCluster` does, but from the located files (it reads process.env). */
function loadInCluster(config: KubeConfig, pod: InClusterConfig): void {
  const name = 'in-cluster';
  config.loadFromOptions({
    clusters: [{ name, server: pod.server, caFile: pod.caFile, skipTLSVerify: false }],
    users: [{ name, authProvider: { name: 'tokenFile', config: { tokenFile: pod.tokenFile } } }],
    contexts: [{ name, cluster: name, user: name, ...(pod.namespace !== undefined ? { namespace: pod.namespace } : {}) }],
    currentContext: name,
  });
}

/** Adds the clusters, users and contexts of `file` whose names `config` lacks (kubectl's rule: the first file wins). */
function mergeFirstWins(config: KubeConfig, file: string): void {
  const other = new KubeConfig();
  loadFile(other, file);
  const add = <T extends { name: string }>(mine: readonly T[], theirs: readonly T[]) => [
    ...mine,
    ...theirs.filter((t) => !mine.some((m) => m.name === t.name)),
  ];
  config.loadFromOptions({
    clusters: add(config.getClusters(), other.getClusters()),
    users: add(config.getUsers(), other.getUsers()),
    contexts: add(config.getContexts(), other.getContexts()),
    currentContext: config.getCurrentContext() || other.getCurrentContext(),
  });
}

function loadFile(config: KubeConfig, file: string): void {
  try {
    config.loadFromFile(file);
  } catch (error) {
    throw new KubernetesError('KUBECONFIG_INVALID', `kubeconfig ${file} cannot be read: ${(error as Error).message.split('\n')[0]}`, undefined, error);
  }
}
