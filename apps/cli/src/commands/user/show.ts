import { Args, Flags } from '@oclif/core';
import { outputFlag } from '../../flags.js';
import { StoreCommand } from '../../base-command.js';
import type { EarlierCertificate } from '@mtlsctl/vault-store';
import { renderCertificate } from '../../render/certificate.js';
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
    if (flags.pem) this.say(view.certificatePem.trimEnd());
    else
      this.say(
        renderCertificate(view.certificate, [
          ['Status', view.status + (view.revokedAt ? ` (${view.revocationReason}, ${view.revokedAt})` : '')],
          ['Created', view.created],
          ['p12', view.hasPrivateKey ? `yes (${view.p12Profile})` : 'no (issued from a CSR)'],
          ['Version', String(view.version)],
        ]) + earlierLines(view.earlier, view.reserved),
      );
    return view;
  }
}

/** The user's other live certificates, one line each, so an admin sees what `user revoke` will revoke. */
function earlierLines(earlier: readonly EarlierCertificate[], reserved: EarlierCertificate | undefined): string {
  const lines = earlier.map((e) => `  ${e.serial}  issued ${e.created}, valid until ${e.notAfter}`);
  if (reserved) lines.push(`  ${reserved.serial}  being issued (or interrupted) since ${reserved.created}`);
  return lines.length === 0 ? '' : `\n\nAlso valid (earlier certificates, revoked too by \`user revoke\`; one with --serial):\n${lines.join('\n')}`;
}
