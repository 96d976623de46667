import { outputFlag } from '../../flags.js';
import { StoreCommand } from '../../base-command.js';
import { day, renderTable, shortFingerprint } from '../../render/table.js';
import { migrationStatus } from '@mtlsctl/authority';

export default class MigrateStatus extends StoreCommand {
  static override summary = 'For each trusted CA: active certificates chaining to it, the last expiry, and whether it can be retired.';
  static override examples = ['<%= config.bin %> <%= command.id %>'];

  static override flags = { output: outputFlag };

  async run() {
    const { flags } = await this.parse(MigrateStatus);
    const rows = await migrationStatus(await this.context(flags));
    this.say(
      renderTable(rows, [
        ['FINGERPRINT', (r) => shortFingerprint(r.fingerprint)],
        ['ROLE', (r) => r.role],
        ['ACTIVE CERTS', (r) => (r.tracked ? String(r.activeCertificates) : `${r.activeCertificates} (+ untracked)`)],
        ['LAST EXPIRY', (r) => (r.lastExpiry ? day(r.lastExpiry) : '-')],
        ['RETIRE', (r) => (r.canRetire ? 'yes' : 'no')],
        ['NOTE', (r) => r.note],
      ]),
    );
    return { cas: rows };
  }
}
