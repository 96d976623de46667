import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { InvalidSyncOptionError } from './errors/invalid-sync-option-error.js';
import { renderSyncManifests, toYamlDocuments } from './render-sync-manifests.js';

const server = 'https://nas-vault.example.com:8200';
const byKind = (objects: ReturnType<typeof renderSyncManifests>, kind: string) => objects.find((o) => o.kind === kind)!;

describe('renderSyncManifests', () => {
  it("renders the deployment guide's step 3 with the seed's names, the ExternalSecret in the ingress namespace", () => {
    const objects = renderSyncManifests({ vaultServer: server });
    expect(objects.map((o) => o.kind)).toEqual(['ClusterSecretStore', 'ExternalSecret', 'ConfigMap']);
    expect(byKind(objects, 'ClusterSecretStore')).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: 'nas-vault', labels: { 'app.kubernetes.io/managed-by': 'mtlsctl' } },
      spec: {
        provider: {
          vault: {
            server: 'https://nas-vault.example.com:8200',
            path: 'secret',
            version: 'v2',
            auth: { tokenSecretRef: { name: 'vault-eso-token', key: 'token', namespace: 'external-secrets' } },
          },
        },
      },
    });
    const external = byKind(objects, 'ExternalSecret');
    expect(external.metadata).toMatchObject({ name: 'sync-ca-from-nas', namespace: 'haproxy-controller' });
    expect(external['spec']).toMatchObject({
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'nas-vault' },
      target: { name: 'client-ca-cert', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
      data: [{ secretKey: 'tls.crt', remoteRef: { key: 'pki/ca', property: 'tls.crt' } }],
    });
    expect(byKind(objects, 'ConfigMap')).toMatchObject({
      metadata: { name: 'haproxy-kubernetes-ingress', namespace: 'haproxy-controller' },
      data: { 'client-ca': 'haproxy-controller/client-ca-cert' },
    });
  });

  it('follows the mount, prefix, Vault CA and namespace it is given', () => {
    const caPem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const objects = renderSyncManifests({ vaultServer: 'https://v:8200/', mount: '/kv/', prefix: 'team/pki', vaultCaPem: caPem, vaultNamespace: 'ops' });
    const vault = (byKind(objects, 'ClusterSecretStore')['spec'] as { provider: { vault: Record<string, unknown> } }).provider.vault;
    expect(vault).toMatchObject({ server: 'https://v:8200', path: 'kv', namespace: 'ops', caBundle: Buffer.from(caPem).toString('base64') });
    expect((byKind(objects, 'ExternalSecret')['spec'] as { data: { remoteRef: { key: string } }[] }).data[0]!.remoteRef.key).toBe('team/pki/ca');
  });

  it('renders the token Secret only when given the token', () => {
    const objects = renderSyncManifests({ vaultServer: server }, { esoToken: 'hvs.example' });
    expect(objects[0]).toMatchObject({ kind: 'Secret', metadata: { name: 'vault-eso-token', namespace: 'external-secrets' }, stringData: { token: 'hvs.example' } });
  });

  it('writes YAML documents that read back as the same objects', () => {
    const objects = renderSyncManifests({ vaultServer: server });
    const documents = parseAllDocuments(toYamlDocuments(objects));
    expect(documents.map((d) => d.toJS())).toEqual(objects);
  });

  it.each([
    [{ vaultServer: 'nas-vault:8200' }, /vault server: "nas-vault:8200" is not a URL|scheme/],
    [{ vaultServer: 'ftp://v' }, /scheme must be https/],
    [{ vaultServer: 'https://v:8200/vault' }, /only scheme, host and port/],
    [{ vaultServer: server, storeName: 'Nas_Vault' }, /ClusterSecretStore name: "Nas_Vault" is not a valid Kubernetes name/],
    [{ vaultServer: server, externalSecret: { namespace: 'Haproxy', name: 'x' } }, /ExternalSecret namespace/],
    [{ vaultServer: server, refreshInterval: '1 hour' }, /Go duration/],
    [{ vaultServer: server, prefix: '../other' }, /prefix/],
    [{ vaultServer: server, mount: '/' }, /mount: it is empty/],
    // The same check as the store's and the policies' (VaultLayout): what ESO reads is what the policy grants.
    [{ vaultServer: server, prefix: 'pki"}' }, /prefix: it contains "\\""/],
    [{ vaultServer: server, mount: 'kv//x' }, /mount: it has an empty segment/],
    [{ vaultServer: server, prefix: 'team-a/{{identity}}' }, /prefix: it contains "\{"/],
  ])('refuses %j', (options, message) => {
    expect(() => renderSyncManifests(options)).toThrow(InvalidSyncOptionError);
    expect(() => renderSyncManifests(options)).toThrow(message);
  });
});
