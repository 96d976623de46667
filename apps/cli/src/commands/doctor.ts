import { Flags } from '@oclif/core';
import { check, doctorReport, runDoctor, showCa, type Check, type DoctorReport } from '@mtlsctl/authority';
import { MtlsctlError } from '@mtlsctl/errors';
import { StoreConfigError } from '@mtlsctl/vault-store';
import { MtlsctlCommand } from '../base-command.js';
import { EXIT } from '../exit-codes.js';
import { clusterChecks } from '../cluster-checks.js';
import { daysFlag, roleFlag, storeFlags } from '../flags.js';
import { kubeFlags, kubeFromFlags, syncLayoutFromFlags, syncObjectFlags } from '../k8s-flags.js';
import { openStore, vaultConnection } from '../open-store.js';
import { readFirstLine } from '../read-input-file.js';
import { renderDoctorReport } from '../render/doctor-report.js';
import { writeWarning } from '../warn.js';

const CLUSTER_TITLE = 'Cluster sync (ESO, Secret, ingress)';

export default class Doctor extends MtlsctlCommand {
  static override summary = "The guide's troubleshooting as a checklist: Vault, the token, the CA, the CRL — each ✗ with the command that fixes it.";
  static override description =
    'Vault store: Vault reachable, TLS verified, initialised and unsealed, server type and version (Vault or OpenBao), the token valid and its TTL, its capabilities on every path of its role (--role), an audit device (OpenBao declares them in its server config, not the API), and with --eso-token-file the ESO token\'s TTL and capabilities. Every store: the CA present, its key the active one, valid and not near expiry; the CRL published, signed for every trusted CA, current and not near nextUpdate. The cluster (when a kubeconfig is found: --kubeconfig, $KUBECONFIG, ~/.kube/config or the in-cluster service account; --no-cluster skips it): ClusterSecretStore and ExternalSecret Ready, the synced Secret equal to the store\'s bundle, the controller ConfigMap\'s client-ca naming it and its deny rules matching the CRL. ✓ ok, ✗ fail (with its fix), ! warning, – not checked. Exit 0 when nothing failed, 9 otherwise.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --store vault --eso-token-file eso.token',
    '<%= config.bin %> <%= command.id %> --store vault --context prod',
    '<%= config.bin %> <%= command.id %> --store vault --json | jq \'.checks[] | select(.status == "fail")\'',
  ];
  static override baseFlags = { ...MtlsctlCommand.baseFlags, ...storeFlags };
  static override flags = {
    role: roleFlag({ description: 'The role the Vault token must fit: admin, verifier, eso, or user:<name>.', default: 'admin' }),
    'eso-token-file': Flags.string({ description: "File holding the ESO token (first line): also check its TTL and that it reads the bundle and CRL but never the CA key." }),
    'ca-warn': daysFlag({ description: 'Warn when the CA expires within this.', default: '90d' }),
    'crl-warn': daysFlag({ description: "Warn when the CRL's nextUpdate is within this.", default: '7d' }),
    cluster: Flags.boolean({ description: 'Check the cluster sync (default: when a kubeconfig is found). --no-cluster skips it.', allowNo: true, helpGroup: 'CLUSTER' }),
    ...kubeFlags,
    ...syncObjectFlags,
  };

  async run() {
    const { flags } = await this.parse(Doctor);
    const thresholds = { caWarnDays: flags['ca-warn'], crlWarnDays: flags['crl-warn'] };
    let report: DoctorReport;
    let location: string;
    let store: Awaited<ReturnType<typeof openStore>>['store'] | undefined;
    if (flags.store === 'vault') {
      const opened = await openVault(flags);
      location = opened.location;
      if ('problem' in opened) report = doctorReport('vault', [opened.problem]);
      else {
        const { config } = opened;
        store = opened.store;
        const esoToken = flags['eso-token-file'] === undefined ? undefined : (await readFirstLine(flags['eso-token-file'])).trim();
        const { VaultClient } = await import('@mtlsctl/vault-store');
        report = await runDoctor({
          store: opened.store,
          kind: 'vault',
          location,
          vault: {
            client: new VaultClient(config),
            addr: config.addr,
            skipVerify: config.skipVerify === true,
            caCertGiven: config.caCert !== undefined,
            layout: { mount: flags['vault-mount'], prefix: flags['vault-prefix'], caKeyPath: flags['ca-key-path'] },
            role: flags.role,
            ...(esoToken === undefined ? {} : { esoClient: new VaultClient({ ...config, token: esoToken }) }),
          },
          thresholds,
        });
      }
    } else {
      const opened = await openStore(flags, process.env, { allowMissing: true });
      location = opened.location;
      store = opened.store;
      report = await runDoctor({ store: opened.store, kind: 'directory', location, thresholds });
    }
    report = doctorReport(report.store, [...report.checks, ...(await checkCluster(flags, store))]);
    const result = this.render({ report, location }, renderDoctorReport);
    if (!report.ok) this.exitWithResult(result, EXIT.checkFailed);
    return result;
  }
}

/** Opens the Vault store, turning a missing VAULT_ADDR or token, or an unreadable VAULT_CACERT, into a ✗ line instead of an error. */
async function openVault(flags: Parameters<typeof openStore>[0]): Promise<
  { store: Awaited<ReturnType<typeof openStore>>['store']; config: Awaited<ReturnType<typeof vaultConnection>>; location: string } | { problem: Check; location: string }
> {
  let location = flags['vault-addr'] ?? process.env['VAULT_ADDR'] ?? '(VAULT_ADDR not set)';
  try {
    const config = await vaultConnection(flags);
    location = config.addr || location;
    for (const warning of config.warnings) writeWarning(warning);
    return { store: (await openStore(flags, process.env, { allowMissing: true, connection: config })).store, config, location };
  } catch (error) {
    if (!StoreConfigError.isInstance(error)) throw error;
    return { location, problem: check('vault.config', 'Vault configured', 'fail', error.message, 'export VAULT_ADDR=https://vault.example:8200 (and VAULT_CACERT=<its CA>), then vault login') };
  }
}

/**
 * The cluster checks (`clusterChecks` over `readSyncStatus`), or one `cluster` line saying why they did not run:
 * skipped (--no-cluster, no kubeconfig found, no CA to compare with) or failed (unreachable, 401/403, ESO's kinds
 * not served, a context that does not exist) with the fix from the error.
 */
async function checkCluster(
  flags: { cluster?: boolean; kubeconfig?: string | undefined; context?: string | undefined } & Parameters<typeof syncLayoutFromFlags>[0],
  store: Awaited<ReturnType<typeof openStore>>['store'] | undefined,
): Promise<Check[]> {
  const skip = (detail: string) => [check('cluster', CLUSTER_TITLE, 'skip', detail)];
  if (flags.cluster === false) return skip('not checked (--no-cluster)');
  const { readSyncStatus, resolveSyncLayout } = await import('@mtlsctl/k8s-sync');
  const explicit = flags.cluster === true || flags.kubeconfig !== undefined || flags.context !== undefined;
  const fail = (error: unknown) => {
    if (!MtlsctlError.isInstance(error)) throw error;
    const cut = error.message.lastIndexOf(': ');
    return [check('cluster', CLUSTER_TITLE, 'fail', cut > 0 ? error.message.slice(0, cut) : error.message, cut > 0 ? error.message.slice(cut + 2) : 'see the message')];
  };
  let kube: Awaited<ReturnType<typeof kubeFromFlags>>;
  try {
    kube = await kubeFromFlags(flags);
  } catch (error) {
    if (MtlsctlError.isInstance(error) && error.code === 'KUBECONFIG_MISSING' && !explicit) return skip(`not checked: ${error.message}`);
    return fail(error);
  }
  let truth: { vaultBundle: string; denyRules?: string };
  try {
    if (store === undefined || (await store.getCa()) === undefined) return skip('not compared: the store has no CA (see the lines above)');
    const crl = await store.getCrl();
    truth = { vaultBundle: (await showCa({ store })).bundlePem, ...(crl ? { denyRules: crl.value.haproxyDeny } : {}) };
  } catch (error) {
    if (!MtlsctlError.isInstance(error)) throw error;
    return skip(`not compared: the store could not be read (${error.message})`);
  }
  try {
    const layout = resolveSyncLayout(await syncLayoutFromFlags({ ...flags, 'vault-server': 'https://vault.invalid' }));
    return clusterChecks(await readSyncStatus(layout, { kube, ...truth }), layout);
  } catch (error) {
    return fail(error);
  }
}

