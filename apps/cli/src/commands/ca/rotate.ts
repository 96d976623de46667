import { Flags } from '@oclif/core';
import { StoreCommand } from '../../base-command.js';
import { daysFlag, keyTypeFlag } from '../../flags.js';
import { renderCaRotate } from '../../render/ca.js';
import { rotateCa } from '@mtlsctl/authority';

export default class CaRotate extends StoreCommand {
  static override summary = 'Replace the issuing CA, keeping the old one trusted.';
  static override description =
    'A new CA issues from now on; the old one stays in the trust bundle so its certificates keep working. Renew users (`user renew`), watch `migrate status`, then `ca retire` the old CA. Run it again to finish a rotation that was interrupted.';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --subject "CN=Acme client CA 2027" --key-type p384'];
  static override flags = {
    subject: Flags.string({ description: 'Subject DN of the new CA. Default: the current one with a generation suffix (CN=... G2), so Java, GnuTLS and NSS tell the CRLs apart.' }),
    'same-subject': Flags.boolean({ description: 'Keep the current subject DN (warns: Java, GnuTLS and NSS may then miss revocations).', default: false, exclusive: ['subject'] }),
    'key-type': keyTypeFlag({ description: 'New CA key algorithm.', default: 'p256' }),
    validity: daysFlag({ description: 'How long the new CA is valid.', default: '10y' }),
  };

  async run() {
    const { flags } = await this.parse(CaRotate);
    const result = await rotateCa(await this.context(flags), {
      ...(flags.subject ? { subject: flags.subject } : {}),
      keyType: flags['key-type'],
      validityDays: flags.validity,
      sameSubject: flags['same-subject'],
    });
    if (result.warning) this.warn(result.warning);
    return this.render(result, renderCaRotate);
  }
}
