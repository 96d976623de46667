import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGetJson, makeTempDir, openssl, startBaoRaftCluster, type BaoRaftCluster, type BaoRaftNode, type TempDir } from '@mtlsctl/peers';
import { runCli } from './run-cli.js';

/**
 * Vault as operators run it: a three-node OpenBao Raft cluster on 127.0.0.1, VAULT_ADDR at a standby, and the
 * active node killed (-9) in the middle of a bulk issuance run by the real `mtlsctl` binary.
 */
const USERS = 300;
let cluster: BaoRaftCluster;
let standby: BaoRaftNode;
let home: TempDir;
const env = () => ({ HOME: home.path, VAULT_ADDR: standby.addr, VAULT_TOKEN: cluster.token, MTLSCTL_STORE: 'vault' });

/** A KV read as root from whichever node is active now. */
async function kv(path: string): Promise<{ status: number; body: { data?: Record<string, unknown> } }> {
  const active = await cluster.active();
  return (await httpGetJson(`${active.addr}/v1/secret/${path}`, { token: cluster.token })) as never;
}

beforeAll(async () => {
  [cluster, home] = await Promise.all([startBaoRaftCluster(), makeTempDir('mtlsctl-cli-ha-')]);
  await cluster.cli(await cluster.active(), ['secrets', 'enable', '-version=2', '-path=secret', 'kv']);
  standby = (await cluster.standbys())[0] as BaoRaftNode;
  const lines = Array.from({ length: USERS }, (_, i) => `ha${String(i).padStart(3, '0')},ha${i}@example.com`);
  await writeFile(join(home.path, 'users.csv'), `username,email\n${lines.join('\n')}\n`);
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
  await home?.remove();
});

describe('mtlsctl against a three-node OpenBao Raft cluster, through a standby', () => {
  it(`issues ${USERS} users while the active node is killed: each issued once, none lost, every certificate verifies`, async () => {
    const init = await runCli(['ca', 'init', '--subject', 'CN=HA client CA'], { env: env(), cwd: home.path });
    expect(init.code, init.stderr).toBe(0);

    const victim = await cluster.active();
    expect(victim.id).not.toBe(standby.id);
    let killed: Promise<void> | undefined;
    const run = runCli(['user', 'issue', '--from', 'users.csv'], {
      env: env(),
      cwd: home.path,
      onStderr: (chunk) => {
        const done = /issuing: (\d+)\//.exec(chunk);
        if (killed === undefined && done && Number(done[1]) >= USERS * 0.2) killed = victim.kill('SIGKILL');
      },
    });
    const first = await run;
    expect(killed, 'the active node was killed mid-run').toBeDefined();
    await killed;
    expect(victim.process().running()).toBe(false);
    const elected = await cluster.active();
    expect(elected.id).not.toBe(victim.id);
    // The run rides out the election (exit 0), or gives up cleanly (exit 6: Vault unavailable) and a rerun finishes.
    expect([0, 6], `${first.stdout}\n${first.stderr}`).toContain(first.code);
    if (first.code === 6) {
      const rerun = await runCli(['user', 'issue', '--from', 'users.csv'], { env: env(), cwd: home.path });
      expect(rerun.code, `${rerun.stdout}\n${rerun.stderr}`).toBe(0);
    }

    const listed = await runCli(['user', 'list', '--json'], { env: env(), cwd: home.path });
    expect(listed.code, listed.stderr).toBe(0);
    const clients = listed.json<{ clients: { username: string; serial: string }[] }>().clients;
    expect(clients.map((c) => c.username)).toEqual(Array.from({ length: USERS }, (_, i) => `ha${String(i).padStart(3, '0')}`));
    expect(new Set(clients.map((c) => c.serial)).size).toBe(USERS);

    const ca = (await kv('data/pki/ca')).body.data?.['data'] as Record<string, string>;
    await writeFile(join(home.path, 'ca.pem'), ca['ca.crt'] as string);
    const certFiles: string[] = [];
    for (const { username } of clients) {
      // One issuance: the serial reservation (status pending, no certificate), then exactly one signed certificate.
      const meta = (await kv(`metadata/pki/clients/${username}`)).body.data as { current_version: number; versions: Record<string, unknown> };
      const history: { status: string | undefined; certificate: string | undefined }[] = [];
      for (const version of Object.keys(meta.versions)) {
        const data = (await kv(`data/pki/clients/${username}?version=${version}`)).body.data?.['data'] as Record<string, string>;
        history.push({ status: data['status'], certificate: data['tls.crt'] || undefined });
      }
      const signed = new Set(history.flatMap((h) => (h.certificate ? [h.certificate] : [])));
      expect({ username, signed: signed.size }, 'one issuance: a single signed certificate in the KV history').toEqual({ username, signed: 1 });
      expect(history.filter((h) => !h.certificate).every((h) => h.status === 'pending'), `${username}: versions without a certificate are reservations`).toBe(true);
      const record = (await kv(`data/pki/clients/${username}`)).body.data?.['data'] as Record<string, string>;
      const file = join(home.path, `${username}.crt`);
      await writeFile(file, record['tls.crt'] as string);
      certFiles.push(file);
    }
    const verified = await openssl(['verify', '-CAfile', join(home.path, 'ca.pem'), ...certFiles]);
    expect(verified.trim().split('\n').filter((line) => line.endsWith(': OK'))).toHaveLength(USERS);
  }, 600_000);
});
