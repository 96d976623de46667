import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { KubernetesError } from '../kubernetes-error.js';
import type { KubeConnection } from './kube-connection.js';
import { leanObjectClient, type LeanCredentials } from './lean-object-client.js';
import { contextMissing, type KubeConfigOptions, locateKubeConfig, noCurrentCluster } from './locate-kube-config.js';

type Named<T> = { name: string } & T;
interface RawCluster {
  server?: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
}
interface RawUser {
  token?: string;
  tokenFile?: string;
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  exec?: unknown;
  'auth-provider'?: unknown;
  username?: string;
}
/** One file's entries, with relative paths already resolved against the file's directory (kubectl's rule). */
interface RawConfig {
  clusters: Named<{ cluster: RawCluster }>[];
  users: Named<{ user: RawUser }>[];
  contexts: Named<{ context: { cluster?: string; user?: string; namespace?: string } }>[];
  currentContext?: string;
}

/**
 * Loads the cluster configuration for the daemon's lean apiserver client: found as kubectl finds it
 * (`locateKubeConfig`: `--kubeconfig`, `KUBECONFIG` merged first-wins, `~/.kube/config`, the pod's service
 * account), then `--context`. Supports what a daemon is given: a bearer token (inline or `tokenFile`, re-read on
 * every request, as the pod's rotated service-account token is) or a client certificate, and the CA
 * (`certificate-authority[-data]`). Exec plugins and auth providers are the CLI's (`loadKubeConfig`).
 *
 * @throws KubernetesError `KUBECONFIG_MISSING`, `KUBECONFIG_INVALID` (also for exec plugins, naming the fix) or
 *   `KUBE_CONTEXT_MISSING`, with the messages of `loadKubeConfig`
 * @example
 * const kube = loadLeanKubeConfig({ kubeconfig: '/etc/verifier/kubeconfig' });
 * const cm = await kube.objects().read({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ns', name: 'cm' });
 */
export function loadLeanKubeConfig(options: KubeConfigOptions = {}): KubeConnection {
  const location = locateKubeConfig(options);
  const source = location.source;
  if ('inCluster' in location) {
    if (options.context !== undefined && options.context !== 'in-cluster') throw contextMissing(options.context, source, ['in-cluster']);
    const pod = location.inCluster;
    const credentials: LeanCredentials = { server: pod.server, ca: readOrInvalid(pod.caFile, source), tokenFile: pod.tokenFile };
    return { source, context: 'in-cluster', server: pod.server, objects: once(() => leanObjectClient(credentials)) };
  }
  const merged = location.files.map(readConfig).reduce(mergeFirstWins);
  const contextName = options.context ?? merged.currentContext;
  const context = merged.contexts.find((c) => c.name === contextName);
  if (options.context !== undefined && context === undefined)
    throw contextMissing(
      options.context,
      source,
      merged.contexts.map((c) => c.name),
    );
  const cluster = merged.clusters.find((c) => c.name === context?.context.cluster)?.cluster;
  if (context === undefined || cluster?.server === undefined) throw noCurrentCluster(source);
  const user = merged.users.find((u) => u.name === context.context.user)?.user ?? {};
  const credentials = leanCredentials(cluster, user, source, context.name);
  return { source, context: context.name, server: cluster.server, objects: once(() => leanObjectClient(credentials)) };
}

/** One client (one keep-alive pool) per connection, however often a cycle asks for it. */
function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

function leanCredentials(cluster: RawCluster, user: RawUser, source: string, context: string): LeanCredentials {
  if (user.exec !== undefined || user['auth-provider'] !== undefined || user.username !== undefined) {
    const how = user.exec !== undefined ? 'an exec credential plugin' : user['auth-provider'] !== undefined ? 'an auth provider' : 'a username and password';
    throw new KubernetesError(
      'KUBECONFIG_INVALID',
      `${source} context "${context}" authenticates with ${how}, which mtlsctl-sync-verifier does not run: give it a service-account token (token or tokenFile) or a client certificate`,
    );
  }
  const data = (text: string | undefined) => (text === undefined ? undefined : Buffer.from(text, 'base64').toString('utf8'));
  const ca =
    data(cluster['certificate-authority-data']) ?? (cluster['certificate-authority'] ? readOrInvalid(cluster['certificate-authority'], source) : undefined);
  const cert = data(user['client-certificate-data']) ?? (user['client-certificate'] ? readOrInvalid(user['client-certificate'], source) : undefined);
  const key = data(user['client-key-data']) ?? (user['client-key'] ? readOrInvalid(user['client-key'], source) : undefined);
  if ((cert === undefined) !== (key === undefined))
    throw new KubernetesError(
      'KUBECONFIG_INVALID',
      `${source} user of context "${context}" has a client certificate without its key (or the reverse): give both`,
    );
  return {
    server: cluster.server!,
    ...(ca !== undefined ? { ca } : {}),
    ...(cluster['insecure-skip-tls-verify'] === true ? { skipVerify: true } : {}),
    ...(cluster['tls-server-name'] ? { servername: cluster['tls-server-name'] } : {}),
    ...(cert !== undefined && key !== undefined ? { cert, key } : {}),
    ...(user.token ? { token: user.token } : user.tokenFile ? { tokenFile: user.tokenFile } : {}),
  };
}

function readConfig(file: string): RawConfig {
  let doc: Record<string, unknown>;
  try {
    doc = (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error('not a mapping');
  } catch (error) {
    throw new KubernetesError('KUBECONFIG_INVALID', `kubeconfig ${file} cannot be read: ${(error as Error).message.split('\n')[0]}`, undefined, error);
  }
  const dir = dirname(file);
  const path = (p: string | undefined) => (p === undefined || isAbsolute(p) ? p : join(dir, p));
  const list = <T>(key: string) => (Array.isArray(doc[key]) ? (doc[key] as T[]).filter((e) => typeof (e as { name?: unknown })?.name === 'string') : []);
  const resolve = <T extends object>(entry: T | undefined, keys: (keyof T)[]): T => {
    const copy = { ...(entry ?? ({} as T)) };
    for (const k of keys) if (typeof copy[k] === 'string') copy[k] = path(copy[k] as string) as T[keyof T];
    return copy;
  };
  return {
    clusters: list<Named<{ cluster: RawCluster }>>('clusters').map((c) => ({ name: c.name, cluster: resolve(c.cluster, ['certificate-authority']) })),
    users: list<Named<{ user: RawUser }>>('users').map((u) => ({ name: u.name, user: resolve(u.user, ['client-certificate', 'client-key', 'tokenFile']) })),
    contexts: list<Named<{ context: { cluster?: string; user?: string; namespace?: string } }>>('contexts').map((c) => ({
      name: c.name,
      context: c.context ?? {},
    })),
    ...(typeof doc['current-context'] === 'string' && doc['current-context'] !== '' ? { currentContext: doc['current-context'] } : {}),
  };
}

/** kubectl's rule: entries of a later file are added only when no earlier file has one of that name. */
function mergeFirstWins(mine: RawConfig, theirs: RawConfig): RawConfig {
  const add = <T extends { name: string }>(a: T[], b: T[]) => [...a, ...b.filter((t) => !a.some((m) => m.name === t.name))];
  const currentContext = mine.currentContext ?? theirs.currentContext;
  return {
    clusters: add(mine.clusters, theirs.clusters),
    users: add(mine.users, theirs.users),
    contexts: add(mine.contexts, theirs.contexts),
    ...(currentContext ? { currentContext } : {}),
  };
}

function readOrInvalid(file: string, source: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new KubernetesError(
      'KUBECONFIG_INVALID',
      `${source} names ${file}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): fix the path`,
      undefined,
      error,
    );
  }
}
