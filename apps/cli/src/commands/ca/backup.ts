import { Flags } from '@oclif/core';
import { StoreCommand } from '../../base-command.js';
import { readPassphrase } from '../../passphrase.js';
import { writePrivateFile } from '../../write-private-file.js';
import { renderCaBackup } from '../../render/ca.js';
import { backupStore } from '@mtlsctl/authority';

export default class CaBackup extends StoreCommand {
  static override summary = 'Back up the whole store into one passphrase-encrypted file.';
  static override description =
    'CA, CA keys, every user and the CRL (latest versions and inventory metadata), encrypted with scrypt + AES-256-GCM. The file holds private keys: keep it like the CA key. Written 0600.';
  static override examples = ['MTLSCTL_BACKUP_PASSPHRASE=... <%= config.bin %> <%= command.id %> -o mtlsctl-backup.json'];
  static override flags = {
    output: Flags.string({ char: 'o', description: 'Backup file to write.', required: true }),
    'passphrase-file': Flags.string({ description: 'File whose first line is the passphrase (else $MTLSCTL_BACKUP_PASSPHRASE).' }),
    force: Flags.boolean({ description: 'Replace the output file if it exists.', default: false }),
  };

  async run() {
    const { flags } = await this.parse(CaBackup);
    const passphrase = await readPassphrase(flags['passphrase-file'], { confirm: true });
    const { backup, records } = await backupStore(await this.context(flags), { passphrase });
    await writePrivateFile(flags.output, backup, { overwrite: flags.force });
    return this.render({ file: flags.output, records }, renderCaBackup);
  }
}
