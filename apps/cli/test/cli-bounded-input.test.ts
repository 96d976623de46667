import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runProcess, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

let home: TempDir;
const cli = (args: string[], input?: string) =>
  runCli(args, { env: { HOME: home.path, MTLSCTL_HOME: join(home.path, 'store') }, cwd: home.path, ...(input === undefined ? {} : { input }) });
const file = (name: string) => join(home.path, name);
/** One clear line on stderr, exit 2, and the certificate count unchanged. */
async function refused(run: Promise<{ code: number | null; stderr: string }>, message: RegExp | string) {
  const result = await run;
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(/^error: [^\n]+\n$/);
  if (typeof message === 'string') expect(result.stderr).toBe(`error: ${message}\n`);
  else expect(result.stderr).toMatch(message);
}

beforeAll(async () => {
  home = await makeTempDir('mtlsctl-bounded-');
  expect((await cli(['ca', 'init'])).code).toBe(0);
});
afterAll(async () => {
  await home.remove();
});

describe('every input file is read with a bound, and hostile input is one clear line (exit 2)', () => {
  it('refuses devices and directories where a file is meant: --csr /dev/zero, --eso-token-file /dev/zero, a directory', async () => {
    await refused(cli(['user', 'issue', 'zed', '--email', 'zed@example.com', '--csr', '/dev/zero']), 'cannot read /dev/zero: it is not a regular file (a device or socket)');
    const vault = { HOME: home.path, VAULT_ADDR: 'http://127.0.0.1:9', VAULT_TOKEN: 'unused' };
    await refused(runCli(['doctor', '--store', 'vault', '--eso-token-file', '/dev/zero'], { env: vault, cwd: home.path }), 'cannot read /dev/zero: it is not a regular file (a device or socket)');
    await refused(cli(['user', 'issue', 'zed', '--email', 'zed@example.com', '--csr', home.path]), `cannot read ${home.path}: it is a directory`);
    expect((await cli(['user', 'show', 'zed'])).code).toBe(3);
  });

  it('stops reading an endless pipe at the bound (a FIFO fed by `yes`, and standard input)', async () => {
    const fifo = file('endless.fifo');
    expect((await runProcess('mkfifo', [fifo])).code).toBe(0);
    const writer = spawn('sh', ['-c', `exec yes CSR > '${fifo}'`], { stdio: 'ignore' });
    try {
      await refused(cli(['user', 'issue', 'zed', '--email', 'zed@example.com', '--csr', fifo]), `cannot read ${fifo}: it is larger than 256 KiB, the limit for a CSR`);
    } finally {
      writer.kill('SIGKILL');
    }
    await refused(cli(['user', 'issue', 'zed', '--email', 'zed@example.com', '--csr', '-'], 'x'.repeat(300 * 1024)), 'cannot read standard input: it is larger than 256 KiB, the limit for a CSR');
  });

  it('refuses files over their bound before reading them: a users file, a PEM bundle, a backup', async () => {
    await writeFile(file('users.csv'), 'username,email\n');
    await truncate(file('users.csv'), 17 * 1024 * 1024);
    await refused(cli(['user', 'issue', '--from', file('users.csv')]), /users\.csv: it is larger than 16 MiB, the limit for a user list\n$/);
    await writeFile(file('bundle.pem'), '');
    await truncate(file('bundle.pem'), 17 * 1024 * 1024);
    await refused(cli(['ca', 'trust', 'add', file('bundle.pem')]), /it is larger than 16 MiB, the limit for a PEM bundle or CRL file\n$/);
    await writeFile(file('backup.json'), '');
    await truncate(file('backup.json'), 257 * 1024 * 1024);
    await refused(cli(['ca', 'restore', file('backup.json'), '--yes']), /it is larger than 256 MiB, the limit for a backup\n$/);
  });

  it('a 12 MB PEM body is a PEM error, not a stack overflow (exit 1)', async () => {
    const body = randomBytes(9 * 1024 * 1024).toString('base64');
    await writeFile(file('huge.pem'), `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`);
    const run = await cli(['ca', 'trust', 'add', file('huge.pem')]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/^error: [^\n]+\n$/);
    expect(run.stderr).not.toMatch(/unexpected error|call stack/);
  });

  it('a users file that is really a secret (a token) is never echoed in the error', async () => {
    const token = `hvs.${randomBytes(18).toString('base64url')}`;
    await writeFile(file('token'), `${token}\n`);
    const run = await cli(['user', 'issue', '--from', file('token')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/line 1: the header must name the columns username,email/);
    expect(run.stderr).not.toContain(token);
    await writeFile(file('quoted'), `a"${token}",b\n`);
    const quoted = await cli(['user', 'issue', '--from', file('quoted')]);
    expect(quoted.code).toBe(2);
    expect(quoted.stderr).not.toContain(token);
  });
});
