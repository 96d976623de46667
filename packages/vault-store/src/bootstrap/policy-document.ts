/** A Vault ACL capability. */
export type PolicyCapability = 'create' | 'read' | 'update' | 'patch' | 'delete' | 'list' | 'sudo' | 'deny';

/** One `path "<path>" { capabilities = [...] }` stanza. */
export interface PolicyRule {
  /** The API path (may end in the glob `*`, or hold an identity template `{{...}}`). */
  path: string;
  capabilities: PolicyCapability[];
  /** One comment line above the stanza. */
  comment?: string;
}

/** A policy as data: rendered to HCL by {@link policyToHcl}, never assembled from strings by its callers. */
export interface PolicyDocument {
  name: string;
  /** Comment lines at the top. */
  description: string[];
  rules: PolicyRule[];
}

const CAPABILITIES = new Set<string>(['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo', 'deny']);
/** What a policy path may hold: path characters, the globs, an identity template's braces. No quote, backslash, `$`, `%` or space. */
const SAFE_PATH = /^[A-Za-z0-9_.\-/*+{}@:]+$/;

/**
 * Renders a policy as HCL. Every string is checked again here (defense in depth: the layout and usernames are
 * validated where they come in): a path with a quote, a backslash, an interpolation (`${`, `%{`), a space or a
 * newline, or a comment with a newline, is a bug and throws instead of producing a policy with other meaning.
 *
 * @throws Error when a path, capability or comment could change the policy's structure
 * @example
 * policyToHcl({ name: 'r', description: ['reader'], rules: [{ path: 'secret/data/pki/ca', capabilities: ['read'] }] });
 */
export function policyToHcl(policy: PolicyDocument): string {
  const comment = (line: string) => {
    if (/[\r\n\u2028\u2029]/.test(line)) throw new Error(`policy ${policy.name}: a comment holds a line break`);
    return `# ${line}\n`;
  };
  const stanzas = policy.rules.map((rule) => {
    if (!SAFE_PATH.test(rule.path) || rule.path.includes('..')) throw new Error(`policy ${policy.name}: unsafe path ${JSON.stringify(rule.path)}`);
    for (const c of rule.capabilities) if (!CAPABILITIES.has(c)) throw new Error(`policy ${policy.name}: unknown capability ${JSON.stringify(c)}`);
    return `${rule.comment ? comment(rule.comment) : ''}path "${rule.path}" {\n  capabilities = [${rule.capabilities.map((c) => `"${c}"`).join(', ')}]\n}\n`;
  });
  return [policy.description.map(comment).join(''), ...stanzas].join('\n');
}
