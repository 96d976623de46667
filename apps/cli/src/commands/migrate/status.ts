import { outputFlag } from '../../flags.js';
import { StoreCommand } from '../../base-command.js';
import { renderMigrateStatus } from '../../render/migrate.js';
import { migrationStatus } from '@mtlsctl/authority';

export default class MigrateStatus extends StoreCommand {
  static override summary = 'For each trusted CA: active certificates chaining to it, the last expiry, and whether it can be retired.';
  static override examples = ['<%= config.bin %> <%= command.id %>'];

  static override flags = { output: outputFlag };

  async run() {
    const { flags } = await this.parse(MigrateStatus);
    const rows = await migrationStatus(await this.context(flags));
    return this.render(rows, renderMigrateStatus);
  }
}
