import { parseArgs } from 'node:util';
import { parseInterval } from './parse-interval.js';
import type { LogLevel } from './json-logger.js';

/** A namespaced object. */
export interface ObjectRef {
  namespace: string;
  name: string;
}

/** Everything the daemon is told, from flags and the environment. */
export interface VerifierConfig {
  listen: { host: string; port: number };
  intervalMs: number;
  /** Each wait is the interval ± this fraction (default 0.1). */
  jitter: number;
  /** After a failed cycle the next comes sooner: 5 s, doubled per failure, at most the interval. */
  retryBaseMs: number;
  /** One cycle's deadline (default: the interval, at most 2 minutes). */
  cycleTimeoutMs: number;
  vault: {
    addr: string;
    tokenFile: string;
    caCertFile?: string;
    namespace?: string;
    mount: string;
    prefix: string;
    /** ESO's token's accessor: its expiry is looked up every cycle (`mtlsctl_eso_token_expiry_timestamp_seconds`). */
    esoTokenAccessor?: string;
    /** Log in by Vault's Kubernetes auth method instead of reading `tokenFile` (`--vault-auth kubernetes`). */
    kubernetesAuth?: { role: string; mount: string; jwtFile: string };
  };
  /** Absent with `--no-cluster` (Vault only: expiry metrics without drift). */
  cluster?: {
    kubeconfig?: string;
    context?: string;
    storeName: string;
    externalSecret: ObjectRef;
    targetSecretName: string;
    controllerConfigMap: ObjectRef;
    /** Keep the ConfigMap's deny-rule block equal to Vault's CRL (default true). */
    writeDenyRules: boolean;
  };
  probe?: { url: string; certFile: string; keyFile: string; caFile?: string; servername?: string };
  logLevel: LogLevel;
}

/** A setting is missing or malformed: the message names the flag and its environment variable. */
export class VerifierConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifierConfigError';
  }
}

/** The pod's service-account token, which Kubernetes auth logs in with unless `--vault-jwt-file` says otherwise. */
const SERVICE_ACCOUNT_JWT = '/var/run/secrets/kubernetes.io/serviceaccount/token';

const USAGE = `usage: mtlsctl-sync-verifier [flags]   (every flag also reads an environment variable, shown in brackets)
  --listen host:port            metrics/health address [MTLSCTL_VERIFIER_LISTEN] (0.0.0.0:9464)
  --interval 60s                time between cycles [MTLSCTL_VERIFIER_INTERVAL]; --jitter 0.1 [MTLSCTL_VERIFIER_JITTER]
  --vault-addr URL              [VAULT_ADDR]; --vault-cacert file [VAULT_CACERT]; --vault-namespace ns [VAULT_NAMESPACE]
  --vault-token-file file       a token with the mtlsctl-verifier policy, re-read every cycle [MTLSCTL_VERIFIER_VAULT_TOKEN_FILE]
  --vault-auth kubernetes       log in by Vault's Kubernetes auth method instead (token: the token file) [MTLSCTL_VAULT_AUTH]
    --vault-auth-role r [MTLSCTL_VAULT_AUTH_ROLE]; --vault-auth-mount kubernetes [MTLSCTL_VAULT_AUTH_MOUNT]
    --vault-jwt-file f  the service-account token, re-read at each login [MTLSCTL_VAULT_JWT_FILE]
                        (${SERVICE_ACCOUNT_JWT})
  --vault-mount secret --vault-prefix pki [MTLSCTL_VAULT_MOUNT, MTLSCTL_VAULT_PREFIX]
  --eso-token-accessor a        watch ESO's token expiry by its accessor (policy grants lookup-accessor) [MTLSCTL_VERIFIER_ESO_TOKEN_ACCESSOR]
  --kubeconfig file --context c [KUBECONFIG]; in a pod the service account is used; --no-cluster: Vault only
  --external-secret ns/name (haproxy-controller/sync-ca-from-nas) --secret-name client-ca-cert --store-name nas-vault
  --controller-configmap ns/name (haproxy-controller/haproxy-kubernetes-ingress); --no-write-deny-rules: only report drift
  --probe-url https://ingress/ --probe-cert f --probe-key f [--probe-ca f] [--probe-servername n]  [MTLSCTL_VERIFIER_PROBE_*]
  --log-level info              debug, info, warn, error [MTLSCTL_VERIFIER_LOG_LEVEL]`;

/** The usage text (`--help`). */
export function verifierUsage(): string {
  return USAGE;
}

/**
 * Reads the configuration from flags, falling back to environment variables, then defaults. Pure: argv and env
 * are parameters.
 *
 * @throws VerifierConfigError naming the flag and its variable
 * @example
 * const config = loadVerifierConfig(process.argv.slice(2), process.env);
 */
export function loadVerifierConfig(argv: readonly string[], env: NodeJS.ProcessEnv): VerifierConfig {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      options: Object.fromEntries([
        ...['listen', 'interval', 'jitter', 'cycle-timeout', 'vault-addr', 'vault-cacert', 'vault-namespace', 'vault-token-file', 'vault-auth', 'vault-auth-role', 'vault-auth-mount', 'vault-jwt-file', 'vault-mount', 'vault-prefix', 'eso-token-accessor', 'kubeconfig', 'context', 'external-secret', 'secret-name', 'store-name', 'controller-configmap', 'probe-url', 'probe-cert', 'probe-key', 'probe-ca', 'probe-servername', 'log-level'].map((name) => [name, { type: 'string' as const }]),
        ...['no-cluster', 'no-write-deny-rules'].map((name) => [name, { type: 'boolean' as const }]),
      ]),
    }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new VerifierConfigError(`${(error as Error).message} (see --help)`);
  }
  const get = (flag: string, variable: string, fallback?: string): string | undefined => {
    const value = values[flag];
    return typeof value === 'string' ? value : (env[variable] ?? fallback);
  };
  const need = (flag: string, variable: string): string => {
    const value = get(flag, variable);
    if (!value) throw new VerifierConfigError(`--${flag} is not set: pass it or set ${variable}`);
    return value;
  };
  const parse = <T>(flag: string, variable: string, fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw new VerifierConfigError(`--${flag} [${variable}]: ${(error as Error).message}`);
    }
  };

  const listenText = get('listen', 'MTLSCTL_VERIFIER_LISTEN', '0.0.0.0:9464')!;
  const listen = parse('listen', 'MTLSCTL_VERIFIER_LISTEN', () => {
    const match = /^(.+):([0-9]{1,5})$/.exec(listenText);
    if (!match || Number(match[2]) > 65535) throw new Error(`"${listenText}" is not host:port`);
    return { host: match[1]!.replace(/^\[|\]$/g, ''), port: Number(match[2]) };
  });
  const intervalMs = parse('interval', 'MTLSCTL_VERIFIER_INTERVAL', () => parseInterval(get('interval', 'MTLSCTL_VERIFIER_INTERVAL', '60s')!, 'the interval'));
  if (intervalMs < 100) throw new VerifierConfigError('--interval must be at least 100ms');
  const jitter = parse('jitter', 'MTLSCTL_VERIFIER_JITTER', () => {
    const value = Number(get('jitter', 'MTLSCTL_VERIFIER_JITTER', '0.1'));
    if (!(value >= 0 && value < 1)) throw new Error('must be a fraction in [0, 1)');
    return value;
  });
  const timeoutText = get('cycle-timeout', 'MTLSCTL_VERIFIER_CYCLE_TIMEOUT');
  const cycleTimeoutMs = timeoutText ? parse('cycle-timeout', 'MTLSCTL_VERIFIER_CYCLE_TIMEOUT', () => parseInterval(timeoutText, 'the cycle timeout')) : Math.min(intervalMs, 120_000);

  const vaultAddr = need('vault-addr', 'VAULT_ADDR');
  parse('vault-addr', 'VAULT_ADDR', () => new URL(vaultAddr));
  const caCertFile = get('vault-cacert', 'VAULT_CACERT');
  const namespace = get('vault-namespace', 'VAULT_NAMESPACE');
  const esoTokenAccessor = get('eso-token-accessor', 'MTLSCTL_VERIFIER_ESO_TOKEN_ACCESSOR');
  if (esoTokenAccessor !== undefined && !/^[A-Za-z0-9._-]{1,128}$/.test(esoTokenAccessor)) throw new VerifierConfigError('--eso-token-accessor [MTLSCTL_VERIFIER_ESO_TOKEN_ACCESSOR] is not a token accessor');
  const auth = get('vault-auth', 'MTLSCTL_VAULT_AUTH', 'token')!;
  if (auth !== 'token' && auth !== 'kubernetes') throw new VerifierConfigError(`--vault-auth [MTLSCTL_VAULT_AUTH] must be token or kubernetes, not "${auth}"`);
  const kubernetesAuth =
    auth === 'kubernetes'
      ? {
          role: need('vault-auth-role', 'MTLSCTL_VAULT_AUTH_ROLE'),
          mount: get('vault-auth-mount', 'MTLSCTL_VAULT_AUTH_MOUNT', 'kubernetes')!,
          jwtFile: get('vault-jwt-file', 'MTLSCTL_VAULT_JWT_FILE', SERVICE_ACCOUNT_JWT)!,
        }
      : undefined;
  const vault = {
    addr: vaultAddr,
    tokenFile: get('vault-token-file', 'MTLSCTL_VERIFIER_VAULT_TOKEN_FILE', '/var/run/secrets/mtlsctl/vault-token')!,
    mount: get('vault-mount', 'MTLSCTL_VAULT_MOUNT', 'secret')!,
    prefix: get('vault-prefix', 'MTLSCTL_VAULT_PREFIX', 'pki')!,
    ...(caCertFile ? { caCertFile } : {}),
    ...(namespace ? { namespace } : {}),
    ...(esoTokenAccessor ? { esoTokenAccessor } : {}),
    ...(kubernetesAuth ? { kubernetesAuth } : {}),
  };

  const ref = (flag: string, fallback: string): ObjectRef => {
    const text = (values[flag] as string | undefined) ?? fallback;
    const [ns, name, extra] = text.split('/');
    if (!ns || !name || extra !== undefined) throw new VerifierConfigError(`--${flag} must be <namespace>/<name>, not "${text}"`);
    return { namespace: ns, name };
  };
  // KUBECONFIG (a list, as kubectl reads it) is left to the kubeconfig loader; only the flag is an explicit file
  const kubeconfig = values['kubeconfig'] as string | undefined;
  const context = values['context'] as string | undefined;
  const cluster = values['no-cluster']
    ? undefined
    : {
        ...(kubeconfig ? { kubeconfig } : {}),
        ...(context ? { context } : {}),
        storeName: (values['store-name'] as string | undefined) ?? 'nas-vault',
        externalSecret: ref('external-secret', 'haproxy-controller/sync-ca-from-nas'),
        targetSecretName: (values['secret-name'] as string | undefined) ?? 'client-ca-cert',
        controllerConfigMap: ref('controller-configmap', 'haproxy-controller/haproxy-kubernetes-ingress'),
        writeDenyRules: !values['no-write-deny-rules'],
      };

  const probeUrl = get('probe-url', 'MTLSCTL_VERIFIER_PROBE_URL');
  let probe: VerifierConfig['probe'];
  if (probeUrl) {
    parse('probe-url', 'MTLSCTL_VERIFIER_PROBE_URL', () => {
      if (new URL(probeUrl).protocol !== 'https:') throw new Error('must be an https:// URL');
    });
    const caFile = get('probe-ca', 'MTLSCTL_VERIFIER_PROBE_CA');
    const servername = get('probe-servername', 'MTLSCTL_VERIFIER_PROBE_SERVERNAME');
    probe = {
      url: probeUrl,
      certFile: need('probe-cert', 'MTLSCTL_VERIFIER_PROBE_CERT'),
      keyFile: need('probe-key', 'MTLSCTL_VERIFIER_PROBE_KEY'),
      ...(caFile ? { caFile } : {}),
      ...(servername ? { servername } : {}),
    };
  }
  const logLevel = get('log-level', 'MTLSCTL_VERIFIER_LOG_LEVEL', 'info')!;
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) throw new VerifierConfigError(`--log-level must be debug, info, warn or error, not "${logLevel}"`);
  return { listen, intervalMs, jitter, retryBaseMs: Math.min(5000, intervalMs), cycleTimeoutMs, vault, ...(cluster ? { cluster } : {}), ...(probe ? { probe } : {}), logLevel: logLevel as LogLevel };
}
