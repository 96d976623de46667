import type { VaultClient } from '../vault/vault-client.js';
import { ESO_READER_POLICY } from './render-policies.js';

/** Options of {@link createEsoToken}. */
export interface EsoTokenOptions {
  /** Token TTL, Vault duration syntax (default `8760h`, one year, as the seed guide). */
  ttl?: string;
  /** Create an orphan (survives the revocation of the creating token; needs root or sudo). Default true. */
  orphan?: boolean;
  /** Renewable before expiry (default true). */
  renewable?: boolean;
  /** Shown in Vault's audit log (default `eso-pki-reader`). */
  displayName?: string;
  /** Policies (default `["eso-pki-reader"]`). */
  policies?: string[];
}

/** A created token. `clientToken` is a secret: show it once, never log it. */
export interface CreatedToken {
  clientToken: string;
  accessor: string;
  policies: string[];
  ttlSeconds: number;
  renewable: boolean;
  orphan: boolean;
  /**
   * Vault's warnings about the request, e.g. that it capped the TTL at the token backend's max_lease_ttl
   * (768h by default on Vault and OpenBao: the seed's `-ttl=8760h` gets 32 days, not a year).
   */
  warnings: string[];
}

/**
 * Creates the token ESO authenticates with (policy `eso-pki-reader`), through `auth/token/create`. Unlike
 * node-vault's `tokenCreate`, the client keeps its own token.
 *
 * @param client - a Vault client whose token may create tokens with that policy
 * @example
 * const { clientToken } = await createEsoToken(client, { ttl: '8760h' });
 */
export async function createEsoToken(client: VaultClient, options: EsoTokenOptions = {}): Promise<CreatedToken> {
  const created = await client.send({
    method: 'POST',
    path: 'auth/token/create',
    body: {
      policies: options.policies ?? [ESO_READER_POLICY],
      ttl: options.ttl ?? '8760h',
      renewable: options.renewable ?? true,
      no_parent: options.orphan ?? true,
      display_name: options.displayName ?? ESO_READER_POLICY,
    },
    // Not idempotent: a retry after a lost answer would mint a second token.
    idempotent: false,
    capability: 'update (and sudo for an orphan)',
    policyHint: 'needs update on auth/token/create, sudo for orphan tokens (a root or bootstrap token)',
    parse: (body) => body as { auth: Record<string, unknown>; warnings?: unknown },
  });
  const auth = (created?.auth ?? {}) as Record<string, unknown>;
  const warnings = Array.isArray(created?.warnings) ? created.warnings.map(String) : [];
  return {
    clientToken: String(auth['client_token']),
    accessor: String(auth['accessor']),
    policies: (auth['token_policies'] ?? auth['policies'] ?? []) as string[],
    ttlSeconds: Number(auth['lease_duration'] ?? 0),
    renewable: auth['renewable'] === true,
    orphan: auth['orphan'] === true,
    warnings,
  };
}
