import { Flags } from '@oclif/core';
import { renderAlertRulesYaml } from '@mtlsctl/monitoring';
import { MtlsctlCommand } from '../../base-command.js';
import { daysFlag, keyValueFlag } from '../../flags.js';
import { DEFAULT_EXTERNAL_SECRET, objectRefFlag, parseObjectRef } from '../../k8s-flags.js';
import { renderMonitorRules } from '../../render/monitor.js';
import { writePrivateFile } from '../../write-private-file.js';

export default class MonitorRules extends MtlsctlCommand {
  static override summary = "Print mtlsctl's Prometheus alert rules: a PrometheusRule or a plain rules file.";
  static override description =
    'ESO sync failing (as increase(), so it clears), ExternalSecret not Ready, bundle and deny-rule drift, client and CA certificates expiring, CRL near or past nextUpdate, ESO token expiring, the sync-verifier down or stale, the ingress refusing the probe certificate. Each alert has summary, description and a runbook line naming the mtlsctl command that fixes it. The metrics come from mtlsctl-sync-verifier and ESO.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> | kubectl apply --server-side -f -',
    '<%= config.bin %> <%= command.id %> --format rules -o /etc/prometheus/rules/mtlsctl.yml && promtool check rules /etc/prometheus/rules/mtlsctl.yml',
    '<%= config.bin %> <%= command.id %> --client-warning 21d --client-critical 3d --label release=kube-prometheus-stack',
  ];
  static override flags = {
    format: Flags.option({ options: ['prometheus-rule', 'rules'] as const, default: 'prometheus-rule' as const, description: 'A monitoring.coreos.com/v1 PrometheusRule, or a Prometheus rules file (rule_files:).' })(),
    output: Flags.string({ char: 'o', description: 'File to write instead of stdout.' }),
    force: Flags.boolean({ description: 'Replace an existing output file.', default: false }),
    'client-warning': daysFlag({ description: 'Warn this long before a client certificate expires.', default: '30d' }),
    'client-critical': daysFlag({ description: 'Critical this long before (and once expired).', default: '7d' }),
    'ca-warning': daysFlag({ description: 'Warn this long before a trusted CA expires.', default: '90d' }),
    'ca-critical': daysFlag({ description: 'Critical this long before.', default: '30d' }),
    'crl-warning': daysFlag({ description: "Warn this long before a CRL's nextUpdate.", default: '7d' }),
    'eso-token-warning': daysFlag({ description: "Warn this long before ESO's Vault token expires.", default: '14d' }),
    'stale-after': Flags.integer({ description: 'The verifier is stale when its last successful cycle is older than this many seconds.', default: 900, min: 1 }),
    'verifier-job': Flags.string({ description: 'Prometheus job label of the sync-verifier scrape.', default: 'mtlsctl-sync-verifier' }),
    'external-secret': objectRefFlag({
      description: 'The ExternalSecret ESO metrics are filtered on, <namespace>/<name>.',
      default: parseObjectRef(DEFAULT_EXTERNAL_SECRET),
      defaultHelp: async () => DEFAULT_EXTERNAL_SECRET,
    }),
    namespace: Flags.string({ description: "The PrometheusRule's namespace.", default: 'mtlsctl' }),
    label: keyValueFlag({ description: "A label for the PrometheusRule, key=value (the operator's ruleSelector); repeatable.", multiple: true }),
  };

  async run() {
    const { flags } = await this.parse(MonitorRules);
    const labels = Object.fromEntries((flags.label ?? []).map(({ key, value }) => [key, value]));
    let yaml: string;
    try {
      yaml = renderAlertRulesYaml(
        flags.format,
        {
          clientWarningDays: flags['client-warning'],
          clientCriticalDays: flags['client-critical'],
          caWarningDays: flags['ca-warning'],
          caCriticalDays: flags['ca-critical'],
          crlWarningDays: flags['crl-warning'],
          esoTokenWarningDays: flags['eso-token-warning'],
          staleAfterSeconds: flags['stale-after'],
          verifierJob: flags['verifier-job'],
          externalSecret: flags['external-secret'],
        },
        { namespace: flags.namespace, labels },
      );
    } catch (error) {
      if (error instanceof RangeError) this.error(error.message, { exit: 2 });
      throw error;
    }
    if (flags.output) await writePrivateFile(flags.output, yaml, { overwrite: flags.force });
    return this.render({ format: flags.format, ...(flags.output ? { file: flags.output } : {}), yaml }, renderMonitorRules, { document: !flags.output });
  }
}
