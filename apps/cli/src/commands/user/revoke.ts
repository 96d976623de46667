import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../base-command.js';
import { revokeClient, toClientView } from '@mtlsctl/authority';

const REASONS = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'privilegeWithdrawn'] as const;

export default class UserRevoke extends StoreCommand {
  static override summary = "Revoke a user's certificate and republish the CRLs and HAProxy deny rules.";
  static override examples = ['<%= config.bin %> <%= command.id %> alice --reason keyCompromise'];
  static override args = { username: Args.string({ required: true }) };
  static override flags = {
    reason: Flags.option({ options: REASONS, default: 'unspecified' as const, description: 'RFC 5280 revocation reason.' })(),
    serial: Flags.string({ description: "Revoke only this one of the user's certificates (default: every unexpired one, earlier ones included)." }),
  };

  async run() {
    const { args, flags } = await this.parse(UserRevoke);
    const result = await revokeClient(await this.context(flags), { username: args.username, reason: flags.reason, ...(flags.serial ? { serial: flags.serial } : {}) });
    const serials = result.revokedSerials.join(', ');
    this.say(
      `${result.changed ? `Revoked ${args.username} (serial${result.revokedSerials.length > 1 ? 's' : ''} ${serials})` : `Already revoked: ${args.username}`}. CRL #${result.crl.record.crlNumber} published, next update ${result.crl.record.nextUpdate}.`,
    );
    if (result.crl.uncoveredCas.length) {
      process.stderr.write(`warning: no CRL can be signed for ${result.crl.uncoveredCas.length} imported CA(s) (their keys are elsewhere); an HAProxy with crl-file refuses their clients. See \`mtlsctl crl show\`.\n`);
    }
    const client = result.record.status === 'pending' ? undefined : toClientView(result.record, 0);
    return { client, revokedSerials: result.revokedSerials, changed: result.changed, crlNumber: result.crl.record.crlNumber, uncoveredCas: result.crl.uncoveredCas };
  }
}
