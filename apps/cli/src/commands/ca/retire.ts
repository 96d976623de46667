import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../base-command.js';
import { confirmDestructive } from '../../confirm.js';
import { yesFlag } from '../../flags.js';
import { renderCaRetire } from '../../render/ca.js';
import { shortFingerprint } from '../../render/table.js';
import { NoCaError, resolveTrustedCa, retireCa } from '@mtlsctl/authority';

export default class CaRetire extends StoreCommand {
  static override summary = 'Remove a CA from the trust bundle HAProxy reads.';
  static override description =
    'Refuses the active CA, and refuses while active certificates still chain only to the CA (naming their users) unless --force.';
  static override examples = ['<%= config.bin %> <%= command.id %> 184c200f'];
  static override args = { fingerprint: Args.string({ description: 'SHA-256 fingerprint, or its first 8+ hex digits.', required: true }) };
  static override flags = { force: Flags.boolean({ description: 'Retire even though users would be locked out.', default: false }), yes: yesFlag };

  async run() {
    const { args, flags } = await this.parse(CaRetire);
    const ctx = await this.context(flags);
    const ca = await ctx.store.getCa();
    if (!ca) throw new NoCaError();
    const target = resolveTrustedCa(ca.value.trusted, args.fingerprint);
    // The active CA is refused by retireCa itself: nothing to confirm.
    if (target.role !== 'active') {
      const fingerprint = shortFingerprint(target.fingerprint);
      await confirmDestructive(
        {
          command: `ca retire ${args.fingerprint}`,
          plan: [`This removes the CA ${fingerprint} (${target.subject}) from the trust bundle HAProxy reads:`, '  certificates that chain only to it will be refused.'],
          answer: fingerprint,
          answerName: "the CA's fingerprint",
        },
        flags.yes,
      );
    }
    const result = await retireCa(ctx, { fingerprint: target.fingerprint, force: flags.force });
    const json = this.render(result, renderCaRetire);
    if (result.warning) this.warn(result.warning);
    return json;
  }
}
