import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runProcess, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

let home: TempDir;
const cli = (...args: string[]) => runCli(args, { env: { HOME: home.path, MTLSCTL_HOME: join(home.path, 'store') }, cwd: home.path });
const file = (name: string) => join(home.path, name);

beforeAll(async () => {
  home = await makeTempDir('mtlsctl-output-');
  expect((await cli('ca', 'init')).code).toBe(0);
  expect((await cli('user', 'issue', 'alice', '--email', 'alice@example.com')).code).toBe(0);
});
afterAll(async () => {
  await home.remove();
});

describe('output files: nothing half-written, nothing but a regular file replaced', () => {
  it('user download --password-file <existing> refuses before writing the p12 (exit 4)', async () => {
    await writeFile(file('taken.pw'), 'someone else\n');
    const run = await cli('user', 'download', 'alice', '-o', file('alice.p12'), '--password-file', file('taken.pw'));
    expect(run.code).toBe(4);
    expect(run.stderr).toBe(`error: ${file('taken.pw')} already exists: choose another -o path or pass --force to replace it\n`);
    expect(existsSync(file('alice.p12'))).toBe(false);
  });

  it('-o <FIFO> --force refuses to replace a non-regular file (exit 2), in p12 and PEM format', async () => {
    expect((await runProcess('mkfifo', [file('node.fifo')])).code).toBe(0);
    for (const format of ['p12', 'pem']) {
      const run = await cli('user', 'download', 'alice', '--format', format, '-o', file('node.fifo'), '--force');
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/^error: cannot write \S+node\.fifo: it is not a regular file \(a device, FIFO, socket, directory or symlink\): refusing to replace it\n$/);
      expect(statSync(file('node.fifo')).isFIFO()).toBe(true);
    }
    const regular = await cli('user', 'download', 'alice', '-o', file('alice.p12'), '--password-file', file('taken.pw'), '--force');
    expect(regular.code, regular.stderr).toBe(0);
  });
});
