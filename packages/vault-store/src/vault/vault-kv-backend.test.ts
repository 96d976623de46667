import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBao, type BaoServer } from '@mtlsctl/peers';
import { describeKvBackendContract, purgeTree, realVaultFromEnv, uniquePrefix } from '../testing/index.js';
import { VaultKvBackend } from './vault-kv-backend.js';

let bao: BaoServer;
beforeAll(async () => {
  bao = await startBao();
});
afterAll(() => bao?.stop());

describeKvBackendContract('VaultKvBackend over OpenBao (bao server -dev)', async () => {
  const backend = new VaultKvBackend({ addr: bao.addr, token: bao.token, mount: 'secret', prefix: uniquePrefix() });
  return { backend, cleanup: async () => undefined };
  // A real server takes ~3.5 ms per write here (10 050 would be ~35 s): 3 050 keys still make four pages
  // of one real LIST answer. The directory store and your own Vault run the full 10 050.
}, { seedConcurrency: 32, bulkClients: 3_050 });

const own = realVaultFromEnv();
if (own) {
  describeKvBackendContract(`VaultKvBackend over your Vault at ${own.addr} (MTLSCTL_TEST_VAULT_ADDR)`, async () => {
    const backend = new VaultKvBackend({ ...own, prefix: uniquePrefix() });
    return { backend, cleanup: () => purgeTree(backend, '') };
  }, { seedConcurrency: 16 });
} else {
  describe('VaultKvBackend over your own Vault', () => {
    it('is optional: set MTLSCTL_TEST_VAULT_ADDR and MTLSCTL_TEST_VAULT_TOKEN to run the contract against it too', () => {
      console.info('[vault-store] the contract ran against OpenBao; MTLSCTL_TEST_VAULT_ADDR is not set, so not against your own Vault.');
      expect(realVaultFromEnv({})).toBeUndefined();
      expect(realVaultFromEnv({ MTLSCTL_TEST_VAULT_ADDR: 'http://127.0.0.1:1', MTLSCTL_TEST_VAULT_TOKEN: 't' })).toMatchObject({ mount: 'secret' });
    });
  });
}
