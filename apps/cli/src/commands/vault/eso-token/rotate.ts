import { Flags } from '@oclif/core';
import { VaultCommand } from '../../../base-command.js';
import { renderEsoTokenRotate } from '../../../render/eso-token.js';
import { secondsFlag } from '../../../flags.js';
import { writePrivateFile } from '../../../write-private-file.js';
import { rotateEsoToken, vaultLayout } from '@mtlsctl/vault-store';

export default class VaultEsoTokenRotate extends VaultCommand {
  static override summary = 'Mint a new ESO token; the previous one stays valid until `vault eso-token revoke --previous`.';
  static override description =
    'For a token near its expiry, or one that may have leaked. The new token is recorded (by accessor, beside the prefix) as the current one. Update the Secret the ClusterSecretStore reads, check that ESO syncs, then revoke the previous token. Needs a root or bootstrap token (orphan tokens need sudo).';
  static override examples = ['<%= config.bin %> <%= command.id %> --eso-token-file eso.token', '<%= config.bin %> <%= command.id %> --vault-prefix team-b/pki -q > eso.token'];
  static override flags = {
    'eso-token-ttl': secondsFlag({ description: 'TTL of the new ESO token.', default: '1y' }),
    'eso-token-file': Flags.string({ description: 'Write the new token to this file (0600) instead of printing it.' }),
  };

  async run() {
    const { flags } = await this.parse(VaultEsoTokenRotate);
    const layout = vaultLayout({ mount: flags['vault-mount'], prefix: flags['vault-prefix'] });
    const client = await this.vaultClient(flags);
    const { created, previous } = await rotateEsoToken(client, { mount: layout.mount, prefix: layout.prefix, token: { ttl: `${flags['eso-token-ttl']}s` } });
    if (flags['eso-token-file']) await writePrivateFile(flags['eso-token-file'], created.clientToken + '\n');
    const json = this.render({ created, previous, policy: layout.policies.esoReader, file: flags['eso-token-file'] }, renderEsoTokenRotate);
    // --quiet without a file prints the bare token, for `> eso.token`
    if (this.quiet() && !flags['eso-token-file']) this.handOver('token', created.clientToken);
    return json;
  }
}
