import { StoreCommand } from '../../base-command.js';
import { daysFlag } from '../../flags.js';
import { publishCrl } from '@mtlsctl/authority';

export default class CrlUpdate extends StoreCommand {
  static override summary = 'Re-sign and republish the CRLs (run it well before their next update, e.g. from a daily cron job).';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --validity 14d'];
  static override flags = { validity: daysFlag({ description: 'How long the new CRLs are valid.', default: '30d' }) };

  async run() {
    const { flags } = await this.parse(CrlUpdate);
    const result = await publishCrl(await this.context(flags), { validityDays: flags.validity });
    this.say(`Published CRL #${result.record.crlNumber} for ${result.coveredCas.length} CA(s), ${result.record.revoked.length} revoked, next update ${result.record.nextUpdate}.`);
    if (result.uncoveredCas.length) this.warn(`no CRL for ${result.uncoveredCas.length} imported CA(s) whose keys are elsewhere.`);
    return { crlNumber: result.record.crlNumber, nextUpdate: result.record.nextUpdate, revoked: result.record.revoked, coveredCas: result.coveredCas, uncoveredCas: result.uncoveredCas };
  }
}
