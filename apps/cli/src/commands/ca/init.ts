import { Flags } from '@oclif/core';
import { StoreCommand } from '../../base-command.js';
import { confirmDestructive } from '../../confirm.js';
import { daysFlag, keyTypeFlag, yesFlag } from '../../flags.js';
import { renderCaInit } from '../../render/ca.js';
import { shortFingerprint } from '../../render/table.js';
import { initCa } from '@mtlsctl/authority';

export default class CaInit extends StoreCommand {
  static override summary = 'Create the certificate authority.';
  static override description =
    'Generates the CA key and a self-signed CA certificate, stores the key at <prefix>/ca-key (admins only) and publishes the certificate at <prefix>/ca, where ESO and users read it. An existing CA is never overwritten without --force; an init interrupted halfway is finished by running it again.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --subject "CN=Acme client CA,O=Acme" --validity 10y --store vault',
  ];
  static override flags = {
    subject: Flags.string({ description: 'Subject DN of the CA.', default: 'CN=mtlsctl client CA' }),
    'key-type': keyTypeFlag({ description: 'CA key algorithm.', default: 'p256' }),
    validity: daysFlag({ description: 'How long the CA is valid.', default: '10y' }),
    force: Flags.boolean({ description: 'Replace an existing CA: its key is archived at <prefix>/ca-keys/<fingerprint> (it signs nothing more) and its certificates stop being trusted.', default: false }),
    yes: yesFlag,
  };

  async run() {
    const { flags } = await this.parse(CaInit);
    const ctx = await this.context(flags, { allowMissing: true });
    const existing = flags.force ? (await ctx.store.getCa())?.value : undefined;
    if (existing) {
      const fingerprint = shortFingerprint(existing.trusted.find((t) => t.role === 'active')?.fingerprint ?? existing.trusted[0]?.fingerprint ?? '');
      await confirmDestructive(
        {
          command: 'ca init --force',
          plan: [
            `This replaces the CA ${fingerprint} (${existing.trusted.find((t) => t.role === 'active')?.subject ?? 'unknown subject'}) with a new one:`,
            '  its private key is archived at <prefix>/ca-keys/<fingerprint> (kept, but it signs nothing more),',
            '  and every certificate it issued stops being trusted by HAProxy.',
          ],
          answer: fingerprint,
          answerName: "the current CA's fingerprint",
        },
        flags.yes,
      );
    }
    const result = await initCa(ctx, {
      subject: flags.subject,
      keyType: flags['key-type'],
      validityDays: flags.validity,
      force: flags.force,
    });
    return this.render(result, renderCaInit);
  }
}
