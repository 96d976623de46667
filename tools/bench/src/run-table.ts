/**
 * `npm run bench` part 2: every row of issue 13's table, each against its peer in the same run, repeated,
 * as ratios with min/median/max and whether the target holds; written into README.md between the markers.
 * Options: `--repeats <n>` (default 3), `--bulk <users>` (1000), `--peer-users <n>` (200: the openssl and
 * cfssl pipelines, rate-based), `--easyrsa-users <n>` (20), `--list-users <n>` (10000), `--no-readme`.
 * The Vault rows run the same bulk into a real OpenBao (`bao`, installed by scripts/ensure-deps.sh); `--no-vault`
 * leaves them out (the table then says so), e.g. while `bao` is not built yet.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { loadavg, availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir, openssl, startBao, type BaoServer } from '@mtlsctl/peers';
import { buildCrl, createRootCa, exportPrivateKeyPem, generateKeyPair, issueClientCertificate, parseCrl } from '@mtlsctl/pki-core';
import { parseBundle } from '@mtlsctl/bundle-merge';
import { issueWithOpenssl, prepareOpensslCa } from './issue-with-openssl.js';
import { bulkIntoVault } from './bulk-into-vault.js';
import { assertPeersInstalled, issueWithCfssl, issueWithEasyRsa, peerPassword, prepareCfssl, prepareEasyRsa } from './peer-pipelines.js';
import { spreadOf, type Spread } from './ratio-stats.js';
import { seedDirectoryStore } from './seed-directory-store.js';
import { timeProcess } from './time-process.js';

const CLI = fileURLToPath(new URL('../../../apps/cli/bin/run.js', import.meta.url));
const README = fileURLToPath(new URL('../README.md', import.meta.url));
const NODE = process.execPath;

interface Row {
  what: string;
  peer: string;
  unit: string;
  spread: Spread;
  target: string;
  /** undefined: a row shown for comparison, with no target of its own. */
  holds: boolean | undefined;
}

function option(argv: string[], flag: string, fallback: number): number {
  const i = argv.indexOf(flag);
  return i === -1 ? fallback : Number(argv[i + 1]);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const repeats = option(argv, '--repeats', 3);
  const bulkUsers = option(argv, '--bulk', 1000);
  const peerUsers = option(argv, '--peer-users', 200);
  const easyRsaUsers = option(argv, '--easyrsa-users', 20);
  const listUsers = option(argv, '--list-users', 10_000);
  assertPeersInstalled();
  const loadBefore = loadavg()[0] ?? 0;
  const dir = await makeTempDir('mtlsctl-bench-table-');
  const rows: Row[] = [];
  let bao: BaoServer | undefined;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const cli = (args: string[], home: string, rss = false) => timeProcess(NODE, [CLI, ...args], { env: { MTLSCTL_HOME: home, NODE_ENV: 'production' }, rss });
    const bare = () => timeProcess(NODE, ['-e', '0']);
    const row = (what: string, peer: string, unit: string, samples: number[], target: string, holds: (s: Spread) => boolean | undefined) => {
      const spread = spreadOf(samples);
      rows.push({ what, peer, unit, spread, target, holds: holds(spread) });
      log(`${what}: ${spread.min.toFixed(2)} / ${spread.median.toFixed(2)} / ${spread.max.toFixed(2)} ${unit}`);
    };

    // Peers' CA (pki-core, P-256) on disk.
    const now = new Date();
    const caKeys = await generateKeyPair('p256');
    const caPem = await createRootCa({ subject: 'CN=mtlsctl bench CA', keys: caKeys, now });
    const opensslCa = await prepareOpensslCa(dir.path, { certificatePem: caPem, privateKeyPem: await exportPrivateKeyPem(caKeys.privateKey) });
    const cfsslConfig = await prepareCfssl(dir.path);
    const easyRsaEnv = await prepareEasyRsa(dir.path);

    // Start-up: node -e 0, --version, --help, user list on an empty store, in turn.
    // A store with a CA and no users (a missing store is an error since issue 9: exit 3).
    const empty = join(dir.path, 'empty-store');
    await cli(['ca', 'init', '--subject', 'CN=bench empty'], empty);
    const startup = { version: [] as number[], help: [] as number[], list: [] as number[] };
    for (let r = 0; r < Math.max(5, repeats * 3); r++) {
      const base = (await bare()).ms;
      startup.version.push((await cli(['--version'], empty)).ms / base);
      startup.help.push((await cli(['--help'], empty)).ms / base);
      startup.list.push((await cli(['user', 'list'], empty)).ms / base);
    }
    row('`--version`', '`node -e 0`', '×', startup.version, '≤ 2×', (s) => s.median <= 2);
    row('`--help`', '`node -e 0`', '×', startup.help, '≤ 2×', (s) => s.median <= 2);
    row('`user list`, empty store', '`node -e 0`', '×', startup.list, '≤ 2.5×', (s) => s.median <= 2.5);

    // One user, end to end, vs the openssl pipeline and node -e 0.
    const single = join(dir.path, 'single-store');
    await cli(['ca', 'init', '--subject', 'CN=bench single'], single);
    const one = { node: [] as number[], openssl: [] as number[] };
    for (let r = 0; r < repeats * 2; r++) {
      const base = (await bare()).ms;
      const ms = (await cli(['user', 'issue', `one${r}`, '--email', `one${r}@example.com`], single)).ms;
      const start = performance.now();
      await issueWithOpenssl({ dir: dir.path, ca: opensslCa, keyType: 'p256', username: `single${r}`, password: peerPassword() });
      one.node.push(ms / base);
      one.openssl.push(ms / (performance.now() - start));
    }
    row('`user issue` one user', '`node -e 0`', '×', one.node, '≤ 3×', (s) => s.median <= 3);
    row('`user issue` one user', 'openssl pipeline, one user', '× (time)', one.openssl, '—', () => undefined);

    // Bulk: mtlsctl `user issue --from` vs openssl / cfssl / easy-rsa, one at a time as a script runs them.
    const csv = (n: number) => `username,email\n${Array.from({ length: n }, (_, i) => `bulk${i},bulk${i}@example.com`).join('\n')}\n`;
    const bulk = { openssl: [] as number[], cfssl: [] as number[], easyrsa: [] as number[], rate: [] as number[], rss: [] as number[] };
    const vault = { openssl: [] as number[], rate: [] as number[], rss: [] as number[] };
    await writeFile(join(dir.path, 'users.csv'), csv(bulkUsers));
    const withVault = !argv.includes('--no-vault');
    if (withVault) {
      log('starting OpenBao (bao server -dev, TLS) for the Vault rows...');
      bao = await startBao({ tls: true });
    }
    for (let r = 0; r < repeats; r++) {
      const home = join(dir.path, `bulk-store-${r}`);
      await cli(['ca', 'init', '--subject', `CN=bench bulk ${r}`], home);
      const run = await timeProcess(NODE, [CLI, 'user', 'issue', '--from', join(dir.path, 'users.csv'), '--json'], { env: { MTLSCTL_HOME: home, NODE_ENV: 'production' }, rss: true });
      const issued = (JSON.parse(run.stdout) as { issued: number }).issued;
      if (issued !== bulkUsers) throw new Error(`bulk run issued ${issued} of ${bulkUsers}`);
      const rate = issued / (run.ms / 1000);
      bulk.rate.push(rate);
      bulk.rss.push(run.peakRssMb ?? Number.NaN);
      const peerRate = async (n: number, issue: (i: number) => Promise<unknown>) => {
        const start = performance.now();
        for (let i = 0; i < n; i++) await issue(i);
        return n / ((performance.now() - start) / 1000);
      };
      const opensslRate = await peerRate(peerUsers, (i) => issueWithOpenssl({ dir: dir.path, ca: opensslCa, keyType: 'p256', username: `o${r}-${i}`, password: peerPassword() }));
      bulk.openssl.push(rate / opensslRate);
      if (bao) {
        const intoVault = await bulkIntoVault(bao, { cli: CLI, csv: join(dir.path, 'users.csv'), users: bulkUsers, prefix: `bench${r}`, home: dir.path });
        vault.rate.push(intoVault.rate);
        vault.rss.push(intoVault.peakRssMb);
        vault.openssl.push(intoVault.rate / opensslRate);
      }
      bulk.cfssl.push(rate / (await peerRate(peerUsers, (i) => issueWithCfssl({ dir: dir.path, ca: opensslCa, config: cfsslConfig, username: `c${r}-${i}`, password: peerPassword() }))));
      bulk.easyrsa.push(rate / (await peerRate(easyRsaUsers, (i) => issueWithEasyRsa({ env: easyRsaEnv, username: `e${r}-${i}`, password: peerPassword() }))));
    }
    row(`\`user issue --from\` ${bulkUsers} users, P-256, directory store`, 'openssl CLI pipeline', '×', bulk.openssl, '≥ 10×', (s) => s.median >= 10);
    row(`\`user issue --from\` ${bulkUsers} users, P-256, directory store`, 'cfssl gencert + openssl pkcs12', '×', bulk.cfssl, '≥ 3×', (s) => s.median >= 3);
    row(`\`user issue --from\` ${bulkUsers} users, P-256, directory store`, 'easy-rsa build-client-full + export-p12', '×', bulk.easyrsa, '—', () => undefined);
    row(`\`user issue --from\` ${bulkUsers} users: rate`, '—', 'certs/s', bulk.rate, '≈ 220/s', (s) => s.median >= 220);
    if (bao) {
      row(`\`user issue --from\` ${bulkUsers} users, P-256, OpenBao (dev server, TLS)`, 'openssl CLI pipeline', '×', vault.openssl, '≥ 10×', (s) => s.median >= 10);
      row(`\`user issue --from\` ${bulkUsers} users into OpenBao: rate (peak RSS ${spreadOf(vault.rss).max.toFixed(0)} MB)`, '—', 'certs/s', vault.rate, '≈ 220/s', (s) => s.median >= 220);
      await bao.stop();
      bao = undefined;
    } else {
      log('--no-vault: the OpenBao rows are left out');
    }
    const smallHome = join(dir.path, 'bulk-small');
    await cli(['ca', 'init', '--subject', 'CN=bench bulk small'], smallHome);
    const quarter = Math.max(1, Math.floor(bulkUsers / 4));
    await writeFile(join(dir.path, 'users-small.csv'), csv(quarter));
    const small = await timeProcess(NODE, [CLI, 'user', 'issue', '--from', join(dir.path, 'users-small.csv'), '--json'], { env: { MTLSCTL_HOME: smallHome, NODE_ENV: 'production' }, rss: true });
    row(`peak RSS, bulk ${bulkUsers} (and ${quarter}: ${(small.peakRssMb ?? 0).toFixed(0)} MB)`, '—', 'MB', bulk.rss, '≤ 120 MB, flat in N', (s) => s.max <= 120 && s.max <= (small.peakRssMb ?? 0) * 1.25);

    // Listing: a store of listUsers clients.
    const listHome = join(dir.path, 'list-store');
    await cli(['ca', 'init', '--subject', 'CN=bench list'], listHome);
    await cli(['user', 'issue', 'template', '--email', 'template@example.com'], listHome);
    log(`seeding ${listUsers} clients...`);
    await seedDirectoryStore(listHome, 'template', listUsers - 1);
    const list = { seconds: [] as number[], rss: [] as number[] };
    for (let r = 0; r < repeats; r++) {
      const run = await cli(['user', 'list', '--json'], listHome, true);
      const count = (JSON.parse(run.stdout) as { clients: unknown[] }).clients.length;
      if (count !== listUsers) throw new Error(`user list --json gave ${count} of ${listUsers} clients`);
      list.seconds.push(run.ms / 1000);
      list.rss.push(run.peakRssMb ?? Number.NaN);
    }
    row(`\`user list --json\`, ${listUsers} users, directory store`, '—', 's', list.seconds, '≤ 1 s', (s) => s.median <= 1);
    row(`peak RSS, \`user list --json\` ${listUsers}`, '—', 'MB', list.rss, '≤ 120 MB', (s) => s.max <= 120);

    // Large CRLs and bundles, in process.
    const issuer = { certificatePem: caPem, privateKey: caKeys.privateKey };
    const crl = { build: [] as number[], parse: [] as number[] };
    for (let r = 0; r < repeats; r++) {
      const revoked = Array.from({ length: 10_000 }, (_, i) => ({ serialNumber: `4${(r * 100_000 + i).toString(16).padStart(31, '0')}`, revokedAt: now, reason: 'keyCompromise' as const }));
      let start = performance.now();
      const pem = await buildCrl({ issuer, revoked, crlNumber: r + 1, thisUpdate: now, nextUpdate: new Date(now.getTime() + 86_400_000) });
      crl.build.push((performance.now() - start) / 1000);
      start = performance.now();
      if (parseCrl(pem).revoked.length !== 10_000) throw new Error('CRL round trip lost entries');
      crl.parse.push((performance.now() - start) / 1000);
      if (r === 0) await openssl(['crl', '-noout', '-CAfile', opensslCa.certificateFile], { input: pem });
    }
    row('CRL, 10,000 entries: build', '—', 's', crl.build, '< 0.5 s', (s) => s.median < 0.5);
    row('CRL, 10,000 entries: parse', '—', 's', crl.parse, '< 0.5 s', (s) => s.median < 0.5);
    log('issuing 2,000 distinct certificates for the bundle...');
    const leafKeys = await generateKeyPair('p256');
    const certs: string[] = [];
    for (let i = 0; i < 2000; i++) certs.push(await issueClientCertificate({ username: `b${i}`, email: `b${i}@example.com`, publicKey: leafKeys.publicKey, issuer, now }));
    const bundle = { ten: [] as number[], linear: [] as number[] };
    parseBundle(certs.join('')); // warm-up: the JIT, and the name cache filled as a first read fills it
    for (let r = 0; r < repeats; r++) {
      const time = (n: number) => {
        const text = Array.from({ length: n }, (_, i) => certs[i % certs.length]).join('');
        const start = performance.now();
        if (parseBundle(text).length !== n) throw new Error('bundle parse lost certificates');
        return (performance.now() - start) / 1000;
      };
      const ten = time(10_000);
      bundle.ten.push(ten);
      bundle.linear.push(time(20_000) / ten);
    }
    row('bundle parse, 10,000 certificates', '—', 's', bundle.ten, '< 1 s', (s) => s.median < 1);
    row('bundle parse, 20,000 / 10,000 (linear ≈ 2)', '—', '×', bundle.linear, '≤ 2.5', (s) => s.median <= 2.5);

    const machine = `${availableParallelism()} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}, ${(await openssl(['version'])).trim()}; load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after; ${repeats} repeats; ${new Date().toISOString().slice(0, 16)}Z`;
    const table = renderTable(machine, rows, { bulkUsers, peerUsers, easyRsaUsers, vault: withVault });
    process.stdout.write(table);
    if (!argv.includes('--no-readme')) await writeReadme(table);
  } finally {
    await bao?.stop();
    await dir.remove();
  }
}

function renderTable(machine: string, rows: Row[], counts: { bulkUsers: number; peerUsers: number; easyRsaUsers: number; vault: boolean }): string {
  const f = (n: number) => (Number.isNaN(n) ? '?' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
  const lines = [
    `Machine: ${machine}. Peers per bulk repeat: openssl and cfssl ${counts.peerUsers} users, easy-rsa ${counts.easyRsaUsers} (one at a time, as a script runs them; their rate does not depend on N).${counts.vault ? '' : ' The OpenBao rows were not run (`--no-vault`).'}`,
    '',
    '| what | peer, same run | unit | min | median | max | target | holds |',
    '|---|---|---|---:|---:|---:|---|---|',
    ...rows.map((r) => `| ${r.what} | ${r.peer} | ${r.unit} | ${f(r.spread.min)} | ${f(r.spread.median)} | ${f(r.spread.max)} | ${r.target} | ${r.holds === undefined ? '—' : r.holds ? 'yes' : '**no**'} |`),
  ];
  return `${lines.join('\n')}\n`;
}

const START = '<!-- bench-table:start -->';
const END = '<!-- bench-table:end -->';

async function writeReadme(table: string): Promise<void> {
  const text = await readFile(README, 'utf8');
  const block = `${START}\n${table}${END}`;
  const next = text.includes(START) ? text.replace(new RegExp(`${START}[\\s\\S]*?${END}`), block) : `${text.trimEnd()}\n\n## Issue 13's table (\`run-table\`)\n\n${block}\n`;
  await writeFile(README, next);
}

await main();
