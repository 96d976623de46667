import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

let home: TempDir;
const cli = (...args: string[]) => runCli(args, { env: { HOME: home.path, MTLSCTL_HOME: join(home.path, 'store') }, cwd: home.path });
const users = async () => (await cli('user', 'list', '--json')).json<{ clients: { username: string; email: string }[] }>().clients.map((u) => `${u.username} ${u.email}`);
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => /error/i.test(l));

beforeAll(async () => {
  home = await makeTempDir('mtlsctl-cli-identity-');
  expect((await cli('ca', 'init')).code).toBe(0);
  expect((await cli('user', 'issue', 'alice', '--email', 'alice@example.com')).code).toBe(0);
});
afterAll(async () => {
  await home?.remove();
});

describe('user issue: one user per username (any case) and per email (the issue-9 reproduction)', () => {
  it('refuses Alice when alice exists: exit 4, one line, nothing written', async () => {
    const result = await cli('user', 'issue', 'Alice', '--email', 'big-alice@example.com');
    expect(result.code, result.stderr).toBe(4);
    expect(errorLines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/user alice already exists and usernames are unique regardless of case/);
    expect(await users()).toEqual(['alice alice@example.com']);
  });

  it('refuses a second user with alice\'s email (exit 4) unless --allow-shared-email', async () => {
    const refused = await cli('user', 'issue', 'bob', '--email', 'alice@example.com');
    expect(refused.code, refused.stderr).toBe(4);
    expect(errorLines(refused.stderr)).toHaveLength(1);
    expect(refused.stderr).toMatch(/alice@example.com is already held by user alice.*--allow-shared-email/);
    expect(await users()).toEqual(['alice alice@example.com']);
    const shared = await cli('user', 'issue', 'bob', '--email', 'alice@example.com', '--allow-shared-email');
    expect(shared.code, shared.stderr).toBe(0);
    expect(await users()).toEqual(['alice alice@example.com', 'bob alice@example.com']);
  });

  it('--from: a clash with the store is exit 4 naming the line; nothing of the file is issued', async () => {
    await writeFile(join(home.path, 'clash.csv'), 'username,email\ncarol,carol@example.com\nALICE,a2@example.com\n');
    const result = await cli('user', 'issue', '--from', 'clash.csv');
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toMatch(/line 3: user alice already exists/);
    expect((await users()).some((u) => u.startsWith('carol'))).toBe(false);
  });

  it('--from: duplicates inside the file are exit 2 with both line numbers, before anything is issued', async () => {
    await writeFile(join(home.path, 'dups.csv'), 'username,email\ncarol,carol@example.com\nCarol,c2@example.com\ndave,CAROL@example.com\n');
    const result = await cli('user', 'issue', '--from', 'dups.csv');
    expect(result.code, result.stderr).toBe(2);
    expect(errorLines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/line 3: user Carol is user carol of line 2 but for letter case/);
    expect(result.stderr).toMatch(/line 4: the email CAROL@example.com is already user carol's on line 2/);
    expect((await users()).some((u) => u.startsWith('carol'))).toBe(false);
  });
});
