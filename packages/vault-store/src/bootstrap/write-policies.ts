import type { VaultClient } from '../vault/vault-client.js';

/** What happened to one policy. */
export interface PolicyWrite {
  name: string;
  action: 'created' | 'updated' | 'unchanged';
}

/**
 * Writes ACL policies (`sys/policies/acl/<name>`), leaving identical ones untouched.
 *
 * @param client - a Vault client whose token may manage policies
 * @param policies - name → HCL text
 */
export async function writePolicies(client: VaultClient, policies: Record<string, string>): Promise<PolicyWrite[]> {
  const out: PolicyWrite[] = [];
  for (const [name, text] of Object.entries(policies)) {
    const hint = `needs read and update on sys/policies/acl/${name} (a root or bootstrap token)`;
    const current = await readPolicy(client, name);
    if (current !== undefined && current.trim() === text.trim()) {
      out.push({ name, action: 'unchanged' });
      continue;
    }
    await client.send({ method: 'PUT', path: `sys/policies/acl/${name}`, body: { policy: text }, idempotent: true, capability: 'update', policyHint: hint, parse: () => undefined });
    out.push({ name, action: current === undefined ? 'created' : 'updated' });
  }
  return out;
}

/**
 * The text of an ACL policy, or undefined when there is none by that name.
 *
 * @param client - a Vault client whose token may read `sys/policies/acl/<name>`
 */
export async function readPolicy(client: VaultClient, name: string): Promise<string | undefined> {
  return client.send({
    method: 'GET',
    path: `sys/policies/acl/${name}`,
    idempotent: true,
    notFoundIsUndefined: true,
    capability: 'read',
    policyHint: `needs read on sys/policies/acl/${name} (a root or bootstrap token)`,
    parse: (body) => String((body as { data?: { policy?: unknown } }).data?.policy ?? ''),
  });
}
