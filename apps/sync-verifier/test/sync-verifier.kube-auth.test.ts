import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { renderVerifierManifests } from '@mtlsctl/monitoring';
import { startKubeApiserver, type KubeApiserver } from '@mtlsctl/peers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createJsonLogger } from '../src/json-logger.js';
import { startSyncVerifier, type RunningSyncVerifier } from '../src/start-sync-verifier.js';
import { loadVerifierConfig } from '../src/verifier-config.js';
import { startBaoPki, type BaoPki } from './bao-pki.js';

/**
 * The daemon's Vault login by Vault's Kubernetes auth method: real OpenBao with the kubernetes auth method
 * configured against the real kube-apiserver, whose TokenReview checks the service-account token the daemon
 * sends (a projected-style token with the audience `vault`, as `mtlsctl k8s manifests --verifier
 * --verifier-vault-auth kubernetes` mounts it). The role's tokens live 8 s at most (token_max_ttl), so a daemon
 * that did not log in again before expiry would be refused within a few cycles.
 */
let pki: BaoPki;
let kube: KubeApiserver;
let verifier: RunningSyncVerifier | undefined;
const logs: string[] = [];
const jwts: Record<string, string> = {};

const metrics = async () => (await fetch(`http://127.0.0.1:${verifier!.port}/metrics`)).text();
const gauge = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};
const vaultErrors = (text: string) => text.split('\n').filter((l) => l.startsWith('mtlsctl_verification_source_errors_total{source="vault"'));
const logins = () => logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['msg'] === 'logged in to Vault by Kubernetes auth');
const kubectl = async (args: string[]) => {
  const result = await kube.kubectl(args);
  expect(result.code, result.stderr.toString()).toBe(0);
  return result.stdout.toString('utf8').trim();
};
async function start(jwtFile: string): Promise<RunningSyncVerifier> {
  const config = loadVerifierConfig(
    ['--listen', '127.0.0.1:0', '--interval', '500ms', '--jitter', '0', '--no-cluster', '--vault-auth', 'kubernetes', '--vault-jwt-file', jwtFile],
    {
      VAULT_ADDR: pki.bao.addr,
      MTLSCTL_VAULT_AUTH_ROLE: 'verifier',
    },
  );
  return startSyncVerifier(config, { log: createJsonLogger({ write: (l) => void logs.push(l) }) });
}

beforeAll(async () => {
  [pki, kube] = await Promise.all([startBaoPki({ alice: 30, bob: 30 }), startKubeApiserver({ esoCrds: false, namespaces: ['mtlsctl'] })]);
  await kubectl(['create', 'serviceaccount', 'mtlsctl-sync-verifier', '-n', 'mtlsctl']);
  await kubectl(['create', 'serviceaccount', 'someone-else', '-n', 'mtlsctl']);
  for (const account of ['mtlsctl-sync-verifier', 'someone-else']) {
    jwts[account] = await kubectl(['create', 'token', account, '-n', 'mtlsctl', '--audience', 'vault', '--duration=1h']);
    await writeFile(join(pki.bao.dir, `${account}.jwt`), `${jwts[account]}\n`, { mode: 0o600 });
  }
  await pki.bao.cli(['auth', 'enable', 'kubernetes']);
  await pki.bao.cli([
    'write',
    'auth/kubernetes/config',
    `kubernetes_host=${kube.url}`,
    `kubernetes_ca_cert=${kube.caPem}`,
    `token_reviewer_jwt=${kube.tokens.admin}`,
  ]);
  await pki.bao.cli([
    'write',
    'auth/kubernetes/role/verifier',
    'bound_service_account_names=mtlsctl-sync-verifier',
    'bound_service_account_namespaces=mtlsctl',
    'audience=vault',
    'token_policies=mtlsctl-verifier',
    'token_ttl=8s',
    'token_max_ttl=8s',
  ]);
}, 300_000);
afterEach(async () => {
  await verifier?.stop();
  verifier = undefined;
});
afterAll(async () => {
  await Promise.all([pki?.stop(), kube?.stop()]);
});

describe('mtlsctl-sync-verifier --vault-auth kubernetes', () => {
  it('logs in with its service-account token (TokenReview) and logs in again before the token expires', async () => {
    logs.length = 0;
    verifier = await start(join(pki.bao.dir, 'mtlsctl-sync-verifier.jwt'));
    // three token lifetimes: each token is dead 8 s after its login, whatever renew-self asks for
    const deadline = Date.now() + 26_000;
    let cycles = 0;
    while (Date.now() < deadline) {
      await sleep(1000);
      const text = await metrics();
      if (gauge(text, 'mtlsctl_verification_source_up{source="vault"}') !== undefined) cycles++;
      expect(vaultErrors(text), logs.slice(-3).join('')).toEqual([]);
    }
    const text = await metrics();
    expect(gauge(text, 'mtlsctl_verification_source_up{source="vault"}')).toBe(1);
    expect(gauge(text, 'mtlsctl_inventory_certificates{status="active"}')).toBe(2);
    expect(cycles).toBeGreaterThan(15);
    const seen = logins();
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen[0]).toMatchObject({ ttlSeconds: 8, policies: expect.arrayContaining(['mtlsctl-verifier']) });
    expect(new Set(seen.map((l) => l['accessor'])).size).toBe(seen.length);
    const all = logs.join('');
    expect(all).toContain('"vaultAuth":"kubernetes (auth/kubernetes, role verifier, ');
    expect(all).not.toContain(jwts['mtlsctl-sync-verifier']!);
    expect(all).not.toMatch(/\bs\.[A-Za-z0-9]{20,}/);
  }, 60_000);

  it("is refused with another service account's token: the Vault source is down with the code, and it keeps serving", async () => {
    logs.length = 0;
    verifier = await start(join(pki.bao.dir, 'someone-else.jwt'));
    for (let i = 0; i < 100 && vaultErrors(await metrics()).length === 0; i++) await sleep(200);
    const text = await metrics();
    expect(vaultErrors(text).join('\n')).toMatch(/code="VAULT_PERMISSION_DENIED"\} [1-9]/);
    expect(gauge(text, 'mtlsctl_verification_source_up{source="vault"}')).toBe(0);
    expect(logs.join('')).toMatch(/refused the kubernetes login at auth\/kubernetes\//);
    expect(logs.join('')).not.toContain(jwts['someone-else']!);
  }, 60_000);

  it('the manifests of this mode (projected token for audience vault, no token Secret) are accepted by the real apiserver', async () => {
    const objects = renderVerifierManifests({ vaultAddr: pki.bao.addr, vaultAuth: { kind: 'kubernetes', role: 'verifier' } }).filter(
      (o) => o.kind === 'Deployment',
    );
    const deployment = objects[0] as unknown as {
      spec: { template: { spec: { volumes: { projected?: { sources: { serviceAccountToken: { audience: string } }[] } }[] } } };
    };
    expect(deployment.spec.template.spec.volumes[0]?.projected?.sources[0]?.serviceAccountToken.audience).toBe('vault');
    const result = await kube.kubectl(['apply', '--dry-run=server', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) });
    expect(result.code, result.stderr.toString()).toBe(0);
    expect(result.stdout.toString()).toMatch(/deployment\.apps\/mtlsctl-sync-verifier created \(server dry run\)/);
  });
});
