import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';
import { runInPty } from './run-in-pty.js';

let home: TempDir;
const env = (store = 'store') => ({ HOME: home.path, MTLSCTL_HOME: join(home.path, store) });
const cli = (...args: string[]) => runCli(args, { env: env(), cwd: home.path });
const pty = (args: string[], steps: { expect: string; send: string }[], store = 'store') => runInPty(args, steps, { env: env(store), cwd: home.path });
const status = async (user: string) => (await cli('user', 'show', user, '--json')).json<{ status: string }>().status;
const activeFingerprint = async () => (await cli('ca', 'show', '--json')).json<{ active: { fingerprint: string } }>().active.fingerprint;

beforeAll(async () => {
  home = await makeTempDir('mtlsctl-safety-');
  expect((await cli('ca', 'init')).code).toBe(0);
  for (const user of ['alice', 'bob', 'carol', 'dave']) expect((await cli('user', 'issue', user, '--email', `${user}@example.com`)).code).toBe(0);
});
afterAll(async () => {
  await home.remove();
});

describe('destructive commands are safe by default', () => {
  it('without a terminal, print what they would do and need --yes (exit 2), changing nothing', async () => {
    const revoke = await cli('user', 'revoke', 'alice');
    expect(revoke.code).toBe(2);
    expect(revoke.stderr).toMatch(/^This revokes alice's certificate \(serial [0-9a-f]+, valid until \d{4}-\d\d-\d\d, reason unspecified\):\n/);
    expect(revoke.stderr).toMatch(/error: `mtlsctl user revoke alice` needs --yes when standard input is not a terminal: nothing was changed\n$/);
    expect(await status('alice')).toBe('active');
    const init = await cli('ca', 'init', '--force');
    expect(init.code).toBe(2);
    expect(init.stderr).toMatch(/This replaces the CA [0-9a-f]{16} /);
    const restore = await cli('ca', 'restore', 'nothing.json', '--force');
    expect(restore.code).toBe(2); // the file is read first: a missing backup is the error, before any question
  });

  it('on a terminal, ask for the username and refuse anything else', async () => {
    const wrong = await pty(['user', 'revoke', 'alice'], [{ expect: 'Type the username (alice) to go ahead: ', send: 'alicee\r' }]);
    expect(wrong.code, wrong.screen).toBe(2);
    expect(wrong.screen).toMatch(/error: not confirmed \("alicee" is not alice\): nothing was changed/);
    expect(await status('alice')).toBe('active');
    const right = await pty(['user', 'revoke', 'alice', '--reason', 'keyCompromise'], [{ expect: 'to go ahead: ', send: 'alice\r' }]);
    expect(right.code, right.screen).toBe(0);
    expect(right.screen).toMatch(/Revoked alice \(serial/);
    expect(await status('alice')).toBe('revoked');
  });

  it('retire a CA on a terminal only when its short fingerprint is typed', async () => {
    const old = await activeFingerprint();
    expect((await cli('ca', 'rotate')).code).toBe(0);
    for (const user of ['bob', 'carol', 'dave']) expect((await cli('user', 'renew', user)).code).toBe(0);
    const result = await pty(['ca', 'retire', old.slice(0, 8)], [{ expect: `Type the CA's fingerprint (${old.slice(0, 16)}) to go ahead: `, send: `${old.slice(0, 16)}\r` }]);
    expect(result.code, result.screen).toBe(0);
    expect(result.screen).toContain(`This removes the CA ${old.slice(0, 16)} (CN=mtlsctl client CA) from the trust bundle HAProxy reads:`);
    expect(result.screen).toContain(`Retired ${old.slice(0, 16)} (CN=mtlsctl client CA).`);
    const trusted = (await cli('ca', 'show', '--json')).json<{ trusted: { fingerprint: string }[] }>().trusted.map((t) => t.fingerprint);
    expect(trusted).not.toContain(old);
  });
});

describe('passphrases are asked on a terminal without echo', () => {
  it('backs up with a passphrase typed twice, and restores with it typed once', async () => {
    const passphrase = 'correct horse battery staple';
    const backup = await pty(['ca', 'backup', '-o', 'typed.json'], [
      { expect: 'Backup passphrase: ', send: `${passphrase}\r` },
      { expect: 'The same passphrase again: ', send: `${passphrase}\r` },
    ]);
    expect(backup.code, backup.screen).toBe(0);
    expect(backup.screen).not.toContain(passphrase);
    const mismatch = await pty(['ca', 'backup', '-o', 'other.json'], [
      { expect: 'Backup passphrase: ', send: `${passphrase}\r` },
      { expect: 'again: ', send: 'something else entirely\r' },
    ]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.screen).toMatch(/error: the two passphrases differ: nothing was written/);
    const restore = await pty(['ca', 'restore', 'typed.json'], [{ expect: 'Backup passphrase: ', send: `${passphrase}\r` }], 'restored');
    expect(restore.code, restore.screen).toBe(0);
    expect(restore.screen).toMatch(/Restored \d+ records/);
    expect(restore.screen).not.toContain(passphrase);
    const noTerminal = await cli('ca', 'backup', '-o', 'x.json');
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toMatch(/a backup passphrase is needed: pass --passphrase-file <file> or set MTLSCTL_BACKUP_PASSPHRASE/);
  });
});

describe('bulk revocation', () => {
  it('revokes a list with one CRL, reports each user, and resumes (already revoked are skipped)', async () => {
    await writeFile(join(home.path, 'leavers.txt'), '\uFEFF# leavers\nbob\n\ncarol\nnobody\n');
    const refused = await cli('user', 'revoke', '--from', 'leavers.txt');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/This revokes the certificates of 3 user\(s\) \(reason unspecified\): bob, carol, nobody\./);
    expect(await status('bob')).toBe('active');
    const first = await cli('user', 'revoke', '--from', 'leavers.txt', '--yes', '--reason', 'affiliationChanged');
    expect(first.code).toBe(8);
    expect(first.stdout).toMatch(/ {2}bob: revoked\n {2}carol: revoked\n {2}nobody: failed \(no certificate for user nobody[^\n]*\)\n2 revoked, 0 skipped \(already revoked\), 1 failed, 0 not started\./);
    expect(first.stderr).toMatch(/revoking: 3\/3/);
    const again = await cli('user', 'revoke', '--from', 'leavers.txt', '--yes', '--json');
    expect(again.json()).toMatchObject({ total: 3, revoked: 0, skipped: 2, failed: 1 });
    const crl = (await cli('crl', 'show', '--json')).json<{ revoked: { username: string; reason: string }[] }>();
    expect([...new Set(crl.revoked.map((r) => r.username))].sort()).toEqual(['alice', 'bob', 'carol']); // with bob's and carol's renewed-away certificates
    expect(crl.revoked.find((r) => r.username === 'bob')?.reason).toBe('affiliationChanged');
    expect(await status('dave')).toBe('active');
    expect(await readFile(join(home.path, 'leavers.txt'), 'utf8')).toContain('bob');
  });
});
