import type { AuditStatus, CapabilityReport } from '@mtlsctl/vault-store';
import { renderAuditStatus } from './audit-status.js';
import { renderer } from './renderer.js';
import { renderTable } from './table.js';

/** `vault policies`: the policies chosen (name → HCL), and the one asked for by name, if any. */
export interface VaultPoliciesResult {
  policies: Record<string, string>;
  name?: string | undefined;
}

/**
 * `vault policies`: the HCL, bare for one policy asked by name (for `| vault policy write NAME -`), else each under a
 * `# --- name ---` header; as JSON the policies.
 */
export const renderVaultPolicies = renderer<VaultPoliciesResult, { policies: Record<string, string> }>({
  text: ({ policies, name }) => {
    if (name !== undefined) return (policies[name] ?? '').trimEnd();
    return Object.entries(policies)
      .map(([policy, hcl]) => `# --- ${policy} ---\n${hcl}`)
      .join('\n')
      .trimEnd();
  },
  json: ({ policies }): { policies: Record<string, string> } => ({ policies }),
});

/** `vault check`: the token's capabilities against the role, and the audit devices it can see. */
export type VaultCheckResult = CapabilityReport & { audit: AuditStatus };

/** `vault check`: one row per path (ok/FAIL, needed, forbidden, granted, purpose), then the audit line; as JSON the report. */
export const renderVaultCheck = renderer<VaultCheckResult, VaultCheckResult>({
  text: (report) =>
    `${renderTable(report.checks, [
      ['', (c) => (c.ok ? 'ok' : 'FAIL')],
      ['PATH', (c) => c.path],
      ['NEEDS', (c) => c.needs.join(',') || '-'],
      ['MUST NOT', (c) => c.mustNot.join(',') || '-'],
      ['GRANTED', (c) => c.granted.join(',')],
      ['PURPOSE', (c) => c.purpose],
    ])}\nAudit device: ${renderAuditStatus(report.audit)}`,
  json: (report) => report,
});
