import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runProcess, type TempDir } from '@mtlsctl/peers';
import { DirectoryKvBackend, PkiStore } from '@mtlsctl/vault-store';
import { runCli } from './run-cli.js';

let home: TempDir;
const store = () => join(home.path, 'store');
const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { env: { HOME: home.path, MTLSCTL_HOME: store(), ...env }, cwd: home.path });
const pw = () => join(home.path, 'ca.pw');

beforeAll(async () => {
  home = await makeTempDir('mtlsctl-ca-pass-');
  await writeFile(pw(), 'a long CA passphrase for the test\n', { mode: 0o600 });
});
afterAll(async () => {
  await home.remove();
});

describe('--ca-passphrase-file: the CA key encrypted at rest in the store', () => {
  it('refuses a passphrase file others may read (ssh-style), naming the chmod, before anything is written', async () => {
    const loose = join(home.path, 'loose.pw');
    await writeFile(loose, 'a long CA passphrase for the test\n', { mode: 0o644 });
    const run = await cli(['ca', 'init', '--ca-passphrase-file', loose]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: cannot read ${loose}: others may read or change it (mode 0644): run \`chmod 600 ${loose}\`\n`);
    expect((await cli(['ca', 'show'])).code).toBe(3);
  });

  it('ca init stores the key as encrypted PKCS#8 that openssl opens with the passphrase only', async () => {
    const init = await cli(['ca', 'init', '--ca-passphrase-file', pw()]);
    expect(init.code, init.stderr).toBe(0);
    const key = (await new PkiStore(new DirectoryKvBackend(store())).getCaKey())!.value;
    expect(key.privateKeyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    expect(key.privateKeyPem).not.toContain('-----BEGIN PRIVATE KEY-----');
    await writeFile(join(home.path, 'ca-key.pem'), key.privateKeyPem);
    const opened = await runProcess('openssl', ['pkey', '-in', join(home.path, 'ca-key.pem'), '-passin', `file:${pw()}`, '-noout']);
    expect(opened.code, opened.stderr).toBe(0);
    const wrong = await runProcess('openssl', ['pkey', '-in', join(home.path, 'ca-key.pem'), '-passin', 'pass:wrong', '-noout']);
    expect(wrong.code).not.toBe(0);
  });

  it('signing needs the passphrase: without it, or with a wrong one, one line (exit 2) and nothing issued', async () => {
    const locked = await cli(['user', 'issue', 'ann', '--email', 'ann@example.com']);
    expect(locked.code).toBe(2);
    expect(locked.stderr).toBe('error: the CA key is encrypted at rest: pass --ca-passphrase-file <file> (or set MTLSCTL_CA_PASSPHRASE_FILE)\n');
    const bad = join(home.path, 'bad.pw');
    await writeFile(bad, 'not the passphrase\n', { mode: 0o600 });
    const wrong = await cli(['user', 'issue', 'ann', '--email', 'ann@example.com', '--ca-passphrase-file', bad]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^error: the CA passphrase does not decrypt the CA key/);
    expect((await cli(['user', 'show', 'ann'])).code).toBe(3);
    const issued = await cli(['user', 'issue', 'ann', '--email', 'ann@example.com'], { MTLSCTL_CA_PASSPHRASE_FILE: pw() });
    expect(issued.code, issued.stderr).toBe(0);
    const revoked = await cli(['user', 'revoke', 'ann', '--yes', '--ca-passphrase-file', pw()]);
    expect(revoked.code, revoked.stderr).toBe(0);
  });

  it('ca rotate keeps the new key encrypted; the CRLs of both generations are signed with the passphrase', async () => {
    const kv = new PkiStore(new DirectoryKvBackend(store()));
    const before = (await kv.getCaKey())!.version;
    expect((await cli(['ca', 'rotate'])).code).toBe(2);
    expect((await kv.getCaKey())!.version, 'nothing written without the passphrase').toBe(before);
    const rotated = await cli(['ca', 'rotate', '--ca-passphrase-file', pw()]);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect((await kv.getCaKey())!.value.privateKeyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    const crl = (await kv.getCrl())!.value.crlPem;
    expect(crl.match(/-----BEGIN X509 CRL-----/g)).toHaveLength(2);
  });
});
