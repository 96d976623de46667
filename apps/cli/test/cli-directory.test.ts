import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { openssl, opensslResult } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';
import { sandbox, type Sandbox } from './sandbox.js';

/** A sandbox with alice, carol and mac issued and mac revoked, and its encrypted backup in backup.json (passphrase in the file `pass`). */
async function backedUp(): Promise<Sandbox> {
  const s = await sandbox({ users: ['alice', 'carol', 'mac'], revoked: ['mac'] });
  await writeFile(s.file('pass'), 'a long enough passphrase\n');
  const backup = await s.cli('ca', 'backup', '-o', 'backup.json', '--passphrase-file', 'pass');
  expect(backup.code, backup.stderr).toBe(0);
  return s;
}

describe('mtlsctl on the embedded directory store (deployment guide, steps 2 and 4); each test in a sandbox of its own', () => {
  it('answers --version and --help', async () => {
    const { cli } = await sandbox();
    const version = await cli('--version');
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/@mtlsctl\/cli\/0\.1\.0/);
    const help = await cli('user', 'issue', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--p12-profile');
    const topic = await cli('help', 'user');
    expect(topic.code).toBe(0);
    expect(topic.stdout).toMatch(/user download\s+Download your certificate/);
  });

  it('says there is no store yet (exit 3), then, in an empty store, no CA yet (exit 7)', async () => {
    const { cli, file } = await sandbox();
    const none = await cli('user', 'issue', 'alice', '--email', 'alice@example.com');
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/^error: no mtlsctl store at \S+ \(the directory does not exist\): create one with `mtlsctl ca init/);
    await mkdir(file('store/kv'), { recursive: true, mode: 0o700 });
    const result = await cli('user', 'issue', 'alice', '--email', 'alice@example.com');
    expect(result.code).toBe(7);
    expect(result.stderr).toMatch(/^error: this store has no CA yet: run `mtlsctl ca init` first\n$/);
  });

  it('creates the CA once and refuses to overwrite it (exit 4)', async () => {
    const { cli } = await sandbox();
    const init = await cli('ca', 'init', '--subject', 'CN=Acme client CA,O=Acme', '--json');
    expect(init.code).toBe(0);
    expect(init.json<{ certificate: { subject: string; isCa: boolean } }>().certificate).toMatchObject({ subject: 'CN=Acme client CA, O=Acme', isCa: true });
    expect(init.stdout).not.toContain('PRIVATE KEY');
    const again = await cli('ca', 'init');
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/already exists.*--force/);
    const show = await cli('ca', 'show', '--pem');
    expect(await openssl(['x509', '-noout', '-subject'], { input: show.stdout })).toContain('CN = Acme client CA');
  });

  it('issues a user certificate; --json never shows the key or the p12 password', async () => {
    const { cli } = await sandbox({ ca: true });
    const issued = await cli('user', 'issue', 'alice', '--email', 'alice@example.com', '--json');
    expect(issued.code).toBe(0);
    const view = issued.json<{ username: string; status: string; serial: string; hasPrivateKey: boolean }>();
    expect(view).toMatchObject({ username: 'alice', status: 'active', hasPrivateKey: true });
    expect(issued.stdout).not.toMatch(/PRIVATE KEY|password|p12Base64/i);
    const stored = JSON.stringify(await cli('user', 'show', 'alice', '--json').then((r) => r.json()));
    expect(stored).not.toMatch(/PRIVATE KEY|p12Password/);
  });

  it('lets the user download a p12 (0600) that openssl opens with the printed password', async () => {
    const { cli, file } = await sandbox({ users: ['alice'] });
    const result = await cli('user', 'download', 'alice', '-o', 'alice.p12');
    expect(result.code).toBe(0);
    const password = /p12 password: (\S+)/.exec(result.stdout)?.[1];
    expect(password).toBeDefined();
    expect((await stat(file('alice.p12'))).mode & 0o777).toBe(0o600);
    const text = await openssl(['pkcs12', '-nodes', '-passin', `pass:${password}`, '-in', file('alice.p12')]);
    expect(text).toContain('subject=CN = alice');
    const again = await cli('user', 'download', 'alice', '-o', 'alice.p12');
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('downloads the legacy profile and PEM, and writes the password to a 0600 file', async () => {
    const { cli, file } = await sandbox({ ca: true });
    expect((await cli('user', 'issue', 'mac', '--email', 'mac@example.com', '--p12-profile', 'legacy')).code).toBe(0);
    const result = await cli('user', 'download', 'mac', '--password-file', 'mac.pass', '--json');
    expect(result.json()).toMatchObject({ file: 'mac.p12', passwordFile: 'mac.pass' });
    expect(result.stdout).not.toContain('"password"');
    expect((await stat(file('mac.pass'))).mode & 0o777).toBe(0o600);
    const password = (await readFile(file('mac.pass'), 'utf8')).trim();
    const info = await opensslResult(['pkcs12', '-info', '-noout', '-passin', `pass:${password}`, '-in', file('mac.p12')]);
    expect(info.stderr).toMatch(/pbeWithSHA1And3-KeyTripleDES-CBC/);
    const pem = await cli('user', 'download', 'mac', '--format', 'pem');
    expect(pem.code).toBe(0);
    const text = await readFile(file('mac.pem'), 'utf8');
    expect(text).toContain('BEGIN CERTIFICATE');
    expect(text).toContain('BEGIN PRIVATE KEY');
  });

  it("signs a user's CSR: the user keeps the key, so there is a certificate but no p12", async () => {
    const { cli, file, path } = await sandbox({ ca: true });
    await openssl(
      ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'carol.key', '-out', 'carol.csr', '-subj', '/CN=carol'],
      { cwd: path },
    );
    const issued = await cli('user', 'issue', 'carol', '--email', 'carol@example.com', '--csr', 'carol.csr', '--json');
    expect(issued.code, issued.stderr).toBe(0);
    expect(issued.json()).toMatchObject({ username: 'carol', hasPrivateKey: false });
    const p12 = await cli('user', 'download', 'carol');
    expect(p12.code).toBe(7);
    expect(p12.stderr).toMatch(/use --format pem/);
    expect((await cli('user', 'download', 'carol', '--format', 'pem')).code).toBe(0);
    const pem = await readFile(file('carol.pem'), 'utf8');
    expect(pem).not.toContain('PRIVATE KEY');
    await writeFile(file('ca-only.pem'), (await cli('ca', 'show', '--pem')).stdout);
    const cert = pem.slice(0, pem.indexOf('-----END CERTIFICATE-----') + 26);
    expect(await openssl(['verify', '-CAfile', file('ca-only.pem'), '-purpose', 'sslclient'], { input: cert })).toContain('OK');
    const keyMatches = await openssl(['x509', '-noout', '-pubkey'], { input: cert });
    expect(keyMatches).toBe(await openssl(['pkey', '-pubout', '-in', file('carol.key')]));
    const wrongName = await cli('user', 'issue', 'dave', '--email', 'dave@example.com', '--csr', 'carol.csr');
    expect(wrongName.code).toBe(2);
    expect(wrongName.stderr).toMatch(/carol/);
  });

  it('lists the inventory, with --expiring', async () => {
    const { cli } = await sandbox({ users: ['alice', 'carol', 'mac'] });
    const list = await cli('user', 'list');
    expect(list.stdout).toMatch(/^USERNAME\s+EMAIL\s+STATUS/);
    expect(list.stdout).toMatch(/alice\s+alice@example\.com\s+active/);
    const soon = await cli('user', 'list', '--expiring', '30d', '--json');
    expect(soon.json<{ clients: unknown[] }>().clients).toEqual([]);
    expect(soon.code).toBe(0);
    const year = await cli('user', 'list', '--expiring', '1y', '--json');
    expect(year.code).toBe(9);
    expect(year.json<{ clients: { username: string }[] }>().clients.map((c) => c.username)).toEqual(['alice', 'carol', 'mac']);
  });

  it('revokes: the CRL it publishes makes openssl refuse the certificate', async () => {
    const { cli, file } = await sandbox({ users: ['alice', 'mac'] });
    expect((await cli('user', 'download', 'mac', '--format', 'pem')).code).toBe(0);
    const revoke = await cli('user', 'revoke', 'mac', '--reason', 'keyCompromise', '--yes');
    expect(revoke.code).toBe(0);
    const crl = await cli('crl', 'show', '--pem');
    const ca = await cli('ca', 'show', '--pem');
    await writeFile(file('crl.pem'), crl.stdout);
    await writeFile(file('ca.pem'), ca.stdout);
    const mac = await readFile(file('mac.pem'), 'utf8');
    const verdict = await opensslResult(['verify', '-crl_check', '-CAfile', file('ca.pem'), '-CRLfile', file('crl.pem')], { input: mac });
    expect(verdict.code).not.toBe(0);
    expect(verdict.stdout.toString() + verdict.stderr).toMatch(/certificate revoked/);
    const deny = await cli('crl', 'show', '--haproxy-deny');
    expect(deny.stdout).toMatch(/ssl_c_serial/);
    const list = await cli('user', 'list', '--status', 'revoked', '--json');
    expect(list.json<{ clients: { username: string }[] }>().clients.map((c) => c.username)).toEqual(['mac']);
  });

  it('renews a user from the active CA', async () => {
    const { cli } = await sandbox({ users: ['alice'] });
    const before = await cli('user', 'show', 'alice', '--json').then((r) => r.json<{ serial: string }>());
    const renew = await cli('user', 'renew', 'alice', '--json');
    expect(renew.code).toBe(0);
    expect(renew.json<{ serial: string; previousSerial: string }>()).toMatchObject({ previousSerial: before.serial });
    expect(renew.json<{ serial: string }>().serial).not.toBe(before.serial);
  });

  it('backs up and restores into an empty store', async () => {
    const { env, file, path } = await backedUp();
    expect((await stat(file('backup.json'))).mode & 0o777).toBe(0o600);
    const other = { ...env, MTLSCTL_HOME: file('restored') };
    const restore = await runCli(['ca', 'restore', 'backup.json', '--passphrase-file', 'pass'], { env: other, cwd: path });
    expect(restore.code).toBe(0);
    const list = await runCli(['user', 'list', '--json'], { env: other, cwd: path });
    expect(list.json<{ clients: { username: string }[] }>().clients.map((c) => c.username)).toEqual(['alice', 'carol', 'mac']);
    const wrong = await runCli(['ca', 'restore', 'backup.json', '--force', '--yes'], {
      env: { ...other, MTLSCTL_BACKUP_PASSPHRASE: 'wrong passphrase!!' },
      cwd: path,
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/wrong passphrase/);
  });

  it('restore --force over a store with its own CA leaves none of its users active under that untrusted CA, and lists them', async () => {
    const { env, file, path } = await backedUp();
    const forced = { ...env, MTLSCTL_HOME: file('forced') };
    const run = (...args: string[]) => runCli(args, { env: forced, cwd: path });
    expect((await run('ca', 'init')).code).toBe(0);
    const dan = (await run('user', 'issue', 'dan', '--email', 'dan@example.com', '--json')).json<{ serial: string }>();
    const restore = await run('ca', 'restore', 'backup.json', '--passphrase-file', 'pass', '--force', '--yes');
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/Revoked 1 user\(s\) the backup does not hold, whose CA it does not trust/);
    expect(restore.stdout).toMatch(new RegExp(`dan: issued by \\S+, revoked ${dan.serial}`));
    const list = (await run('user', 'list', '--json')).json<{ clients: { username: string; status: string }[] }>().clients;
    expect(list.map((c) => `${c.username} ${c.status}`)).toEqual(['alice active', 'carol active', 'dan revoked', 'mac revoked']);
  });
});

describe('mtlsctl refuses bad input with a clear error and an untouched store', () => {
  // A sandbox of its own per case (a CA and alice), and every file under its home compared before and after.
  let s: Sandbox;
  beforeEach(async () => {
    s = await sandbox({ users: ['alice'] });
  });
  const cli = (...args: string[]) => s.cli(...args);

  const cases: [string, string[], number, RegExp][] = [
    ['a path in the username', ['user', 'issue', '../ca', '--email', 'x@example.com'], 2, /invalid username "\.\.\/ca"/],
    ['a slash', ['user', 'issue', 'a/b', '--email', 'x@example.com'], 2, /path separator/],
    ['an empty username', ['user', 'issue', '', '--email', 'x@example.com'], 2, /username/],
    ['300 characters', ['user', 'issue', 'a'.repeat(300), '--email', 'x@example.com'], 2, /300 characters/],
    ['a Cyrillic look-alike', ['user', 'issue', 'аlice', '--email', 'x@example.com'], 2, /non-ASCII character U\+0430/],
    ['a bad email', ['user', 'issue', 'zed', '--email', 'zed@localhost'], 2, /invalid email/],
    ['a missing email', ['user', 'issue', 'zed'], 2, /--email/],
    ['an unknown key type', ['user', 'issue', 'zed', '--email', 'z@example.com', '--key-type', 'dsa'], 2, /key-type/],
    ['a bad validity', ['user', 'issue', 'zed', '--email', 'z@example.com', '--validity', 'forever'], 2, /not a duration/],
    ['an unreadable CSR', ['user', 'issue', 'zed', '--email', 'z@example.com', '--csr', 'missing.csr'], 2, /cannot read missing\.csr: no such file/],
    ['an unknown user', ['user', 'show', 'nobody'], 3, /no certificate for user nobody/],
    ['a trust file that does not exist', ['ca', 'trust', 'add', 'nope.pem'], 2, /no such file/],
    ['an unknown fingerprint', ['ca', 'retire', 'deadbeefdeadbeef'], 3, /no trusted CA/],
    ['an output in a missing directory', ['user', 'download', 'alice', '-o', 'no/such/dir/alice.p12'], 2, /cannot write no\/such\/dir\/alice\.p12: its directory does not exist/],
  ];

  it.each(cases)('%s', async (_name, args, code, message) => {
    const listed = await cli('user', 'list', '--json');
    const before = await s.snapshot();
    const result = await cli(...args);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await s.snapshot()).toEqual(before);
    expect((await cli('user', 'list', '--json')).stdout).toBe(listed.stdout);
  });

  it('gives a JSON error object with --json', async () => {
    const result = await cli('user', 'show', 'nobody', '--json');
    expect(result.code).toBe(3);
    expect(result.json()).toEqual({ error: { code: 'CLIENT_NOT_FOUND', kind: 'not-found', message: expect.stringContaining('nobody'), exitCode: 3 } });
  });
});
