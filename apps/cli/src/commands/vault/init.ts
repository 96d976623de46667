import { Flags } from '@oclif/core';
import { VaultCommand } from '../../base-command.js';
import { renderAuditStatus } from '../../render/audit-status.js';
import { renderBootstrapPlan } from '../../render/bootstrap-plan.js';
import { esoTokenHandOver } from '../../render/eso-token-hand-over.js';
import { secondsFlag } from '../../flags.js';
import { renderTable } from '../../render/table.js';
import { writePrivateFile } from '../../write-private-file.js';
import { bootstrapVault, planBootstrap, vaultLayout } from '@mtlsctl/vault-store';
import { validateUsername } from '@mtlsctl/authority';

export default class VaultInit extends VaultCommand {
  static override summary = 'Prepare Vault for mtlsctl: KV v2 mount, policies, the ESO token.';
  static override description =
    'Idempotent: a second run changes nothing and says so. Enables a KV v2 engine at --vault-mount if missing (and refuses a KV v1 or other engine there), writes the least-privilege policies eso-pki-reader (the CA bundle and CRL only, never the CA key), mtlsctl-admin and mtlsctl-verifier (and mtlsctl-user-<name> for each --user; with another --vault-mount or --vault-prefix than secret/pki, each name gets the suffix @<mount>@<prefix>, so two installs on one Vault never share a policy), mints the ESO token only when none is recorded for this mount and prefix (or the recorded one is gone, or --rotate-eso-token), reports whether an audit device is enabled, and checks the current token\'s capabilities. --dry-run prints what would change (policy diffs included) and changes nothing. Needs a root or equally privileged token.';
  static override examples = [
    'VAULT_ADDR=https://nas-vault:8200 <%= config.bin %> <%= command.id %> --eso-token-file eso.token',
    '<%= config.bin %> <%= command.id %> --dry-run',
    '<%= config.bin %> <%= command.id %> --user alice --user bob --no-eso-token',
  ];
  static override flags = {
    'eso-token-ttl': secondsFlag({ description: 'TTL of a new ESO token.', default: '1y' }),
    'eso-token': Flags.boolean({ description: 'Manage the ESO token (mint one when none is recorded).', default: true, allowNo: true }),
    'eso-token-file': Flags.string({ description: 'Write a new ESO token to this file (0600) instead of printing it.' }),
    'rotate-eso-token': Flags.boolean({ description: 'Mint a new ESO token even though the recorded one is valid (the old one stays valid until `vault eso-token revoke --previous`).', default: false, exclusive: ['dry-run'] }),
    'dry-run': Flags.boolean({ description: 'Print what would change (mount, policy diffs, ESO token) and change nothing.', default: false }),
    user: Flags.string({ description: 'Also write the per-user policy of this user (repeatable).', multiple: true }),
    'users-auth': Flags.string({
      description:
        'Also write mtlsctl-users, one identity-templated policy for every user of the auth method at this path (userpass, ldap, oidc): each reads the record named after their login ({{identity.entity.aliases.<accessor>.name}}), no policy per user.',
      helpValue: '<auth path>',
    }),
  };

  async run() {
    const { flags } = await this.parse(VaultInit);
    const users = flags.user ?? [];
    users.forEach(validateUsername);
    const layout = vaultLayout({ mount: flags['vault-mount'], prefix: flags['vault-prefix'] });
    const client = await this.vaultClient(flags);
    const options = { mount: layout.mount, prefix: layout.prefix, users, rotateEsoToken: flags['rotate-eso-token'], ...(flags['users-auth'] ? { usersAuth: flags['users-auth'] } : {}) };
    if (flags['dry-run']) {
      const plan = await planBootstrap(client, { ...options, esoToken: flags['eso-token'] });
      this.say(renderBootstrapPlan(plan));
      return {
        dryRun: true,
        layout: { mount: layout.mount, prefix: layout.prefix },
        mount: plan.mount,
        policies: plan.policies.map((p) => ({ name: p.name, action: p.action, diff: p.diff })),
        esoToken: { action: plan.esoToken.action, reason: plan.esoToken.reason, ...(plan.esoToken.current ? { current: plan.esoToken.current } : {}) },
        changes: plan.changes,
      };
    }
    const report = await bootstrapVault(client, { ...options, esoToken: flags['eso-token'] ? { ttl: `${flags['eso-token-ttl']}s` } : false });
    const token = report.esoToken;
    if (token && flags['eso-token-file']) await writePrivateFile(flags['eso-token-file'], token.clientToken + '\n');
    const kept = report.existingEsoToken;
    // the accessor names the token without being it (lookup and revoke only): the verifier watches ESO's token by it
    const esoTokenAccessor = token?.accessor ?? (report.esoTokenAction === 'kept' ? kept?.accessor : undefined);
    this.say(
      [
        `KV v2 mount ${layout.mount}/: ${report.mount}`,
        renderTable(report.policies, [['POLICY', (p) => p.name], ['', (p) => p.action]]),
        `Audit device: ${renderAuditStatus(report.audit)}`,
        `This token's admin capabilities: ${report.capabilities.ok ? 'complete' : 'MISSING some (run `mtlsctl vault check --json`)'}`,
        report.esoTokenAction === 'kept'
          ? `ESO token: kept (accessor ${kept?.accessor}, ${kept?.expireTime ? `expires ${kept.expireTime}` : 'no expiry'}): ${report.esoTokenReason}.`
          : report.esoTokenAction === 'skipped'
            ? 'ESO token: left alone (--no-eso-token).'
            : token
              ? esoTokenHandOver(token, layout.policies.esoReader, { file: flags['eso-token-file'], why: report.esoTokenReason, previous: report.esoTokenAction === 'rotated' ? kept : undefined })
              : '',
        esoTokenAccessor
          ? `ESO token accessor (not a secret): ${esoTokenAccessor}; the sync-verifier reports that token's expiry with it: mtlsctl k8s manifests --verifier --eso-token-accessor ${esoTokenAccessor}`
          : '',
        flags['users-auth']
          ? `Users of auth/${flags['users-auth']}/ read their own record once their login carries ${layout.policies.users}, e.g. \`vault write auth/${flags['users-auth']}/users/<name> token_policies=${layout.policies.users}\` (userpass) or \`vault write auth/${flags['users-auth']}/groups/<group> policies=${layout.policies.users}\` (ldap); their mtlsctl username must be their login name (Vault lowercases userpass and LDAP names).`
          : '',
        report.changed ? '' : 'Nothing changed: Vault already had this mount, these policies and a valid ESO token.',
      ].filter(Boolean).join('\n'),
    );
    if (!report.audit.known || !report.audit.enabled) this.warn('no Vault audit device is enabled: reads of the CA key and users\' p12 are not logged.');
    const capped = token?.warnings.find((w) => /TTL/.test(w) && /capped/.test(w));
    if (capped) {
      this.warn(
        `Vault capped the ESO token's TTL (${capped}): ESO loses access when it expires. Renew it in time (\`vault token renew\`), ` +
          'or raise the token backend\'s maximum first (`vault auth tune -max-lease-ttl=8760h token/`) and run `mtlsctl vault eso-token rotate`.',
      );
    }
    const shownToken = token && !flags['eso-token-file'] ? token : token ? { ...token, clientToken: undefined, file: flags['eso-token-file'] } : undefined;
    return {
      mount: report.mount,
      policies: report.policies,
      changed: report.changed,
      esoTokenAction: report.esoTokenAction,
      esoTokenReason: report.esoTokenReason,
      ...(kept ? { existingEsoToken: kept } : {}),
      ...(esoTokenAccessor ? { esoTokenAccessor } : {}),
      audit: report.audit,
      capabilities: report.capabilities,
      esoToken: shownToken,
    };
  }
}
