import { Args, Flags } from '@oclif/core';
import { VaultCommand } from '../../base-command.js';
import { formatDuration } from '../../duration.js';
import { secondsFlag } from '../../flags.js';
import { writePrivateFile } from '../../write-private-file.js';
import * as vs from '@mtlsctl/vault-store';
import { validateUsername } from '@mtlsctl/authority';

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
    const username = validateUsername(args.username);
    const layout = vs.vaultLayout({ mount: flags['vault-mount'], prefix: flags['vault-prefix'] });
    const client = await this.vaultClient(flags);
    const policy = layout.userPolicy(username);
    const [written] = await vs.writePolicies(client, { [policy]: vs.renderUserPolicy(username, layout) });
    const token = await vs.createEsoToken(client, { policies: [policy], ttl: `${flags.ttl}s`, orphan: flags.orphan, displayName: policy });
    if (flags['token-file']) await writePrivateFile(flags['token-file'], token.clientToken + '\n');
    this.say(
      `Policy ${policy}: ${written?.action}.\n` +
        (flags['token-file'] ? `Token written to ${flags['token-file']}.` : `Token for ${username} (ttl ${formatDuration(token.ttlSeconds)}), shown once below.`) +
        `\nThe user runs: VAULT_TOKEN=<token> mtlsctl user download ${username} --store vault`,
    );
    if (!flags['token-file']) this.handOver('token', token.clientToken);
    return { username, policy, policyAction: written?.action, ttlSeconds: token.ttlSeconds, accessor: token.accessor, ...(flags['token-file'] ? { tokenFile: flags['token-file'] } : { token: token.clientToken }) };
  }
}
