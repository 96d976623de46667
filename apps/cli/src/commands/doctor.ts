import { readFile } from 'node:fs/promises';
import { Flags } from '@oclif/core';
import { check, doctorReport, runDoctor, type Check, type DoctorReport } from '@mtlsctl/authority';
import { MtlsctlError } from '@mtlsctl/pki-core/errors';
import { MtlsctlCommand } from '../base-command.js';
import { EXIT } from '../exit-codes.js';
import { daysFlag, roleFlag, storeFlags } from '../flags.js';
import { openStore, vaultConnection } from '../open-store.js';
import { readInputFile } from '../read-input-file.js';
import { renderDoctorReport } from '../render/doctor-report.js';

/** Said of the cluster until the k8s-sync status API is composed in: an honest gap, never a ✓. */
const CLUSTER_GAP: Check = check(
  'cluster',
  'Cluster sync (ESO, Secret, ingress)',
  'skip',
  'not checked by this version of doctor (ClusterSecretStore and ExternalSecret Ready, the Secret equal to Vault\'s bundle, the ConfigMap\'s client-ca, deny rules, the ESO token in the cluster): see `kubectl get clustersecretstore,externalsecret -A`',
);

export default class Doctor extends MtlsctlCommand {
  static override summary = "The guide's troubleshooting as a checklist: Vault, the token, the CA, the CRL — each ✗ with the command that fixes it.";
  static override description =
    'Vault store: Vault reachable, TLS verified, initialised and unsealed, server type and version (Vault or OpenBao), the token valid and its TTL, its capabilities on every path of its role (--role), an audit device (OpenBao declares them in its server config, not the API), and with --eso-token-file the ESO token\'s TTL and capabilities. Every store: the CA present, its key the active one, valid and not near expiry; the CRL published, signed for every trusted CA, current and not near nextUpdate. ✓ ok, ✗ fail (with its fix), ! warning, – not checked. Exit 0 when nothing failed, 9 otherwise.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --store vault --eso-token-file eso.token',
    '<%= config.bin %> <%= command.id %> --store vault --json | jq \'.checks[] | select(.status == "fail")\'',
  ];
  static override baseFlags = { ...MtlsctlCommand.baseFlags, ...storeFlags };
  static override flags = {
    role: roleFlag({ description: 'The role the Vault token must fit: admin, verifier, eso, or user:<name>.', default: 'admin' }),
    'eso-token-file': Flags.string({ description: "File holding the ESO token (first line): also check its TTL and that it reads the bundle and CRL but never the CA key." }),
    'ca-warn': daysFlag({ description: 'Warn when the CA expires within this.', default: '90d' }),
    'crl-warn': daysFlag({ description: "Warn when the CRL's nextUpdate is within this.", default: '7d' }),
  };

  async run() {
    const { flags } = await this.parse(Doctor);
    const thresholds = { caWarnDays: flags['ca-warn'], crlWarnDays: flags['crl-warn'] };
    let report: DoctorReport;
    let location: string;
    if (flags.store === 'vault') {
      const opened = await openVault(flags);
      location = opened.location;
      if ('problem' in opened) report = doctorReport('vault', [opened.problem]);
      else {
        const { config } = opened;
        const esoToken = flags['eso-token-file'] === undefined ? undefined : firstLine(await readInputFile(flags['eso-token-file'], readFile, 4096));
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
      const opened = await openStore(flags);
      location = opened.location;
      report = await runDoctor({ store: opened.store, kind: 'directory', location, thresholds });
    }
    report = doctorReport(report.store, [...report.checks, CLUSTER_GAP]);
    this.say(renderDoctorReport(report, location));
    if (!report.ok) {
      if (this.jsonEnabled()) this.logJson(report);
      this.exit(EXIT.checkFailed);
    }
    return report;
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
    for (const warning of config.warnings) process.stderr.write(`warning: ${warning}\n`);
    return { store: (await openStore(flags)).store, config, location };
  } catch (error) {
    if (!MtlsctlError.isInstance(error) || error.code !== 'STORE_CONFIG') throw error;
    return { location, problem: check('vault.config', 'Vault configured', 'fail', error.message, 'export VAULT_ADDR=https://vault.example:8200 (and VAULT_CACERT=<its CA>), then vault login') };
  }
}

function firstLine(data: Buffer): string {
  return data.toString('utf8').split(/\r?\n/)[0]?.trim() ?? '';
}
