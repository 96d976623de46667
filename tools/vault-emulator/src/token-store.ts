import { randomBytes, randomUUID } from 'node:crypto';
import { badRequest } from './vault-http-error.js';
import { parseDuration } from './go-duration.js';

/** A token the emulator knows. */
export interface TokenEntry {
  id: string;
  accessor: string;
  policies: string[];
  parent: string | undefined;
  orphan: boolean;
  displayName: string;
  meta: Record<string, string> | null;
  renewable: boolean;
  /** Seconds; 0 means no expiry (root tokens). */
  ttl: number;
  numUses: number;
  issueTime: Date;
  path: string;
}

/** What `auth/token/create` accepts (the fields mtlsctl and the Vault CLI send). */
export interface TokenCreateRequest {
  policies?: string[] | string;
  ttl?: string | number;
  no_parent?: boolean;
  no_default_policy?: boolean;
  renewable?: boolean;
  display_name?: string;
  meta?: Record<string, string>;
  num_uses?: number;
}

/** Creates a token id shaped like Vault's service tokens (`hvs.` + 24 base62-ish characters). */
export function newTokenId(): string {
  return `hvs.${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`;
}

/**
 * The token store: the root token, tokens created through `auth/token/create` or the test API, and their
 * expiry (an expired token is unknown, so Vault answers 403).
 */
export class TokenStore {
  private readonly tokens = new Map<string, TokenEntry>();

  constructor(
    rootToken: string,
    private readonly now: () => Date,
  ) {
    this.tokens.set(rootToken, this.entry(rootToken, { policies: ['root'], orphan: true, ttl: 0, displayName: 'root', path: 'auth/token/root' }));
  }

  /** The live token with this id, or undefined (unknown or expired). */
  lookup(id: string | undefined): TokenEntry | undefined {
    if (!id) return undefined;
    const entry = this.tokens.get(id);
    if (!entry) return undefined;
    if (entry.ttl > 0 && this.now().getTime() >= entry.issueTime.getTime() + entry.ttl * 1000) {
      this.tokens.delete(id);
      return undefined;
    }
    return entry;
  }

  /**
   * Creates a child (or orphan) token of `parent`, applying Vault's rules: `default` is added unless
   * `no_default_policy`; only root or sudo may create orphans or tokens whose policies are not a subset of the
   * parent's; nobody but root hands out `root`.
   */
  create(parent: TokenEntry, request: TokenCreateRequest, privileged: boolean, orphanEndpoint = false): TokenEntry {
    const isRoot = parent.policies.includes('root');
    const requested = normalizePolicies(request.policies);
    let policies = requested.length > 0 ? requested : parent.policies.filter((p) => p !== 'root' || isRoot);
    if (policies.includes('root') && !isRoot) throw badRequest('root tokens may not be created without parent token being root');
    if (!request.no_default_policy && !policies.includes('root') && !policies.includes('default')) policies = [...policies, 'default'];
    policies = [...new Set(policies)].sort();
    if (!isRoot && !privileged && !policies.every((p) => p === 'default' || parent.policies.includes(p))) {
      throw badRequest('child policies must be subset of parent');
    }
    const orphan = orphanEndpoint || request.no_parent === true;
    if (request.no_parent === true && !orphanEndpoint && !privileged && !isRoot) {
      throw badRequest('root or sudo privileges required to create orphan token');
    }
    const ttl = parseDuration(request.ttl, 'ttl') || (policies.includes('root') ? 0 : 32 * 24 * 3600);
    const entry = this.entry(newTokenId(), {
      policies,
      orphan,
      ttl,
      parent: orphan ? undefined : parent.id,
      displayName: `token${request.display_name ? `-${request.display_name}` : ''}`,
      meta: request.meta ?? null,
      renewable: request.renewable ?? true,
      numUses: request.num_uses ?? 0,
      path: orphanEndpoint ? 'auth/token/create-orphan' : 'auth/token/create',
    });
    this.tokens.set(entry.id, entry);
    return entry;
  }

  /** Adds a token with exactly these policies (plus `default`), as the test API `createToken` does. */
  add(policies: string[], ttlSeconds = 0): TokenEntry {
    const entry = this.entry(newTokenId(), { policies: [...new Set([...policies, 'default'])].sort(), orphan: true, ttl: ttlSeconds, path: 'auth/token/create' });
    this.tokens.set(entry.id, entry);
    return entry;
  }

  /** Remaining seconds of a token (0 for no expiry). */
  remaining(entry: TokenEntry): number {
    if (entry.ttl === 0) return 0;
    return Math.max(0, Math.round((entry.issueTime.getTime() + entry.ttl * 1000 - this.now().getTime()) / 1000));
  }

  private entry(id: string, fields: Partial<TokenEntry> & Pick<TokenEntry, 'policies' | 'orphan' | 'ttl' | 'path'>): TokenEntry {
    return {
      id,
      accessor: randomUUID().replace(/-/g, '').slice(0, 24),
      parent: undefined,
      displayName: 'token',
      meta: null,
      renewable: false,
      numUses: 0,
      issueTime: this.now(),
      ...fields,
    };
  }
}

function normalizePolicies(raw: string[] | string | undefined): string[] {
  const list = typeof raw === 'string' ? raw.split(',') : (raw ?? []);
  return list.map((p) => String(p).trim().toLowerCase()).filter((p) => p !== '');
}
