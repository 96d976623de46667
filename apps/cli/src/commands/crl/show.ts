import { Flags } from '@oclif/core';
import { outputFlag } from '../../flags.js';
import { StoreCommand } from '../../base-command.js';
import { day, renderTable } from '../../render/table.js';
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
    if (flags.pem) this.say(r.crlPem.trimEnd());
    else if (flags['haproxy-deny']) this.say(r.haproxyDeny.trimEnd());
    else {
      this.say(`CRL #${r.crlNumber}, next update ${r.nextUpdate}, ${r.revoked.length} revoked`);
      if (r.revoked.length)
        this.say(renderTable(r.revoked, [['USERNAME', (e) => e.username], ['SERIAL', (e) => e.serial], ['REVOKED', (e) => day(e.revokedAt)], ['REASON', (e) => e.reason]]));
    }
    return { crlNumber: r.crlNumber, nextUpdate: r.nextUpdate, revoked: r.revoked, crlPem: r.crlPem, haproxyDeny: r.haproxyDeny };
  }
}
