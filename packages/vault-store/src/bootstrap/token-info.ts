import type { VaultClient } from '../vault/vault-client.js';

/** What `auth/token/lookup-self` says about the current token (never the token itself). */
export interface TokenInfo {
  policies: string[];
  /** Seconds left; 0 for a token that never expires (root, or no max TTL). */
  ttlSeconds: number;
  /** RFC 3339 expiry, when it expires. */
  expireTime?: string;
  renewable: boolean;
  displayName: string;
}

/**
 * Looks up the client's own token (`auth/token/lookup-self`, allowed to every token by the default policy).
 *
 * @throws PermissionDeniedError when the token is invalid or expired (Vault answers 403); VaultError otherwise
 */
export async function lookupSelfToken(client: VaultClient): Promise<TokenInfo> {
  const data = await client.send({
    method: 'GET',
    path: 'auth/token/lookup-self',
    idempotent: true,
    capability: 'read',
    policyHint: 'granted to every valid token by the default policy: a 403 here means the token is invalid or expired',
    parse: (b) => ((b as { data?: Record<string, unknown> }).data ?? {}) as Record<string, unknown>,
  });
  const d = data ?? {};
  const info: TokenInfo = {
    policies: Array.isArray(d['policies']) ? d['policies'].map(String) : [],
    ttlSeconds: typeof d['ttl'] === 'number' ? d['ttl'] : 0,
    renewable: d['renewable'] === true,
    displayName: String(d['display_name'] ?? ''),
  };
  if (typeof d['expire_time'] === 'string') info.expireTime = d['expire_time'];
  return info;
}
