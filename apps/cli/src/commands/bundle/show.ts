import { Flags } from '@oclif/core';
import { StoreCommand } from '../../base-command.js';
import { renderBundleShow } from '../../render/bundle.js';
import { showCa } from '@mtlsctl/authority';

export default class BundleShow extends StoreCommand {
  static override summary = 'Show the trust bundle: the tls.crt that ESO syncs to the ingress.';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --pem > tls.crt'];
  static override flags = { pem: Flags.boolean({ description: 'Print the exact tls.crt content.', default: false }) };

  async run() {
    const { flags } = await this.parse(BundleShow);
    const view = await showCa(await this.context(flags));
    return this.render({ view, pem: flags.pem }, renderBundleShow, { document: flags.pem });
  }
}
