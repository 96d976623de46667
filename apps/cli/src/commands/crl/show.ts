import { Flags } from '@oclif/core';
import { outputFlag } from '../../flags.js';
import { StoreCommand } from '../../base-command.js';
import { renderCrlShow } from '../../render/crl.js';
import { showCrl } from '@mtlsctl/authority';

export default class CrlShow extends StoreCommand {
  static override summary = 'Show the published CRLs, the revoked certificates and the HAProxy deny rules.';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --pem > crl.pem', '<%= config.bin %> <%= command.id %> --haproxy-deny'];
  static override flags = {
    output: outputFlag,
    pem: Flags.boolean({ description: 'Print only the CRLs (PEM), for HAProxy\'s crl-file.', default: false }),
    'haproxy-deny': Flags.boolean({ description: 'Print only the HAProxy deny rules, for the ingress frontend snippet.', default: false }),
  };

  async run() {
    const { flags } = await this.parse(CrlShow);
    const r = await showCrl(await this.context(flags));
    return this.render({ crl: r, show: flags.pem ? 'pem' : flags['haproxy-deny'] ? 'haproxy-deny' : 'summary' }, renderCrlShow);
  }
}
