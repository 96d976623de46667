import { VaultCommand } from '../../base-command.js';
import { EXIT } from '../../exit-codes.js';
import { outputFlag, roleFlag } from '../../flags.js';
import { renderVaultCheck } from '../../render/vault.js';
import * as vs from '@mtlsctl/vault-store';

export default class VaultCheck extends VaultCommand {
  static override summary = "Check that the current Vault token can do exactly what a role needs (sys/capabilities-self).";
  static override description =
    'Roles: admin, verifier, eso, or user:<name>. Exit 5 when a capability is missing or one it must not have is granted. Also reports the audit devices as this token sees them (on OpenBao they are declared in the server config; a token without sudo cannot see them).';
  static override examples = ['<%= config.bin %> <%= command.id %>', 'VAULT_TOKEN=$ESO_TOKEN <%= config.bin %> <%= command.id %> --role eso'];
  static override flags = { output: outputFlag, role: roleFlag({ description: 'admin, verifier, eso, or user:<name>.', default: 'admin' }) };

  async run() {
    const { flags } = await this.parse(VaultCheck);
    const client = await this.vaultClient(flags);
    const capabilities = await vs.checkCapabilities(client, {
      mount: flags['vault-mount'],
      prefix: flags['vault-prefix'],
      caKeyPath: flags['ca-key-path'],
      role: flags.role,
    });
    const report = { ...capabilities, audit: await vs.auditStatus(client) };
    this.render(report, renderVaultCheck);
    if (!report.ok) {
      if (!this.jsonEnabled()) process.stderr.write(`error: the token does not fit the ${typeof flags.role === 'string' ? flags.role : `user:${flags.role.user}`} role (see FAIL rows).\n`);
      this.exitWithResult(report, EXIT.denied);
    }
    return report;
  }
}
