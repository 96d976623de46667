import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../base-command.js';
import { retireCa } from '@mtlsctl/authority';

export default class CaRetire extends StoreCommand {
  static override summary = 'Remove a CA from the trust bundle HAProxy reads.';
  static override description =
    'Refuses the active CA, and refuses while active certificates still chain only to the CA (naming their users) unless --force.';
  static override examples = ['<%= config.bin %> <%= command.id %> 184c200f'];
  static override args = { fingerprint: Args.string({ description: 'SHA-256 fingerprint, or its first 8+ hex digits.', required: true }) };
  static override flags = { force: Flags.boolean({ description: 'Retire even though users would be locked out.', default: false }) };

  async run() {
    const { args, flags } = await this.parse(CaRetire);
    const result = await retireCa(await this.context(flags), { fingerprint: args.fingerprint, force: flags.force });
    this.say(`Retired ${result.retired.fingerprint} (${result.retired.subject}).`);
    if (result.lockedOut.length) this.say(`Locked out (--force): ${result.lockedOut.join(', ')}`);
    if (result.warning) process.stderr.write(`warning: ${result.warning}\n`);
    return { retired: { ...result.retired, certificatePem: undefined }, lockedOut: result.lockedOut, warning: result.warning };
  }
}
