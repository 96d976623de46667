import type { KvBackend, KvListOptions, KvListPage } from './kv-backend.js';

/**
 * Every page of a folder's listing, in order: the one pagination loop over `KvBackend.list` (each page's `next`
 * is the following page's `after`).
 *
 * @param backend - the backend to list
 * @param folder - the folder, `''` or ending in `/`
 * @param options - page size and `withMetadata`, as `KvBackend.list` takes them (`after` is this loop's own)
 */
export async function* listPages(backend: KvBackend, folder: string, options: Omit<KvListOptions, 'after'> = {}): AsyncGenerator<KvListPage> {
  let after: string | undefined;
  do {
    const page = await backend.list(folder, after === undefined ? options : { ...options, after });
    yield page;
    after = page.next;
  } while (after !== undefined);
}
