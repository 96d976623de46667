import { Flags } from '@oclif/core';
import { MtlsctlCommand } from '../base-command.js';
import { EXIT } from '../exit-codes.js';
import { p12ProfileFlag } from '../flags.js';
import { renderQuickstart } from '../render/quickstart.js';

export default class Quickstart extends MtlsctlCommand {
  static override summary = 'Run the main job end to end on the embedded store: a CA, a user certificate, its p12 on disk, the inventory.';
  static override description = 'Safe to run again: the CA in the directory is reused and the user renewed. No Vault needed.';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --dir /tmp/try-mtlsctl --user bob --email bob@example.com'];
  static override flags = {
    dir: Flags.string({ description: 'Directory for the store and the files written.', default: 'mtlsctl-quickstart' }),
    user: Flags.string({ description: 'The demo user.', default: 'alice' }),
    email: Flags.string({ description: "The demo user's email.", default: 'alice@example.com' }),
    'p12-profile': p12ProfileFlag({ default: 'modern' }),
  };

  async run() {
    const { flags } = await this.parse(Quickstart);
    const { quickstartInDirectory } = await import('../quickstart.js');
    const result = await quickstartInDirectory({ dir: flags.dir, username: flags.user, email: flags.email, p12Profile: flags['p12-profile'] });
    const json = this.render(result, renderQuickstart);
    if (!result.verified) this.exitWithResult(json, EXIT.checkFailed);
    return json;
  }
}
