import { initCa, issueClient, type AuthorityContext } from '@mtlsctl/authority';
import { makeTempDir } from '@mtlsctl/peers';
import { DirectoryKvBackend, PkiStore, type KvBackend } from '@mtlsctl/vault-store';

/** A directory store with a CA and users issued by the real authority workflows, for tests. */
export interface TempStore {
  ctx: AuthorityContext & { store: PkiStore };
  backend: DirectoryKvBackend;
  clock: { now: Date };
  remove(): Promise<void>;
}

/** A fresh store at `start` with a CA, and `users` issued (username → validity days). */
export async function tempStore(users: Record<string, number> = {}, start = new Date('2026-06-01T00:00:00Z')): Promise<TempStore> {
  const temp = await makeTempDir('mtlsctl-monitoring-');
  const backend = new DirectoryKvBackend(temp.path);
  const clock = { now: start };
  const ctx = { store: new PkiStore(backend), now: () => clock.now };
  await initCa(ctx, { subject: 'CN=Monitoring test CA,O=Acme' });
  for (const [username, validityDays] of Object.entries(users)) await issueClient(ctx, { username, email: `${username}@example.com`, validityDays });
  return { ctx, backend, clock, remove: temp.remove };
}

/**
 * A KV backend that enforces what the `mtlsctl-verifier` policy grants: data reads of `ca` and `crl` only, and
 * metadata reads and listings of `clients/`. Anything else throws, and every call is recorded.
 */
export function verifierPolicyBackend(inner: KvBackend): KvBackend & { calls: string[] } {
  const calls: string[] = [];
  const deny = (what: string): never => {
    throw new Error(`denied by mtlsctl-verifier: ${what}`);
  };
  return {
    calls,
    description: `${inner.description} (verifier policy)`,
    read: async (path, options) => (calls.push(`read ${path}`), path === 'ca' || path === 'crl' ? inner.read(path, options) : deny(`read ${path}`)),
    readMetadata: async (path) => (calls.push(`metadata ${path}`), path.startsWith('clients/') ? inner.readMetadata(path) : deny(`metadata ${path}`)),
    list: async (folder, options) => (calls.push(`list ${folder}`), folder === 'clients/' ? inner.list(folder, options) : deny(`list ${folder}`)),
    write: async (path) => deny(`write ${path}`),
    writeMetadata: async (path) => deny(`write metadata ${path}`),
    delete: async (path) => deny(`delete ${path}`),
    undelete: async (path) => deny(`undelete ${path}`),
    destroy: async (path) => deny(`destroy ${path}`),
    purge: async (path) => deny(`purge ${path}`),
  };
}
