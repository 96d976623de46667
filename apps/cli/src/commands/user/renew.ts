import { readFile } from 'node:fs/promises';
import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../base-command.js';
import { daysFlag, keyTypeFlag, p12ProfileFlag } from '../../flags.js';
import { readInputFile } from '../../read-input-file.js';
import { renderCertificate } from '../../render/certificate.js';
import { renewClient, toClientView } from '@mtlsctl/authority';

export default class UserRenew extends StoreCommand {
  static override summary = "Renew a user's certificate from the active CA.";
  static override description =
    'A new key and certificate (or the user\'s new CSR), from the active CA: this is also how users move to a rotated CA. The old certificate stays valid until it expires unless --revoke-old.';
  static override examples = ['<%= config.bin %> <%= command.id %> alice', '<%= config.bin %> <%= command.id %> alice --validity 90d --revoke-old', '<%= config.bin %> <%= command.id %> carol --csr carol-new.csr'];
  static override args = { username: Args.string({ required: true }) };
  static override flags = {
    email: Flags.string({ description: 'New email. Default: the current one.' }),
    'key-type': keyTypeFlag({ description: 'Key algorithm. Default: the current one.' }),
    'p12-profile': p12ProfileFlag({}),
    validity: daysFlag({ description: 'How long the new certificate is valid.', default: '1y' }),
    csr: Flags.string({ description: 'Sign this new CSR (users who keep their key).' }),
    'revoke-old': Flags.boolean({ description: 'Revoke the old certificate (reason superseded).', default: false }),
  };

  async run() {
    const { args, flags } = await this.parse(UserRenew);
    const csrPem = flags.csr ? (await readInputFile(flags.csr, readFile)).toString('utf8') : undefined;
    const renewed = await renewClient(await this.context(flags), {
      username: args.username,
      validityDays: flags.validity,
      revokeOld: flags['revoke-old'],
      ...(flags.email ? { email: flags.email } : {}),
      ...(flags['key-type'] ? { keyType: flags['key-type'] } : {}),
      ...(flags['p12-profile'] ? { p12Profile: flags['p12-profile'] } : {}),
      ...(csrPem !== undefined ? { csrPem } : {}),
    });
    this.say(`Renewed ${args.username} (previous serial ${renewed.previousSerial}${flags['revoke-old'] ? ', revoked' : ''}).\n\n${renderCertificate(renewed.certificate)}`);
    return { ...toClientView(renewed.record, renewed.version), previousSerial: renewed.previousSerial };
  }
}
