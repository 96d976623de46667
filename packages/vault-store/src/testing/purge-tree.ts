import type { KvBackend } from '../kv-backend.js';
import { listPages } from '../list-pages.js';

/** Purges every path under `folder` (recursively, all versions and metadata): a test's cleanup on a shared Vault. */
export async function purgeTree(backend: KvBackend, folder = ''): Promise<void> {
  const keys: string[] = [];
  for await (const page of listPages(backend, folder)) keys.push(...page.keys);
  for (const key of keys) {
    if (key.endsWith('/')) await purgeTree(backend, folder + key);
    else await backend.purge(folder + key);
  }
}
