import { describe, expect, it } from 'vitest';
import { renderVerifierManifests } from './render-verifier-manifests.js';

// biome-ignore lint/suspicious/noExplicitAny: the test reads deep fields of the rendered objects
type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; rules?: { resources: string[]; resourceNames: string[]; verbs: string[] }[]; spec?: any };
const render = (options = {}) => renderVerifierManifests({ vaultAddr: 'https://nas-vault:8200', ...options }) as Obj[];

describe('renderVerifierManifests', () => {
  it('renders the ServiceAccount, RBAC, Deployment, Service, ServiceMonitor and PrometheusRule', () => {
    expect(render().map((o) => [o.kind, o.metadata.namespace ?? '', o.metadata.name])).toEqual([
      ['ServiceAccount', 'mtlsctl', 'mtlsctl-sync-verifier'],
      ['Role', 'haproxy-controller', 'mtlsctl-sync-verifier'],
      ['RoleBinding', 'haproxy-controller', 'mtlsctl-sync-verifier'],
      ['ClusterRole', '', 'mtlsctl-sync-verifier'],
      ['ClusterRoleBinding', '', 'mtlsctl-sync-verifier'],
      ['Deployment', 'mtlsctl', 'mtlsctl-sync-verifier'],
      ['Service', 'mtlsctl', 'mtlsctl-sync-verifier'],
      ['ServiceMonitor', 'mtlsctl', 'mtlsctl-sync-verifier'],
      ['PrometheusRule', 'mtlsctl', 'mtlsctl'],
    ]);
  });

  it('grants only get on the objects it reads, by name, and patch on the one ConfigMap it writes', () => {
    const role = render().find((o) => o.kind === 'Role')!;
    expect(role.rules).toEqual([
      { apiGroups: ['external-secrets.io'], resources: ['externalsecrets'], resourceNames: ['sync-ca-from-nas'], verbs: ['get'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['client-ca-cert'], verbs: ['get'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['haproxy-kubernetes-ingress'], verbs: ['get', 'patch'] },
    ]);
    const readOnly = render({ writeDenyRules: false }).find((o) => o.kind === 'Role')!;
    expect(readOnly.rules![2]!.verbs).toEqual(['get']);
    for (const rule of render().flatMap((o) => o.rules ?? [])) {
      expect(rule.resourceNames.length).toBeGreaterThan(0);
      expect(rule.verbs).not.toContain('list');
    }
  });

  it('splits the Role when the ConfigMap lives in another namespace than the ExternalSecret', () => {
    const roles = render({ controllerConfigMap: { namespace: 'ingress', name: 'haproxy' } }).filter((o) => o.kind === 'Role');
    expect(roles.map((r) => [r.metadata.namespace, r.rules!.map((x) => x.resources[0])])).toEqual([
      ['haproxy-controller', ['externalsecrets', 'secrets']],
      ['ingress', ['configmaps']],
    ]);
  });

  it('runs the container non-root, read-only, without capabilities, with limits and both probes', () => {
    const deployment = render({ vaultCaPem: 'PEM' }).find((o) => o.kind === 'Deployment')!;
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(container.resources.limits).toEqual({ cpu: '200m', memory: '128Mi' });
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.env).toEqual(expect.arrayContaining([{ name: 'VAULT_CACERT', value: '/etc/mtlsctl/vault-ca/ca.crt' }, { name: 'VAULT_ADDR', value: 'https://nas-vault:8200' }]));
    expect(pod.volumes[0]).toEqual({ name: 'vault-token', secret: { secretName: 'mtlsctl-sync-verifier-vault-token', defaultMode: 0o400 } });
    expect(container.env.map((e: { name: string }) => e.name)).not.toContain('MTLSCTL_VERIFIER_ESO_TOKEN_ACCESSOR');
    const watching = render({ esoTokenAccessor: 'aBcD1234' }).find((o) => o.kind === 'Deployment')!;
    expect(watching.spec.template.spec.containers[0].env).toContainEqual({ name: 'MTLSCTL_VERIFIER_ESO_TOKEN_ACCESSOR', value: 'aBcD1234' });
  });

  it('logs in by Kubernetes auth with a projected service-account token for the audience, and mounts no token Secret', () => {
    const deployment = render({ vaultAuth: { kind: 'kubernetes', role: 'verifier', audience: 'vault.example' } }).find((o) => o.kind === 'Deployment')!;
    const pod = deployment.spec.template.spec;
    expect(pod.volumes).toEqual([
      {
        name: 'vault-jwt',
        projected: { defaultMode: 0o400, sources: [{ serviceAccountToken: { audience: 'vault.example', expirationSeconds: 3600, path: 'token' } }] },
      },
    ]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'vault-jwt', mountPath: '/var/run/secrets/mtlsctl/vault-jwt', readOnly: true }]);
    const env = Object.fromEntries(pod.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(env).toMatchObject({
      MTLSCTL_VAULT_AUTH: 'kubernetes',
      MTLSCTL_VAULT_AUTH_ROLE: 'verifier',
      MTLSCTL_VAULT_AUTH_MOUNT: 'kubernetes',
      MTLSCTL_VAULT_JWT_FILE: '/var/run/secrets/mtlsctl/vault-jwt/token',
    });
    expect(env).not.toHaveProperty('MTLSCTL_VERIFIER_VAULT_TOKEN_FILE');
    expect(JSON.stringify(deployment)).not.toContain('vault-token');
    const defaults = render({ vaultAuth: { kind: 'kubernetes', role: 'verifier' } }).find((o) => o.kind === 'Deployment')!;
    expect(defaults.spec.template.spec.volumes[0].projected.sources[0].serviceAccountToken.audience).toBe('vault');
  });

  it("points the PrometheusRule's verifier alerts at the ServiceMonitor's job", () => {
    const objects = render({ prometheusLabels: { release: 'kps' } });
    const monitor = objects.find((o) => o.kind === 'ServiceMonitor')!;
    expect(monitor.spec.jobLabel).toBe('app.kubernetes.io/name');
    const rule = objects.find((o) => o.kind === 'PrometheusRule')!;
    expect(JSON.stringify(rule.spec.groups)).toContain('up{job=\\"mtlsctl-sync-verifier\\"}');
    expect((rule.metadata as unknown as { labels: Record<string, string> }).labels["release"]).toBe("kps");
  });
});
