import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * What the one-file daemon bundle carries (built by the globalSetup). @kubernetes/client-node alone took ~25 MiB of
 * its resident set, node-vault with axios ~15 MiB (issue 12): the daemon talks to the apiserver through k8s-sync's
 * lean client and to Vault through vault-store's (`@mtlsctl/vault-store/lean`) instead. The class names survive
 * minification (keepNames), so they show whether a library is inside.
 */
const BUNDLE = fileURLToPath(new URL('../dist/bundle/mtlsctl-sync-verifier.js', import.meta.url));

describe('the mtlsctl-sync-verifier bundle', () => {
  it('does not carry @kubernetes/client-node, and does carry the lean apiserver client', async () => {
    const text = await readFile(BUNDLE, 'utf8');
    for (const name of ['KubernetesObjectApi', 'CoreV1Api', 'loadFromCluster']) expect(text, name).not.toContain(name);
    expect(text).toContain('application/merge-patch+json');
  });

  it('does not carry node-vault or axios, and does carry the lean Vault client', async () => {
    const text = await readFile(BUNDLE, 'utf8');
    // node-vault's error class and its request schema check (tv4); axios's error and adapter names
    for (const name of ['ApiResponseError', 'tv4', 'AxiosError', 'AxiosHeaders', 'node-vault']) expect(text, name).not.toContain(name);
    expect(text).toContain('LeanVaultClient');
    expect(text).toContain('X-Vault-Token');
  });
});
