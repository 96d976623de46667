import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

let home: TempDir;
const cli = (...args: string[]) => runCli(args, { env: { HOME: home.path, MTLSCTL_HOME: join(home.path, 'store') }, cwd: home.path });

beforeAll(async () => {
  home = await makeTempDir('mtlsctl-cli-revocable-');
});
afterAll(async () => {
  await home?.remove();
});

describe('user revoke after renew (the issue-9 reproduction)', () => {
  it('user show lists the renewed-away certificate and user revoke puts both serials on the CRL', async () => {
    expect((await cli('ca', 'init')).code).toBe(0);
    const first = (await cli('user', 'issue', 'eve', '--email', 'eve@example.com', '--json')).json<{ serial: string }>();
    const renewed = (await cli('user', 'renew', 'eve', '--json')).json<{ serial: string }>();
    const show = await cli('user', 'show', 'eve');
    expect(show.stdout).toContain(`Also valid (earlier certificates`);
    expect(show.stdout).toContain(first.serial);
    const revoke = await cli('user', 'revoke', 'eve', '--reason', 'keyCompromise', '--json', '--yes');
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(revoke.json<{ revokedSerials: string[] }>().revokedSerials.sort()).toEqual([first.serial, renewed.serial].sort());
    const crl = (await cli('crl', 'show', '--json')).stdout.toLowerCase();
    expect(crl).toContain(first.serial);
    expect(crl).toContain(renewed.serial);
  });

  it('user revoke --serial revokes one earlier certificate and keeps the user active', async () => {
    const first = (await cli('user', 'issue', 'fay', '--email', 'fay@example.com', '--json')).json<{ serial: string }>();
    const second = (await cli('user', 'issue', 'fay', '--email', 'fay@example.com', '--replace', '--json')).json<{ serial: string; earlier: { serial: string }[] }>();
    expect(second.earlier.map((e) => e.serial)).toEqual([first.serial]);
    const one = await cli('user', 'revoke', 'fay', '--serial', first.serial, '--json', '--yes');
    expect(one.json<{ revokedSerials: string[]; client: { status: string } }>()).toMatchObject({ revokedSerials: [first.serial], client: { status: 'active' } });
    const missing = await cli('user', 'revoke', 'fay', '--serial', '0badc0de', '--yes');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/holds no unexpired certificate with serial 0badc0de/);
  });
});
