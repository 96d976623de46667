import type { AuditStatus } from '@mtlsctl/vault-store';

/**
 * One line about the audit devices, right for Vault and OpenBao: which are enabled, how to get one on this
 * server (OpenBao declares them in its config), or why the token cannot tell.
 */
export function renderAuditStatus(audit: AuditStatus): string {
  if (!audit.known) return `not visible to this token (${audit.reason})`;
  if (audit.enabled) return `enabled (${audit.devices.map((d) => `${d.path} ${d.type}`).join(', ')})`;
  return `NONE: ${audit.howToEnable ?? 'enable one'}`;
}
