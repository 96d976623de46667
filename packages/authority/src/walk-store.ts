import type { KvBackend } from '@mtlsctl/vault-store';

/**
 * Every secret path under the store's root, depth first, in sorted order (`ca`, `ca-key`, `clients/alice`, ...).
 */
export async function* walkStore(backend: KvBackend, folder = ''): AsyncGenerator<string> {
  let after: string | undefined;
  do {
    const page = await backend.list(folder, after === undefined ? {} : { after });
    for (const key of page.keys) {
      if (key.endsWith('/')) yield* walkStore(backend, folder + key);
      else yield folder + key;
    }
    after = page.next;
  } while (after !== undefined);
}
