import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, startBao, startFaultProxy, type BaoServer, type FaultProxy, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

/**
 * Issue 9: on Vault a client's record and its inventory (custom_metadata) are two requests. When exactly the
 * inventory requests fail (a fault proxy in front of a real OpenBao), the certificate is stored and tracked: the
 * issuance succeeds with a warning naming the repair, and the next admin listing repairs the inventory.
 */
let bao: BaoServer;
let vault: FaultProxy;
let home: TempDir;
const env = () => ({ HOME: home.path, VAULT_ADDR: vault.addr, VAULT_TOKEN: bao.token, MTLSCTL_STORE: 'vault' });
const cli = (...args: string[]) => runCli(args, { env: env(), cwd: home.path });
/** Every inventory write of one client fails (more answers than the client's retries of both writes). */
const failInventoryOf = (username: string) => vault.failNext(40, { status: 500, path: `secret/metadata/pki/clients/${username}`, method: 'POST' });

beforeAll(async () => {
  [bao, home] = await Promise.all([startBao(), makeTempDir('mtlsctl-cli-inventory-fault-')]);
  vault = await startFaultProxy(bao.addr);
  const init = await cli('ca', 'init');
  expect(init.code, init.stderr).toBe(0);
});
afterAll(async () => {
  await vault?.close();
  await bao?.stop();
  await home?.remove();
});

describe('user issue when only the inventory write fails (OpenBao behind a fault proxy)', () => {
  it('succeeds with a one-line warning naming the repair, --json carries it, and the next listing repairs it', async () => {
    failInventoryOf('alice');
    const issued = await cli('user', 'issue', 'alice', '--email', 'alice@example.com', '--json');
    expect(issued.code, issued.stderr).toBe(0);
    const view = issued.json<{ username: string; serial: string; warning?: string }>();
    expect(view.warning).toMatch(/clients\/alice version \d+ was written but its inventory was not .*mtlsctl user list/);
    expect(issued.stderr.split('\n').filter((l) => l.startsWith('warning: '))).toHaveLength(1);
    expect(issued.stderr).not.toContain(bao.token);
    expect(vault.requests.some((r) => r.path.endsWith('metadata/pki/clients/alice') && r.method === 'POST' && r.status === 500)).toBe(true);
    vault.clear();
    const list = await cli('user', 'list', '--json');
    expect(list.code, list.stderr).toBe(0);
    expect(list.json<{ clients: { username: string; serial: string }[] }>().clients).toEqual([
      expect.objectContaining({ username: 'alice', serial: view.serial }),
    ]);
  });

  it('bulk: the user counts as issued, with the warning, and the run exits 0', async () => {
    failInventoryOf('bob');
    await writeFile(`${home.path}/users.csv`, 'username,email\nbob,bob@example.com\ncarol,carol@example.com\n');
    const run = await cli('user', 'issue', '--from', 'users.csv', '--json');
    expect(run.code, run.stderr).toBe(0);
    const summary = run.json<{ issued: number; failed: number; outcomes: { username: string; outcome: string; warning?: string }[] }>();
    expect(summary).toMatchObject({ issued: 2, failed: 0 });
    const byName = Object.fromEntries(summary.outcomes.map((o) => [o.username, o]));
    expect(byName['bob']).toMatchObject({ outcome: 'issued', warning: expect.stringMatching(/inventory was not .*mtlsctl user list/) });
    expect(byName['carol']?.warning).toBeUndefined();
    expect(run.stderr).toMatch(/^warning: bob: /m);
  });
});
