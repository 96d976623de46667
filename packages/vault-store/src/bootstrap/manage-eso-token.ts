import type { VaultClient } from '../vault/vault-client.js';
import { vaultLayout } from '../vault-layout.js';
import { createEsoToken, type CreatedToken, type EsoTokenOptions } from './create-eso-token.js';
import { lookupAccessor, readEsoTokenRecord, revokeAccessor, writeEsoTokenRecord, type EsoTokenRecord, type LiveToken } from './eso-token-record.js';
import type { PolicyLayout } from './render-policies.js';

/** The ESO token of a layout as recorded, and whether each recorded token is still alive. */
export interface EsoTokenStatus {
  record?: EsoTokenRecord;
  current?: LiveToken;
  previous?: LiveToken;
}

/** Reads the recorded ESO token of a layout and looks its current and previous tokens up. */
export async function esoTokenStatus(client: VaultClient, layout: PolicyLayout = {}): Promise<EsoTokenStatus> {
  const record = await readEsoTokenRecord(client, vaultLayout(layout));
  if (!record) return {};
  const current = record.accessor ? await lookupAccessor(client, record.accessor) : undefined;
  const previous = record.previousAccessor ? await lookupAccessor(client, record.previousAccessor) : undefined;
  return { record, ...(current ? { current } : {}), ...(previous ? { previous } : {}) };
}

/**
 * Mints a new ESO token for a layout and records it; the one it replaces stays valid (so ESO keeps syncing until
 * its Secret holds the new token) and is recorded as `previousAccessor`, for {@link revokeEsoToken}.
 *
 * @returns the new token (a secret: show it once) and the previous one, if it is still alive
 */
export async function rotateEsoToken(client: VaultClient, options: PolicyLayout & { token?: EsoTokenOptions } = {}): Promise<{ created: CreatedToken; previous?: LiveToken }> {
  const layout = vaultLayout(options);
  const status = await esoTokenStatus(client, layout);
  const created = await createEsoToken(client, { policies: [layout.policies.esoReader], displayName: layout.policies.esoReader, ...options.token });
  const previous = status.current ?? status.previous;
  await writeEsoTokenRecord(client, layout, { accessor: created.accessor, createdAt: new Date().toISOString(), policies: created.policies, ...(previous ? { previousAccessor: previous.accessor } : {}) });
  return { created, ...(previous ? { previous } : {}) };
}

/**
 * Revokes the recorded current (default) or previous ESO token of a layout and updates the record.
 *
 * @returns the accessor revoked, or undefined when there was none alive to revoke
 */
export async function revokeEsoToken(client: VaultClient, options: PolicyLayout & { which?: 'current' | 'previous' } = {}): Promise<{ accessor?: string }> {
  const layout = vaultLayout(options);
  const record = await readEsoTokenRecord(client, layout);
  const which = options.which ?? 'current';
  const accessor = which === 'current' ? record?.accessor : record?.previousAccessor;
  if (!record || !accessor) return {};
  const revoked = await revokeAccessor(client, accessor);
  const next: EsoTokenRecord = which === 'current' ? { ...record, accessor: '' } : { accessor: record.accessor, createdAt: record.createdAt, policies: record.policies };
  await writeEsoTokenRecord(client, layout, next);
  return revoked ? { accessor } : {};
}
