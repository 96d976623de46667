import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVaultEmulator, type VaultEmulator } from '@mtlsctl/vault-emulator';
import { describeKvBackendContract } from '../test-support/kv-backend-contract.js';
import { realVaultFromEnv, uniquePrefix } from '../test-support/real-vault.js';
import { VaultKvBackend } from './vault-kv-backend.js';
import type { KvBackend } from '../kv-backend.js';

let emulator: VaultEmulator;
beforeAll(async () => {
  emulator = await startVaultEmulator();
});
afterAll(() => emulator.close());

describeKvBackendContract('VaultKvBackend over the emulator', async () => {
  const backend = new VaultKvBackend({ addr: emulator.addr, token: emulator.rootToken, mount: 'secret', prefix: uniquePrefix() });
  return { backend, cleanup: async () => undefined };
}, { seedConcurrency: 32 });

const real = realVaultFromEnv();
if (real) {
  describeKvBackendContract(`VaultKvBackend over the real Vault at ${real.addr}`, async () => {
    const backend = new VaultKvBackend({ ...real, prefix: uniquePrefix() });
    return { backend, cleanup: () => purgeAll(backend, '') };
  }, { seedConcurrency: 16 });
} else {
  describe('VaultKvBackend over a real Vault', () => {
    it('is not configured: set MTLSCTL_TEST_VAULT_ADDR and MTLSCTL_TEST_VAULT_TOKEN to run the whole contract against one', () => {
      console.info('[vault-store] real-Vault contract NOT run: MTLSCTL_TEST_VAULT_ADDR / MTLSCTL_TEST_VAULT_TOKEN are not set.');
      expect(realVaultFromEnv()).toBeUndefined();
    });
  });
}

async function purgeAll(backend: KvBackend, folder: string): Promise<void> {
  let after: string | undefined;
  const keys: string[] = [];
  do {
    const page = await backend.list(folder, after === undefined ? {} : { after });
    keys.push(...page.keys);
    after = page.next;
  } while (after !== undefined);
  for (const key of keys) {
    if (key.endsWith('/')) await purgeAll(backend, folder + key);
    else await backend.purge(folder + key);
  }
}
