import { PermissionDeniedError } from '../errors/permission-denied-error.js';
import type { VaultClient } from '../vault/vault-client.js';
import { vaultServerInfo, type VaultServerFlavour } from '../vault/vault-server-info.js';

/**
 * Whether Vault writes an audit log: who read the CA key, and when, depends on it. `howToEnable` (when none is
 * enabled) and `reason` (when unknown) say what to do on this server: Vault enables devices through the API
 * (`vault audit enable`), OpenBao only from its server config (an `audit` stanza; the API refuses).
 */
export type AuditStatus =
  | { known: true; server: VaultServerFlavour; enabled: boolean; devices: Array<{ path: string; type: string; description: string }>; howToEnable?: string }
  | { known: false; server: VaultServerFlavour; reason: string };

const HOW_TO_ENABLE: Record<VaultServerFlavour, string> = {
  vault: 'enable one, e.g. `vault audit enable file file_path=/vault/logs/audit.log`',
  openbao:
    'declare one in the OpenBao server config, e.g. `audit "file" "file" { options { file_path = "/openbao/logs/audit.log" } }`, ' +
    'then restart or SIGHUP the server (OpenBao refuses `bao audit enable`)',
};

/**
 * Reports the audit devices (`sys/audit`, which needs sudo), on Vault and OpenBao alike: OpenBao lists the
 * devices its config declares there. A token without sudo gets `known: false` with the reason, not an error,
 * so `doctor` can still report the rest.
 */
export async function auditStatus(client: VaultClient): Promise<AuditStatus> {
  const { flavour: server } = await vaultServerInfo(client);
  try {
    const devices = await client.send({
      method: 'GET',
      path: 'sys/audit',
      idempotent: true,
      capability: 'read and sudo',
      policyHint: 'needs read and sudo on sys/audit',
      parse: (body) => ((body as { data?: Record<string, unknown> }).data ?? {}) as Record<string, { type?: string; description?: string }>,
    });
    const list = Object.entries(devices ?? {}).map(([path, d]) => ({ path, type: String(d.type ?? ''), description: String(d.description ?? '') }));
    return list.length > 0 ? { known: true, server, enabled: true, devices: list } : { known: true, server, enabled: false, devices: [], howToEnable: HOW_TO_ENABLE[server] };
  } catch (error) {
    if (!PermissionDeniedError.isInstance(error)) throw error;
    const where = server === 'openbao' ? '; OpenBao declares audit devices in its server config: look there (`audit` stanzas)' : '';
    return { known: false, server, reason: `the token may not read sys/audit (it needs read and sudo there)${where}` };
  }
}
