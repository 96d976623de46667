import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { startBackgroundProcess, waitUntilReady, type BackgroundProcess } from './background-process.js';
import { freePort } from './free-port.js';
import { esoCrdDir, goPeerBinary } from './go-peer-binary.js';
import { kubeServingCertificate } from './kube-serving-certificate.js';
import { writeKubeconfig } from './kubeconfig-file.js';
import { runProcess, type ProcessResult } from './run-process.js';
import { makeTempDir } from './temp-dir.js';

/** What {@link startKubeApiserver} sets up beyond the apiserver itself. */
export interface StartKubeApiserverOptions {
  /** Install ESO's CRDs (copied from the `eso` wrapper's module by the install script) and wait until they are served. Default true. */
  esoCrds?: boolean;
  /** Namespaces to create once it is up, e.g. `['haproxy-controller', 'external-secrets']`. Default none. */
  namespaces?: readonly string[];
  /** How long to wait for etcd and the apiserver to be ready (default 120 s: a loaded 2-core machine is slow). */
  startTimeoutMs?: number;
}

/** A running etcd + kube-apiserver on 127.0.0.1; `stop()` ends both and deletes their files. */
export interface KubeApiserver {
  /** `https://127.0.0.1:<port>` */
  url: string;
  /** The PEM of the test CA that signed the apiserver's serving certificate. */
  caPem: string;
  /** A kubeconfig (0600) for user `admin` (group `system:masters`), current context `admin`. */
  kubeconfig: string;
  /** A kubeconfig for user `limited`: may only read what `mtlsctl k8s status` reads (ClusterRole `mtlsctl-test-status-reader`). */
  limitedKubeconfig: string;
  /** Bearer tokens of the static token file. */
  tokens: { admin: string; limited: string };
  /** The built multi-call binary; `kubectl` runs it as kubectl. */
  binary: string;
  /** Runs the real kubectl against this apiserver (admin unless `kubeconfig` is given); never throws on a non-zero exit. */
  kubectl(args: readonly string[], options?: { input?: string; kubeconfig?: string }): Promise<ProcessResult>;
  /** The apiserver's and etcd's output so far. */
  logs(): string;
  /** Stops the kube-apiserver process only (etcd keeps the state): clients now get ECONNREFUSED. */
  stopApiserver(): Promise<void>;
  /** Starts it again on the same port with the same state, resolving once `/readyz` answers ok. */
  restartApiserver(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts etcd and kube-apiserver (built from k8s.io/kubernetes by `scripts/peers/install-go-peers.sh`) on free
 * 127.0.0.1 ports — what controller projects call envtest: a serving certificate from its own CA, RBAC
 * authorization, a static token file with an admin and a least-privilege user, kubeconfigs for both, and ESO's
 * CRDs installed. Start one per test file (it takes seconds) and stop it in `afterAll`.
 *
 * @param options - see {@link StartKubeApiserverOptions}
 * @throws GoPeerMissingError when the peer is not built, naming the install command
 * @example
 * const kube = await startKubeApiserver({ namespaces: ['haproxy-controller'] });
 * try { expect((await kube.kubectl(['get', 'crd'])).code).toBe(0); } finally { await kube.stop(); }
 */
export async function startKubeApiserver(options: StartKubeApiserverOptions = {}): Promise<KubeApiserver> {
  const binary = await goPeerBinary('kube');
  const crdDir = options.esoCrds === false ? undefined : await esoCrdDir();
  const timeoutMs = options.startTimeoutMs ?? 120_000;
  const dir = await makeTempDir('mtlsctl-kube-');
  const processes: BackgroundProcess[] = [];
  const stop = async () => {
    for (const p of processes.reverse()) await p.stop();
    await dir.remove();
  };
  try {
    const serving = await kubeServingCertificate(dir.path);
    const sa = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(join(dir.path, 'sa.key'), sa.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    await writeFile(join(dir.path, 'sa.pub'), sa.publicKey.export({ type: 'spki', format: 'pem' }));
    const tokens = { admin: randomBytes(24).toString('hex'), limited: randomBytes(24).toString('hex') };
    await writeFile(
      join(dir.path, 'tokens.csv'),
      `${tokens.admin},admin,uid-admin,"system:masters"\n${tokens.limited},limited,uid-limited\n`,
      { mode: 0o600 },
    );

    const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const etcd = startBackgroundProcess(binary, [
      'etcd',
      '--name=test',
      `--data-dir=${join(dir.path, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=test=http://127.0.0.1:${peerPort}`,
      '--log-level=warn',
      '--unsafe-no-fsync',
    ]);
    processes.push(etcd);
    await waitUntilReady('etcd', etcd, async () => (await getText(`${etcdUrl}/health`)).includes('"health":"true"'), timeoutMs);

    const apiserverArgs = [
      'kube-apiserver',
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${join(dir.path, 'certs')}`,
      `--tls-cert-file=${serving.certPath}`,
      `--tls-private-key-file=${serving.keyPath}`,
      `--client-ca-file=${serving.caPath}`,
      '--authorization-mode=RBAC',
      `--token-auth-file=${join(dir.path, 'tokens.csv')}`,
      '--anonymous-auth=false',
      '--service-cluster-ip-range=10.0.0.0/24',
      '--service-account-issuer=https://kubernetes.default.svc',
      `--service-account-key-file=${join(dir.path, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(dir.path, 'sa.key')}`,
      '--endpoint-reconciler-type=none',
      '--enable-priority-and-fairness=false',
      '--profiling=false',
      '--v=0',
    ];
    let apiserver = startBackgroundProcess(binary, apiserverArgs);
    const apiserverSlot = processes.push(apiserver) - 1;
    const url = `https://127.0.0.1:${apiPort}`;
    const apiserverReady = () => waitUntilReady('kube-apiserver', apiserver, async () => (await getText(`${url}/readyz`, serving.caPem, tokens.admin)) === 'ok', timeoutMs);
    await apiserverReady();

    const kubeconfig = await writeKubeconfig(join(dir.path, 'admin.kubeconfig'), { server: url, caPem: serving.caPem, user: 'admin', token: tokens.admin });
    const limitedKubeconfig = await writeKubeconfig(join(dir.path, 'limited.kubeconfig'), { server: url, caPem: serving.caPem, user: 'limited', token: tokens.limited });
    const kubectl: KubeApiserver['kubectl'] = (args, kubectlOptions = {}) =>
      runProcess(binary, ['kubectl', `--kubeconfig=${kubectlOptions.kubeconfig ?? kubeconfig}`, ...args], {
        ...(kubectlOptions.input !== undefined ? { input: kubectlOptions.input } : {}),
        timeoutMs: 120_000,
      });
    const must = async (args: readonly string[], input?: string) => {
      const result = await kubectl(args, input === undefined ? {} : { input });
      if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr.trim()}`);
    };
    await must(['apply', '--server-side', '--field-manager=mtlsctl-tests', '-f', '-'], JSON.stringify(limitedUserRbac));
    if (crdDir !== undefined) {
      const files = (await readdir(crdDir)).filter((f) => f.endsWith('.yaml')).sort();
      await must(['apply', '--server-side', '--field-manager=mtlsctl-tests', ...files.flatMap((f) => ['-f', join(crdDir, f)])]);
      await must(['wait', '--for=condition=Established', '--timeout=120s', 'crd', '--all']);
    }
    for (const namespace of options.namespaces ?? []) await must(['create', 'namespace', namespace]);
    return {
      url,
      caPem: serving.caPem,
      kubeconfig,
      limitedKubeconfig,
      tokens,
      binary,
      kubectl,
      logs: () => `--- etcd ---\n${etcd.logs()}\n--- kube-apiserver ---\n${apiserver.logs()}`,
      stopApiserver: () => apiserver.stop(),
      async restartApiserver() {
        await apiserver.stop();
        apiserver = startBackgroundProcess(binary, apiserverArgs);
        processes[apiserverSlot] = apiserver;
        await apiserverReady();
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The least-privilege user: reads what `mtlsctl k8s status` reads, writes nothing. */
const limitedUserRbac = {
  apiVersion: 'v1',
  kind: 'List',
  items: [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'mtlsctl-test-status-reader' },
      rules: [
        { apiGroups: [''], resources: ['secrets', 'configmaps', 'namespaces'], verbs: ['get', 'list'] },
        { apiGroups: ['external-secrets.io'], resources: ['externalsecrets', 'clustersecretstores'], verbs: ['get', 'list'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'mtlsctl-test-status-reader' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'mtlsctl-test-status-reader' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'limited' }],
    },
  ],
};

/** GET a URL and return its body ('' on any error status); https when `caPem` is given. */
function getText(url: string, caPem?: string, token?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const headers = token ? { authorization: `Bearer ${token}` } : {};
    const onResponse = (res: import('node:http').IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(res.statusCode === 200 ? Buffer.concat(chunks).toString('utf8') : ''));
    };
    const req = caPem ? request(url, { ca: caPem, headers, timeout: 5_000 }, onResponse) : httpRequest(url, { headers, timeout: 5_000 }, onResponse);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
