import { access, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeTempDir, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

// The commands whose output moved into render/<topic>.ts: their --json documents keep their fields in their order,
// their text keeps its lines; and the flag checks that moved into parsers and oclif still exit 2 with one line.

let home: TempDir;
const store = () => join(home.path, 'store');
const cli = (...args: string[]) => runCli(args, { env: { HOME: home.path, MTLSCTL_HOME: store(), MTLSCTL_BACKUP_PASSPHRASE: 'correct-horse-battery' }, cwd: home.path });

beforeAll(async () => {
  home = await makeTempDir('mtlsctl-render-');
  for (const args of [
    ['ca', 'init', '--subject', 'CN=Render CA'],
    ['user', 'issue', 'alice', '--email', 'alice@example.com'],
    ['user', 'issue', 'bob', '--email', 'bob@example.com'],
    ['user', 'revoke', 'bob', '--yes'],
  ]) {
    const result = await cli(...args);
    expect(result.code, result.stderr).toBe(0);
  }
  await writeFile(join(home.path, 'bundle.pem'), (await cli('bundle', 'show', '--pem')).stdout);
});
afterAll(async () => {
  await home.remove();
});

describe('rendered results', () => {
  it('bundle diff: "Same CAs." and exit 0, or the +/- lines and exit 9 with the same --json document', async () => {
    const same = await cli('bundle', 'diff', 'bundle.pem');
    expect([same.code, same.stdout]).toEqual([0, 'Same CAs.\n']);
    const sameJson = await cli('bundle', 'diff', 'bundle.pem', '--json');
    expect(Object.keys(sameJson.json())).toEqual(['same', 'added', 'removed', 'store']);
    await writeFile(join(home.path, 'empty.pem'), '');
    const differ = await cli('bundle', 'diff', 'empty.pem');
    expect(differ.code).toBe(9);
    expect(differ.stdout).toMatch(/^\+ CN=Render CA \(CA\)\n {4}valid .+\n {4}sha256 [0-9a-f]{64}\n {2}0 certificates unchanged\n\n$/);
    const differJson = await cli('bundle', 'diff', 'empty.pem', '--json');
    expect(differJson.code).toBe(9);
    const doc = differJson.json<{ same: boolean; added: { fingerprint: string; subject: string }[]; removed: unknown[] }>();
    expect(doc).toEqual({ same: false, added: [{ fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/), subject: 'CN=Render CA' }], removed: [] });
  });

  it('crl update and ca backup: one line in text, their fields in order in --json', async () => {
    const crl = await cli('crl', 'update', '--validity', '14d');
    expect(crl.code, crl.stderr).toBe(0);
    expect(crl.stdout).toMatch(/^Published CRL #\d+ for 1 CA\(s\), 1 revoked, next update \d{4}-\d\d-\d\dT[\d:.]+Z\.\n$/);
    const crlJson = await cli('crl', 'update', '--json');
    expect(Object.keys(crlJson.json())).toEqual(['crlNumber', 'nextUpdate', 'revoked', 'coveredCas', 'uncoveredCas', 'store']);
    const backup = await cli('ca', 'backup', '-o', 'backup.json');
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up \d+ records to backup\.json \(mode 0600\)\.\n$/);
    const backupJson = await cli('ca', 'backup', '-o', 'backup2.json', '--json');
    expect(Object.keys(backupJson.json())).toEqual(['file', 'records', 'store']);
  });

  it('user download: the line for each shape, the password handed over once, a warning for a revoked certificate', async () => {
    const pem = await cli('user', 'download', 'alice', '--format', 'pem', '-o', 'alice.pem', '--json');
    expect(Object.keys(pem.json())).toEqual(['username', 'file', 'format', 'status', 'notAfter', 'store']);
    const withFile = await cli('user', 'download', 'alice', '-o', 'alice.p12', '--password-file', 'alice.pass');
    expect(withFile.stdout).toBe('Wrote alice.p12 (mode 0600); its password is in alice.pass.\n');
    const withFileJson = await cli('user', 'download', 'alice', '-o', 'alice2.p12', '--password-file', 'alice2.pass', '--json');
    expect(Object.keys(withFileJson.json())).toEqual(['username', 'file', 'format', 'passwordFile', 'status', 'notAfter', 'store']);
    const shown = await cli('user', 'download', 'alice', '-o', 'alice3.p12', '--json');
    expect(Object.keys(shown.json())).toEqual(['username', 'file', 'format', 'password', 'status', 'notAfter', 'store']);
    const revoked = await cli('user', 'download', 'bob', '--format', 'pem', '-o', 'bob.pem');
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toBe('Wrote bob.pem (certificate, CA certificate, private key; mode 0600).\n');
    expect(revoked.stderr.split('\n')[0]).toBe('warning: this certificate is revoked: servers will refuse it.');
  });

  it('vault policies: bare HCL for one, headers for all, nothing with --quiet; the same policies in --json', async () => {
    const one = await cli('vault', 'policies', 'eso-pki-reader');
    expect(one.stdout).toMatch(/^# eso-pki-reader: [^\n]+\n[\s\S]+\}\n$/);
    const all = await cli('vault', 'policies');
    expect(all.stdout.match(/^# --- [\w-]+ ---$/gm)).toEqual(['# --- eso-pki-reader ---', '# --- mtlsctl-admin ---', '# --- mtlsctl-verifier ---']);
    expect((await cli('vault', 'policies', '-q')).stdout).toBe('');
    const json = await cli('vault', 'policies', 'eso-pki-reader', '--json');
    expect(json.json()).toEqual({ policies: { 'eso-pki-reader': `${one.stdout.trimEnd()}\n` } });
  });

  it('k8s manifests, monitor rules and bundle show --pem print their document, --quiet included', async () => {
    const yaml = await cli('k8s', 'manifests', '--vault-server', 'https://vault.example:8200');
    expect(yaml.code, yaml.stderr).toBe(0);
    expect(yaml.stdout.endsWith('\n') && !yaml.stdout.endsWith('\n\n')).toBe(true);
    expect((await cli('k8s', 'manifests', '--vault-server', 'https://vault.example:8200', '-q')).stdout).toBe(yaml.stdout);
    const list = await cli('k8s', 'manifests', '--vault-server', 'https://vault.example:8200', '-o', 'json');
    expect(list.json<{ kind: string; items: unknown[] }>().kind).toBe('List');
    const json = await cli('k8s', 'manifests', '--vault-server', 'https://vault.example:8200', '--json');
    expect(json.json<{ objects: unknown[] }>().objects).toEqual(list.json<{ items: unknown[] }>().items);
    const tlsCrt = await cli('bundle', 'show', '--pem', '-q');
    expect(tlsCrt.stdout).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
    expect((await cli('bundle', 'show', '--json')).json<{ tlsCrt: string }>().tlsCrt).toBe(tlsCrt.stdout);
    const rules = await cli('monitor', 'rules', '-q');
    expect(parse(rules.stdout)).toMatchObject({ kind: 'PrometheusRule' });
    expect(rules.stdout.endsWith('\n') && !rules.stdout.endsWith('\n\n')).toBe(true);
    const toFile = await cli('monitor', 'rules', '--format', 'rules', '-o', 'rules.yml');
    expect(toFile.stdout).toBe('Wrote rules.yml (rules).\n');
  });
});

describe('flag checks moved into parsers and oclif', () => {
  it.each([
    [['ca', 'rotate', '--same-subject', '--subject', 'CN=Other'], 'error: --same-subject cannot be used with --subject=CN=Other (see --help)'],
    [['k8s', 'manifests', '--vault-server', 'https://v:8200', '--eso-token-accessor', 'abc'], 'error: --eso-token-accessor needs --verifier (see --help)'],
    [['k8s', 'manifests', '--vault-server', 'https://v:8200', '--verifier-vault-auth', 'kubernetes'], 'error: --verifier-vault-auth needs --verifier (see --help)'],
    [['verify', 'alice.p12', '--cluster', '--bundle', 'bundle.pem'], 'error: --cluster cannot be used with --bundle=bundle.pem (see --help)'],
    [['verify', 'alice.p12', '--crl', 'crl.pem'], 'error: --crl needs --bundle (see --help)'],
    [['user', 'renew', '--all', '--issuer', 'abcdef12'], 'error: --issuer cannot be used with --all=true (see --help)'],
    [['monitor', 'rules', '--label', 'novalue', '-o', 'bad.yml'], 'error: --label must be key=value, not "novalue" (see --help)'],
    [['monitor', 'rules', '--external-secret', 'a/b/c', '-o', 'bad.yml'], 'error: --external-secret must be <namespace>/<name>, not "a/b/c" (see --help)'],
  ])('%j: exit 2, one line, nothing written', async (args, line) => {
    const before = (await readdir(home.path)).sort();
    const ca = (await cli('ca', 'show', '--json')).stdout;
    const result = await cli(...args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${line}\n`);
    expect((await readdir(home.path)).sort()).toEqual(before);
    expect((await cli('ca', 'show', '--json')).stdout).toBe(ca);
    const json = await cli(...args, '--json');
    expect(json.code).toBe(2);
    expect(json.json()).toEqual({ error: { code: 'USAGE', kind: 'invalid-input', message: line.slice('error: '.length), exitCode: 2 } });
  });

  it('user issue and user revoke check the command line before they open the store', async () => {
    const empty = await makeTempDir('mtlsctl-render-nostore-');
    try {
      const env = { HOME: empty.path, MTLSCTL_HOME: join(empty.path, 'store') };
      const issue = await runCli(['user', 'issue', 'carol'], { env, cwd: empty.path });
      expect([issue.code, issue.stderr]).toEqual([2, 'error: --email is needed: mtlsctl user issue <username> --email <email>\n']);
      const revoke = await runCli(['user', 'revoke', 'carol', '--from', 'x.txt'], { env, cwd: empty.path });
      expect([revoke.code, revoke.stderr]).toEqual([2, 'error: give a username or --from <file>, not both\n']);
      await expect(access(join(empty.path, 'store'))).rejects.toThrow(/ENOENT/);
    } finally {
      await empty.remove();
    }
  });
});
