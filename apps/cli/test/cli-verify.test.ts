import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRootCa, exportPrivateKeyPem, generateKeyPair, issueServerCertificate } from '@mtlsctl/pki-core';
import { makeTempDir, requestThroughHaproxy, startHaproxy, type TempDir } from '@mtlsctl/peers';
import { CLI, runCli } from './run-cli.js';

/**
 * `mtlsctl verify` as a user runs it on the file they downloaded: the verdict and exit code, the checklist and
 * its fix, and the same verdict from a real haproxy loaded with the store's `tls.crt` and `crl.pem`.
 */
let home: TempDir;
let server: { certPem: string; keyPem: string; caPem: string };
const env = () => ({ HOME: home.path, MTLSCTL_HOME: join(home.path, 'store') });
const cli = (...args: string[]) => runCli(args, { env: env(), cwd: home.path });
const must = async (...args: string[]) => {
  const result = await cli(...args);
  if (result.code !== 0) throw new Error(`mtlsctl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result;
};

interface Verdict {
  accepted: boolean;
  reason?: string;
  fix?: string;
  checks: { id: string; status: string }[];
}

/** haproxy with what the store publishes now (ca-file = `bundle show --pem`, crl-file = `crl show --pem`): the status for alice's p12. */
async function haproxySays(p12: string, password: string): Promise<number | string | undefined> {
  const haproxy = await startHaproxy({
    certPem: server.certPem,
    keyPem: server.keyPem,
    caFilePem: (await must('bundle', 'show', '--pem')).stdout,
    crlFilePem: (await must('crl', 'show', '--pem')).stdout,
  });
  try {
    const response = await requestThroughHaproxy({ port: haproxy.port, ca: server.caPem, pfx: await readFile(join(home.path, p12)), passphrase: password });
    return response.status ?? response.errorCode;
  } finally {
    await haproxy.close();
  }
}

beforeAll(async () => {
  home = await makeTempDir('mtlsctl-cli-verify-');
  const caKeys = await generateKeyPair('p256');
  const caPem = await createRootCa({ subject: 'CN=ingress server CA', keys: caKeys, now: new Date() });
  const keys = await generateKeyPair('p256');
  const certPem = await issueServerCertificate({ dnsNames: ['localhost'], publicKey: keys.publicKey, issuer: { certificatePem: caPem, privateKey: caKeys.privateKey }, now: new Date() });
  server = { certPem, keyPem: await exportPrivateKeyPem(keys.privateKey), caPem };
  await must('ca', 'init', '--subject', 'CN=Verify CLI CA');
  await must('user', 'issue', 'alice', '--email', 'alice@example.com');
  await must('user', 'download', 'alice', '-o', 'alice.p12', '--password-file', 'alice.pass');
  await must('user', 'download', 'alice', '--format', 'pem', '-o', 'alice.pem');
});
afterAll(async () => {
  await home?.remove();
});

describe('mtlsctl verify', () => {
  it('accepts the downloaded p12 (exit 0), as haproxy does, with a checklist of ✓', async () => {
    const result = await cli('verify', 'alice.p12', '--password-file', 'alice.pass');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✓ Chains to the trust bundle/);
    expect(result.stdout).toMatch(/✓ Not revoked\s+not listed in CRL #1 of "CN=Verify CLI CA"/);
    expect(result.stdout).toMatch(/HAProxy: accepted/);
    const password = (await readFile(join(home.path, 'alice.pass'), 'utf8')).trim();
    expect(result.stdout).not.toContain(password);
    expect(await haproxySays('alice.p12', password)).toBe(200);
  });

  it('accepts the PEM download (certificate, CA, key in one file)', async () => {
    const result = await cli('verify', 'alice.pem', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(result.json<Verdict>()).toMatchObject({ accepted: true, format: 'pem' });
    expect(result.stdout).not.toContain('PRIVATE KEY');
  });

  it('refuses a wrong password with exit 9 and says which password to use', async () => {
    await writeFile(join(home.path, 'wrong.pass'), 'not-it\n');
    const result = await cli('verify', 'alice.p12', '--password-file', 'wrong.pass', '--json');
    expect(result.code).toBe(9);
    expect(result.json<Verdict>()).toMatchObject({ accepted: false, reason: 'wrong-password' });
  });

  it('asks for the password on a terminal without echoing it', () => {
    const password = readFileSync(join(home.path, 'alice.pass'), 'utf8').trim();
    // A real pseudo-terminal (Python's pty): the password is typed, the screen must not show it.
    const script = [
      'import os, pty, sys, time',
      'pid, fd = pty.fork()',
      'if pid == 0:',
      `    os.execv(${JSON.stringify(process.execPath)}, [${JSON.stringify(process.execPath)}, ${JSON.stringify(CLI)}, "verify", "alice.p12"])`,
      'out = b""',
      'while b"Password" not in out: out += os.read(fd, 1024)',
      `os.write(fd, ${JSON.stringify(password)}.encode() + b"\\r")`,
      'while True:',
      '    try:',
      '        chunk = os.read(fd, 4096)',
      '    except OSError:',
      '        break',
      '    if not chunk: break',
      '    out += chunk',
      '_, status = os.waitpid(pid, 0)',
      'sys.stdout.write(out.decode())',
      'sys.exit(os.waitstatus_to_exitcode(status))',
    ].join('\n');
    const run = spawnSync('python3', ['-c', script], { cwd: home.path, env: { ...process.env, ...env(), NODE_ENV: 'production' }, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Password for alice\.p12: /);
    expect(run.stdout).toMatch(/HAProxy: accepted/);
    expect(run.stdout).not.toContain(password);
  });

  it('without a terminal and without --password-file, is a usage error naming the flag', async () => {
    const result = await cli('verify', 'alice.p12');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: the p12 password is needed: pass --password-file <file>/);
  });

  it('refuses a revoked certificate by the CRL the store publishes (exit 9), as haproxy does', async () => {
    await must('user', 'revoke', 'alice', '--reason', 'keyCompromise', '--yes');
    const result = await cli('verify', 'alice.p12', '--password-file', 'alice.pass');
    expect(result.code).toBe(9);
    expect(result.stdout).toMatch(/✗ Not revoked\s+"CN=alice" \(serial [0-9a-f]+\) was revoked on .* \(keyCompromise\)/);
    expect(result.stdout).toMatch(/HAProxy: refused/);
    expect(result.stdout).toMatch(/\n {2}fix: .*mtlsctl user issue alice/);
    expect(result.stdout).toMatch(/listed in CRL #2 of "CN=Verify CLI CA"/);
    const password = (await readFile(join(home.path, 'alice.pass'), 'utf8')).trim();
    expect(await haproxySays('alice.p12', password)).toBe('ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED');
  });

  it('uses --bundle instead of the store: a foreign bundle refuses alice as an unknown CA', async () => {
    const other = await makeTempDir('mtlsctl-cli-verify-other-');
    try {
      const otherEnv = { HOME: other.path, MTLSCTL_HOME: join(other.path, 'store') };
      expect((await runCli(['ca', 'init', '--subject', 'CN=Someone else'], { env: otherEnv })).code).toBe(0);
      await writeFile(join(home.path, 'foreign.pem'), (await runCli(['bundle', 'show', '--pem'], { env: otherEnv })).stdout);
    } finally {
      await other.remove();
    }
    const result = await cli('verify', 'alice.pem', '--bundle', 'foreign.pem', '--json');
    expect(result.code).toBe(9);
    expect(result.json<Verdict & { trustSource: string }>()).toMatchObject({ reason: 'untrusted-issuer', trustSource: 'bundle' });
  });

  it.each([
    [['verify', 'missing.p12'], 2, /^error: cannot read missing\.p12: /],
    [['verify', 'alice.pem', '--crl', 'x.pem'], 2, /--bundle/],
    [['verify', 'alice.pem', '--bundle', 'alice.pass'], 2, /bundle|PEM/i],
  ])('refuses bad input %j with exit %i and one line', async (args, code, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
