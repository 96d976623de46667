import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { KubernetesError } from './kubernetes-error.js';

/** Where {@link loadKubeConfig} looks; every field is optional. */
export interface KubeConfigOptions {
  /** An explicit kubeconfig file (`--kubeconfig`); wins over `KUBECONFIG`. */
  kubeconfig?: string;
  /** The context to use (`--context`); default the file's current-context. */
  context?: string;
  /** The environment (default `process.env`): `KUBECONFIG`, `HOME`, `KUBERNETES_SERVICE_HOST`. */
  env?: NodeJS.ProcessEnv;
  /** The mounted service-account directory of a pod (default `/var/run/secrets/kubernetes.io/serviceaccount`). */
  serviceAccountDir?: string;
}

/** The loaded configuration and where it came from (for messages: never the credentials). */
export interface LoadedKubeConfig {
  config: KubeConfig;
  /** `kubeconfig <path>` or `in-cluster service account`. */
  source: string;
  context: string;
  server: string;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Loads the cluster configuration the way kubectl does: `--kubeconfig`, else the files of `KUBECONFIG`
 * (merged, first wins), else `~/.kube/config`, else the in-cluster service account; then `--context`.
 *
 * @throws KubernetesError `KUBECONFIG_MISSING`, `KUBECONFIG_INVALID` or `KUBE_CONTEXT_MISSING`, naming the fix
 * @example
 * const { config, server } = loadKubeConfig({ context: 'prod' });
 */
export function loadKubeConfig(options: KubeConfigOptions = {}): LoadedKubeConfig {
  const env = options.env ?? process.env;
  const config = new KubeConfig();
  let source: string;
  const files = options.kubeconfig
    ? [options.kubeconfig]
    : (env['KUBECONFIG'] ?? '').split(delimiter).filter((file) => file !== '');
  const from = options.kubeconfig ? '--kubeconfig' : 'KUBECONFIG';
  if (files.length > 0) {
    const present = files.filter((file) => existsSync(file));
    if (present.length === 0) {
      throw new KubernetesError('KUBECONFIG_MISSING', `kubeconfig ${files.join(delimiter)} (from ${from}) does not exist: pass --kubeconfig <file> or fix ${from}`);
    }
    loadFile(config, present[0]!);
    for (const file of present.slice(1)) mergeFirstWins(config, file);
    source = `kubeconfig ${present.join(delimiter)}`;
  } else {
    const home = env['HOME'] ? join(env['HOME'], '.kube', 'config') : undefined;
    if (home !== undefined && existsSync(home)) {
      loadFile(config, home);
      source = `kubeconfig ${home}`;
    } else if (env['KUBERNETES_SERVICE_HOST'] && existsSync(join(options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR, 'token'))) {
      loadInCluster(config, env, options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR);
      source = 'in-cluster service account';
    } else {
      throw new KubernetesError(
        'KUBECONFIG_MISSING',
        'no kubeconfig: pass --kubeconfig <file>, set KUBECONFIG, or create ~/.kube/config (in a pod, the service account is used)',
      );
    }
  }
  if (options.context !== undefined) {
    if (config.getContextObject(options.context) === null) {
      const known = config.getContexts().map((c) => c.name);
      throw new KubernetesError(
        'KUBE_CONTEXT_MISSING',
        `context "${options.context}" is not in ${source}: pass --context with one of ${known.length ? known.join(', ') : '(none)'} (kubectl config get-contexts)`,
      );
    }
    config.setCurrentContext(options.context);
  }
  const cluster = config.getCurrentCluster();
  if (cluster === null) {
    throw new KubernetesError('KUBECONFIG_INVALID', `${source} has no current context with a cluster: pass --context (kubectl config get-contexts)`);
  }
  return { config, source, context: config.getCurrentContext(), server: cluster.server };
}

/** What `KubeConfig.loadFromCluster` does, but from the given environment and directory (it reads process.env). */
function loadInCluster(config: KubeConfig, env: NodeJS.ProcessEnv, dir: string): void {
  const host = env['KUBERNETES_SERVICE_HOST'] ?? '';
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${env['KUBERNETES_SERVICE_PORT'] ?? '443'}`;
  const name = 'in-cluster';
  const namespaceFile = join(dir, 'namespace');
  config.loadFromOptions({
    clusters: [{ name, server, caFile: join(dir, 'ca.crt'), skipTLSVerify: false }],
    users: [{ name, authProvider: { name: 'tokenFile', config: { tokenFile: join(dir, 'token') } } }],
    contexts: [{ name, cluster: name, user: name, ...(existsSync(namespaceFile) ? { namespace: readFileSync(namespaceFile, 'utf8').trim() } : {}) }],
    currentContext: name,
  });
}

/** Adds the clusters, users and contexts of `file` whose names `config` lacks (kubectl's rule: the first file wins). */
function mergeFirstWins(config: KubeConfig, file: string): void {
  const other = new KubeConfig();
  loadFile(other, file);
  const add = <T extends { name: string }>(mine: readonly T[], theirs: readonly T[]) => [...mine, ...theirs.filter((t) => !mine.some((m) => m.name === t.name))];
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
