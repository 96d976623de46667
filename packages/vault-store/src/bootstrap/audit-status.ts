import { PermissionDeniedError } from '../errors/permission-denied-error.js';
import type { VaultClient } from '../vault/vault-client.js';

/** Whether Vault writes an audit log: who read the CA key, and when, depends on it. */
export type AuditStatus =
  | { known: true; enabled: boolean; devices: Array<{ path: string; type: string; description: string }> }
  | { known: false; reason: string };

/**
 * Reports the audit devices (`sys/audit`, which needs sudo). A token without sudo gets `known: false` with the
 * reason, not an error, so `doctor` can still report the rest.
 */
export async function auditStatus(client: VaultClient): Promise<AuditStatus> {
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
    return { known: true, enabled: list.length > 0, devices: list };
  } catch (error) {
    if (PermissionDeniedError.isInstance(error)) return { known: false, reason: 'the token may not read sys/audit (it needs read and sudo there)' };
    throw error;
  }
}
