import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, openssl, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

let home: TempDir;
const env = () => ({ HOME: home.path, MTLSCTL_HOME: join(home.path, 'store') });
const USERS = 1000;

beforeAll(async () => {
  home = await makeTempDir('mtlsctl-bulk-');
  const lines = Array.from({ length: USERS }, (_, i) => `user${String(i).padStart(4, '0')},user${i}@example.com`);
  await writeFile(join(home.path, 'users.csv'), `username,email\n${lines.join('\n')}\n`);
  expect((await runCli(['ca', 'init'], { env: env() })).code).toBe(0);
});
afterAll(async () => {
  await home.remove();
});

describe('mtlsctl user issue --from users.csv', () => {
  it(`issues ${USERS} users; an interrupted run resumes with no duplicates and no losses`, async () => {
    let interrupted = false;
    const first = runCli(['user', 'issue', '--from', 'users.csv'], {
      env: env(),
      cwd: home.path,
      // Read slowly: one line per user fills the pipe, and the summary after them must still arrive.
      holdStdout: true,
      onStderr: (chunk) => {
        if (/^interrupted: /m.test(chunk)) setTimeout(() => first.resumeStdout(), 3000);
        const done = /issuing: (\d+)\//.exec(chunk);
        if (!interrupted && done && Number(done[1]) >= USERS * 0.7) {
          interrupted = true;
          first.kill('SIGINT');
        }
      },
    });
    const stopped = await first;
    expect(interrupted).toBe(true);
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/run the same command again to resume/);
    const issuedFirst = Number(/(\d+) issued/.exec(stopped.stdout)?.[1]);
    expect(issuedFirst, stopped.stdout.slice(-500)).toBeGreaterThan(0);
    expect(issuedFirst).toBeLessThan(USERS);

    const second = await runCli(['user', 'issue', '--from', 'users.csv', '--json'], { env: env(), cwd: home.path });
    expect(second.code).toBe(0);
    const summary = second.json<{ issued: number; skipped: number; failed: number }>();
    expect(summary.failed).toBe(0);
    expect(summary.skipped).toBe(issuedFirst);
    expect(summary.issued).toBe(USERS - issuedFirst);

    const list = await runCli(['user', 'list', '--json'], { env: env() });
    const clients = list.json<{ clients: { username: string; serial: string }[] }>().clients;
    expect(clients).toHaveLength(USERS);
    expect(new Set(clients.map((c) => c.username)).size).toBe(USERS);
    expect(new Set(clients.map((c) => c.serial)).size).toBe(USERS);

    const third = await runCli(['user', 'issue', '--from', 'users.csv', '--json'], { env: env(), cwd: home.path });
    expect(third.json()).toMatchObject({ issued: 0, skipped: USERS, failed: 0 });

    for (const username of ['user0000', 'user0499', 'user0999']) {
      const download = await runCli(['user', 'download', username, '--json'], { env: env(), cwd: home.path });
      const { file, password } = download.json<{ file: string; password: string }>();
      expect(await openssl(['pkcs12', '-nokeys', '-passin', `pass:${password}`, '-in', join(home.path, file)])).toContain(`subject=CN = ${username}`);
    }
  }, 360_000); // 1000 users, two commits each (serial reserved, then the certificate), on a shared 2-core machine: not a speed test (see tools/bench)

  it('signs in worker threads what openssl verifies and opens: the certificate for sslclient, the p12 with its password', async () => {
    const store = await makeTempDir('mtlsctl-bulk-workers-');
    try {
      const workerEnv = { HOME: home.path, MTLSCTL_HOME: join(store.path, 'store') };
      expect((await runCli(['ca', 'init'], { env: workerEnv })).code).toBe(0);
      const names = Array.from({ length: 6 }, (_, i) => `w${i}`);
      await writeFile(join(store.path, 'w.csv'), `username,email\n${names.map((n) => `${n},${n}@example.com`).join('\n')}\n`);
      const run = await runCli(['user', 'issue', '--from', 'w.csv', '--json'], { env: workerEnv, cwd: store.path });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toMatch(/worker threads did not start/);
      expect(run.json()).toMatchObject({ issued: names.length, failed: 0 });
      const caFile = join(store.path, 'ca.pem');
      await writeFile(caFile, (await runCli(['ca', 'show', '--pem'], { env: workerEnv })).stdout);
      for (const name of names) {
        const pemFile = join(store.path, `${name}.pem`);
        expect((await runCli(['user', 'download', name, '--format', 'pem', '-o', pemFile], { env: workerEnv })).code).toBe(0);
        expect((await openssl(['verify', '-purpose', 'sslclient', '-CAfile', caFile, pemFile])).trim()).toBe(`${pemFile}: OK`);
        const p12File = join(store.path, `${name}.p12`);
        const got = await runCli(['user', 'download', name, '-o', p12File, '--json'], { env: workerEnv });
        const { password } = got.json<{ password: string }>();
        const opened = await openssl(['pkcs12', '-nodes', '-in', p12File, '-passin', `pass:${password}`]);
        expect(opened).toContain('-----BEGIN PRIVATE KEY-----');
        expect(opened).toMatch(new RegExp(`subject=CN ?= ?${name}\\b`));
      }
    } finally {
      await store.remove();
    }
  });

  it('refuses a file with bad lines before issuing anything', async () => {
    await writeFile(join(home.path, 'bad.csv'), 'username,email\nnew1,new1@example.com\n../etc,x@example.com\nnew2,bad-email\n');
    const result = await runCli(['user', 'issue', '--from', 'bad.csv'], { env: env(), cwd: home.path });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/2 problem\(s\), nothing was issued/);
    expect(result.stderr).toMatch(/line 3: invalid username/);
    expect(result.stderr).toMatch(/line 4: invalid email/);
    const show = await runCli(['user', 'show', 'new1'], { env: env() });
    expect(show.code).toBe(3);
  });
});
