import { Args, Flags } from '@oclif/core';
import { VaultCommand } from '../../base-command.js';
import { secondsFlag } from '../../flags.js';
import { renderUserToken } from '../../render/user-token.js';
import { writePrivateFile } from '../../write-private-file.js';
import { vaultLayout } from '@mtlsctl/vault-store';
import { createUserToken, validateUsername } from '@mtlsctl/authority';

export default class VaultUserToken extends VaultCommand {
  static override summary = "Give a user a Vault token that can read only their own certificate record.";
  static override description =
    'Writes the policy mtlsctl-user-<username> (read <mount>/data/<prefix>/clients/<username>, nothing else) and creates a token with it, for a user who downloads their own certificate (`vault login` with a user token). Sites with LDAP or OIDC map their users to the same policy instead.';
  static override examples = ['<%= config.bin %> <%= command.id %> alice --ttl 30d --token-file alice.token'];
  static override args = { username: Args.string({ required: true }) };
  static override flags = {
    ttl: secondsFlag({ description: 'Token TTL.', default: '30d' }),
    'token-file': Flags.string({ description: 'Write the token to this file (0600) instead of printing it.' }),
    orphan: Flags.boolean({ description: 'Create an orphan token (survives the revocation of yours; needs sudo).', default: false }),
  };

  async run() {
    const { args, flags } = await this.parse(VaultUserToken);
    // Checked before connecting, so a bad name is refused whatever the Vault settings (createUserToken checks it too).
    const username = validateUsername(args.username);
    const layout = vaultLayout({ mount: flags['vault-mount'], prefix: flags['vault-prefix'] });
    const made = await createUserToken(await this.vaultClient(flags), { username, layout, ttlSeconds: flags.ttl, orphan: flags.orphan });
    const tokenFile = flags['token-file'];
    if (tokenFile) await writePrivateFile(tokenFile, made.token + '\n');
    const json = this.render({ made, tokenFile }, renderUserToken);
    if (!tokenFile) this.handOver('token', made.token);
    return json;
  }
}
