import { StoreCommand } from '../../base-command.js';
import { collectVaultObservation, evaluateExpiry } from '@mtlsctl/monitoring';
import { EXIT } from '../../exit-codes.js';
import { daysFlag } from '../../flags.js';
import { renderMonitorExpiry } from '../../render/monitor.js';

export default class MonitorExpiry extends StoreCommand {
  static override summary = 'Check what expires soon: client certificates, trusted CAs and CRLs (for cron).';
  static override description = `Expiry computed from each certificate's notAfter (not from when it was created), plus the trusted CAs and the CRLs' nextUpdate (HAProxy refuses all of a CA's clients once its CRL is past). Reads only the inventory (KV custom metadata), pki/ca and pki/crl: the mtlsctl-verifier policy is enough. Exit ${EXIT.checkFailed} when anything expires within the window (or already has), 0 otherwise.`;
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --within 14d --store vault --json'];
  static override flags = {
    within: daysFlag({ description: 'The window for client and CA certificates.', default: '30d' }),
    'crl-within': daysFlag({ description: "The window for CRLs' nextUpdate (mtlsctl publishes CRLs for 30 days; `mtlsctl crl update` renews them).", default: '7d' }),
  };

  async run() {
    const { flags } = await this.parse(MonitorExpiry);
    const { store } = await this.context(flags);
    const observation = await collectVaultObservation(store);
    for (const username of observation.unlistedClients ?? []) {
      this.warn(`${username} holds a certificate but no inventory, so its expiry is not checked: list once with an admin token (\`mtlsctl user list\`) to repair it`);
    }
    const items = evaluateExpiry(observation, { now: new Date(), withinDays: flags.within, crlWithinDays: flags['crl-within'] });
    const result = this.render({ withinDays: flags.within, crlWithinDays: flags['crl-within'], expiring: items }, renderMonitorExpiry);
    if (items.length > 0) this.exitWithResult(result, EXIT.checkFailed);
    return result;
  }
}
