import { VaultError } from '../errors/vault-error.js';
import type { VaultClient } from '../vault/vault-client.js';
import type { VaultLayout } from '../vault-layout.js';
import { lookupTokenByAccessor, type TokenInfo } from './token-info.js';

/** What mtlsctl remembers about the ESO token of one layout: its accessor, never the token. */
export interface EsoTokenRecord {
  /** '' after the current token was revoked. */
  accessor: string;
  /** RFC 3339. */
  createdAt: string;
  policies: string[];
  /** The token it replaced, still valid until `mtlsctl vault eso-token revoke --previous`. */
  previousAccessor?: string;
}

/** A token as `auth/token/lookup-accessor` sees it (never the token itself). */
export interface LiveToken extends TokenInfo {
  accessor: string;
}

/**
 * Where the record lives: beside the prefix, not under it (`<mount>/data/mtlsctl-bootstrap/<prefix>/eso-token`),
 * so backups, restores ("the store must be empty") and listings of the store never see it. Only a bootstrap
 * (root) token reads or writes it; no mtlsctl policy grants it.
 */
export function esoTokenRecordPath(layout: VaultLayout): string {
  return `${layout.mount}/data/mtlsctl-bootstrap/${layout.prefix === '' ? '@root' : layout.prefix}/eso-token`;
}

const HINT = 'needs the bootstrap (root) token, as `mtlsctl vault init`';

/** The recorded ESO token of a layout, or undefined when `vault init` has not recorded one. */
export async function readEsoTokenRecord(client: VaultClient, layout: VaultLayout): Promise<EsoTokenRecord | undefined> {
  const data = await client
    .send({
      method: 'GET',
      path: esoTokenRecordPath(layout),
      idempotent: true,
      notFoundIsUndefined: true,
      capability: 'read',
      policyHint: HINT,
      parse: (body) => (body as { data?: { data?: Record<string, unknown> } }).data?.data,
    })
    .catch((error: unknown) => {
      // No mount there yet: nothing recorded.
      if (VaultError.isInstance(error) && error.status === 404) return undefined;
      throw error;
    });
  if (!data || typeof data['accessor'] !== 'string') return undefined;
  return {
    accessor: data['accessor'],
    createdAt: String(data['created_at'] ?? ''),
    policies: String(data['policies'] ?? '').split(',').filter(Boolean),
    ...(typeof data['previous_accessor'] === 'string' && data['previous_accessor'] !== '' ? { previousAccessor: data['previous_accessor'] } : {}),
  };
}

/** Records the ESO token of a layout (replacing the record). */
export async function writeEsoTokenRecord(client: VaultClient, layout: VaultLayout, record: EsoTokenRecord): Promise<void> {
  await client.send({
    method: 'POST',
    path: esoTokenRecordPath(layout),
    body: { data: { accessor: record.accessor, created_at: record.createdAt, policies: record.policies.join(','), previous_accessor: record.previousAccessor ?? '' } },
    idempotent: true,
    capability: 'create or update',
    policyHint: HINT,
    parse: () => undefined,
  });
}

/** The token behind an accessor, or undefined when it is gone (expired or revoked). */
export async function lookupAccessor(client: VaultClient, accessor: string): Promise<LiveToken | undefined> {
  try {
    return { accessor, ...(await lookupTokenByAccessor(client, accessor)) };
  } catch (error) {
    if (VaultError.isInstance(error) && error.status === 400 && error.details.some((d) => /invalid accessor/i.test(d))) return undefined;
    throw error;
  }
}

/**
 * Revokes the token behind an accessor (and, for a non-orphan, its children).
 *
 * @returns false when there was no such token any more
 */
export async function revokeAccessor(client: VaultClient, accessor: string): Promise<boolean> {
  if (!(await lookupAccessor(client, accessor))) return false;
  await client.send({
    method: 'POST',
    path: 'auth/token/revoke-accessor',
    body: { accessor },
    idempotent: true,
    capability: 'update',
    policyHint: 'needs update on auth/token/revoke-accessor (a root or bootstrap token)',
    parse: () => undefined,
  });
  return true;
}
