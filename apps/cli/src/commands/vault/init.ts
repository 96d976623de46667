import { Flags } from '@oclif/core';
import { VaultCommand } from '../../base-command.js';
import { secondsFlag } from '../../flags.js';
import { renderVaultInit, renderVaultInitPlan } from '../../render/vault-init.js';
import { writePrivateFile } from '../../write-private-file.js';
import { bootstrapVault, planBootstrap, vaultLayout } from '@mtlsctl/vault-store';
import { validateUsername } from '@mtlsctl/authority';

export default class VaultInit extends VaultCommand {
  static override summary = 'Prepare Vault for mtlsctl: KV v2 mount, policies, the ESO token.';
  static override description =
    'Idempotent: a second run changes nothing and says so. Enables a KV v2 engine at --vault-mount if missing (and refuses a KV v1 or other engine there), writes the least-privilege policies eso-pki-reader (the CA bundle and CRL only, never the CA key), mtlsctl-admin and mtlsctl-verifier (and mtlsctl-user-<name> for each --user; with another --vault-mount or --vault-prefix than secret/pki, each name gets the suffix @<mount>@<prefix>, so two installs on one Vault never share a policy), mints the ESO token only when none is recorded for this mount and prefix (or the recorded one is gone, or --rotate-eso-token), reports whether an audit device is enabled, and checks the current token\'s capabilities. --dry-run prints what would change (policy diffs included) and changes nothing. Needs a root or equally privileged token.';
  static override examples = [
    'VAULT_ADDR=https://nas-vault:8200 <%= config.bin %> <%= command.id %> --eso-token-file eso.token',
    '<%= config.bin %> <%= command.id %> --dry-run',
    '<%= config.bin %> <%= command.id %> --user alice --user bob --no-eso-token',
  ];
  static override flags = {
    'eso-token-ttl': secondsFlag({ description: 'TTL of a new ESO token.', default: '1y' }),
    'eso-token': Flags.boolean({ description: 'Manage the ESO token (mint one when none is recorded).', default: true, allowNo: true }),
    'eso-token-file': Flags.string({ description: 'Write a new ESO token to this file (0600) instead of printing it.' }),
    'rotate-eso-token': Flags.boolean({ description: 'Mint a new ESO token even though the recorded one is valid (the old one stays valid until `vault eso-token revoke --previous`).', default: false, exclusive: ['dry-run'] }),
    'dry-run': Flags.boolean({ description: 'Print what would change (mount, policy diffs, ESO token) and change nothing.', default: false }),
    user: Flags.string({ description: 'Also write the per-user policy of this user (repeatable).', multiple: true }),
    'users-auth': Flags.string({
      description:
        'Also write mtlsctl-users, one identity-templated policy for every user of the auth method at this path (userpass, ldap, oidc): each reads the record named after their login ({{identity.entity.aliases.<accessor>.name}}), no policy per user.',
      helpValue: '<auth path>',
    }),
  };

  async run() {
    const { flags } = await this.parse(VaultInit);
    const users = flags.user ?? [];
    users.forEach(validateUsername);
    const layout = vaultLayout({ mount: flags['vault-mount'], prefix: flags['vault-prefix'] });
    const client = await this.vaultClient(flags);
    const options = { mount: layout.mount, prefix: layout.prefix, users, rotateEsoToken: flags['rotate-eso-token'], ...(flags['users-auth'] ? { usersAuth: flags['users-auth'] } : {}) };
    if (flags['dry-run']) return this.render(await planBootstrap(client, { ...options, esoToken: flags['eso-token'] }), renderVaultInitPlan);
    const report = await bootstrapVault(client, { ...options, esoToken: flags['eso-token'] ? { ttl: `${flags['eso-token-ttl']}s` } : false });
    const token = report.esoToken;
    if (token && flags['eso-token-file']) await writePrivateFile(flags['eso-token-file'], token.clientToken + '\n');
    const json = this.render({ layout, report, esoTokenFile: flags['eso-token-file'], usersAuth: flags['users-auth'] }, renderVaultInit);
    if (!report.audit.known || !report.audit.enabled) this.warn('no Vault audit device is enabled: reads of the CA key and users\' p12 are not logged.');
    const capped = token?.warnings.find((w) => /TTL/.test(w) && /capped/.test(w));
    if (capped) {
      this.warn(
        `Vault capped the ESO token's TTL (${capped}): ESO loses access when it expires. Renew it in time (\`vault token renew\`), ` +
          'or raise the token backend\'s maximum first (`vault auth tune -max-lease-ttl=8760h token/`) and run `mtlsctl vault eso-token rotate`.',
      );
    }
    return json;
  }
}
