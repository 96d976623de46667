import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, startBao, type BaoServer, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

/** `mtlsctl doctor` run as an admin would: on the directory store, and on a real OpenBao over TLS. */
let home: TempDir;
let bao: BaoServer;
const dirEnv = () => ({ HOME: home.path, MTLSCTL_HOME: join(home.path, 'store') });
const vaultEnv = (over: Record<string, string> = {}) => ({ HOME: home.path, MTLSCTL_STORE: 'vault', VAULT_ADDR: bao.addr, VAULT_TOKEN: bao.token, VAULT_CACERT: bao.caCertPath!, ...over });

interface Report {
  ok: boolean;
  store: string;
  checks: { id: string; status: string; fix?: string }[];
}

beforeAll(async () => {
  home = await makeTempDir('mtlsctl-cli-doctor-');
  // An audit device declared in the server config, as OpenBao requires.
  bao = await startBao({ tls: true, config: `audit "file" "audit" {\n  options {\n    file_path = "${join(home.path, 'audit.log')}"\n  }\n}\n` });
});
afterAll(async () => {
  await bao?.stop();
  await home?.remove();
});

describe('mtlsctl doctor', () => {
  it('on an empty directory store: ✗ CA present with its fix, Vault not applicable, exit 9', async () => {
    const result = await runCli(['doctor'], { env: dirEnv() });
    expect(result.code).toBe(9);
    expect(result.stdout).toMatch(/– Vault\s+not applicable: the store is the directory /);
    expect(result.stdout).toMatch(/✗ CA present\s+the store has no CA record/);
    expect(result.stdout).toMatch(/\n {2}fix: mtlsctl ca init/);
    expect(result.stdout).toMatch(/– Cluster sync \(ESO, Secret, ingress\)\s+not checked/);
  });

  it('on a healthy directory store: exit 0, and --json lists every check', async () => {
    expect((await runCli(['ca', 'init', '--subject', 'CN=Doctor dir CA'], { env: dirEnv() })).code).toBe(0);
    const result = await runCli(['doctor', '--json'], { env: dirEnv() });
    expect(result.code, result.stdout).toBe(0);
    const report = result.json<Report>();
    expect(report).toMatchObject({ ok: true, store: 'directory' });
    expect(report.checks.map((c) => c.id)).toEqual(['vault', 'ca.present', 'ca.key', 'ca.valid', 'ca.expiry', 'crl.present', 'crl.coverage', 'crl.current', 'crl.next-update', 'cluster']);
  });

  it('on OpenBao over TLS after `vault init` and `ca init`: no ✗, the ESO token checked too', async () => {
    expect((await runCli(['vault', 'init', '--eso-token-file', 'eso.token'], { env: vaultEnv(), cwd: home.path })).code).toBe(0);
    expect((await runCli(['ca', 'init', '--subject', 'CN=Doctor Vault CA'], { env: vaultEnv() })).code).toBe(0);
    const result = await runCli(['doctor', '--eso-token-file', 'eso.token'], { env: vaultEnv(), cwd: home.path });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/✓ Server type and version\s+OpenBao 2\./);
    expect(result.stdout).toMatch(/✓ Audit device enabled\s+audit\/ \(file\)/);
    expect(result.stdout).toMatch(/✓ ESO token valid, TTL/);
    expect(result.stdout).toMatch(/✓ eso token on secret\/data\/pki\/ca-key\s+CA private key: must not read,list; granted deny/);
    expect(result.stdout).not.toContain((await readFile(join(home.path, 'eso.token'), 'utf8')).trim());
  });

  it("without VAULT_CACERT: ✗ Vault's certificate, the fix sets VAULT_CACERT, exit 9", async () => {
    const result = await runCli(['doctor', '--json'], { env: vaultEnv({ VAULT_CACERT: '' }) });
    expect(result.code).toBe(9);
    const tls = result.json<Report>().checks.find((c) => c.id === 'vault.tls');
    expect(tls).toMatchObject({ status: 'fail', fix: expect.stringMatching(/export VAULT_CACERT=/) });
  });

  it('without VAULT_ADDR: ✗ Vault configured, exit 9 (a finding, not a crash)', async () => {
    const result = await runCli(['doctor'], { env: vaultEnv({ VAULT_ADDR: '' }) });
    expect(result.code).toBe(9);
    expect(result.stdout).toMatch(/✗ Vault configured\s+VAULT_ADDR is not set/);
  });

  it('a bad --role is a usage error (exit 2)', async () => {
    const result = await runCli(['doctor', '--role', 'nobody'], { env: dirEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--role must be admin, verifier, eso or user:<name>/);
  });
});
