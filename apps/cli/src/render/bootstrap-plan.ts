import type { BootstrapPlan } from '@mtlsctl/vault-store';

/** `vault init --dry-run`: what would change, with each changed policy's diff (`-`/`+` lines), or that nothing would. */
export function renderBootstrapPlan(plan: BootstrapPlan): string {
  const out = [`Dry run: nothing was changed. On ${plan.layout.mount}/ (prefix "${plan.layout.prefix}"), vault init would:`];
  out.push(plan.mount === 'create' ? `  + enable a KV v2 engine at ${plan.layout.mount}/` : `    keep the KV v2 mount ${plan.layout.mount}/`);
  for (const policy of plan.policies) {
    if (policy.action === 'unchanged') {
      out.push(`    keep policy ${policy.name} (unchanged)`);
      continue;
    }
    out.push(`  ${policy.action === 'create' ? '+ create' : '~ update'} policy ${policy.name}:`);
    for (const line of policy.diff) out.push(`      ${line}`);
  }
  const token = plan.esoToken;
  out.push(
    token.action === 'keep'
      ? `    keep the ESO token (accessor ${token.current?.accessor}): ${token.reason}`
      : token.action === 'skip'
        ? `    leave the ESO token alone: ${token.reason}`
        : `  + mint an ESO token with policy ${plan.layout.policies.esoReader}: ${token.reason}${token.action === 'rotate' ? ` (accessor ${token.current?.accessor} stays valid until revoked)` : ''}`,
  );
  if (!plan.changes) out.push('Nothing would change.');
  return out.join('\n');
}
