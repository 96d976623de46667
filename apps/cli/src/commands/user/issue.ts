import { availableParallelism } from 'node:os';
import { Args, Flags } from '@oclif/core';
import type { AuthorityContext } from '@mtlsctl/authority';
import type { KeyType, Pkcs12Profile } from '@mtlsctl/pki-core';
import { StoreCommand } from '../../base-command.js';
import { EXIT } from '../../exit-codes.js';
import { daysFlag, keyTypeFlag, p12ProfileFlag } from '../../flags.js';
import { INPUT_LIMITS, readTextInput } from '../../read-input-file.js';
import { renderUserIssue } from '../../render/user.js';
import { renderUserIssueBulk } from '../../render/user-bulk.js';
import { runBulk } from '../../bulk-run.js';
import { issueClient, parseUsersCsv, issueBulk } from '@mtlsctl/authority';

/**
 * Where a bulk run signs: worker threads running the entry module next to this command's file in the bundle
 * (dist/bundle/commands/user/issue.js → dist/bundle/workers/), one per core but one, and this thread, which also
 * does the store's work: on two cores, one more thread would cost ~25 MB of RSS for little (issue 13).
 */
const BULK_WORKERS = { script: new URL('../../workers/credentials-worker.js', import.meta.url), threads: Math.max(1, availableParallelism() - 1), inThread: 1 };

export default class UserIssue extends StoreCommand {
  static override summary = "Issue a user's client certificate (or many, from a CSV file).";
  static override description =
    'Generates the key, the certificate (CN=username, email SAN, clientAuth) and a password-protected PKCS#12, stored at <prefix>/clients/<username>. With --csr the user keeps their key and no p12 is made. With --from, every line of the CSV (header: username,email[,key_type,validity_days,p12_profile]) is checked first, then issued; users who already have an active certificate for the same email are skipped, so an interrupted run is resumed by running it again. Usernames are unique regardless of letter case and an email belongs to one user: a clash with the store is refused (exit 4), one inside the CSV is reported with its lines (exit 2), before anything is issued; --allow-shared-email lets users share an email.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> alice --email alice@example.com',
    '<%= config.bin %> <%= command.id %> bob --email bob@example.com --p12-profile legacy --validity 90d',
    '<%= config.bin %> <%= command.id %> carol --email carol@example.com --csr carol.csr',
    '<%= config.bin %> <%= command.id %> --from users.csv',
  ];
  static override args = { username: Args.string({ description: 'The user (certificate CN and record name).' }) };
  static override flags = {
    email: Flags.string({ description: 'The user\'s email (subject and SAN).' }),
    from: Flags.string({ description: 'CSV file of users to issue in bulk.', exclusive: ['email', 'csr'] }),
    'key-type': keyTypeFlag({ description: 'Key algorithm.', default: 'p256' }),
    'p12-profile': p12ProfileFlag({ default: 'modern' }),
    validity: daysFlag({ description: 'How long the certificate is valid.', default: '1y' }),
    csr: Flags.string({ description: 'Sign this PKCS#10 CSR (PEM) instead of generating a key.' }),
    replace: Flags.boolean({ description: 'Issue even if the user has an active certificate (the old one stays valid until it expires).', default: false }),
    'allow-shared-email': Flags.boolean({ description: 'Allow an email another user already holds (refused by default, exit 4; a CSV naming one email twice is refused, exit 2).', default: false }),
    concurrency: Flags.integer({ description: 'Users issued at once with --from.', default: 4, min: 1, max: 32 }),
  };

  async run() {
    const { args, flags } = await this.parse(UserIssue);
    if (flags.from) return this.bulk(await this.context(flags), flags.from, flags);
    // Checked before the store is opened: a bad command line touches nothing.
    if (!args.username) this.error('a username is needed: mtlsctl user issue <username> --email <email> (or --from users.csv)', { exit: EXIT.usage });
    if (!flags.email) this.error('--email is needed: mtlsctl user issue <username> --email <email>', { exit: EXIT.usage });
    const ctx = await this.context(flags);
    const csrPem = flags.csr ? await readTextInput(flags.csr, INPUT_LIMITS.csr) : undefined;
    const issued = await issueClient(ctx, {
      username: args.username,
      email: flags.email,
      keyType: flags['key-type'],
      p12Profile: flags['p12-profile'],
      validityDays: flags.validity,
      replace: flags.replace,
      allowSharedEmail: flags['allow-shared-email'],
      ...(csrPem !== undefined ? { csrPem } : {}),
    });
    const result = this.render({ username: args.username, issued, fromCsr: csrPem !== undefined }, renderUserIssue);
    if (issued.warning !== undefined) this.warn(issued.warning);
    return result;
  }

  private async bulk(ctx: AuthorityContext, file: string, flags: { 'key-type': KeyType; 'p12-profile': Pkcs12Profile; validity: number; concurrency: number; 'allow-shared-email': boolean }) {
    const users = parseUsersCsv(await readTextInput(file, INPUT_LIMITS.list), {
      allowSharedEmail: flags['allow-shared-email'],
      onIgnoredColumns: (columns) => this.warn(`${file}: ignoring the column(s) ${columns.join(', ')} (known: username, email, key_type, validity_days, p12_profile)`),
    });
    const { result: outcomes, interrupted: stop } = await runBulk('issuing', this.jsonEnabled() || this.quiet(), (control) =>
      issueBulk(ctx, users, {
        keyType: flags['key-type'],
        p12Profile: flags['p12-profile'],
        validityDays: flags.validity,
        concurrency: flags.concurrency,
        allowSharedEmail: flags['allow-shared-email'],
        workers: BULK_WORKERS,
        onWorkersUnavailable: (reason) => this.warn(`signing in this thread only: the worker threads did not start (${reason})`),
        ...control,
      }),
    );
    const summary = this.render({ total: users.length, notStarted: users.length - outcomes.length, outcomes }, renderUserIssueBulk);
    for (const o of outcomes) if (o.warning !== undefined) this.warn(`${o.username}: ${o.warning}`);
    if (summary.failed > 0 || stop) this.exitWithResult(summary, stop ? EXIT.interrupted : EXIT.partial);
    return summary;
  }
}
