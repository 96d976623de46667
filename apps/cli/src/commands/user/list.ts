import { Flags } from '@oclif/core';
import { listClients, NoCaError, resolveTrustedCa } from '@mtlsctl/authority';
import { StoreCommand } from '../../base-command.js';
import { EXIT } from '../../exit-codes.js';
import { windowFlag, outputFlag } from '../../flags.js';
import { renderUserList } from '../../render/user.js';

export default class UserList extends StoreCommand {
  static override summary = 'List the certificate inventory.';
  static override description = 'Reads only the non-secret inventory (KV custom metadata): no private keys are read. With --expiring, exits 9 when a certificate is in the window, so a cron job can alert on it.';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --expiring 30d', '<%= config.bin %> <%= command.id %> --status revoked --json'];
  static override flags = {
    output: outputFlag,
    expiring: windowFlag({ description: 'Only certificates that expire within this window (expired ones included).' }),
    status: Flags.option({ options: ['active', 'revoked'] as const, description: 'Only this status.' })(),
    issuer: Flags.string({ description: 'Only certificates issued by this trusted CA (SHA-256 fingerprint, or its first 8+ hex digits, as `ca retire` takes it).' }),
  };

  async run() {
    const { flags } = await this.parse(UserList);

    const ctx = await this.context(flags);
    let issuerFingerprint: string | undefined;
    if (flags.issuer) {
      const ca = await ctx.store.getCa();
      if (!ca) throw new NoCaError();
      issuerFingerprint = resolveTrustedCa(ca.value.trusted, flags.issuer).fingerprint;
    }
    const rows = await listClients(ctx, {
      ...(flags.expiring !== undefined ? { expiringWithinDays: flags.expiring } : {}),
      ...(flags.status ? { status: flags.status } : {}),
      ...(issuerFingerprint ? { issuerFingerprint } : {}),
      onUnlisted: (_username, reason) => void this.warn(reason),
    });
    const result = this.render(rows, renderUserList);
    if (flags.expiring !== undefined && rows.length > 0) this.exitWithResult(result, EXIT.checkFailed);
    return result;
  }
}
