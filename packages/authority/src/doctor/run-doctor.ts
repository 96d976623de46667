import type { PkiStore, VaultClient } from '@mtlsctl/vault-store';
import { check, type Check } from '../checklist.js';
import type { DoctorReport, DoctorThresholds } from './doctor-report.js';
import { probeVault, type ProbeVaultOptions } from './probe-vault.js';
import { storeChecks, type StoreFacts } from './store-checks.js';
import { vaultChecks } from './vault-checks.js';

/** Options of {@link runDoctor}. */
export interface RunDoctorOptions {
  store: PkiStore;
  /** Which kind of store it is, and where (the directory, or VAULT_ADDR). */
  kind: 'vault' | 'directory';
  location: string;
  /** For a Vault store: the client (its token is the one checked) and what to probe. */
  vault?: { client: VaultClient } & ProbeVaultOptions;
  thresholds?: DoctorThresholds;
  /** The clock (default now). */
  at?: Date;
  crypto?: Crypto;
}

/**
 * The guide's troubleshooting as a checklist: Vault (when the store is Vault), then the CA and the CRL. Cluster
 * checks are composed by the caller (they need `@mtlsctl/k8s-sync`); {@link doctorReport} joins them.
 *
 * @example
 * const report = await runDoctor({ store, kind: 'vault', location: addr, vault: { client, addr, skipVerify: false, caCertGiven: true, layout: {} } });
 * for (const c of report.checks) console.log(c.status, c.title, c.detail, c.fix ?? '');
 */
export async function runDoctor(options: RunDoctorOptions): Promise<DoctorReport> {
  const at = options.at ?? new Date();
  const checks: Check[] = [];
  let readable = true;
  if (options.kind === 'vault' && options.vault !== undefined) {
    const { client, ...probeOptions } = options.vault;
    const facts = await probeVault(client, probeOptions);
    checks.push(...vaultChecks(facts, options.thresholds));
    readable = facts.health.ok && !facts.health.value.sealed && facts.health.value.initialized && facts.token?.ok === true;
  } else {
    checks.push(check('vault', 'Vault', 'skip', `not applicable: the store is the directory ${options.location} (reachability, TLS, seal, token and audit checks are Vault's)`));
  }
  if (readable) checks.push(...(await storeChecks(await readStore(options.store), at, options.thresholds, options.crypto)));
  else checks.push(check('ca.present', 'CA and CRL', 'skip', 'not checked: the store cannot be read until the Vault checks above pass'));
  return doctorReport(options.kind, checks);
}

/** A report from checks: ok unless one failed. */
export function doctorReport(store: DoctorReport['store'], checks: Check[]): DoctorReport {
  return { ok: checks.every((c) => c.status !== 'fail'), store, checks };
}

async function readStore(store: PkiStore): Promise<StoreFacts> {
  const read = async <T>(get: () => Promise<{ value: T } | undefined>): Promise<T | undefined | { error: string }> => {
    try {
      return (await get())?.value;
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  };
  const [ca, caKey, crl] = await Promise.all([read(() => store.getCa()), read(() => store.getCaKey()), read(() => store.getCrl())]);
  return { ca, caKey, crl };
}
