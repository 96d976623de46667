// Memory benchmark of mtlsctl-sync-verifier (issue 12): the real daemon binary against a real OpenBao holding
// --users client inventories, --cycles cycles back to back; prints the daemon's resident set (VmRSS) as the
// cycles go, and the time per cycle. Not a test: run it by hand (npm run bench:verifier -w @mtlsctl/bench).
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { initCa } from '@mtlsctl/authority';
import { freePort, startBao } from '@mtlsctl/peers';
import { bootstrapVault, clientInventoryCodec, PkiStore, VaultClient, VaultKvBackend, type ClientInventory } from '@mtlsctl/vault-store';

const VERIFIER = fileURLToPath(new URL('../../../apps/sync-verifier/bin/mtlsctl-sync-verifier.js', import.meta.url));

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

/** VmRSS and its anonymous part (RssAnon: heap and code; the rest is the node binary's file pages). */
async function rssKiB(pid: number): Promise<{ rss: number; anon: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rss: field('VmRSS'), anon: field('RssAnon') };
}

async function main(): Promise<void> {
  const users = option('users', 10_000);
  const cycles = option('cycles', 1000);
  const bao = await startBao();
  try {
    await bootstrapVault(new VaultClient({ addr: bao.addr, token: bao.token }), { esoToken: false });
    const backend = new VaultKvBackend({ addr: bao.addr, token: bao.token });
    await initCa({ store: new PkiStore(backend) }, { subject: 'CN=Bench CA' });
    const seeded = Date.now();
    const names = Array.from({ length: users }, (_, i) => `user${String(i).padStart(5, '0')}`);
    for (let i = 0; i < names.length; i += 64) {
      await Promise.all(
        names.slice(i, i + 64).map(async (username, j) => {
          const inventory: ClientInventory = { username, email: `${username}@example.com`, serial: (i + j + 4096).toString(16), notAfter: new Date(Date.now() + ((i + j) % 400) * 86_400_000).toISOString(), issuerFingerprint: 'ab'.repeat(32), status: (i + j) % 50 === 0 ? 'revoked' : 'active', created: new Date().toISOString() };
          const version = await backend.write(`clients/${username}`, { serial: inventory.serial, not_after: inventory.notAfter }, { cas: 0 });
          await backend.writeMetadata(`clients/${username}`, { customMetadata: clientInventoryCodec.encode(inventory, version) });
        }),
      );
    }
    process.stdout.write(`seeded ${users} inventories in ${((Date.now() - seeded) / 1000).toFixed(1)} s\n`);
    const token = (await bao.cli(['token', 'create', '-policy=mtlsctl-verifier', '-no-default-policy', '-field=token'])).trim();
    const tokenFile = join(bao.dir, 'verifier.token');
    await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });

    const port = await freePort();
    // --node-flags "--max-semi-space-size=1": V8 flags for the daemon, as NODE_OPTIONS would give them in a pod
    const i = process.argv.indexOf('--node-flags');
    const nodeFlags = i === -1 ? [] : (process.argv[i + 1] ?? '').split(' ').filter(Boolean);
    // --malloc-arena-max 2: glibc's MALLOC_ARENA_MAX for the daemon (the image sets it; unset: glibc's default, 8 per core)
    const arenas = process.argv.indexOf('--malloc-arena-max');
    const mallocEnv = arenas === -1 ? {} : { MALLOC_ARENA_MAX: process.argv[arenas + 1] ?? '2' };
    process.stdout.write(`daemon: ${Object.entries(mallocEnv).map(([k, v]) => `${k}=${v} `).join('')}node ${nodeFlags.join(' ')} mtlsctl-sync-verifier (bundle)\n`);
    const child = spawn(process.execPath, [...nodeFlags, VERIFIER, '--listen', `127.0.0.1:${port}`, '--interval', '100ms', '--jitter', '0', '--cycle-timeout', '60s', '--no-cluster', '--log-level', 'warn'], {
      env: { PATH: process.env['PATH'] ?? '', VAULT_ADDR: bao.addr, MTLSCTL_VERIFIER_VAULT_TOKEN_FILE: tokenFile, ...mallocEnv },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const pid = child.pid!;
    const count = async () => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => undefined))?.text();
      const m = /mtlsctl_verification_cycles_total\{result="(?:un)?healthy"\} (\d+)/g;
      let total = 0;
      for (const match of (text ?? '').matchAll(m)) total += Number(match[1]);
      return { total, series: (text ?? '').split('\n').filter((l) => l.startsWith('mtlsctl_client_certificate_expiry_timestamp_seconds{')).length };
    };
    // every 25th cycle after the first ten, so a run cut short by a deadline still shows the trend
    const marks = new Set([1, 2, 5, 10, ...Array.from({ length: Math.ceil(cycles / 25) }, (_, i) => (i + 1) * 25), cycles]);
    const started = Date.now();
    let last = 0;
    process.stdout.write('cycle  rss_mib  anon_mib  series  elapsed_s  load1\n');
    while (last < cycles) {
      await sleep(200);
      const { total, series } = await count();
      if (total === last) continue;
      for (let c = last + 1; c <= total; c++) {
        if (marks.has(c) || c === total && total >= cycles) {
          const { rss, anon } = await rssKiB(pid);
          const columns = [String(c).padStart(5), (rss / 1024).toFixed(1).padStart(7), (anon / 1024).toFixed(1).padStart(8), String(series).padStart(6), ((Date.now() - started) / 1000).toFixed(0).padStart(9), loadavg()[0]!.toFixed(1).padStart(5)];
          process.stdout.write(`${columns.join('  ')}\n`);
          break;
        }
      }
      last = total;
    }
    process.stdout.write(`${last} cycles of ${users} users in ${((Date.now() - started) / 1000).toFixed(0)} s (${((Date.now() - started) / last).toFixed(0)} ms per cycle)\n`);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('close', r));
  } finally {
    await bao.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
