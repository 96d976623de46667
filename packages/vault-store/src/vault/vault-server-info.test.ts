import { startBao, type BaoServer } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultClient, type VaultHttpTransport } from './vault-client.js';
import { vaultServerInfo } from './vault-server-info.js';

let bao: BaoServer;
beforeAll(async () => {
  bao = await startBao();
});
afterAll(() => bao?.stop());

describe('vaultServerInfo', () => {
  it('recognises OpenBao from its sys/health', async () => {
    expect(await vaultServerInfo(new VaultClient({ addr: bao.addr, token: bao.token }))).toEqual({ flavour: 'openbao', version: '2.7.2', initialized: true, sealed: false, standby: false });
  });

  it('answers for a sealed server too (sys/health asked for 200 whatever the state)', async () => {
    await bao.seal();
    try {
      expect(await vaultServerInfo(new VaultClient({ addr: bao.addr, token: bao.token, retries: 0 }))).toMatchObject({ flavour: 'openbao', sealed: true });
    } finally {
      await bao.unseal();
    }
  });

  it("recognises HashiCorp Vault by the `enterprise` field of its sys/health (Vault's documented sample answer)", async () => {
    const vaultHealth: VaultHttpTransport = async () => ({
      status: 200,
      body: { initialized: true, sealed: false, standby: false, performance_standby: false, replication_performance_mode: 'disabled', replication_dr_mode: 'disabled', server_time_utc: 1516639589, version: '1.15.2', enterprise: false, cluster_name: 'vault-cluster-3bd69ca2', cluster_id: '00af5aa8-c87d-b5fc-e82e-97cd8dfaf731' },
    });
    expect(await vaultServerInfo(new VaultClient({ addr: 'http://127.0.0.1:1', token: 't', http: vaultHealth }))).toMatchObject({ flavour: 'vault', version: '1.15.2' });
  });
});
