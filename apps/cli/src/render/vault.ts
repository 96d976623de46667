import type { AuditStatus, CapabilityReport } from '@mtlsctl/vault-store';
import { renderAuditStatus } from './audit-status.js';
import type { RenderFormat } from './renderer.js';
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
export function renderVaultPolicies(result: VaultPoliciesResult, format: 'text'): string;
export function renderVaultPolicies(result: VaultPoliciesResult, format: 'json'): { policies: Record<string, string> };
export function renderVaultPolicies(result: VaultPoliciesResult, format: RenderFormat): string | { policies: Record<string, string> } {
  if (format === 'json') return { policies: result.policies };
  if (result.name !== undefined) return (result.policies[result.name] ?? '').trimEnd();
  return Object.entries(result.policies)
    .map(([name, hcl]) => `# --- ${name} ---\n${hcl}`)
    .join('\n')
    .trimEnd();
}

/** `vault check`: the token's capabilities against the role, and the audit devices it can see. */
export type VaultCheckResult = CapabilityReport & { audit: AuditStatus };

/** `vault check`: one row per path (ok/FAIL, needed, forbidden, granted, purpose), then the audit line; as JSON the report. */
export function renderVaultCheck(report: VaultCheckResult, format: 'text'): string;
export function renderVaultCheck(report: VaultCheckResult, format: 'json'): VaultCheckResult;
export function renderVaultCheck(report: VaultCheckResult, format: RenderFormat): string | VaultCheckResult {
  if (format === 'json') return report;
  return `${renderTable(report.checks, [
    ['', (c) => (c.ok ? 'ok' : 'FAIL')],
    ['PATH', (c) => c.path],
    ['NEEDS', (c) => c.needs.join(',') || '-'],
    ['MUST NOT', (c) => c.mustNot.join(',') || '-'],
    ['GRANTED', (c) => c.granted.join(',')],
    ['PURPOSE', (c) => c.purpose],
  ])}\nAudit device: ${renderAuditStatus(report.audit)}`;
}
