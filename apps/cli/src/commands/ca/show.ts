import { Flags } from '@oclif/core';
import { outputFlag } from '../../flags.js';
import { StoreCommand } from '../../base-command.js';
import { renderCertificate } from '../../render/certificate.js';
import { day, renderTable, shortFingerprint } from '../../render/table.js';
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
    if (flags.pem) this.say(view.activeCertificatePem.trimEnd());
    else {
      const bundle = renderTable(view.trusted, [
        ['ROLE', (t) => t.role],
        ['FINGERPRINT', (t) => shortFingerprint(t.fingerprint)],
        ['NOT AFTER', (t) => day(t.notAfter)],
        ['SUBJECT', (t) => t.subject],
      ]);
      this.say(`${renderCertificate(view.active)}\n\nTrust bundle (tls.crt, ${view.trusted.length} CA):\n${bundle}`);
    }
    return view;
  }
}
