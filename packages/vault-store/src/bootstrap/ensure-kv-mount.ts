import { VaultMountError } from '../errors/vault-mount-error.js';
import type { VaultClient } from '../vault/vault-client.js';
import { vaultLayout } from '../vault-layout.js';

/** What {@link ensureKvMount} did. */
export type MountAction = 'created' | 'existing';

/**
 * Whether a KV version 2 engine is mounted at `mount`, without changing anything: `existing` for KV v2, `missing`
 * when nothing is mounted there.
 *
 * @param client - a Vault client whose token may read `sys/mounts`
 * @param mount - the mount path, e.g. `secret`
 * @throws VaultMountError for KV v1 (upgrading rewrites the data, the admin should do it knowingly), another
 *   engine, or an overlapping mount; PermissionDeniedError; InvalidPathSegmentError when the mount is unsafe
 */
export async function inspectKvMount(client: VaultClient, mount: string): Promise<'existing' | 'missing'> {
  const name = vaultLayout({ mount, prefix: '' }).mount;
  const mounts = await client.send({
    method: 'GET',
    path: 'sys/mounts',
    idempotent: true,
    capability: 'read',
    policyHint: 'needs read on sys/mounts (a root or bootstrap token)',
    parse: (body) => ((body as { data?: Record<string, unknown> }).data ?? (body as Record<string, unknown>)) as Record<string, { type?: string; options?: Record<string, string> | null }>,
  });
  const existing = mounts?.[`${name}/`];
  if (existing) {
    if (existing.type === 'kv' && existing.options?.['version'] === '2') return 'existing';
    if (existing.type === 'kv' || existing.type === 'generic') {
      throw new VaultMountError({ mount: name, found: 'KV version 1', fix: `upgrade it with \`vault kv enable-versioning ${name}/\` (check its other users first), or pass another --vault-mount` });
    }
    throw new VaultMountError({ mount: name, found: `a "${existing.type ?? 'unknown'}" secrets engine`, fix: 'pass another --vault-mount for mtlsctl' });
  }
  const nested = Object.keys(mounts ?? {}).find((m) => m.startsWith(`${name}/`) || `${name}/`.startsWith(m));
  if (nested) throw new VaultMountError({ mount: name, found: `overlapping the mount ${nested}`, fix: 'pass another --vault-mount for mtlsctl' });
  return 'missing';
}

/**
 * Makes sure a KV version 2 engine is mounted at `mount`: enables it when nothing is there; accepts an
 * existing KV v2; refuses KV v1 or another engine (see {@link inspectKvMount}).
 *
 * @param client - a Vault client whose token may read `sys/mounts` and enable engines
 * @param mount - the mount path, e.g. `secret`
 * @throws VaultMountError, PermissionDeniedError; InvalidPathSegmentError when the mount is unsafe
 */
export async function ensureKvMount(client: VaultClient, mount: string): Promise<MountAction> {
  if ((await inspectKvMount(client, mount)) === 'existing') return 'existing';
  const name = vaultLayout({ mount, prefix: '' }).mount;
  await client.send({
    method: 'POST',
    path: `sys/mounts/${name}`,
    body: { type: 'kv', description: 'mtlsctl: client-certificate authority records', options: { version: '2' } },
    // A retry after a lost answer would fail with "path is already in use": run bootstrap again instead.
    idempotent: false,
    capability: 'create or update',
    policyHint: `needs update on sys/mounts/${name} (a root or bootstrap token)`,
    parse: () => undefined,
  });
  return 'created';
}
