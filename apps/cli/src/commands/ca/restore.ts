import { Args, Flags } from '@oclif/core';
import { StoreCommand } from '../../base-command.js';
import { confirmDestructive } from '../../confirm.js';
import { yesFlag } from '../../flags.js';
import { renderCaRestore } from '../../render/ca.js';
import { shortFingerprint } from '../../render/table.js';
import { readPassphrase } from '../../passphrase.js';
import { INPUT_LIMITS, readInputFile } from '../../read-input-file.js';
import { restoreStore } from '@mtlsctl/authority';

export default class CaRestore extends StoreCommand {
  static override summary = 'Restore a backup made by `ca backup`.';
  static override description = 'Only into an empty store, unless --force (then each record is written as a new version, and the store\'s users the backup does not hold, issued by a CA the backup does not trust, are revoked and listed: none stays active under an untrusted issuer).';
  static override examples = ['<%= config.bin %> <%= command.id %> backup.json --passphrase-file pass.txt', 'MTLSCTL_BACKUP_PASSPHRASE="$(pass mtlsctl/backup)" <%= config.bin %> <%= command.id %> backup.json --store vault'];
  static override args = { file: Args.string({ description: 'Backup file.', required: true }) };
  static override flags = {
    'passphrase-file': Flags.string({ description: 'File whose first line is the passphrase (else $MTLSCTL_BACKUP_PASSPHRASE).' }),
    force: Flags.boolean({ description: 'Write over a store that already holds records.', default: false }),
    yes: yesFlag,
  };

  async run() {
    const { args, flags } = await this.parse(CaRestore);
    const backup = await readInputFile(args.file, INPUT_LIMITS.backup);
    const passphrase = await readPassphrase(flags['passphrase-file']);
    const ctx = await this.context(flags, { allowMissing: true });
    const current = flags.force ? (await ctx.store.getCa())?.value.trusted.find((t) => t.role === 'active') : undefined;
    if (current) {
      const fingerprint = shortFingerprint(current.fingerprint);
      await confirmDestructive(
        {
          command: `ca restore ${args.file} --force`,
          plan: [`This writes every record of ${args.file} over this store, whose CA is ${fingerprint} (${current.subject}):`, '  the CA, its key and the users\' records become the backup\'s (each as a new version);', '  users it does not hold, issued by a CA it does not trust, are revoked (cessationOfOperation) and stay listed.'],
          answer: fingerprint,
          answerName: "the current CA's fingerprint",
        },
        flags.yes,
      );
    }
    const result = await restoreStore(ctx, { backup, passphrase, force: flags.force });
    return this.render(result, renderCaRestore);
  }
}
