import { Flags } from '@oclif/core';
import { outputFlag } from '../../flags.js';
import { StoreCommand } from '../../base-command.js';
import { renderCaShow } from '../../render/ca.js';
import { showCa } from '@mtlsctl/authority';

export default class CaShow extends StoreCommand {
  static override summary = 'Show the active CA and the trust bundle.';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --pem > ca.crt'];
  static override flags = {
    output: outputFlag,
    pem: Flags.boolean({ description: 'Print only the active CA certificate as PEM.', default: false }),
  };

  async run() {
    const { flags } = await this.parse(CaShow);
    const view = await showCa(await this.context(flags));
    return this.render({ view, pem: flags.pem }, renderCaShow);
  }
}
