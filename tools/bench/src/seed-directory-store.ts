import { DirectoryKvBackend, PkiStore, type ClientRecord } from '@mtlsctl/vault-store';

/**
 * Fills a directory store (made by `mtlsctl ca init` and one `user issue`) with `count` clients cloned from
 * `template`, each with its own username, email and serial, without fsync (a throwaway store). The records'
 * certificates are the template's: only the inventory matters to a listing.
 *
 * @param dir - the store directory
 * @param template - the username of a real client in it
 * @param count - how many clients to add
 */
export async function seedDirectoryStore(dir: string, template: string, count: number): Promise<void> {
  const store = new PkiStore(new DirectoryKvBackend(dir, { durable: false }));
  const found = await store.getClient(template);
  if (!found) throw new Error(`seed: no client ${template} in ${dir}`);
  const base: ClientRecord = found.value;
  for (let i = 0; i < count; i += 16) {
    await Promise.all(
      Array.from({ length: Math.min(16, count - i) }, (_, j) => {
        const n = i + j;
        const username = `seed${String(n).padStart(6, '0')}`;
        return store.putClient({ ...base, username, email: `${username}@example.com`, serial: `4${n.toString(16).padStart(31, '0')}` }, { cas: 0 });
      }),
    );
  }
}
