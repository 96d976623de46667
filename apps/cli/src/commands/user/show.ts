import { Args, Flags } from '@oclif/core';
import { outputFlag } from '../../flags.js';
import { StoreCommand } from '../../base-command.js';
import { renderUserShow } from '../../render/user.js';
import { showClient } from '@mtlsctl/authority';

export default class UserShow extends StoreCommand {
  static override summary = "Show a user's certificate (never its key or p12 password).";
  static override examples = ['<%= config.bin %> <%= command.id %> alice', '<%= config.bin %> <%= command.id %> alice -o yaml', '<%= config.bin %> <%= command.id %> alice --pem | openssl x509 -noout -dates'];
  static override args = { username: Args.string({ required: true }) };
  static override flags = {
    output: outputFlag,
    pem: Flags.boolean({ description: 'Print only the certificate PEM.', default: false }),
  };

  async run() {
    const { args, flags } = await this.parse(UserShow);
    const view = await showClient(await this.context(flags), args.username);
    return this.render({ view, pem: flags.pem }, renderUserShow);
  }
}
