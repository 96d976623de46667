import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeTempDir, promtool, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

let home: TempDir;
const cli = (...args: string[]) => runCli(args, { env: { HOME: home.path, MTLSCTL_HOME: join(home.path, 'store') }, cwd: home.path });

beforeAll(async () => {
  home = await makeTempDir('mtlsctl-monitor-');
  for (const args of [
    ['ca', 'init', '--subject', 'CN=Monitor CA'],
    ['user', 'issue', 'alice', '--email', 'alice@example.com', '--validity', '10d'],
    ['user', 'issue', 'bob', '--email', 'bob@example.com', '--validity', '1y'],
  ]) {
    const result = await cli(...args);
    expect(result.code, result.stderr).toBe(0);
  }
});
afterAll(async () => {
  await home.remove();
});

describe('mtlsctl monitor expiry', () => {
  it('lists what expires within the window from notAfter and exits 9 (for cron)', async () => {
    const result = await cli('monitor', 'expiry');
    expect(result.code, result.stderr).toBe(9);
    expect(result.stdout).toMatch(/^KIND\s+NAME\s+EXPIRES\s+DAYS LEFT\s+ID\nclient\s+alice\s+\d{4}-\d\d-\d\d\s+(9|10)\s+[0-9a-f]+\n$/);
  });

  it('--json lists the same, and a window that ends earlier finds nothing (exit 0)', async () => {
    const json = await cli('monitor', 'expiry', '--json');
    expect(json.code).toBe(9);
    expect(json.json<{ expiring: { kind: string; name: string }[] }>().expiring.map((i) => [i.kind, i.name])).toEqual([['client', 'alice']]);
    const narrow = await cli('monitor', 'expiry', '--within', '5d', '--json');
    expect(narrow.code).toBe(0);
    expect(narrow.json()).toEqual({ withinDays: 5, crlWithinDays: 7, expiring: [], store: `directory ${join(home.path, 'store')}` });
  });

  it("counts the CRL's nextUpdate in its own window (CRLs are published for 30 days)", async () => {
    const result = await cli('monitor', 'expiry', '--within', '5d', '--crl-within', '31d', '--json');
    expect(result.code).toBe(9);
    expect(result.json<{ expiring: { kind: string; name: string }[] }>().expiring).toMatchObject([{ kind: 'crl', name: 'CN=Monitor CA' }]);
  });

  it('is quiet once the user is renewed', async () => {
    expect((await cli('user', 'renew', 'alice')).code).toBe(0);
    const result = await cli('monitor', 'expiry');
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toBe('Nothing expires within 30 days (CRLs: 7 days).\n');
  });

  it('refuses a window that is not a duration (exit 2)', async () => {
    const result = await cli('monitor', 'expiry', '--within', 'soon');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/"soon" is not a duration/);
  });
});

describe('mtlsctl monitor rules', () => {
  it('prints a PrometheusRule by default, with the operator labels asked for', async () => {
    const result = await cli('monitor', 'rules', '--namespace', 'monitoring', '--label', 'release=kube-prometheus-stack');
    expect(result.code, result.stderr).toBe(0);
    const object = parse(result.stdout);
    expect(object).toMatchObject({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { namespace: 'monitoring', labels: { release: 'kube-prometheus-stack' } } });
    expect(object.spec.groups[0].rules.map((r: { alert: string }) => r.alert)).toContain('MtlsctlCrlStale');
  });

  it('-o writes a rules file promtool accepts, with the windows from the flags', async () => {
    const file = join(home.path, 'mtlsctl.rules.yml');
    const result = await cli('monitor', 'rules', '--format', 'rules', '-o', file, '--client-warning', '21d', '--client-critical', '3d');
    expect(result.code, result.stderr).toBe(0);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const check = await promtool(['check', 'rules', file]);
    expect(check.ok, check.output).toBe(true);
    const rules = parse(await readFile(file, 'utf8')).groups[0].rules as { alert: string; expr: string }[];
    expect(rules.find((r) => r.alert === 'MtlsctlClientCertificateExpiringSoon')?.expr).toBe(
      '(mtlsctl_client_certificate_expiry_timestamp_seconds - time()) < 1814400 and (mtlsctl_client_certificate_expiry_timestamp_seconds - time()) >= 259200',
    );
    const again = await cli('monitor', 'rules', '-o', file);
    expect(again.code).toBe(4);
  });

  it.each([
    [['--client-warning', '7d', '--client-critical', '7d'], /client critical window \(7d\) must be shorter than the warning window \(7d\)/],
    [['--external-secret', 'nothing'], /--external-secret must be <namespace>\/<name>/],
    [['--label', 'novalue'], /--label must be key=value/],
    [['--format', 'json'], /Expected --format=json to be one of/],
  ])('refuses %j with exit 2', async (args, message) => {
    const result = await cli('monitor', 'rules', ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('mtlsctl k8s manifests --verifier', () => {
  it("adds the verifier's objects, with RBAC naming the layout's objects", async () => {
    const result = await runCli(['k8s', 'manifests', '--vault-server', 'https://nas-vault:8200', '--verifier', '--secret-name', 'ca-bundle', '--json'], { env: { HOME: home.path }, cwd: home.path });
    expect(result.code, result.stderr).toBe(0);
    const { objects } = result.json<{ objects: { kind: string; metadata: { name: string }; rules?: { resourceNames: string[] }[] }[] }>();
    expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['ClusterSecretStore', 'ExternalSecret', 'ServiceAccount', 'Role', 'Deployment', 'Service', 'ServiceMonitor', 'PrometheusRule']));
    const role = objects.find((o) => o.kind === 'Role')!;
    expect(role.rules!.flatMap((r) => r.resourceNames)).toEqual(['sync-ca-from-nas', 'ca-bundle', 'haproxy-kubernetes-ingress']);
  });

  it('--verifier-vault-auth kubernetes: a projected service-account token for the audience, no token Secret', async () => {
    const args = ['k8s', 'manifests', '--vault-server', 'https://nas-vault:8200', '--verifier', '--verifier-vault-auth', 'kubernetes', '--verifier-vault-role', 'verifier', '--verifier-vault-audience', 'nas-vault', '--json'];
    const result = await runCli(args, { env: { HOME: home.path }, cwd: home.path });
    expect(result.code, result.stderr).toBe(0);
    // biome-ignore lint/suspicious/noExplicitAny: the test reads deep fields of the rendered Deployment
    const deployment = result.json<{ objects: { kind: string; spec: any }[] }>().objects.find((o) => o.kind === 'Deployment')!;
    const pod = deployment.spec.template.spec;
    expect(pod.volumes[0].projected.sources[0].serviceAccountToken).toEqual({ audience: 'nas-vault', expirationSeconds: 3600, path: 'token' });
    expect(pod.containers[0].env).toEqual(expect.arrayContaining([{ name: 'MTLSCTL_VAULT_AUTH', value: 'kubernetes' }, { name: 'MTLSCTL_VAULT_AUTH_ROLE', value: 'verifier' }]));
    const missing = await runCli(['k8s', 'manifests', '--vault-server', 'https://nas-vault:8200', '--verifier', '--verifier-vault-auth', 'kubernetes'], { env: { HOME: home.path }, cwd: home.path });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--verifier-vault-auth kubernetes needs --verifier-vault-role/);
  });
});
