import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '@mtlsctl/peers';
import { verifyCrlSignature } from '@mtlsctl/pki-core';
import { DirectoryKvBackend, PkiStore } from '@mtlsctl/vault-store';
import { runCli } from './run-cli.js';

/** Preloaded into the CLI: SIGKILL right after the Nth commit of the directory store. */
const KILLER = fileURLToPath(new URL('./kill-after-commit.mjs', import.meta.url));

let home: TempDir;
let stores = 0;
beforeAll(async () => {
  home = await makeTempDir('mtlsctl-crash-');
});
afterAll(async () => {
  await home.remove();
});

const newStore = () => join(home.path, `store-${++stores}`);
const cli = (store: string, args: string[], killAfter?: number): ReturnType<typeof runCli> =>
  runCli(args, {
    cwd: home.path,
    env: {
      HOME: home.path,
      MTLSCTL_HOME: store,
      ...(killAfter === undefined ? {} : { NODE_OPTIONS: `--import ${KILLER}`, MTLSCTL_TEST_KILL_AFTER_COMMIT: String(killAfter) }),
    },
  });

/** How many commits a command makes when it is not interrupted (the preload counts them). */
async function commitsOf(store: string, args: string[]): Promise<number> {
  const run = await cli(store, args, 0);
  expect(run.code, run.stderr).toBe(0);
  return Number(/commits=(\d+)/.exec(run.stderr)?.[1]);
}

/** What the store holds, and whether it is whole: the active CA's key is the stored key, every trusted CA whose key is held has a CRL. */
async function stateOf(dir: string) {
  const store = new PkiStore(new DirectoryKvBackend(dir));
  const [ca, key, crl, archived] = await Promise.all([store.getCa(), store.getCaKey(), store.getCrl(), store.listArchivedCaKeys()]);
  const crls = crl?.value.crlPem.split(/(?<=-----END X509 CRL-----\n)/).filter((p) => p.trim()) ?? [];
  const uncovered: string[] = [];
  for (const trusted of ca?.value.trusted ?? []) {
    const held = trusted.fingerprint === key?.value.fingerprint || archived.includes(trusted.fingerprint);
    const signed = await Promise.all(crls.map((pem) => verifyCrlSignature(pem, trusted.certificatePem)));
    if (held && !signed.includes(true)) uncovered.push(trusted.fingerprint);
  }
  const whole = ca !== undefined && key?.value.fingerprint === ca.value.activeFingerprint && uncovered.length === 0;
  return { ca: ca?.value, key: key?.value, archived, trusted: ca?.value.trusted.map((t) => t.fingerprint) ?? [], whole };
}

describe('ca init and ca rotate killed (SIGKILL) at each commit leave the store as it was or resumable', () => {
  it('ca init: a rerun finishes it with the key already written, and an existing CA is never overwritten', async () => {
    const commits = await commitsOf(newStore(), ['ca', 'init']);
    expect(commits).toBeGreaterThanOrEqual(3);
    for (let n = 1; n <= commits; n++) {
      const store = newStore();
      const killed = await cli(store, ['ca', 'init'], n);
      expect(killed.code, `killed after commit ${n}`).toBeNull();
      const after = await stateOf(store);
      const rerun = await cli(store, ['ca', 'init']);
      if (n === commits) {
        // Killed after its last commit: the CA is whole, and a second init refuses to touch it.
        expect(after.whole).toBe(true);
        expect(rerun.code, rerun.stderr).toBe(4);
        expect(rerun.stderr).toMatch(/^error: a CA already exists in this store .*refusing to overwrite it/m);
      } else {
        expect(rerun.code, `commit ${n}: ${rerun.stderr}`).toBe(0);
        expect(rerun.stdout).toContain('Finished an interrupted init');
      }
      const final = await stateOf(store);
      expect(final.whole, `after commit ${n} and a rerun`).toBe(true);
      expect(final.trusted).toEqual([after.key?.fingerprint]);
      expect((await cli(store, ['user', 'issue', 'ann', '--email', 'ann@example.com'])).code).toBe(0);
    }
  });

  it('ca rotate: a rerun finishes the interrupted rotation and never rotates twice', async () => {
    const probe = newStore();
    expect((await cli(probe, ['ca', 'init'])).code).toBe(0);
    const commits = await commitsOf(probe, ['ca', 'rotate']);
    expect(commits).toBeGreaterThanOrEqual(4);
    for (let n = 1; n <= commits; n++) {
      const store = newStore();
      expect((await cli(store, ['ca', 'init'])).code).toBe(0);
      const original = (await stateOf(store)).key?.fingerprint;
      const killed = await cli(store, ['ca', 'rotate'], n);
      expect(killed.code, `killed after commit ${n}`).toBeNull();
      const after = await stateOf(store);
      if (after.key?.fingerprint !== after.ca?.activeFingerprint) {
        // Nothing is signed by a half-rotated CA; the message says how to finish.
        const issue = await cli(store, ['user', 'issue', 'bob', '--email', 'bob@example.com']);
        expect(issue.code).toBe(7);
        expect(issue.stderr).toMatch(/run the same command again to finish it/);
      }
      if (n < commits) {
        const rerun = await cli(store, ['ca', 'rotate']);
        expect(rerun.code, `commit ${n}: ${rerun.stderr}`).toBe(0);
        // Killed before the new key was written, the store is as it was and the rerun rotates; after, it finishes.
        expect(rerun.stdout).toContain(after.whole ? 'Rotated the CA.' : 'Finished an interrupted rotation.');
      }
      const final = await stateOf(store);
      expect(final.whole, `after commit ${n} and a rerun`).toBe(true);
      expect(final.trusted).toHaveLength(2);
      expect(final.trusted[1]).toBe(original);
      expect(final.archived).toContain(original);
    }
  });

  it('ca init --force archives the old key before anything else, and a rerun finishes the replacement', async () => {
    const probe = newStore();
    expect((await cli(probe, ['ca', 'init'])).code).toBe(0);
    const commits = await commitsOf(probe, ['ca', 'init', '--force', '--yes']);
    for (let n = 1; n <= commits; n++) {
      const store = newStore();
      expect((await cli(store, ['ca', 'init'])).code).toBe(0);
      const original = (await stateOf(store)).key?.fingerprint as string;
      const killed = await cli(store, ['ca', 'init', '--force', '--yes'], n);
      expect(killed.code).toBeNull();
      expect((await stateOf(store)).archived, `killed after commit ${n}`).toEqual([original]);
      const rerun = await cli(store, ['ca', 'init', '--force', '--yes', '--json']);
      expect(rerun.code, rerun.stderr).toBe(0);
      const final = await stateOf(store);
      expect(final.whole).toBe(true);
      expect(final.trusted).toHaveLength(1);
      expect(final.trusted).not.toContain(original);
      expect(final.archived).toContain(original);
    }
    const done = await cli(probe, ['ca', 'init', '--force', '--yes']);
    expect(done.stdout).toMatch(/The old CA's key is archived at ca-keys\/[0-9a-f]{64}\./);
  });

  it('ca rotate killed at random points: each rerun leaves a whole store, every key ever made is trusted or archived', async () => {
    const store = newStore();
    expect((await cli(store, ['ca', 'init'])).code).toBe(0);
    // Kill points spread over how long one rotation takes here and now (start-up included), so some land mid-way.
    const started = Date.now();
    expect((await cli(store, ['ca', 'rotate'])).code).toBe(0);
    const took = Date.now() - started;
    const delays = Array.from({ length: 10 }, (_, i) => Math.round((took * (i + 1)) / 11));
    let interrupted = 0;
    let halfDone = 0;
    for (const delay of delays) {
      const run = cli(store, ['ca', 'rotate']);
      const timer = setTimeout(() => run.kill('SIGKILL'), delay + Math.floor(Math.random() * (took / 11)));
      const result = await run;
      clearTimeout(timer);
      if (result.code === null) interrupted++;
      if (!(await stateOf(store)).whole) halfDone++;
      const rerun = await cli(store, ['ca', 'rotate']);
      expect(rerun.code, rerun.stderr).toBe(0);
      const state = await stateOf(store);
      expect(state.whole, `killed after ${delay} ms`).toBe(true);
      expect(new Set(state.trusted).size).toBe(state.trusted.length);
      for (const fp of state.archived) expect(state.trusted).toContain(fp);
    }
    console.info(`[cli-crash] ca rotate: ${interrupted} of ${delays.length} runs killed, ${halfDone} of them between two commits; each rerun left a whole store`);
  });

  it('ca restore: killed at each commit, a rerun (without --force) finishes it; no CA until the end, inventories current', async () => {
    const source = newStore();
    const pw = join(home.path, 'backup.pw');
    await writeFile(pw, 'correct horse battery staple\n', { mode: 0o600 });
    for (const args of [['ca', 'init'], ['user', 'issue', 'ann', '--email', 'ann@example.com'], ['user', 'issue', 'bob', '--email', 'bob@example.com'], ['ca', 'rotate'], ['user', 'issue', 'cat', '--email', 'cat@example.com'], ['user', 'revoke', 'bob', '--yes']]) {
      const run = await cli(source, args);
      expect(run.code, run.stderr).toBe(0);
    }
    const backup = join(home.path, 'backup.json');
    expect((await cli(source, ['ca', 'backup', '-o', backup, '--passphrase-file', pw])).code).toBe(0);
    const restore = ['ca', 'restore', backup, '--passphrase-file', pw];
    const commits = await commitsOf(newStore(), restore);
    expect(commits).toBeGreaterThanOrEqual(7);
    const exported = async (dir: string) => {
      const out: Record<string, Record<string, string>> = {};
      for await (const r of new PkiStore(new DirectoryKvBackend(dir)).exportRecords()) out[r.path] = r.data;
      return out;
    };
    const wanted = await exported(source);
    for (let n = 1; n < commits; n++) {
      const store = newStore();
      expect((await cli(store, restore, n)).code, `killed after commit ${n}`).toBeNull();
      const issue = await cli(store, ['user', 'issue', 'zed', '--email', 'zed@example.com']);
      expect(issue.code, `a half-restored store issues nothing (commit ${n})`).toBe(7);
      const rerun = await cli(store, restore);
      expect(rerun.code, `commit ${n}: ${rerun.stderr}`).toBe(0);
      expect(rerun.stdout).toContain('an interrupted restore was finished');
      expect(await exported(store)).toEqual(wanted);
      const list = await cli(store, ['user', 'list', '--json']);
      expect(list.code, list.stderr).toBe(0);
      expect((await stateOf(store)).whole).toBe(true);
      const kv = new PkiStore(new DirectoryKvBackend(store));
      for (const user of ['ann', 'bob', 'cat']) expect((await kv.getClientInventory(user))?.stale, user).toBe(false);
    }
  });
});

describe('ca restore --force killed (SIGKILL) while it retires the users the backup does not hold', () => {
  const execFileP = promisify(execFile);
  /** A copy of a directory store, modes kept (the store refuses a directory others may read). */
  const copyOf = async (dir: string) => {
    const copy = newStore();
    await execFileP('cp', ['-a', dir, copy]);
    return copy;
  };
  const kvOf = (dir: string) => new PkiStore(new DirectoryKvBackend(dir));
  const exported = async (dir: string) => {
    const out: Record<string, Record<string, string>> = {};
    for await (const r of kvOf(dir).exportRecords()) out[r.path] = r.data;
    return out;
  };

  it('a rerun finishes it at every commit of the retirement: each user revoked, each live serial on the CRL record once, the rest as in the backup', async () => {
    const pw = join(home.path, 'force.pw');
    await writeFile(pw, 'correct horse battery staple\n', { mode: 0o600 });
    const source = newStore();
    for (const args of [
      ['ca', 'init'],
      ['user', 'issue', 'ann', '--email', 'ann@example.com'],
      ['user', 'issue', 'bob', '--email', 'bob@example.com'],
    ]) {
      expect((await cli(source, args)).code).toBe(0);
    }
    const backup = join(home.path, 'force-backup.json');
    expect((await cli(source, ['ca', 'backup', '-o', backup, '--passphrase-file', pw])).code).toBe(0);
    // The store restored over: its own CA and four users the backup does not hold, one renewed (two live serials).
    const target = newStore();
    const orphans = ['u1', 'u2', 'u3', 'u4'];
    expect((await cli(target, ['ca', 'init'])).code).toBe(0);
    for (const user of orphans) expect((await cli(target, ['user', 'issue', user, '--email', `${user}@example.com`])).code).toBe(0);
    expect((await cli(target, ['user', 'renew', 'u2'])).code).toBe(0);
    const ownFingerprint = (await kvOf(target).getCaKey())?.value.fingerprint as string;
    const liveSerials: string[] = [];
    for (const user of orphans) {
      const record = (await kvOf(target).getClient(user))?.value;
      liveSerials.push(record?.serial as string, ...(record?.earlier.map((e) => e.serial) ?? []));
    }
    expect(liveSerials).toHaveLength(5);

    const restore = ['ca', 'restore', backup, '--passphrase-file', pw, '--force', '--yes'];
    const commits = await commitsOf(await copyOf(target), restore);
    const wanted = await exported(source);
    const backupCa = wanted['ca'];
    let midway = 0;
    let killedAt = 0;
    // From the last commit down to the one that wrote `ca` (before it the import runs, as in the test above).
    for (let n = commits - 1; n >= 1; n--) {
      const store = await copyOf(target);
      expect((await cli(store, restore, n)).code, `killed after commit ${n}`).toBeNull();
      const ca = (await exported(store))['ca'];
      if (JSON.stringify(ca) !== JSON.stringify(backupCa)) break;
      killedAt++;
      const statuses = await Promise.all(orphans.map(async (u) => (await kvOf(store).getClient(u))?.value.status));
      const revokedBefore = statuses.filter((s) => s === 'revoked').length;
      const listedBefore = ((await kvOf(store).getCrl())?.value.revoked ?? []).length;
      if (listedBefore > 0 && revokedBefore < orphans.length) midway++;

      const rerun = await cli(store, restore);
      expect(rerun.code, `commit ${n}: ${rerun.stderr}`).toBe(0);
      const kv = kvOf(store);
      for (const user of orphans) {
        const record = (await kv.getClient(user))?.value;
        expect(record?.status, `${user} after commit ${n} and a rerun`).toBe('revoked');
        expect(record?.earlier, user).toEqual([]);
      }
      const revoked = (await kv.getCrl())?.value.revoked ?? [];
      expect(revoked.map((r) => r.serial).sort(), `the CRL record after commit ${n}`).toEqual([...liveSerials].sort());
      for (const entry of revoked) expect(entry).toMatchObject({ reason: 'cessationOfOperation', issuerFingerprint: ownFingerprint });
      const final = await exported(store);
      for (const [path, data] of Object.entries(wanted)) if (path !== 'crl') expect(final[path], path).toEqual(data);
      expect(await kv.getArchivedCaKey(ownFingerprint), "the store's own CA key, archived").toBeDefined();
      expect((await stateOf(store)).whole).toBe(true);
      const list = (await cli(store, ['user', 'list', '--json'])).json<{ clients: { username: string; status: string }[] }>().clients;
      expect(list.map((c) => `${c.username} ${c.status}`)).toEqual(['ann active', 'bob active', ...orphans.map((u) => `${u} revoked`)]);
    }
    // Four users, each a CRL commit and a record commit: kills landed before, between and after them.
    expect(killedAt).toBeGreaterThanOrEqual(2 * orphans.length);
    expect(midway).toBeGreaterThanOrEqual(orphans.length);
    console.info(
      `[cli-crash] ca restore --force: killed at ${killedAt} commits of the retirement (${midway} with some users retired and others not); each rerun finished it`,
    );
  });
});
