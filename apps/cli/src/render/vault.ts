import type { RenderFormat } from './renderer.js';

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
