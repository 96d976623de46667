import { Flags } from '@oclif/core';
import { VaultCommand } from '../../../base-command.js';
import { confirmDestructive } from '../../../confirm.js';
import { yesFlag } from '../../../flags.js';
import { renderEsoTokenRevoke } from '../../../render/eso-token.js';
import { esoTokenStatus, revokeEsoToken, vaultLayout } from '@mtlsctl/vault-store';

export default class VaultEsoTokenRevoke extends VaultCommand {
  static override summary = 'Revoke the recorded ESO token (or, with --previous, the one a rotation replaced).';
  static override description =
    'Revoking the current token stops ESO from syncing the CA bundle and CRL until the Secret holds a new one (`vault eso-token rotate`, or `vault init`, which then mints one). Asks for confirmation on a terminal (type the accessor); needs --yes otherwise.';
  static override examples = ['<%= config.bin %> <%= command.id %> --previous --yes', '<%= config.bin %> <%= command.id %>'];
  static override flags = {
    previous: Flags.boolean({ description: 'Revoke the previous token (left valid by `vault eso-token rotate`), not the current one.', default: false }),
    yes: yesFlag,
  };

  async run() {
    const { flags } = await this.parse(VaultEsoTokenRevoke);
    const layout = vaultLayout({ mount: flags['vault-mount'], prefix: flags['vault-prefix'] });
    const client = await this.vaultClient(flags);
    const which = flags.previous ? 'previous' : 'current';
    const status = await esoTokenStatus(client, layout);
    const live = flags.previous ? status.previous : status.current;
    if (!live) {
      return this.render({ which, outcome: 'none-recorded', scope: `${layout.mount}/${layout.prefix}` }, renderEsoTokenRevoke);
    }
    await confirmDestructive(
      {
        command: `vault eso-token revoke${flags.previous ? ' --previous' : ''}`,
        plan: [`Will revoke the ${which} ESO token (accessor ${live.accessor}, policies ${live.policies.join(', ')})${flags.previous ? '' : ': ESO stops syncing until its Secret holds a new token'}.`],
        answer: live.accessor,
        answerName: "the token's accessor",
      },
      flags.yes,
    );
    const { accessor } = await revokeEsoToken(client, { mount: layout.mount, prefix: layout.prefix, which });
    return this.render(accessor ? { which, outcome: 'revoked', accessor } : { which, outcome: 'already-gone' }, renderEsoTokenRevoke);
  }
}
