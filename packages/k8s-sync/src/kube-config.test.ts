import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { thrown } from '@mtlsctl/errors/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '@mtlsctl/peers';
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
});
afterAll(async () => {
  await dir.remove();
});

const failure = (run: () => unknown) => {
  const error = thrown(run);
  expect(error).toBeInstanceOf(KubernetesError);
  return error as KubernetesError;
};

describe('loadKubeConfig', () => {
  it('uses --kubeconfig over KUBECONFIG, and KUBECONFIG over ~/.kube/config', () => {
    const env = { KUBECONFIG: join(dir.path, 'b.yaml'), HOME: join(dir.path, 'home') };
    expect(loadKubeConfig({ kubeconfig: join(dir.path, 'a.yaml'), env }).server).toBe('https://a.example:6443');
    expect(loadKubeConfig({ env }).server).toBe('https://b.example:6443');
    expect(loadKubeConfig({ env: { HOME: join(dir.path, 'home') } })).toMatchObject({ server: 'https://home.example:6443', context: 'home' });
  });

  it('merges the files of KUBECONFIG as kubectl does: the first file wins a name both define', () => {
    const env = { KUBECONFIG: `${join(dir.path, 'a.yaml')}:${join(dir.path, 'b.yaml')}` };
    expect(loadKubeConfig({ env })).toMatchObject({ context: 'a', server: 'https://a.example:6443' });
    // b.yaml's context "b" names cluster "c", which a.yaml defined first.
    expect(loadKubeConfig({ env, context: 'b' })).toMatchObject({ context: 'b', server: 'https://a.example:6443' });
  });

  it('falls back to the in-cluster service account', () => {
    const loaded = loadKubeConfig({ env: { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }, serviceAccountDir: join(dir.path, 'sa') });
    expect(loaded).toMatchObject({ source: 'in-cluster service account', server: 'https://10.0.0.1:443' });
    expect(loaded.config.getContextObject('in-cluster')?.namespace).toBe('haproxy-controller');
  });

  it.each([
    [{ kubeconfig: '/nonexistent/kubeconfig' }, 'KUBECONFIG_MISSING', /^kubeconfig \/nonexistent\/kubeconfig \(from --kubeconfig\) does not exist: pass --kubeconfig <file> or fix --kubeconfig$/],
    [{ env: { KUBECONFIG: '/nonexistent/k' } }, 'KUBECONFIG_MISSING', /\(from KUBECONFIG\) does not exist/],
    [{ env: { HOME: '/nonexistent' } }, 'KUBECONFIG_MISSING', /^no kubeconfig: pass --kubeconfig <file>, set KUBECONFIG, or create ~\/.kube\/config/],
    [{ kubeconfig: 'a.yaml', context: 'prod' }, 'KUBE_CONTEXT_MISSING', /^context "prod" is not in kubeconfig .*a\.yaml: pass --context with one of a, shared \(kubectl config get-contexts\)$/],
  ])('refuses %j with one line naming the fix', (options, code, message) => {
    const kubeconfig = 'kubeconfig' in options && options.kubeconfig === 'a.yaml' ? { kubeconfig: join(dir.path, 'a.yaml') } : {};
    const error = failure(() => loadKubeConfig({ env: {}, ...options, ...kubeconfig }));
    expect(error.code).toBe(code);
    expect(error.kind).toBe('invalid-input');
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('secret-token');
  });
});
