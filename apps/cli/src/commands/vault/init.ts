import { Flags } from '@oclif/core';
import { VaultCommand } from '../../base-command.js';
import { renderAuditStatus } from '../../render/audit-status.js';
import { formatDuration } from '../../duration.js';
import { secondsFlag } from '../../flags.js';
import { renderTable } from '../../render/table.js';
import { writePrivateFile } from '../../write-private-file.js';
import { bootstrapVault, vaultLayout } from '@mtlsctl/vault-store';
import { validateUsername } from '@mtlsctl/authority';

export default class VaultInit extends VaultCommand {
  static override summary = 'Prepare Vault for mtlsctl: KV v2 mount, policies, the ESO token.';
  static override description =
    'Idempotent. Enables a KV v2 engine at --vault-mount if missing (and refuses a KV v1 or other engine there), writes the least-privilege policies eso-pki-reader (the CA bundle and CRL only, never the CA key), mtlsctl-admin and mtlsctl-verifier (and mtlsctl-user-<name> for each --user; with another --vault-mount or --vault-prefix than secret/pki, each name gets the suffix @<mount>@<prefix>, so two installs on one Vault never share a policy), creates the ESO token, reports whether an audit device is enabled, and checks the current token\'s capabilities. Needs a root or equally privileged token.';
  static override examples = [
    'VAULT_ADDR=https://nas-vault:8200 <%= config.bin %> <%= command.id %> --eso-token-file eso.token',
    '<%= config.bin %> <%= command.id %> --user alice --user bob --no-eso-token',
  ];
  static override flags = {
    'eso-token-ttl': secondsFlag({ description: 'TTL of the ESO token.', default: '1y' }),
    'eso-token': Flags.boolean({ description: 'Create the ESO token.', default: true, allowNo: true }),
    'eso-token-file': Flags.string({ description: 'Write the ESO token to this file (0600) instead of printing it.' }),
    user: Flags.string({ description: 'Also write the per-user policy of this user (repeatable).', multiple: true }),
  };

  async run() {
    const { flags } = await this.parse(VaultInit);
    const users = flags.user ?? [];
    users.forEach(validateUsername);
    const layout = vaultLayout({ mount: flags['vault-mount'], prefix: flags['vault-prefix'] });
    const report = await bootstrapVault(await this.vaultClient(flags), {
      mount: flags['vault-mount'],
      prefix: flags['vault-prefix'],
      users,
      esoToken: flags['eso-token'] ? { ttl: `${flags['eso-token-ttl']}s` } : false,
    });
    const token = report.esoToken;
    if (token && flags['eso-token-file']) await writePrivateFile(flags['eso-token-file'], token.clientToken + '\n');
    const audit = renderAuditStatus(report.audit);
    this.say(
      [
        `KV v2 mount ${flags['vault-mount']}/: ${report.mount}`,
        renderTable(report.policies, [['POLICY', (p) => p.name], ['', (p) => p.action]]),
        `Audit device: ${audit}`,
        `This token's admin capabilities: ${report.capabilities.ok ? 'complete' : 'MISSING some (run `mtlsctl vault check --json`)'}`,
        token
          ? flags['eso-token-file']
            ? `ESO token (policy ${layout.policies.esoReader}, ttl ${formatDuration(token.ttlSeconds)}) written to ${flags['eso-token-file']}.`
            : `ESO token (policy ${layout.policies.esoReader}, ttl ${formatDuration(token.ttlSeconds)}), shown once:\n  ${token.clientToken}`
          : 'ESO token: not created (--no-eso-token).',
        token
          ? `Put it in the Secret the ClusterSecretStore's auth.tokenSecretRef names, e.g.:\n  kubectl -n external-secrets create secret generic vault-eso-token ${flags['eso-token-file'] ? `--from-file=token=${flags['eso-token-file']}` : '--from-literal=token=<the token above>'}`
          : '',
      ].filter(Boolean).join('\n'),
    );
    if (!report.audit.known || !report.audit.enabled) process.stderr.write('warning: no Vault audit device is enabled: reads of the CA key and users\' p12 are not logged.\n');
    const capped = token?.warnings.find((w) => /TTL/.test(w) && /capped/.test(w));
    if (capped) {
      process.stderr.write(
        `warning: Vault capped the ESO token's TTL (${capped}): ESO loses access when it expires. Renew it in time (\`vault token renew\`), ` +
          'or raise the token backend\'s maximum first (`vault auth tune -max-lease-ttl=8760h token/`) and run `mtlsctl vault init` again.\n',
      );
    }
    const shownToken = token && !flags['eso-token-file'] ? token : token ? { ...token, clientToken: undefined, file: flags['eso-token-file'] } : undefined;
    return { mount: report.mount, policies: report.policies, audit: report.audit, capabilities: report.capabilities, esoToken: shownToken };
  }
}
