import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KubernetesError } from '../kubernetes-error.js';

/** Where the cluster configuration is looked for; every field is optional. */
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

/** The pod's service account: the apiserver from the environment, token, CA and namespace files from the directory. */
export interface InClusterConfig {
  server: string;
  tokenFile: string;
  caFile: string;
  namespace?: string;
}

/** Which kubeconfig files to read (existing ones, first wins), or the in-cluster service account. */
export type KubeConfigLocation = { source: string; files: string[] } | { source: 'in-cluster service account'; inCluster: InClusterConfig };

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Finds the cluster configuration the way kubectl does: `--kubeconfig`, else the files of `KUBECONFIG` (the
 * existing ones), else `~/.kube/config`, else the in-cluster service account. Reads no kubeconfig.
 *
 * @throws KubernetesError `KUBECONFIG_MISSING` naming the fix
 */
export function locateKubeConfig(options: KubeConfigOptions = {}): KubeConfigLocation {
  const env = options.env ?? process.env;
  const files = options.kubeconfig ? [options.kubeconfig] : (env['KUBECONFIG'] ?? '').split(delimiter).filter((file) => file !== '');
  const from = options.kubeconfig ? '--kubeconfig' : 'KUBECONFIG';
  if (files.length > 0) {
    const present = files.filter((file) => existsSync(file));
    if (present.length === 0) {
      throw new KubernetesError(
        'KUBECONFIG_MISSING',
        `kubeconfig ${files.join(delimiter)} (from ${from}) does not exist: pass --kubeconfig <file> or fix ${from}`,
      );
    }
    return { source: `kubeconfig ${present.join(delimiter)}`, files: present };
  }
  const home = env['HOME'] ? join(env['HOME'], '.kube', 'config') : undefined;
  if (home !== undefined && existsSync(home)) return { source: `kubeconfig ${home}`, files: [home] };
  const dir = options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  if (env['KUBERNETES_SERVICE_HOST'] && existsSync(join(dir, 'token'))) {
    const host = env['KUBERNETES_SERVICE_HOST'];
    const namespaceFile = join(dir, 'namespace');
    return {
      source: 'in-cluster service account',
      inCluster: {
        server: `https://${host.includes(':') ? `[${host}]` : host}:${env['KUBERNETES_SERVICE_PORT'] ?? '443'}`,
        tokenFile: join(dir, 'token'),
        caFile: join(dir, 'ca.crt'),
        ...(existsSync(namespaceFile) ? { namespace: readFileSync(namespaceFile, 'utf8').trim() } : {}),
      },
    };
  }
  throw new KubernetesError(
    'KUBECONFIG_MISSING',
    'no kubeconfig: pass --kubeconfig <file>, set KUBECONFIG, or create ~/.kube/config (in a pod, the service account is used)',
  );
}

/** The KUBE_CONTEXT_MISSING error of an unknown `--context`. */
export function contextMissing(context: string, source: string, known: readonly string[]): KubernetesError {
  return new KubernetesError(
    'KUBE_CONTEXT_MISSING',
    `context "${context}" is not in ${source}: pass --context with one of ${known.length ? known.join(', ') : '(none)'} (kubectl config get-contexts)`,
  );
}

/** The KUBECONFIG_INVALID error of a configuration without a usable current context. */
export function noCurrentCluster(source: string): KubernetesError {
  return new KubernetesError('KUBECONFIG_INVALID', `${source} has no current context with a cluster: pass --context (kubectl config get-contexts)`);
}
