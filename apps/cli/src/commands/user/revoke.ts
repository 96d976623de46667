import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../base-command.js';
import { confirmDestructive } from '../../confirm.js';
import { EXIT } from '../../exit-codes.js';
import { yesFlag } from '../../flags.js';
import { INPUT_LIMITS, readTextInput } from '../../read-input-file.js';
import { runBulk } from '../../bulk-run.js';
import { day } from '../../render/table.js';
import { renderUserRevoke } from '../../render/user.js';
import { renderUserRevokeBulk } from '../../render/user-bulk.js';
import { readUsernameList } from '../../username-list.js';
import { type AuthorityContext, revokeBulk, revokeClient, showClient } from '@mtlsctl/authority';
import { CLIENT_REVOCATION_REASONS, type ClientRevocationReason } from '@mtlsctl/pki-core/choices';

export default class UserRevoke extends StoreCommand {
  static override summary = "Revoke a user's certificate (or many, from a file) and republish the CRLs and HAProxy deny rules.";
  static override description =
    'Prints what it will revoke and asks you to type the username (with --from, the number of users) on a terminal; without a terminal it needs --yes. With --from, the CRLs are published once for all the users, then each record is marked; users already revoked are skipped, so an interrupted run is resumed by running it again.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> alice --reason keyCompromise',
    '<%= config.bin %> <%= command.id %> --from leavers.txt --reason affiliationChanged --yes',
  ];
  static override args = { username: Args.string({ description: 'The user.' }) };
  static override flags = {
    reason: Flags.option({ options: CLIENT_REVOCATION_REASONS, default: 'unspecified' as const, description: 'RFC 5280 revocation reason.' })(),
    serial: Flags.string({ description: "Revoke only this one of the user's certificates (default: every unexpired one, earlier ones included)." }),
    from: Flags.string({ description: 'File of usernames to revoke, one a line (# comments and blank lines ignored).', exclusive: ['serial'] }),
    yes: yesFlag,
  };

  async run() {
    const { args, flags } = await this.parse(UserRevoke);
    // Checked before the store is opened: a bad command line touches nothing.
    if (flags.from) {
      if (args.username) this.error('give a username or --from <file>, not both', { exit: EXIT.usage });
      return this.bulk(await this.context(flags), flags.from, flags.reason, flags.yes);
    }
    if (!args.username) this.error('a username is needed: mtlsctl user revoke <username> (or --from users.txt)', { exit: EXIT.usage });
    const ctx = await this.context(flags);
    const current = await showClient(ctx, args.username);
    if (current.status !== 'revoked') {
      await confirmDestructive(
        {
          command: `user revoke ${args.username}`,
          plan: [`This revokes ${current.username}'s certificate (serial ${current.serial}, valid until ${day(current.notAfter)}, reason ${flags.reason}):`, '  HAProxy refuses it once the new CRLs and deny rules reach the ingress.'],
          answer: current.username,
          answerName: 'the username',
        },
        flags.yes,
      );
    }
    const result = await revokeClient(ctx, { username: args.username, reason: flags.reason, ...(flags.serial ? { serial: flags.serial } : {}) });
    const json = this.render({ username: args.username, revoked: result }, renderUserRevoke);
    this.warnUncovered(result.crl.uncoveredCas.length);
    return json;
  }

  private async bulk(ctx: AuthorityContext, file: string, reason: ClientRevocationReason, yes: boolean) {
    const usernames = readUsernameList(await readTextInput(file, INPUT_LIMITS.list));
    const shown = usernames.slice(0, 10).join(', ') + (usernames.length > 10 ? `, ... (${usernames.length - 10} more)` : '');
    await confirmDestructive(
      {
        command: `user revoke --from ${file}`,
        plan: [`This revokes the certificates of ${usernames.length} user(s) (reason ${reason}): ${shown}.`, '  HAProxy refuses them once the new CRLs and deny rules reach the ingress.'],
        answer: String(usernames.length),
        answerName: 'the number of users',
      },
      yes,
    );
    const { result, interrupted: stop } = await runBulk('revoking', this.jsonEnabled() || this.quiet(), (control) => revokeBulk(ctx, usernames, { reason, ...control }));
    const outcomes = result.outcomes;
    const summary = this.render({ total: usernames.length, notStarted: new Set(usernames).size - outcomes.length, outcomes }, renderUserRevokeBulk);
    this.warnUncovered(result.crl?.uncoveredCas.length ?? 0);
    if (summary.failed > 0 || stop) this.exitWithResult(summary, stop ? EXIT.interrupted : EXIT.partial);
    return summary;
  }

  private warnUncovered(count: number): void {
    if (count) this.warn(`no CRL can be signed for ${count} imported CA(s) (their keys are elsewhere); an HAProxy with crl-file refuses their clients. See \`mtlsctl crl show\`.`);
  }
}
