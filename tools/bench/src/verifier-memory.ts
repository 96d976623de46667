// Memory benchmark of mtlsctl-sync-verifier (issue 12): the real daemon binary against a real OpenBao holding
// --users client inventories, --cycles cycles back to back; prints the daemon's resident set (VmRSS) as the
// cycles go and the time per cycle, then RSS min/median/p95/max over every cycle and the median per tenth of the run. Not a test: run it by hand (npm run bench:verifier -w @mtlsctl/bench).
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { initCa } from '@mtlsctl/authority';
import { freePort, startBao } from '@mtlsctl/peers';
import { bootstrapVault, clientInventoryCodec, PkiStore, VaultClient, VaultKvBackend, type ClientInventory } from '@mtlsctl/vault-store';

const VERIFIER = fileURLToPath(new URL('../../../apps/sync-verifier/bin/mtlsctl-sync-verifier.js', import.meta.url));

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

/** CPU seconds a process has used (user + system, from /proc/<pid>/stat; clock ticks of 1/100 s). */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /s, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
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
    // --log-level info: the daemon logs one line per cycle (with its duration); the bench counts cycles from those
    // lines and scrapes /metrics only every --scrape-every seconds (default 10; the rendered ServiceMonitor: 60 s),
    // as Prometheus would: a scrape renders ~10,000 series, and polling it every 200 ms cost the daemon CPU and heap.
    const child = spawn(process.execPath, [...nodeFlags, VERIFIER, '--listen', `127.0.0.1:${port}`, '--interval', '100ms', '--jitter', '0', '--cycle-timeout', '60s', '--no-cluster', '--log-level', 'info'], {
      env: { PATH: process.env['PATH'] ?? '', VAULT_ADDR: bao.addr, MTLSCTL_VERIFIER_VAULT_TOKEN_FILE: tokenFile, ...mallocEnv },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pid = child.pid!;
    const scrapeEveryMs = option('scrape-every', 10) * 1000;
    let series = 0;
    let scrapes = 0;
    const scrape = async () => {
      const text = (await (await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => undefined))?.text()) ?? '';
      scrapes++;
      series = text.split('\n').filter((l) => l.startsWith('mtlsctl_client_certificate_expiry_timestamp_seconds{')).length;
    };
    // every 25th cycle after the first ten, so a run cut short by a deadline still shows the trend
    const marks = new Set([1, 2, 5, 10, ...Array.from({ length: Math.ceil(cycles / 25) }, (_, i) => (i + 1) * 25), cycles]);
    const started = Date.now();
    const baoPid = bao.process.child.pid!;
    const cpuAtStart = { daemon: await cpuSeconds(pid), bao: await cpuSeconds(baoPid) };
    /** VmRSS (MiB) and the cycle's own duration (s) after every cycle. */
    const samples: Array<{ rss: number; seconds: number }> = [];
    let errors = 0;
    process.stdout.write('cycle  rss_mib  anon_mib  series  cycle_s  elapsed_s  load1\n');
    const done = new Promise<void>((resolve) => {
      const lines = createInterface({ input: child.stdout! });
      let pending = Promise.resolve();
      lines.on('line', (line) => {
        let entry: { msg?: string; durationSeconds?: number; errors?: Record<string, unknown> };
        try {
          entry = JSON.parse(line) as typeof entry;
        } catch {
          return;
        }
        if (!entry.msg?.startsWith('verification cycle')) return;
        if (entry.errors && Object.keys(entry.errors).length > 0) errors++;
        pending = pending.then(async () => {
          if (samples.length >= cycles) return;
          const { rss, anon } = await rssKiB(pid);
          samples.push({ rss: rss / 1024, seconds: entry.durationSeconds ?? Number.NaN });
          const c = samples.length;
          if (c === 1) await scrape();
          if (marks.has(c)) {
            const columns = [String(c).padStart(5), (rss / 1024).toFixed(1).padStart(7), (anon / 1024).toFixed(1).padStart(8), String(series).padStart(6), (entry.durationSeconds ?? 0).toFixed(2).padStart(7), ((Date.now() - started) / 1000).toFixed(0).padStart(9), loadavg()[0]!.toFixed(1).padStart(5)];
            process.stdout.write(`${columns.join('  ')}\n`);
          }
          if (c >= cycles) resolve();
        });
      });
      child.once('close', () => resolve());
    });
    const scraper = setInterval(() => void scrape(), scrapeEveryMs);
    // --minutes m: stop after m minutes even if --cycles are not reached (a run against a deadline still ends with the summary)
    const minutes = option('minutes', Number.POSITIVE_INFINITY);
    await Promise.race([done, ...(Number.isFinite(minutes) ? [sleep(minutes * 60_000, undefined, { ref: false })] : [])]);
    // CPU per cycle, which the machine's load does not change (the wall time per cycle it does)
    const cpu = { daemon: (await cpuSeconds(pid)) - cpuAtStart.daemon, bao: (await cpuSeconds(baoPid)) - cpuAtStart.bao };
    clearInterval(scraper);
    if (samples.length < cycles) process.stdout.write(`stopped after ${minutes} minutes (--minutes)\n`);
    const last = samples.length;
    const rss = samples.map((x) => x.rss).sort((a, b) => a - b);
    const times = samples.map((x) => x.seconds).sort((a, b) => a - b);
    const at = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? Number.NaN;
    process.stdout.write(`${last} cycles of ${users} users in ${((Date.now() - started) / 1000).toFixed(0)} s; ${scrapes} scrapes of /metrics; ${errors} cycles with a source error\n`);
    process.stdout.write(`RSS MiB over the cycles: min ${at(rss, 0).toFixed(1)}, median ${at(rss, 0.5).toFixed(1)}, p95 ${at(rss, 0.95).toFixed(1)}, max ${rss[rss.length - 1]?.toFixed(1)}\n`);
    process.stdout.write(`CPU s per cycle: daemon ${(cpu.daemon / Math.max(1, last)).toFixed(2)}, bao ${(cpu.bao / Math.max(1, last)).toFixed(2)}\n`);
    process.stdout.write(`cycle s: min ${at(times, 0).toFixed(2)}, median ${at(times, 0.5).toFixed(2)}, p95 ${at(times, 0.95).toFixed(2)}, max ${times[times.length - 1]?.toFixed(2)}\n`);
    // the trend: the median RSS of each tenth of the run
    const tenth = Math.max(1, Math.floor(last / 10));
    const windows = Array.from({ length: Math.ceil(last / tenth) }, (_, w) => samples.slice(w * tenth, (w + 1) * tenth).map((x) => x.rss).sort((a, b) => a - b));
    process.stdout.write(`median RSS MiB per ${tenth} cycles: ${windows.map((w) => at(w, 0.5).toFixed(1)).join(' ')}\n`);
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
