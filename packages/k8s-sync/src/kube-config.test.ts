import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { thrown } from '@mtlsctl/errors/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '@mtlsctl/peers';
import { loadLeanKubeConfig } from './api/lean-kube-config.js';
import { loadKubeConfig } from './kube-config.js';
import { KubernetesError } from './kubernetes-error.js';

let dir: TempDir;
const config = (server: string, contexts: string[]) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server } }],
    users: [{ name: 'u', user: { token: 'secret-token' } }],
    contexts: contexts.map((name) => ({ name, context: { cluster: 'c', user: 'u' } })),
    'current-context': contexts[0],
  });

beforeAll(async () => {
  dir = await makeTempDir('mtlsctl-kubeconfig-');
  await writeFile(join(dir.path, 'a.yaml'), config('https://a.example:6443', ['a', 'shared']));
  await writeFile(join(dir.path, 'b.yaml'), config('https://b.example:6443', ['b']));
  await mkdir(join(dir.path, 'home', '.kube'), { recursive: true });
  await writeFile(join(dir.path, 'home', '.kube', 'config'), config('https://home.example:6443', ['home']));
  await mkdir(join(dir.path, 'sa'));
  await writeFile(join(dir.path, 'sa', 'token'), 'sa-token');
  await writeFile(join(dir.path, 'sa', 'namespace'), 'haproxy-controller\n');
  await writeFile(join(dir.path, 'sa', 'ca.crt'), 'the cluster CA (read, not parsed, when loading)\n');
});
afterAll(async () => {
  await dir.remove();
});

const failure = (run: () => unknown) => {
  const error = thrown(run);
  expect(error).toBeInstanceOf(KubernetesError);
  return error as KubernetesError;
};

describe.each([
  ['loadKubeConfig (client-node, the CLI)', loadKubeConfig],
  ['loadLeanKubeConfig (the daemon)', loadLeanKubeConfig],
] as const)('%s', (_name, load) => {
  it('uses --kubeconfig over KUBECONFIG, and KUBECONFIG over ~/.kube/config', () => {
    const env = { KUBECONFIG: join(dir.path, 'b.yaml'), HOME: join(dir.path, 'home') };
    expect(load({ kubeconfig: join(dir.path, 'a.yaml'), env }).server).toBe('https://a.example:6443');
    expect(load({ env }).server).toBe('https://b.example:6443');
    expect(load({ env: { HOME: join(dir.path, 'home') } })).toMatchObject({ server: 'https://home.example:6443', context: 'home' });
  });

  it('merges the files of KUBECONFIG as kubectl does: the first file wins a name both define', () => {
    const env = { KUBECONFIG: `${join(dir.path, 'a.yaml')}:${join(dir.path, 'b.yaml')}` };
    expect(load({ env })).toMatchObject({ context: 'a', server: 'https://a.example:6443' });
    // b.yaml's context "b" names cluster "c", which a.yaml defined first.
    expect(load({ env, context: 'b' })).toMatchObject({ context: 'b', server: 'https://a.example:6443' });
  });

  it('falls back to the in-cluster service account', () => {
    const loaded = load({ env: { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }, serviceAccountDir: join(dir.path, 'sa') });
    expect(loaded).toMatchObject({ source: 'in-cluster service account', server: 'https://10.0.0.1:443', context: 'in-cluster' });
  });

  it.each([
    [{ kubeconfig: '/nonexistent/kubeconfig' }, 'KUBECONFIG_MISSING', /^kubeconfig \/nonexistent\/kubeconfig \(from --kubeconfig\) does not exist: pass --kubeconfig <file> or fix --kubeconfig$/],
    [{ env: { KUBECONFIG: '/nonexistent/k' } }, 'KUBECONFIG_MISSING', /\(from KUBECONFIG\) does not exist/],
    [{ env: { HOME: '/nonexistent' } }, 'KUBECONFIG_MISSING', /^no kubeconfig: pass --kubeconfig <file>, set KUBECONFIG, or create ~\/.kube\/config/],
    [{ kubeconfig: 'a.yaml', context: 'prod' }, 'KUBE_CONTEXT_MISSING', /^context "prod" is not in kubeconfig .*a\.yaml: pass --context with one of a, shared \(kubectl config get-contexts\)$/],
  ])('refuses %j with one line naming the fix', (options, code, message) => {
    const kubeconfig = 'kubeconfig' in options && options.kubeconfig === 'a.yaml' ? { kubeconfig: join(dir.path, 'a.yaml') } : {};
    const error = failure(() => load({ env: {}, ...options, ...kubeconfig }));
    expect(error.code).toBe(code);
    expect(error.kind).toBe('invalid-input');
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('secret-token');
  });
});

it("client-node keeps the pod's namespace as the in-cluster context's", () => {
  const loaded = loadKubeConfig({ env: { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }, serviceAccountDir: join(dir.path, 'sa') });
  expect(loaded.config.getContextObject('in-cluster')?.namespace).toBe('haproxy-controller');
});

it.each([
  [{ exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'aws' } }, /authenticates with an exec credential plugin, which mtlsctl-sync-verifier does not run: give it a service-account token/],
  [{ 'client-certificate-data': 'AAAA' }, /has a client certificate without its key \(or the reverse\): give both$/],
  [{ tokenFile: 'missing.token', 'client-certificate': 'missing.crt', 'client-key': 'missing.key' }, /names .*\/missing\.crt, which cannot be read \(ENOENT\): fix the path$/],
])('the lean loader refuses a user it cannot use (%j) with one line naming the fix', async (user, message) => {
  const file = join(dir.path, 'lean-user.yaml');
  await writeFile(file, JSON.stringify({ clusters: [{ name: 'c', cluster: { server: 'https://a.example:6443' } }], users: [{ name: 'u', user }], contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }], 'current-context': 'x' }));
  const error = failure(() => loadLeanKubeConfig({ kubeconfig: file, env: {} }));
  expect(error.code).toBe('KUBECONFIG_INVALID');
  expect(error.message).toMatch(message);
});
