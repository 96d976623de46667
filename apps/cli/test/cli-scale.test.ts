import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

let home: TempDir;
const env = () => ({ HOME: home.path, MTLSCTL_HOME: join(home.path, 'store') });
const cli = (...args: string[]) => runCli(args, { env: env(), cwd: home.path });
const issuerOf = async (user: string) => (await cli('user', 'show', user, '--json')).json<{ issuerFingerprint: string }>().issuerFingerprint;

beforeAll(async () => {
  home = await makeTempDir('mtlsctl-scale-');
  expect((await cli('ca', 'init')).code).toBe(0);
});
afterAll(async () => {
  await home.remove();
});

describe('bulk issue from a spreadsheet export', () => {
  it('accepts a UTF-8 BOM, ignores and names extra columns, and reports each user in text mode', async () => {
    await writeFile(join(home.path, 'users.csv'), '\uFEFFusername,email,department\r\nann,ann@example.com,IT\r\nben,ben@example.com,HR\r\ncat,cat@example.com,HR\r\n');
    const result = await cli('user', 'issue', '--from', 'users.csv');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning: users\.csv: ignoring the column\(s\) department/);
    expect(result.stdout).toMatch(/^ {2}ann: issued \(serial [0-9a-f]+\)\n {2}ben: issued .*\n {2}cat: issued .*\n3 issued, 0 skipped/);
    const again = await cli('user', 'issue', '--from', 'users.csv');
    expect(again.stdout).toMatch(/ {2}ann: skipped \(already has an active certificate\)/);
  });
});

describe('bulk renewal after a CA rotation', () => {
  it('renews every user of the old CA given by a fingerprint prefix, and a rerun renews only the rest', async () => {
    const old = await issuerOf('ann');
    expect((await cli('ca', 'rotate')).code).toBe(0);
    const fresh = (await cli('ca', 'show', '--json')).json<{ active: { fingerprint: string } }>().active.fingerprint;
    // The same prefix rule as `ca retire`: 8+ hex digits, colons and case ignored.
    const listed = await cli('user', 'list', '--issuer', old.slice(0, 8).toUpperCase(), '--json');
    expect(listed.json<{ clients: { username: string }[] }>().clients.map((c) => c.username)).toEqual(['ann', 'ben', 'cat']);
    const prefix = old.slice(0, 10).replace(/(..)(?=.)/g, '$1:');
    expect((await cli('user', 'renew', 'ben')).code).toBe(0);
    const result = await cli('user', 'renew', '--issuer', prefix);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {2}ann: renewed \(serial [0-9a-f]+, was [0-9a-f]+\)\n {2}cat: renewed .*\n2 renewed from [0-9a-f]{16}, 0 failed, 0 not started/);
    for (const user of ['ann', 'ben', 'cat']) expect(await issuerOf(user)).toBe(fresh);
    const rerun = await cli('user', 'renew', '--issuer', old.slice(0, 8), '--json');
    expect(rerun.json()).toMatchObject({ total: 0, renewed: 0 });
    const all = await cli('user', 'renew', '--all', '--json');
    expect(all.json()).toMatchObject({ total: 0 });
    const active = await cli('user', 'renew', '--issuer', fresh.slice(0, 8));
    expect(active.code).toBe(2);
    expect(active.stderr).toMatch(/is the active CA: its users are renewed one at a time/);
    const ambiguous = await cli('user', 'renew', '--issuer', 'abc');
    expect(ambiguous.code).toBe(2); // a malformed fingerprint is bad input, not "not found"
    expect(ambiguous.stderr).toMatch(/at least its first 8 hex digits/);
  });
});

describe('exit codes for cron', () => {
  it('user list --expiring exits 9 when something is in the window, 0 when nothing is', async () => {
    const none = await cli('user', 'list', '--expiring', '30d');
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('No certificates match.\n');
    const some = await cli('user', 'list', '--expiring', '400d');
    expect(some.code).toBe(9);
    expect(some.stdout).toMatch(/^USERNAME/);
  });
});
