import { Flags } from '@oclif/core';
import { MtlsctlCommand } from '../base-command.js';
import { EXIT } from '../exit-codes.js';
import { p12ProfileFlag } from '../flags.js';
import { day, renderTable, shortFingerprint } from '../render/table.js';

export default class Quickstart extends MtlsctlCommand {
  static override summary = 'Run the main job end to end on the embedded store: a CA, a user certificate, its p12 on disk, the inventory.';
  static override description = 'Safe to run again: the CA in the directory is reused and the user renewed. No Vault needed.';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --dir /tmp/try-mtlsctl --user bob --email bob@example.com'];
  static override flags = {
    dir: Flags.string({ description: 'Directory for the store and the files written.', default: 'mtlsctl-quickstart' }),
    user: Flags.string({ description: 'The demo user.', default: 'alice' }),
    email: Flags.string({ description: "The demo user's email.", default: 'alice@example.com' }),
    'p12-profile': p12ProfileFlag({ default: 'modern' }),
  };

  async run() {
    const { flags } = await this.parse(Quickstart);
    const { runQuickstart } = await import('../quickstart.js');
    const r = await runQuickstart({ dir: flags.dir, username: flags.user, email: flags.email, p12Profile: flags['p12-profile'] });
    const table = renderTable(r.inventory, [
      ['USERNAME', (x) => x.username],
      ['EMAIL', (x) => x.email],
      ['STATUS', (x) => x.status],
      ['NOT AFTER', (x) => day(x.notAfter)],
      ['SERIAL', (x) => x.serial],
    ]);
    this.say(
      [
        `1. CA        ${r.caCreated ? 'created' : 'reused '}  ${r.ca.subject}  (SHA-256 ${shortFingerprint(r.ca.fingerprint)}…, until ${day(r.ca.notAfter)})`,
        `2. User      issued   ${r.user.subject}  serial ${r.user.serialNumber}, until ${day(r.user.notAfter)}`,
        `3. p12       written  ${r.p12File} (0600), password in ${r.passwordFile}`,
        `4. Verified  ${r.verified ? 'yes' : 'NO'}       the p12 was read back and its certificate validated against ${r.caFile}`,
        '',
        'Inventory:',
        table,
        '',
        'Next:',
        `  openssl pkcs12 -info -noout -in ${r.p12File} -passin file:${r.passwordFile}`,
        `  MTLSCTL_HOME=${r.storeDir} mtlsctl user list`,
        '  VAULT_ADDR=https://vault:8200 mtlsctl vault init   # move to Vault: KV v2 mount, policies, ESO token',
        '  mtlsctl --help                                     # every command',
        '  (in this clone, mtlsctl is `node apps/cli/bin/run.js`; `npm link -w @mtlsctl/cli` puts it on the PATH)',
      ].join('\n'),
    );
    if (!r.verified) this.exit(EXIT.checkFailed);
    return r;
  }
}
