import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRootCa, exportPrivateKeyPem, generateKeyPair, issueServerCertificate } from '@mtlsctl/pki-core';
import {
  baoBinary,
  makeTempDir,
  requestThroughHaproxy,
  runProcess,
  startBao,
  startEsoController,
  startHaproxy,
  startKubeApiserver,
  type BaoServer,
  type EsoController,
  type KubeApiserver,
  type TempDir,
} from '@mtlsctl/peers';
import { CLI } from './run-cli.js';

/**
 * The deployment guide (reference/seed-deployment-guide.md), run literally: its commands in order through bash,
 * `vault` played by the real OpenBao `bao` (the binary name swapped, nothing else), `kubectl` by the real kubectl
 * against a real kube-apiserver with ESO's CRDs, the real ESO controller syncing from bao over TLS, and mtlsctl
 * where the guide has its scripts. HAProxy: the haproxytech ingress controller cannot be built here (see
 * tools/go-peers/README.md), so a real haproxy is loaded with exactly what the controller would give it: the
 * synced Secret's tls.crt as ca-file and the controller ConfigMap's frontend-config-snippet.
 */
let work: TempDir;
let bao: BaoServer;
let kube: KubeApiserver;
let eso: EsoController;
let server: { certPem: string; keyPem: string; caPem: string };

/** Runs one of the guide's command lines with bash, as the admin (VAULT_ADDR/VAULT_TOKEN/KUBECONFIG set). */
async function sh(line: string, options: { env?: Record<string, string>; input?: string; expectFailure?: boolean } = {}): Promise<string> {
  const result = await runProcess('bash', ['-o', 'pipefail', '-c', line], {
    cwd: work.path,
    env: {
      PATH: `${join(work.path, 'bin')}:${process.env['PATH'] ?? ''}`,
      HOME: join(work.path, 'admin'),
      MTLSCTL_HOME: join(work.path, 'admin', 'store'),
      VAULT_ADDR: bao.addr,
      VAULT_TOKEN: bao.token,
      VAULT_CACERT: bao.caCertPath ?? '',
      KUBECONFIG: kube.kubeconfig,
      NODE_ENV: 'production',
      ...options.env,
    },
    ...(options.input !== undefined ? { input: options.input } : {}),
    timeoutMs: 120_000,
  });
  const out = result.stdout.toString('utf8');
  if (options.expectFailure) {
    expect(result.code, `${line} should fail:\n${out}`).not.toBe(0);
    return result.stderr;
  }
  expect(result.code, `${line}\nstdout: ${out}\nstderr: ${result.stderr}`).toBe(0);
  return out;
}

/** The trust HAProxy gets from the cluster: the synced Secret's tls.crt and the controller ConfigMap's snippet. */
async function ingressState(): Promise<{ tlsCrt: string; snippet: string }> {
  const tlsCrt = Buffer.from(await sh("kubectl get secret -n haproxy-controller client-ca-cert -o jsonpath='{.data.tls\\.crt}'"), 'base64').toString('utf8');
  const snippet = await sh("kubectl get configmap -n haproxy-controller haproxy-kubernetes-ingress -o jsonpath='{.data.frontend-config-snippet}'");
  return { tlsCrt, snippet };
}

/** Sends one request per identity through a haproxy loaded with the ingress state; returns the statuses. */
async function through(identities: Record<string, { pfx: Uint8Array; passphrase: string } | { cert: string; key: string }>) {
  const { tlsCrt, snippet } = await ingressState();
  const haproxy = await startHaproxy({ certPem: server.certPem, keyPem: server.keyPem, caFilePem: tlsCrt, denyRules: snippet });
  try {
    const results: Record<string, number | string> = {};
    for (const [name, id] of Object.entries(identities)) {
      const r = await requestThroughHaproxy({ port: haproxy.port, ca: server.caPem, ...id });
      results[name] = r.status ?? r.errorCode ?? 'refused';
    }
    return results;
  } finally {
    await haproxy.close();
  }
}

/** Waits until the synced Secret's certificates are exactly `expected` (ESO refreshes every 5 s here). */
async function untilSecretIs(expected: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tlsCrt = await sh("kubectl get secret -n haproxy-controller client-ca-cert -o jsonpath='{.data.tls\\.crt}' 2>/dev/null || true");
    if (Buffer.from(tlsCrt, 'base64').toString('utf8') === expected) return;
    if (Date.now() > deadline) throw new Error(`the Secret did not become Vault's bundle within ${timeoutMs} ms\n${eso.logs().slice(-3000)}`);
    await sleep(500);
  }
}

beforeAll(async () => {
  work = await makeTempDir('mtlsctl-guide-');
  for (const dir of ['bin', 'admin', 'alice', 'olduser']) await mkdir(join(work.path, dir), { recursive: true, mode: 0o700 });
  [bao, kube] = await Promise.all([startBao({ tls: true }), startKubeApiserver({ namespaces: ['haproxy-controller', 'external-secrets'] })]);
  // The guide's tools by their names: vault (= bao), kubectl, mtlsctl (where the guide runs its scripts).
  await symlink(baoBinary(), join(work.path, 'bin', 'vault'));
  await symlink(kube.binary, join(work.path, 'bin', 'kubectl'));
  await writeFile(join(work.path, 'bin', 'mtlsctl'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
  eso = await startEsoController(kube.kubeconfig);
  const caKeys = await generateKeyPair('p256');
  const caPem = await createRootCa({ subject: 'CN=ingress server CA', keys: caKeys, now: new Date() });
  const keys = await generateKeyPair('p256');
  const certPem = await issueServerCertificate({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], publicKey: keys.publicKey, issuer: { certificatePem: caPem, privateKey: caKeys.privateKey }, now: new Date() });
  server = { certPem, keyPem: await exportPrivateKeyPem(keys.privateKey), caPem };
}, 300_000);
afterAll(async () => {
  await eso?.stop();
  await kube?.stop();
  await bao?.stop();
  await work?.remove();
});

describe('the deployment guide, literally, against bao, kube-apiserver, ESO and haproxy', () => {
  let esoToken: string;
  let alice: { pfx: Uint8Array; passphrase: string };

  it('step 1: KV v2, the eso-pki-reader policy and its token', async () => {
    await sh('vault secrets disable secret'); // the dev server pre-mounts secret/; the guide starts without it
    await sh('vault secrets enable -version=2 -path=secret kv');
    await sh('vault policy write eso-pki-reader -', { input: 'path "secret/data/pki/ca" {\n  capabilities = ["read"]\n}\n' });
    const created = await sh('vault token create -policy=eso-pki-reader -ttl=8760h');
    esoToken = /^token\s+(\S+)$/m.exec(created)?.[1] ?? '';
    expect(esoToken).not.toBe('');
    await writeFile(join(work.path, 'eso.token'), `${esoToken}\n`, { mode: 0o600 });
  });

  it('step 2: mtlsctl ca init --store vault; the CA is in Vault, readable by ESO, its key and the clients not', async () => {
    await sh('mtlsctl ca init --store vault --subject "CN=NAS client CA"');
    expect(await sh('vault kv get secret/pki/ca')).toMatch(/tls\.crt\s+-----BEGIN CERTIFICATE-----/);
    const asEso = { VAULT_TOKEN: esoToken };
    expect(await sh('vault kv get -field=tls.crt secret/pki/ca', { env: asEso })).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(await sh('vault kv get secret/pki/ca-key', { env: asEso, expectFailure: true })).toMatch(/permission denied/);
    expect(await sh('vault kv list secret/pki/clients', { env: asEso, expectFailure: true })).toMatch(/permission denied/);
  });

  // --field-manager=mtlsctl as the README says: kubectl's own manager would own the ExternalSecret's atomic spec.data list,
  // and a later `mtlsctl k8s apply` would (rightly) report that conflict instead of taking it over.
  it('step 3: mtlsctl k8s manifests | kubectl apply --server-side; ESO syncs the bundle into the ingress namespace', async () => {
    await sh(`mtlsctl k8s manifests --vault-server ${bao.addr} --vault-cacert ${bao.caCertPath} --eso-token-file eso.token --refresh-interval 5s | kubectl apply --server-side --field-manager=mtlsctl -f -`);
    await sh('kubectl wait --for=condition=Ready clustersecretstore/nas-vault --timeout=90s');
    await sh('kubectl wait --for=condition=Ready -n haproxy-controller externalsecret/sync-ca-from-nas --timeout=90s');
    expect(await sh('kubectl get externalsecret -n haproxy-controller sync-ca-from-nas')).toMatch(/sync-ca-from-nas\s+ClusterSecretStore\s+nas-vault\s+5s\s+SecretSynced\s+True/);
    expect(await sh('kubectl get secret -n haproxy-controller client-ca-cert')).toMatch(/client-ca-cert\s+Opaque\s+1/);
    await untilSecretIs(await sh('vault kv get -field=tls.crt secret/pki/ca'));
    await sh(`mtlsctl k8s apply --store vault --vault-server ${bao.addr} --vault-cacert ${bao.caCertPath} --refresh-interval 5s`);
    const status = JSON.parse(await sh('mtlsctl k8s status --store vault --refresh-interval 5s --json')) as { inSync: boolean };
    expect(status.inSync).toBe(true);
  });

  it('step 4: a user gets a certificate, downloads it with their own token, and HAProxy accepts it', async () => {
    await sh('mtlsctl user issue alice --store vault --email alice@example.com');
    const userToken = JSON.parse(await sh('mtlsctl vault user-token alice --json')) as { token: string };
    const asAlice = { HOME: join(work.path, 'alice'), VAULT_TOKEN: '' };
    await sh('vault login -no-print -', { env: asAlice, input: userToken.token });
    await sh('cd ~ && vault kv get -field=p12 secret/pki/clients/alice | base64 -d > alice.p12', { env: asAlice });
    const password = await sh('vault kv get -field=password secret/pki/clients/alice', { env: asAlice });
    expect(await sh('vault kv get secret/pki/clients/bob', { env: asAlice, expectFailure: true })).toMatch(/permission denied/);
    const p12 = join(work.path, 'alice', 'alice.p12');
    expect(await sh(`openssl pkcs12 -in ${p12} -passin env:P12_PASSWORD -nokeys -clcerts | openssl x509 -noout -subject`, { env: { P12_PASSWORD: password } })).toMatch(/CN ?= ?alice/);
    alice = { pfx: await readFile(p12), passphrase: password };
    expect(await through({ alice })).toEqual({ alice: 200 });
  });

  it('step 5: migration — trust the old CA, both generations get in, retire it, only the new one does', async () => {
    const dir = join(work.path, 'olduser');
    await writeFile(join(dir, 'leaf.cnf'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n');
    await sh(`cd ${dir} && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc -keyout old-ca.key -out old-ca.crt -days 30 -subj "/CN=Old system CA" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null`);
    await sh(`cd ${dir} && openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc -keyout olduser.key -out olduser.csr -subj /CN=olduser 2>/dev/null && openssl x509 -req -in olduser.csr -CA old-ca.crt -CAkey old-ca.key -CAcreateserial -days 10 -extfile leaf.cnf -out olduser.crt 2>/dev/null`);
    const olduser = { cert: await readFile(join(dir, 'olduser.crt'), 'utf8'), key: await readFile(join(dir, 'olduser.key'), 'utf8') };

    await sh(`mtlsctl ca trust add ${join(dir, 'old-ca.crt')} --store vault`);
    const both = await sh('vault kv get -field=tls.crt secret/pki/ca');
    expect(both.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    await untilSecretIs(both);
    expect(await through({ alice, olduser })).toEqual({ alice: 200, olduser: 200 });

    const fingerprint = (await sh(`openssl x509 -in ${join(dir, 'old-ca.crt')} -noout -fingerprint -sha256`)).replace(/^.*=/, '').replace(/:/g, '').trim().toLowerCase();
    await sh(`mtlsctl ca retire ${fingerprint} --store vault --force --yes`);
    const only = await sh('vault kv get -field=tls.crt secret/pki/ca');
    expect(only.match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
    await untilSecretIs(only);
    const after = await through({ alice, olduser });
    expect(after['alice']).toBe(200);
    expect(after['olduser']).not.toBe(200);
  });

  it('revocation reaches the ingress: user revoke, k8s apply, and the ConfigMap snippet refuses the user', async () => {
    await sh('mtlsctl user revoke alice --store vault --reason keyCompromise --yes');
    await sh(`mtlsctl k8s apply --store vault --vault-server ${bao.addr} --vault-cacert ${bao.caCertPath} --refresh-interval 5s`);
    expect((await ingressState()).snippet).toContain((await sh('mtlsctl crl show --store vault --haproxy-deny')).trimEnd());
    expect(await through({ alice })).toEqual({ alice: 403 });
    expect(JSON.parse(await sh('mtlsctl k8s status --store vault --refresh-interval 5s --json')).inSync).toBe(true);
  });
});
