import { readFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { openssl, makeTempDir } from '@mtlsctl/peers';
import { createRootCa, exportPrivateKeyPem, generateKeyPair, parsePkcs12 } from '@mtlsctl/pki-core';
import { benchScenarios } from './bench-scenarios.js';
import { BENCH_KEY_TYPES, type BenchKeyType } from './client-key-type.js';
import { issueWithMtlsctl } from './issue-with-mtlsctl.js';
import { issueWithOpenssl, prepareOpensslCa } from './issue-with-openssl.js';
import { formatReport, type BenchRow } from './format-report.js';
import { measureRate } from './measure-rate.js';

/** Command-line options: `--seconds <n>` per scenario and round, `--rounds <n>`, `--keys p256,rsa2048`, `--json`. */
function parseArgs(argv: string[]) {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i === -1 ? undefined : argv[i + 1];
  };
  const keys = (value('--keys') ?? BENCH_KEY_TYPES.join(',')).split(',') as BenchKeyType[];
  for (const key of keys) if (!BENCH_KEY_TYPES.includes(key)) throw new Error(`--keys: unknown key type ${key} (use ${BENCH_KEY_TYPES.join(', ')})`);
  return {
    seconds: Number(value('--seconds') ?? 4),
    rounds: Number(value('--rounds') ?? 2),
    keys,
    json: argv.includes('--json'),
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const loadBefore = loadavg()[0] ?? 0;
  const dir = await makeTempDir('mtlsctl-bench-');
  try {
    const now = new Date();
    const caKeys = await generateKeyPair('p256');
    const certificatePem = await createRootCa({ subject: 'CN=mtlsctl bench CA', keys: caKeys, now });
    const caPrivateKeyPem = await exportPrivateKeyPem(caKeys.privateKey);
    const issuer = { certificatePem, privateKey: caKeys.privateKey };
    const opensslCa = await prepareOpensslCa(dir.path, { certificatePem, privateKeyPem: caPrivateKeyPem });
    const rows: BenchRow[] = [];
    for (const keyType of options.keys) {
      await checkBothPipelines({ dir: dir.path, keyType, issuer, opensslCa, now });
      const scenarios = benchScenarios({ keyType, issuer, caPrivateKeyPem, opensslCa, dir: dir.path, now });
      await measureRate(() => issueWithMtlsctl({ issuer, keyType, username: 'warmup', now }), { seconds: 1 }); // JIT warm-up
      const totals = new Map(scenarios.map((s) => [s.id, { operations: 0, seconds: 0 }]));
      // Rounds interleave the scenarios, so load from other processes on the machine hits them alike.
      for (let round = 0; round < options.rounds; round++) {
        for (const scenario of scenarios) {
          const m = await scenario.measure(options.seconds);
          const total = totals.get(scenario.id)!;
          total.operations += m.operations;
          total.seconds += m.seconds;
        }
      }
      const baseline = scenarios.find((s) => s.baseline)!;
      const base = totals.get(baseline.id)!;
      for (const scenario of scenarios) {
        const total = totals.get(scenario.id)!;
        const perSecond = total.operations / total.seconds;
        rows.push({ keyType, id: scenario.id, label: scenario.label, ...total, perSecond, ratio: perSecond / (base.operations / base.seconds) });
      }
    }
    const machine = {
      cpus: availableParallelism(),
      model: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      openssl: (await openssl(['version'])).trim(),
      // 1-minute load averages: other processes on the machine skew every number, the openssl pipeline's most.
      load: { before: loadBefore, after: loadavg()[0] ?? 0 },
    };
    process.stdout.write(options.json ? `${JSON.stringify({ machine, options, rows }, null, 2)}\n` : formatReport(machine, rows));
  } finally {
    await dir.remove();
  }
}

/** Before timing anything: one p12 from each pipeline opens, and its certificate verifies as a client of the CA. */
async function checkBothPipelines(params: {
  dir: string;
  keyType: BenchKeyType;
  issuer: { certificatePem: string; privateKey: CryptoKey };
  opensslCa: { certificateFile: string; keyFile: string };
  now: Date;
}): Promise<void> {
  const fromMtlsctl = await issueWithMtlsctl({ issuer: params.issuer, keyType: params.keyType, username: 'check-mtlsctl', now: params.now });
  const password = 'bench-check';
  const file = await issueWithOpenssl({ dir: params.dir, ca: params.opensslCa, keyType: params.keyType, username: 'check-openssl', password });
  const fromOpenssl = new Uint8Array(await readFile(file));
  for (const [p12, pass] of [[fromMtlsctl.p12, fromMtlsctl.password], [fromOpenssl, password]] as const) {
    const parsed = await parsePkcs12(p12, pass);
    await openssl(['verify', '-purpose', 'sslclient', '-CAfile', params.opensslCa.certificateFile], { input: parsed.certificatePem });
  }
}

await main();
