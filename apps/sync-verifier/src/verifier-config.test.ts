import { describe, expect, it } from 'vitest';
import { loadVerifierConfig } from './verifier-config.js';

const env = { VAULT_ADDR: 'https://vault.example:8200' };

describe('loadVerifierConfig', () => {
  it('has defaults for a pod: listen on 9464, every minute, the seed layout, deny rules written', () => {
    expect(loadVerifierConfig([], env)).toEqual({
      listen: { host: '0.0.0.0', port: 9464 },
      intervalMs: 60_000,
      jitter: 0.1,
      retryBaseMs: 5000,
      cycleTimeoutMs: 60_000,
      vault: { addr: 'https://vault.example:8200', tokenFile: '/var/run/secrets/mtlsctl/vault-token', mount: 'secret', prefix: 'pki' },
      cluster: {
        storeName: 'nas-vault',
        externalSecret: { namespace: 'haproxy-controller', name: 'sync-ca-from-nas' },
        targetSecretName: 'client-ca-cert',
        controllerConfigMap: { namespace: 'haproxy-controller', name: 'haproxy-kubernetes-ingress' },
        writeDenyRules: true,
      },
      logLevel: 'info',
    });
  });

  it('reads the environment and lets flags win', () => {
    const config = loadVerifierConfig(['--interval', '5m', '--kubeconfig', '/k/flag', '--vault-prefix', 'corp/pki', '--no-write-deny-rules', '--probe-url', 'https://ingress:8443/'], {
      ...env,
      MTLSCTL_VERIFIER_INTERVAL: '30s',
      MTLSCTL_VERIFIER_LISTEN: '127.0.0.1:9000',
      MTLSCTL_VAULT_PREFIX: 'other',
      MTLSCTL_VERIFIER_PROBE_CERT: '/probe/tls.crt',
      MTLSCTL_VERIFIER_PROBE_KEY: '/probe/tls.key',
      KUBECONFIG: '/k/config',
    });
    expect(config).toMatchObject({
      listen: { host: '127.0.0.1', port: 9000 },
      intervalMs: 300_000,
      cycleTimeoutMs: 120_000,
      vault: { prefix: 'corp/pki' },
      cluster: { kubeconfig: '/k/flag', writeDenyRules: false },
      probe: { url: 'https://ingress:8443/', certFile: '/probe/tls.crt', keyFile: '/probe/tls.key' },
    });
  });

  it("logs in by Kubernetes auth when told to: the role, the mount (default kubernetes) and the pod's token by default", () => {
    expect(loadVerifierConfig(['--vault-auth', 'kubernetes'], { ...env, MTLSCTL_VAULT_AUTH_ROLE: 'verifier' }).vault.kubernetesAuth).toEqual({
      role: 'verifier',
      mount: 'kubernetes',
      jwtFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
    });
    const fromEnv = loadVerifierConfig(['--vault-auth-role', 'r2'], { ...env, MTLSCTL_VAULT_AUTH: 'kubernetes', MTLSCTL_VAULT_AUTH_MOUNT: 'k8s-prod', MTLSCTL_VAULT_JWT_FILE: '/var/run/secrets/mtlsctl/vault-jwt/token' });
    expect(fromEnv.vault.kubernetesAuth).toEqual({ role: 'r2', mount: 'k8s-prod', jwtFile: '/var/run/secrets/mtlsctl/vault-jwt/token' });
    expect(loadVerifierConfig([], { ...env, MTLSCTL_VAULT_AUTH_ROLE: 'verifier' }).vault.kubernetesAuth).toBeUndefined();
  });

  it.each([
    [['--vault-auth', 'kubernetes'], env, /--vault-auth-role is not set: pass it or set MTLSCTL_VAULT_AUTH_ROLE/],
    [['--vault-auth', 'approle'], env, /--vault-auth \[MTLSCTL_VAULT_AUTH\] must be token or kubernetes, not "approle"/],
    [[], {}, /--vault-addr is not set: pass it or set VAULT_ADDR/],
    [['--interval', 'often'], env, /--interval \[MTLSCTL_VERIFIER_INTERVAL\]: the interval "often" is not a duration/],
    [['--interval', '10ms'], env, /at least 100ms/],
    [['--jitter', '2'], env, /--jitter .* fraction/],
    [['--listen', '9464'], env, /"9464" is not host:port/],
    [['--external-secret', 'x'], env, /--external-secret must be <namespace>\/<name>/],
    [['--probe-url', 'https://i/'], env, /--probe-cert is not set: pass it or set MTLSCTL_VERIFIER_PROBE_CERT/],
    [['--probe-url', 'http://i/', '--probe-cert', 'c', '--probe-key', 'k'], env, /must be an https:\/\/ URL/],
    [['--log-level', 'loud'], env, /--log-level must be/],
    [['--bogus'], env, /Unknown option '--bogus'/],
  ])('refuses %j', (argv, environment, message) => {
    expect(() => loadVerifierConfig(argv, environment)).toThrow(message);
  });
});
