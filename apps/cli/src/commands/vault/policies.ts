import { Args, Flags } from '@oclif/core';
import { outputFlag } from '../../flags.js';
import { VaultCommand } from '../../base-command.js';
import { renderVaultPolicies } from '../../render/vault.js';
import * as vs from '@mtlsctl/vault-store';
import { validateUsername } from '@mtlsctl/authority';

export default class VaultPolicies extends VaultCommand {
  static override summary = 'Print the Vault policies mtlsctl uses, as HCL (for review, Terraform or `vault policy write`).';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --user alice', '<%= config.bin %> <%= command.id %> eso-pki-reader | vault policy write eso-pki-reader -'];
  static override args = { name: Args.string({ description: 'Only this policy.' }) };
  static override flags = {
    output: outputFlag,
    user: Flags.string({ description: 'Also render the per-user policy of this user.' }),
  };

  async run() {
    const { args, flags } = await this.parse(VaultPolicies);
    const layout = vs.vaultLayout({ mount: flags['vault-mount'], prefix: flags['vault-prefix'] });
    const policies: Record<string, string> = { ...vs.renderPolicies(layout) };
    if (flags.user) policies[layout.userPolicy(validateUsername(flags.user))] = vs.renderUserPolicy(flags.user, layout);
    const chosen = args.name ? Object.fromEntries(Object.entries(policies).filter(([name]) => name === args.name)) : policies;
    if (args.name && Object.keys(chosen).length === 0) this.error(`no policy named ${args.name}: one of ${Object.keys(policies).join(', ')}`, { exit: 2 });
    return this.render({ policies: chosen, name: args.name }, renderVaultPolicies);
  }
}
