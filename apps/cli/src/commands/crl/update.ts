import { StoreCommand } from '../../base-command.js';
import { daysFlag } from '../../flags.js';
import { renderCrlUpdate } from '../../render/crl.js';
import { publishCrl } from '@mtlsctl/authority';

export default class CrlUpdate extends StoreCommand {
  static override summary = 'Re-sign and republish the CRLs (run it well before their next update, e.g. from a daily cron job).';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --validity 14d'];
  static override flags = { validity: daysFlag({ description: 'How long the new CRLs are valid.', default: '30d' }) };

  async run() {
    const { flags } = await this.parse(CrlUpdate);
    const published = await publishCrl(await this.context(flags), { validityDays: flags.validity });
    const result = this.render(published, renderCrlUpdate);
    if (published.uncoveredCas.length) this.warn(`no CRL for ${published.uncoveredCas.length} imported CA(s) whose keys are elsewhere.`);
    return result;
  }
}
