import { startFaultProxy } from '@mtlsctl/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaoPki, type BaoPki } from './bao-pki.js';
import { runVerifier } from './run-verifier.js';

let pki: BaoPki;
beforeAll(async () => {
  pki = await startBaoPki({ alice: 30 });
});
afterAll(async () => pki?.stop());

describe('the mtlsctl-sync-verifier process', () => {
  it('exits cleanly (0) on SIGTERM in the middle of a cycle, without waiting for Vault', async () => {
    const proxy = await startFaultProxy(pki.bao.addr);
    try {
      const verifier = runVerifier(['--listen', '127.0.0.1:0', '--interval', '1s', '--jitter', '0', '--cycle-timeout', '30s', '--no-cluster'], {
        VAULT_ADDR: proxy.addr,
        MTLSCTL_VERIFIER_VAULT_TOKEN_FILE: pki.verifierTokenFile,
      });
      await verifier.waitForLine((l) => l['msg'] === 'verification cycle');
      // the next cycle starts 1 s later and its Vault reads are held 10 s by the proxy: stop it in the middle
      proxy.setLatency(10_000);
      await new Promise((r) => setTimeout(r, 2000));
      const sent = Date.now();
      verifier.child.kill('SIGTERM');
      const { code, signal } = await verifier.exited;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(Date.now() - sent).toBeLessThan(3000);
      const messages = verifier.lines().map((l) => l['msg']);
      expect(messages).toEqual(['mtlsctl-sync-verifier started', 'verification cycle', 'stopping', 'stopped']);
      expect(verifier.stderr()).toBe('');
    } finally {
      proxy.clear();
      await proxy.close();
    }
  });

  it('refuses a bad configuration with one line and exit 2', async () => {
    const verifier = runVerifier(['--interval', 'often'], { VAULT_ADDR: 'http://127.0.0.1:1' });
    const { code } = await verifier.exited;
    expect(code).toBe(2);
    expect(verifier.stderr()).toBe('mtlsctl-sync-verifier: --interval [MTLSCTL_VERIFIER_INTERVAL]: the interval "often" is not a duration such as 30s, 5m or 1h\n');
  });
});
