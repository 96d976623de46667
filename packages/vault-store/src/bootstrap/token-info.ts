import type { VaultClientCore as VaultClient } from '../vault/vault-client-core.js';

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
  return tokenInfoOf(data ?? {});
}

/**
 * Looks up another token by its accessor (`auth/token/lookup-accessor`): its TTL and expiry, never the token.
 * The sync-verifier watches ESO's token this way (the `mtlsctl-verifier` policy grants exactly this path).
 *
 * @param accessor - the token's accessor (`vault token lookup -format=json` → `accessor`, or `vault init`'s report)
 * @throws PermissionDeniedError when the policy lacks the path or the accessor is unknown (an expired token's is); VaultError otherwise
 */
export async function lookupTokenByAccessor(client: VaultClient, accessor: string): Promise<TokenInfo> {
  const data = await client.send({
    method: 'POST',
    path: 'auth/token/lookup-accessor',
    body: { accessor },
    idempotent: true,
    capability: 'update',
    policyHint: 'the mtlsctl-verifier policy grants update on auth/token/lookup-accessor (rerun mtlsctl vault init to update it); an expired token\'s accessor is refused too',
    parse: (b) => ((b as { data?: Record<string, unknown> }).data ?? {}) as Record<string, unknown>,
  });
  return tokenInfoOf(data ?? {});
}

function tokenInfoOf(d: Record<string, unknown>): TokenInfo {
  const info: TokenInfo = {
    policies: Array.isArray(d['policies']) ? d['policies'].map(String) : [],
    ttlSeconds: typeof d['ttl'] === 'number' ? d['ttl'] : 0,
    renewable: d['renewable'] === true,
    displayName: String(d['display_name'] ?? ''),
  };
  if (typeof d['expire_time'] === 'string') info.expireTime = d['expire_time'];
  return info;
}
