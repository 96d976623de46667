import type { KvBackend } from '../kv-backend.js';

/** Purges every path under `folder` (recursively, all versions and metadata): a test's cleanup on a shared Vault. */
export async function purgeTree(backend: KvBackend, folder = ''): Promise<void> {
  let after: string | undefined;
  const keys: string[] = [];
  do {
    const page = await backend.list(folder, after === undefined ? {} : { after });
    keys.push(...page.keys);
    after = page.next;
  } while (after !== undefined);
  for (const key of keys) {
    if (key.endsWith('/')) await purgeTree(backend, folder + key);
    else await backend.purge(folder + key);
  }
}
