import type { BootstrapPlan, BootstrapReport, CreatedToken, LiveToken, VaultLayout } from '@mtlsctl/vault-store';
import { renderAuditStatus } from './audit-status.js';
import { renderBootstrapPlan } from './bootstrap-plan.js';
import { esoTokenHandOver } from './eso-token-hand-over.js';
import type { RenderFormat } from './renderer.js';
import { renderTable } from './table.js';

/** `vault init --dry-run --json`: the plan, with each policy's diff and the ESO token step. */
export interface VaultInitPlanJson {
  dryRun: true;
  layout: { mount: string; prefix: string };
  mount: BootstrapPlan['mount'];
  policies: Array<Pick<BootstrapPlan['policies'][number], 'name' | 'action' | 'diff'>>;
  esoToken: { action: BootstrapPlan['esoToken']['action']; reason: string; current?: LiveToken };
  changes: boolean;
}

/** `vault init --dry-run`: what would change (see renderBootstrapPlan); as JSON the same plan. */
export function renderVaultInitPlan(plan: BootstrapPlan, format: 'text'): string;
export function renderVaultInitPlan(plan: BootstrapPlan, format: 'json'): VaultInitPlanJson;
export function renderVaultInitPlan(plan: BootstrapPlan, format: RenderFormat): string | VaultInitPlanJson {
  if (format === 'text') return renderBootstrapPlan(plan);
  return {
    dryRun: true,
    layout: { mount: plan.layout.mount, prefix: plan.layout.prefix },
    mount: plan.mount,
    policies: plan.policies.map((p) => ({ name: p.name, action: p.action, diff: p.diff })),
    esoToken: { action: plan.esoToken.action, reason: plan.esoToken.reason, ...(plan.esoToken.current ? { current: plan.esoToken.current } : {}) },
    changes: plan.changes,
  };
}

/** What `vault init` did: the report, the layout it used, and where the new ESO token went. */
export interface VaultInitResult {
  layout: VaultLayout;
  report: BootstrapReport;
  /** `--eso-token-file`: the new token was written there, not shown. */
  esoTokenFile?: string | undefined;
  /** `--users-auth`: the auth method whose users read their own record. */
  usersAuth?: string | undefined;
}

/** `vault init --json`: the report, the ESO token's accessor, and the new token (its value only when not written to a file). */
export interface VaultInitJson {
  mount: BootstrapReport['mount'];
  policies: BootstrapReport['policies'];
  changed: boolean;
  esoTokenAction: BootstrapReport['esoTokenAction'];
  esoTokenReason: string;
  existingEsoToken?: LiveToken;
  esoTokenAccessor?: string;
  audit: BootstrapReport['audit'];
  capabilities: BootstrapReport['capabilities'];
  esoToken: CreatedToken | (Omit<CreatedToken, 'clientToken'> & { clientToken: undefined; file: string }) | undefined;
}

/** The accessor names the token without being it (lookup and revoke only): the verifier watches ESO's token by it. */
function esoTokenAccessor(report: BootstrapReport): string | undefined {
  return report.esoToken?.accessor ?? (report.esoTokenAction === 'kept' ? report.existingEsoToken?.accessor : undefined);
}

/**
 * `vault init`: the mount, a table of the policies written, the audit device, the token's capabilities, what became
 * of the ESO token (kept, left alone, or the new one handed over), its accessor for the verifier, how users of
 * `--users-auth` get their policy, and "Nothing changed" on a rerun; as JSON the report.
 */
export function renderVaultInit(result: VaultInitResult, format: 'text'): string;
export function renderVaultInit(result: VaultInitResult, format: 'json'): VaultInitJson;
export function renderVaultInit({ layout, report, esoTokenFile, usersAuth }: VaultInitResult, format: RenderFormat): string | VaultInitJson {
  const token = report.esoToken;
  const kept = report.existingEsoToken;
  const accessor = esoTokenAccessor(report);
  if (format === 'json') {
    return {
      mount: report.mount,
      policies: report.policies,
      changed: report.changed,
      esoTokenAction: report.esoTokenAction,
      esoTokenReason: report.esoTokenReason,
      ...(kept ? { existingEsoToken: kept } : {}),
      ...(accessor ? { esoTokenAccessor: accessor } : {}),
      audit: report.audit,
      capabilities: report.capabilities,
      esoToken: token && !esoTokenFile ? token : token && esoTokenFile ? { ...token, clientToken: undefined, file: esoTokenFile } : undefined,
    };
  }
  return [
    `KV v2 mount ${layout.mount}/: ${report.mount}`,
    renderTable(report.policies, [['POLICY', (p) => p.name], ['', (p) => p.action]]),
    `Audit device: ${renderAuditStatus(report.audit)}`,
    `This token's admin capabilities: ${report.capabilities.ok ? 'complete' : 'MISSING some (run `mtlsctl vault check --json`)'}`,
    report.esoTokenAction === 'kept'
      ? `ESO token: kept (accessor ${kept?.accessor}, ${kept?.expireTime ? `expires ${kept.expireTime}` : 'no expiry'}): ${report.esoTokenReason}.`
      : report.esoTokenAction === 'skipped'
        ? 'ESO token: left alone (--no-eso-token).'
        : token
          ? esoTokenHandOver(token, layout.policies.esoReader, { file: esoTokenFile, why: report.esoTokenReason, previous: report.esoTokenAction === 'rotated' ? kept : undefined })
          : '',
    accessor ? `ESO token accessor (not a secret): ${accessor}; the sync-verifier reports that token's expiry with it: mtlsctl k8s manifests --verifier --eso-token-accessor ${accessor}` : '',
    usersAuth
      ? `Users of auth/${usersAuth}/ read their own record once their login carries ${layout.policies.users}, e.g. \`vault write auth/${usersAuth}/users/<name> token_policies=${layout.policies.users}\` (userpass) or \`vault write auth/${usersAuth}/groups/<group> policies=${layout.policies.users}\` (ldap); their mtlsctl username must be their login name (Vault lowercases userpass and LDAP names).`
      : '',
    report.changed ? '' : 'Nothing changed: Vault already had this mount, these policies and a valid ESO token.',
  ]
    .filter(Boolean)
    .join('\n');
}
