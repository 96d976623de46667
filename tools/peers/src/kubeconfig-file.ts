import { writeFile } from 'node:fs/promises';

/**
 * Writes a one-cluster, one-user kubeconfig (JSON, which kubectl and client libraries read as YAML) with mode
 * 0600, its context named after the user and current. Returns the path.
 */
export async function writeKubeconfig(
  path: string,
  params: { server: string; caPem: string; user: string; token: string; namespace?: string },
): Promise<string> {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'test', cluster: { server: params.server, 'certificate-authority-data': Buffer.from(params.caPem).toString('base64') } }],
    users: [{ name: params.user, user: { token: params.token } }],
    contexts: [{ name: params.user, context: { cluster: 'test', user: params.user, ...(params.namespace ? { namespace: params.namespace } : {}) } }],
    'current-context': params.user,
  };
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return path;
}
