import { Acl } from './acl.js';
import { parsePolicy, type PolicyRule } from './acl-policy.js';
import { badRequest } from './vault-http-error.js';

/** The parts of Vault's built-in `default` policy that matter to a token reflecting on itself. */
export const DEFAULT_POLICY = `# Allow tokens to look up their own properties
path "auth/token/lookup-self" {
  capabilities = ["read"]
}
# Allow tokens to renew themselves
path "auth/token/renew-self" {
  capabilities = ["update"]
}
# Allow tokens to revoke themselves
path "auth/token/revoke-self" {
  capabilities = ["update"]
}
# Allow a token to look up its own capabilities on a path
path "sys/capabilities-self" {
  capabilities = ["update"]
}
# Allow a token to manage its own cubbyhole
path "cubbyhole/*" {
  capabilities = ["create", "read", "update", "delete", "list"]
}
`;

/** Named ACL policies (`sys/policies/acl/:name`), with the built-in `default` and `root`. */
export class PolicyStore {
  private readonly policies = new Map<string, { text: string; rules: PolicyRule[] }>();

  constructor() {
    this.policies.set('default', { text: DEFAULT_POLICY, rules: parsePolicy(DEFAULT_POLICY) });
  }

  /** Policy names, sorted, including `default` and `root` as Vault lists them. */
  names(): string[] {
    return [...this.policies.keys(), 'root'].sort();
  }

  /** The policy text, or undefined. */
  get(name: string): string | undefined {
    return this.policies.get(name.toLowerCase())?.text;
  }

  /** Stores a policy after parsing it (400 on a syntax error; `root` cannot be written). */
  put(name: string, text: unknown): void {
    const key = name.toLowerCase();
    if (key === 'root') throw badRequest('cannot update "root" policy');
    if (typeof text !== 'string' || text.trim() === '') throw badRequest("'policy' parameter not supplied or empty");
    this.policies.set(key, { text, rules: parsePolicy(text) });
  }

  /** Deletes a policy (`default` and `root` cannot be deleted). */
  delete(name: string): void {
    const key = name.toLowerCase();
    if (key === 'default' || key === 'root') throw badRequest(`cannot delete "${key}" policy`);
    this.policies.delete(key);
  }

  /** The ACL of a token holding these policies (unknown names grant nothing, as in Vault). */
  aclFor(policyNames: readonly string[]): Acl {
    if (policyNames.includes('root')) return new Acl([], true);
    return new Acl(policyNames.map((n) => this.policies.get(n)?.rules ?? []));
  }
}
