import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../base-command.js';
import { runBulk } from '../../bulk-run.js';
import { EXIT } from '../../exit-codes.js';
import { daysFlag, keyTypeFlag, p12ProfileFlag } from '../../flags.js';
import { INPUT_LIMITS, readTextInput } from '../../read-input-file.js';
import { renderUserRenew } from '../../render/user.js';
import { renderUserRenewBulk } from '../../render/user-bulk.js';
import { shortFingerprint } from '../../render/table.js';
import { type AuthorityContext, listClients, NoCaError, renewBulk, renewClient, resolveTrustedCa } from '@mtlsctl/authority';

export default class UserRenew extends StoreCommand {
  static override summary = "Renew a user's certificate from the active CA.";
  static override description =
    'A new key and certificate (or the user\'s new CSR), from the active CA: this is also how users move to a rotated CA. The old certificate stays valid until it expires unless --revoke-old. With --issuer <fingerprint> (or its first 8+ hex digits, as `ca retire` takes it), every active user of that CA is renewed; --all renews every active user not on the active CA. Renewed users are on the active CA, so an interrupted run is resumed by running it again.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> alice',
    '<%= config.bin %> <%= command.id %> alice --validity 90d --revoke-old',
    '<%= config.bin %> <%= command.id %> carol --csr carol-new.csr',
    '<%= config.bin %> <%= command.id %> --issuer 184c200f',
    '<%= config.bin %> <%= command.id %> --all --revoke-old',
  ];
  static override args = { username: Args.string({ description: 'The user (or use --issuer / --all).' }) };
  static override flags = {
    email: Flags.string({ description: 'New email. Default: the current one.' }),
    'key-type': keyTypeFlag({ description: 'Key algorithm. Default: the current one.' }),
    'p12-profile': p12ProfileFlag({}),
    validity: daysFlag({ description: 'How long the new certificate is valid.', default: '1y' }),
    csr: Flags.string({ description: 'Sign this new CSR (users who keep their key).' }),
    'revoke-old': Flags.boolean({ description: 'Revoke the old certificate (reason superseded).', default: false }),
    issuer: Flags.string({ description: 'Renew every active user of this CA (fingerprint or its first 8+ hex digits).', exclusive: ['all', 'csr', 'email'] }),
    all: Flags.boolean({ description: 'Renew every active user whose certificate is not from the active CA.', default: false, exclusive: ['issuer', 'csr', 'email'] }),
  };

  async run() {
    const { args, flags } = await this.parse(UserRenew);
    if (flags.issuer || flags.all) {
      if (args.username) this.error('give a username, or --issuer / --all, not both', { exit: EXIT.usage });
      return this.bulk(await this.context(flags), flags);
    }
    if (!args.username) this.error('a username is needed: mtlsctl user renew <username> (or --issuer <fingerprint>, --all)', { exit: EXIT.usage });
    const csrPem = flags.csr ? await readTextInput(flags.csr, INPUT_LIMITS.csr) : undefined;
    const renewed = await renewClient(await this.context(flags), {
      username: args.username,
      validityDays: flags.validity,
      revokeOld: flags['revoke-old'],
      ...(flags.email ? { email: flags.email } : {}),
      ...(flags['key-type'] ? { keyType: flags['key-type'] } : {}),
      ...(flags['p12-profile'] ? { p12Profile: flags['p12-profile'] } : {}),
      ...(csrPem !== undefined ? { csrPem } : {}),
    });
    return this.render({ username: args.username, renewed, revokedOld: flags['revoke-old'] }, renderUserRenew);
  }

  private async bulk(ctx: AuthorityContext, flags: { issuer?: string | undefined; all: boolean; validity: number; 'revoke-old': boolean }) {
    const ca = await ctx.store.getCa();
    if (!ca) throw new NoCaError();
    const active = ca.value.trusted.find((t) => t.role === 'active')?.fingerprint;
    let issuers: string[];
    if (flags.issuer) {
      const target = resolveTrustedCa(ca.value.trusted, flags.issuer);
      if (target.fingerprint === active) this.error(`${shortFingerprint(target.fingerprint)} is the active CA: its users are renewed one at a time (mtlsctl user renew <username>)`, { exit: EXIT.usage });
      issuers = [target.fingerprint];
    } else {
      issuers = [...new Set((await listClients(ctx, { status: 'active' })).map((row) => row.issuerFingerprint))].filter((fp) => fp !== active);
    }
    const { result, interrupted } = await runBulk('renewing', this.jsonEnabled() || this.quiet(), (control) =>
      renewBulk(ctx, { issuerFingerprints: issuers, validityDays: flags.validity, revokeOld: flags['revoke-old'], ...control }),
    );
    const summary = this.render({ selected: result.selected, outcomes: result.outcomes, issuers, active }, renderUserRenewBulk);
    if (summary.failed > 0 || interrupted) this.exitWithResult(summary, interrupted ? EXIT.interrupted : EXIT.partial);
    return summary;
  }
}
