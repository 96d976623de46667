import type { Capability, PolicyRule } from './acl-policy.js';

/** The logical operation of a request, as Vault's ACL sees it (HTTP verbs map onto these). */
export type Operation = 'create' | 'read' | 'update' | 'delete' | 'list' | 'patch';

type Perms = Set<Capability>;

interface Candidate {
  firstWildcard: number;
  isPrefix: boolean;
  wildcards: number;
  path: string;
  perms: Perms;
}

/**
 * The merged ACL of a token's policies, evaluated as Vault does (vault/acl.go):
 * an exact rule wins; else the most specific glob (`*` suffix) or `+` segment rule; capabilities of the
 * same path in several policies are merged, and `deny` there wins. Nothing matches: nothing is allowed.
 */
export class Acl {
  private readonly exact = new Map<string, Perms>();
  private readonly prefix = new Map<string, Perms>();
  private readonly segment = new Map<string, { rule: string; perms: Perms }>();

  /**
   * @param policies - the rules of each policy attached to the token
   * @param root - the token has the root policy: everything is allowed
   */
  constructor(
    policies: ReadonlyArray<ReadonlyArray<PolicyRule>>,
    readonly root = false,
  ) {
    for (const rules of policies) {
      for (const rule of rules) {
        const key = rule.path + (rule.hasSegmentWildcards && rule.isPrefix ? '*' : '');
        const existing = rule.hasSegmentWildcards ? this.segment.get(key)?.perms : (rule.isPrefix ? this.prefix : this.exact).get(key);
        const merged = merge(existing, rule.capabilities);
        if (rule.hasSegmentWildcards) this.segment.set(key, { rule: key, perms: merged });
        else (rule.isPrefix ? this.prefix : this.exact).set(key, merged);
      }
    }
  }

  /** True when `operation` on `path` (no leading slash; list paths end in `/`) is allowed. */
  allows(operation: Operation, path: string): boolean {
    if (this.root) return true;
    const perms = this.lookup(path, operation === 'list');
    return perms !== undefined && !perms.has('deny') && perms.has(operation);
  }

  /** True when the rule that governs `path` grants `sudo` (root-protected endpoints need it). */
  hasSudo(path: string, operation: Operation): boolean {
    if (this.root) return true;
    const perms = this.lookup(path, operation === 'list');
    return perms !== undefined && !perms.has('deny') && perms.has('sudo');
  }

  /** The capabilities on `path` as `sys/capabilities-self` reports them: sorted, `["deny"]` when none, `["root"]` for root. */
  capabilities(path: string): string[] {
    if (this.root) return ['root'];
    const perms = this.lookup(path.replace(/^\/+/, ''), true);
    if (!perms || perms.has('deny') || perms.size === 0) return ['deny'];
    return [...perms].sort();
  }

  private lookup(path: string, isList: boolean): Perms | undefined {
    const exact = this.exact.get(path) ?? (isList ? this.exact.get(path.replace(/\/$/, '')) : undefined);
    if (exact) return exact;
    if (isList && path.endsWith('/')) {
      const withoutSlash = this.nonExact(path.slice(0, -1));
      if (withoutSlash) return withoutSlash;
    }
    return this.nonExact(path);
  }

  private nonExact(path: string): Perms | undefined {
    const candidates: Candidate[] = [];
    let longest: string | undefined;
    for (const p of this.prefix.keys()) if (path.startsWith(p) && (longest === undefined || p.length > longest.length)) longest = p;
    if (longest !== undefined) {
      candidates.push({ firstWildcard: longest.length, isPrefix: true, wildcards: 0, path: longest, perms: this.prefix.get(longest) as Perms });
    }
    const parts = path.split('/');
    for (const { rule, perms } of this.segment.values()) {
      const isPrefix = rule.endsWith('*');
      const pattern = isPrefix ? rule.slice(0, -1) : rule;
      const segs = pattern.split('/');
      if (parts.length < segs.length || (!isPrefix && parts.length !== segs.length)) continue;
      let wildcards = 0;
      const matched = segs.every((seg, i) => {
        const part = parts[i] as string;
        if (seg === '+') return ++wildcards > 0;
        if (seg === part) return true;
        return isPrefix && i === segs.length - 1 && part.startsWith(seg);
      });
      if (matched) candidates.push({ firstWildcard: rule.indexOf('+'), isPrefix, wildcards, path: pattern, perms });
    }
    candidates.sort(lowerPriorityFirst);
    return candidates.at(-1)?.perms;
  }
}

function merge(existing: Perms | undefined, added: ReadonlySet<Capability>): Perms {
  if (!existing) return new Set(added);
  if (existing.has('deny')) return existing;
  if (added.has('deny')) return new Set<Capability>(['deny']);
  return new Set([...existing, ...added]);
}

/** Vault's priority order: later first wildcard, not a prefix, fewer `+`, longer, then lexical. */
function lowerPriorityFirst(a: Candidate, b: Candidate): number {
  if (a.firstWildcard !== b.firstWildcard) return a.firstWildcard - b.firstWildcard;
  if (a.isPrefix !== b.isPrefix) return a.isPrefix ? -1 : 1;
  if (a.wildcards !== b.wildcards) return b.wildcards - a.wildcards;
  if (a.path.length !== b.path.length) return a.path.length - b.path.length;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
