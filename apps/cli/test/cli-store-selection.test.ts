import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

let home: TempDir;
const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { env: { HOME: home.path, MTLSCTL_HOME: join(home.path, 'default'), ...env }, cwd: home.path });
const oneLine = (stderr: string) => {
  expect(stderr).toMatch(/^error: [^\n]+\n$/);
  return stderr;
};

beforeAll(async () => {
  home = await makeTempDir('mtlsctl-store-sel-');
});
afterAll(async () => {
  await home.remove();
});

describe('--store names a store, or the command refuses', () => {
  it('a typo never creates a store: `--store Vault` and `--store valt` are one clear line, exit 2, nothing written', async () => {
    const init = await cli(['ca', 'init', '--store', 'Vault']);
    expect(init.code).toBe(2);
    expect(oneLine(init.stderr)).toBe(
      'error: --store must be "vault", "dir:<path>" or an existing directory, not "Vault": no such directory (dir:<path> names a store to create) (did you mean "vault"?)\n',
    );
    expect(existsSync(join(home.path, 'Vault'))).toBe(false);
    const list = await cli(['user', 'list', '--store', 'valt']);
    expect(list.code).toBe(2);
    expect(oneLine(list.stderr)).toMatch(/not "valt".*\(did you mean "vault"\?\)/);
    expect((await cli(['user', 'list', '--store', 'dir:'])).stderr).toMatch(/dir: needs a path/);
  });

  it('reading a store that does not exist is a not-found error (exit 3) naming it, never "No certificates match."', async () => {
    const missing = join(home.path, 'nowhere');
    const list = await cli(['user', 'list', '--store', `dir:${missing}`]);
    expect(list.code).toBe(3);
    expect(oneLine(list.stderr)).toBe(
      `error: no mtlsctl store at ${missing} (the directory does not exist): create one with \`mtlsctl ca init --store dir:${missing}\`, or name the right one with --store or MTLSCTL_HOME\n`,
    );
    expect(list.stdout).toBe('');
    const byEnv = await cli(['ca', 'show'], { MTLSCTL_HOME: missing });
    expect(byEnv.code).toBe(3);
    await mkdir(join(home.path, 'empty'));
    const empty = await cli(['user', 'list', '--store', join(home.path, 'empty')]);
    expect(empty.code).toBe(3);
    expect(empty.stderr).toMatch(/the directory holds no store/);
    expect(existsSync(missing)).toBe(false);
  });

  it('every command names the store it used: a last stderr line in text mode, a `store` field in --json', async () => {
    const dir = join(home.path, 'made');
    const init = await cli(['ca', 'init', '--store', `dir:${dir}`]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toBe(`store: directory ${dir}\n`);
    const show = await cli(['ca', 'show', '--store', dir, '--json']);
    expect(show.json<{ store: string }>().store).toBe(`directory ${dir}`);
    const issued = await cli(['user', 'issue', 'ann', '--email', 'ann@example.com', '--store', `dir:${dir}`]);
    expect(issued.stderr.split('\n').filter(Boolean).at(-1)).toBe(`store: directory ${dir}`);
    const quiet = await cli(['user', 'list', '--store', dir, '--quiet']);
    expect(quiet.stderr).toBe('');
  });

  it("HOME='' never puts the default store under the working directory", async () => {
    const run = await cli(['ca', 'show', '--json'], { HOME: '', MTLSCTL_HOME: '' });
    const expected = join(userInfo().homedir, '.local', 'share', 'mtlsctl');
    expect(run.stdout + run.stderr).toContain(expected);
    expect(existsSync(join(home.path, '.local'))).toBe(false);
  });
});
