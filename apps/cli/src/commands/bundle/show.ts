import { Flags } from '@oclif/core';
import { StoreCommand } from '../../base-command.js';
import { day, renderTable } from '../../render/table.js';
import { showCa } from '@mtlsctl/authority';

export default class BundleShow extends StoreCommand {
  static override summary = 'Show the trust bundle: the tls.crt that ESO syncs to the ingress.';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --pem > tls.crt'];
  static override flags = { pem: Flags.boolean({ description: 'Print the exact tls.crt content.', default: false }) };

  async run() {
    const { flags } = await this.parse(BundleShow);
    const view = await showCa(await this.context(flags));
    if (flags.pem) process.stdout.write(this.jsonEnabled() ? '' : view.bundlePem);
    else
      this.say(
        renderTable(view.trusted, [
          ['ROLE', (t) => t.role],
          ['SHA-256', (t) => t.fingerprint],
          ['NOT AFTER', (t) => day(t.notAfter)],
          ['SUBJECT', (t) => t.subject],
        ]),
      );
    return { tlsCrt: view.bundlePem, cas: view.trusted.map((t) => ({ role: t.role, fingerprint: t.fingerprint, subject: t.subject, notAfter: t.notAfter })) };
  }
}
