import { join } from 'node:path';
import type { BaoServer } from '@mtlsctl/peers';
import { timeProcess } from './time-process.js';

/** What one bulk run into Vault measured. */
export interface VaultBulkRun {
  /** Certificates per second, wall clock of the whole `user issue --from` process. */
  rate: number;
  peakRssMb: number;
}

/**
 * Runs `mtlsctl user issue --from <csv>` into a real OpenBao (the dev server `startBao({ tls: true })` gives, over
 * TLS with VAULT_CACERT) under its own KV prefix: `vault init --no-eso-token` and `ca init` first (not timed),
 * then the bulk run, timed spawn to exit, its peak RSS through GNU time. The count issued is checked.
 *
 * @param bao - the running server
 * @param options.cli - the built CLI's bin/run.js
 * @param options.csv - the users file
 * @param options.users - how many users it holds
 * @param options.prefix - a KV prefix of this run's own
 */
export async function bulkIntoVault(bao: BaoServer, options: { cli: string; csv: string; users: number; prefix: string; home: string }): Promise<VaultBulkRun> {
  const env: Record<string, string> = {
    HOME: options.home,
    VAULT_ADDR: bao.addr,
    VAULT_TOKEN: bao.token,
    VAULT_CACERT: bao.caCertPath ?? join(bao.dir, 'missing-ca.pem'),
    MTLSCTL_STORE: 'vault',
    MTLSCTL_VAULT_PREFIX: options.prefix,
    NODE_ENV: 'production',
  };
  const run = (args: string[], rss = false) => timeProcess(process.execPath, [options.cli, ...args], { env, rss });
  await run(['vault', 'init', '--no-eso-token']);
  await run(['ca', 'init', '--subject', `CN=bench vault ${options.prefix}`]);
  const bulk = await run(['user', 'issue', '--from', options.csv, '--json'], true);
  const issued = (JSON.parse(bulk.stdout) as { issued: number }).issued;
  if (issued !== options.users) throw new Error(`bulk run into Vault issued ${issued} of ${options.users}`);
  return { rate: issued / (bulk.ms / 1000), peakRssMb: bulk.peakRssMb ?? Number.NaN };
}
